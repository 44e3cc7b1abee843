//! The actix runtime: listeners, backend connections, supervisor, control socket.
//! `runtime` wires them; every message type is in `messages`.

pub mod backend;
pub mod control;
pub mod in_flight;
pub mod listener;
pub mod messages;
pub mod runtime;
pub mod supervisor;
