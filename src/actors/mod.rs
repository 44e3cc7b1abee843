//! The actix runtime: listeners, backend connections, supervisor, control socket.

pub mod control;
