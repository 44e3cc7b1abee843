//! Kea control-channel commands: request/response format and command handlers.
