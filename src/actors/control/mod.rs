//! The UNIX control socket actor speaking Kea's JSON command protocol.
