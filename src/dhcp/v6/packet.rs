//! DHCPv6 message codec (RFC 8415 §8, §9): client/server messages and
//! RELAY-FORW / RELAY-REPL, options as (code, bytes) in wire order.
//!
//! Lenient like Kea where Kea is lenient, strict where it drops: a truncated
//! header or option, or relays nested deeper than 32 hops, is a decode error
//! (the packet is dropped); decoding never panics on any input.

use std::net::Ipv6Addr;

/// Message types (RFC 8415 §7.3).
pub mod msg {
    /// SOLICIT.
    pub const SOLICIT: u8 = 1;
    /// ADVERTISE.
    pub const ADVERTISE: u8 = 2;
    /// REQUEST.
    pub const REQUEST: u8 = 3;
    /// CONFIRM.
    pub const CONFIRM: u8 = 4;
    /// RENEW.
    pub const RENEW: u8 = 5;
    /// REBIND.
    pub const REBIND: u8 = 6;
    /// REPLY.
    pub const REPLY: u8 = 7;
    /// RELEASE.
    pub const RELEASE: u8 = 8;
    /// DECLINE.
    pub const DECLINE: u8 = 9;
    /// RECONFIGURE.
    pub const RECONFIGURE: u8 = 10;
    /// INFORMATION-REQUEST.
    pub const INFORMATION_REQUEST: u8 = 11;
    /// RELAY-FORW.
    pub const RELAY_FORW: u8 = 12;
    /// RELAY-REPL.
    pub const RELAY_REPL: u8 = 13;
}

/// Option codes the server logic reads or writes (RFC 8415 §21).
pub mod opt {
    /// Client Identifier.
    pub const CLIENTID: u16 = 1;
    /// Server Identifier.
    pub const SERVERID: u16 = 2;
    /// IA_NA.
    pub const IA_NA: u16 = 3;
    /// IA_TA.
    pub const IA_TA: u16 = 4;
    /// IA Address.
    pub const IAADDR: u16 = 5;
    /// Option Request.
    pub const ORO: u16 = 6;
    /// Preference.
    pub const PREFERENCE: u16 = 7;
    /// Elapsed Time.
    pub const ELAPSED_TIME: u16 = 8;
    /// Relay Message.
    pub const RELAY_MSG: u16 = 9;
    /// Server Unicast.
    pub const UNICAST: u16 = 12;
    /// Status Code.
    pub const STATUS_CODE: u16 = 13;
    /// Rapid Commit.
    pub const RAPID_COMMIT: u16 = 14;
    /// Interface-Id.
    pub const INTERFACE_ID: u16 = 18;
    /// IA_PD.
    pub const IA_PD: u16 = 25;
    /// IA Prefix.
    pub const IAPREFIX: u16 = 26;
    /// Client FQDN.
    pub const CLIENT_FQDN: u16 = 39;
    /// Relay-Supplied Options (RFC 6422).
    pub const RSOO: u16 = 66;
    /// Prefix Exclude (RFC 6603).
    pub const PD_EXCLUDE: u16 = 67;
    /// Relay Source Port (RFC 8357).
    pub const RELAY_SOURCE_PORT: u16 = 135;
}

/// Kea's limit on relay nesting (`HOP_COUNT_LIMIT`).
pub const MAX_RELAY_DEPTH: usize = 32;

/// One option: code and raw payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt6 {
    /// Option code.
    pub code: u16,
    /// Payload (without code and length).
    pub data: Vec<u8>,
}

impl Opt6 {
    /// An option from its parts.
    pub fn new(code: u16, data: Vec<u8>) -> Self {
        Self { code, data }
    }
}

/// A client/server message (not a relay message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message6 {
    /// Message type.
    pub msg_type: u8,
    /// 24-bit transaction id.
    pub transaction_id: [u8; 3],
    /// Options in wire order.
    pub options: Vec<Opt6>,
}

/// One relay level (RELAY-FORW or RELAY-REPL header plus its options other
/// than Relay Message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayLevel {
    /// RELAY-FORW or RELAY-REPL.
    pub msg_type: u8,
    /// Hop count.
    pub hop_count: u8,
    /// Link address.
    pub link_address: Ipv6Addr,
    /// Peer address.
    pub peer_address: Ipv6Addr,
    /// Options of this level except Relay Message (Interface-Id, ...).
    pub options: Vec<Opt6>,
}

impl RelayLevel {
    /// The first option `code` of this level.
    pub fn option(&self, code: u16) -> Option<&[u8]> {
        self.options
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.data.as_slice())
    }
}

/// A decoded datagram: the innermost client message and the relay levels it
/// came through, outermost first (empty when not relayed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet6 {
    /// Relay levels, outermost (the one that sent us the datagram) first.
    pub relays: Vec<RelayLevel>,
    /// The client's message.
    pub message: Message6,
}

/// Why a datagram could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Shorter than a message header.
    #[error("message truncated: {0} byte(s), header needs {1}")]
    Truncated(usize, usize),
    /// An option header or payload runs past the end.
    #[error("option {code} at offset {offset} runs past the end of the message")]
    BadOption {
        /// Option code.
        code: u16,
        /// Offset of the option header.
        offset: usize,
    },
    /// RELAY-FORW without a Relay Message option.
    #[error("relay message without a relay-msg option")]
    NoRelayMessage,
    /// More than [`MAX_RELAY_DEPTH`] relay levels.
    #[error("relays nested more than {MAX_RELAY_DEPTH} deep")]
    TooDeep,
}

/// Parses a sequence of options (lenient about nothing: a truncated option is
/// an error, like Kea's `LibDHCP::unpackOptions6` which throws).
pub fn parse_options(mut buf: &[u8], base: usize) -> Result<Vec<Opt6>, DecodeError> {
    let mut out = Vec::new();
    let mut offset = base;
    while !buf.is_empty() {
        if buf.len() < 4 {
            return Err(DecodeError::BadOption {
                code: buf.first().map_or(0, |b| u16::from(*b) << 8),
                offset,
            });
        }
        let code = u16::from_be_bytes([buf[0], buf[1]]);
        let len = usize::from(u16::from_be_bytes([buf[2], buf[3]]));
        let Some(data) = buf.get(4..4 + len) else {
            return Err(DecodeError::BadOption { code, offset });
        };
        out.push(Opt6::new(code, data.to_vec()));
        buf = &buf[4 + len..];
        offset += 4 + len;
    }
    Ok(out)
}

/// Appends `options` in wire form to `out`. Payloads longer than 65535 bytes
/// are cut (never produced by the server).
pub fn write_options(options: &[Opt6], out: &mut Vec<u8>) {
    for o in options {
        let len = o.data.len().min(usize::from(u16::MAX));
        out.extend(o.code.to_be_bytes());
        out.extend((len as u16).to_be_bytes());
        out.extend(&o.data[..len]);
    }
}

fn ipv6_at(buf: &[u8], at: usize) -> Ipv6Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&buf[at..at + 16]);
    Ipv6Addr::from(a)
}

impl Packet6 {
    /// Decodes a datagram, unwrapping relay levels (at most 32).
    pub fn decode(buf: &[u8]) -> Result<Packet6, DecodeError> {
        Self::decode_rest(buf.to_vec(), Vec::new())
    }

    fn decode_rest(mut next: Vec<u8>, mut relays: Vec<RelayLevel>) -> Result<Packet6, DecodeError> {
        loop {
            let t = *next.first().ok_or(DecodeError::Truncated(0, 4))?;
            if t == msg::RELAY_FORW || t == msg::RELAY_REPL {
                if relays.len() >= MAX_RELAY_DEPTH {
                    return Err(DecodeError::TooDeep);
                }
                if next.len() < 34 {
                    return Err(DecodeError::Truncated(next.len(), 34));
                }
                let mut options = parse_options(&next[34..], 34)?;
                let pos = options
                    .iter()
                    .position(|o| o.code == opt::RELAY_MSG)
                    .ok_or(DecodeError::NoRelayMessage)?;
                let inner = options.remove(pos).data;
                relays.push(RelayLevel {
                    msg_type: t,
                    hop_count: next[1],
                    link_address: ipv6_at(&next, 2),
                    peer_address: ipv6_at(&next, 18),
                    options,
                });
                next = inner;
                continue;
            }
            if next.len() < 4 {
                return Err(DecodeError::Truncated(next.len(), 4));
            }
            let message = Message6 {
                msg_type: t,
                transaction_id: [next[1], next[2], next[3]],
                options: parse_options(&next[4..], 4)?,
            };
            return Ok(Packet6 { relays, message });
        }
    }

    /// Encodes the packet, wrapping the message in its relay levels.
    pub fn encode(&self) -> Vec<u8> {
        let mut inner = self.message.encode();
        for level in self.relays.iter().rev() {
            let mut out = Vec::with_capacity(inner.len() + 64);
            out.push(level.msg_type);
            out.push(level.hop_count);
            out.extend(level.link_address.octets());
            out.extend(level.peer_address.octets());
            write_options(&level.options, &mut out);
            write_options(&[Opt6::new(opt::RELAY_MSG, inner)], &mut out);
            inner = out;
        }
        inner
    }

    /// True when the packet came through at least one relay.
    pub fn is_relayed(&self) -> bool {
        !self.relays.is_empty()
    }
}

impl Message6 {
    /// A message with no options.
    pub fn new(msg_type: u8, transaction_id: [u8; 3]) -> Self {
        Self {
            msg_type,
            transaction_id,
            options: Vec::new(),
        }
    }

    /// Wire form.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        out.push(self.msg_type);
        out.extend(self.transaction_id);
        write_options(&self.options, &mut out);
        out
    }

    /// The first option `code`.
    pub fn option(&self, code: u16) -> Option<&[u8]> {
        self.options
            .iter()
            .find(|o| o.code == code)
            .map(|o| o.data.as_slice())
    }

    /// Every option `code`, in order.
    pub fn options_of(&self, code: u16) -> impl Iterator<Item = &[u8]> {
        self.options
            .iter()
            .filter(move |o| o.code == code)
            .map(|o| o.data.as_slice())
    }

    /// Appends an option.
    pub fn push(&mut self, code: u16, data: Vec<u8>) {
        self.options.push(Opt6::new(code, data));
    }

    /// Option codes asked for in the Option Request option.
    pub fn requested_options(&self) -> Vec<u16> {
        self.option(opt::ORO)
            .map(|d| {
                d.chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Kea's name of a message type (for logs and statistics).
pub fn type_name(t: u8) -> &'static str {
    match t {
        msg::SOLICIT => "SOLICIT",
        msg::ADVERTISE => "ADVERTISE",
        msg::REQUEST => "REQUEST",
        msg::CONFIRM => "CONFIRM",
        msg::RENEW => "RENEW",
        msg::REBIND => "REBIND",
        msg::REPLY => "REPLY",
        msg::RELEASE => "RELEASE",
        msg::DECLINE => "DECLINE",
        msg::RECONFIGURE => "RECONFIGURE",
        msg::INFORMATION_REQUEST => "INFORMATION_REQUEST",
        msg::RELAY_FORW => "RELAY_FORW",
        msg::RELAY_REPL => "RELAY_REPL",
        _ => "UNKNOWN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solicit() -> Vec<u8> {
        let mut m = Message6::new(msg::SOLICIT, [1, 2, 3]);
        m.push(opt::CLIENTID, vec![0, 3, 0, 1, 1, 2, 3, 4, 5, 6]);
        m.push(opt::ELAPSED_TIME, vec![0, 0]);
        m.encode()
    }

    #[test]
    fn a_message_round_trips() {
        let bytes = solicit();
        let p = Packet6::decode(&bytes).expect("valid");
        assert!(!p.is_relayed());
        assert_eq!(p.message.msg_type, msg::SOLICIT);
        assert_eq!(p.message.transaction_id, [1, 2, 3]);
        assert_eq!(p.encode(), bytes);
    }

    #[test]
    fn nested_relays_unwrap_outermost_first_and_round_trip() {
        let inner = Packet6 {
            relays: vec![
                RelayLevel {
                    msg_type: msg::RELAY_FORW,
                    hop_count: 1,
                    link_address: "2001:db8:2::1".parse().expect("a"),
                    peer_address: "fe80::2".parse().expect("a"),
                    options: vec![Opt6::new(opt::INTERFACE_ID, b"outer".to_vec())],
                },
                RelayLevel {
                    msg_type: msg::RELAY_FORW,
                    hop_count: 0,
                    link_address: "::".parse().expect("a"),
                    peer_address: "fe80::1".parse().expect("a"),
                    options: vec![Opt6::new(opt::INTERFACE_ID, b"inner".to_vec())],
                },
            ],
            message: Packet6::decode(&solicit()).expect("valid").message,
        };
        let bytes = inner.encode();
        let back = Packet6::decode(&bytes).expect("valid");
        assert_eq!(back, inner);
        assert_eq!(
            back.relays[0].option(opt::INTERFACE_ID),
            Some(&b"outer"[..])
        );
    }

    #[test]
    fn truncated_headers_and_options_are_errors() {
        assert!(Packet6::decode(&[]).is_err());
        assert!(Packet6::decode(&[1, 2]).is_err());
        let mut bytes = solicit();
        bytes.pop();
        assert!(matches!(
            Packet6::decode(&bytes),
            Err(DecodeError::BadOption { .. })
        ));
        assert!(Packet6::decode(&[msg::RELAY_FORW; 20]).is_err());
    }

    #[test]
    fn relays_deeper_than_32_are_refused() {
        let mut p = Packet6::decode(&solicit()).expect("valid");
        let level = RelayLevel {
            msg_type: msg::RELAY_FORW,
            hop_count: 0,
            link_address: Ipv6Addr::UNSPECIFIED,
            peer_address: Ipv6Addr::UNSPECIFIED,
            options: vec![],
        };
        p.relays = vec![level.clone(); 32];
        assert!(Packet6::decode(&p.encode()).is_ok());
        p.relays.push(level);
        assert_eq!(Packet6::decode(&p.encode()), Err(DecodeError::TooDeep));
    }

    #[test]
    fn relay_without_relay_message_is_an_error() {
        let mut bytes = vec![msg::RELAY_FORW, 0];
        bytes.extend([0u8; 32]);
        assert_eq!(Packet6::decode(&bytes), Err(DecodeError::NoRelayMessage));
    }

    #[test]
    fn decoding_random_bytes_never_panics() {
        let mut seed = 0x1234_5678_u32;
        for len in 0..300usize {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    (seed % 256) as u8
                })
                .collect();
            let _ = Packet6::decode(&bytes);
            let mut relayed = vec![msg::RELAY_FORW, 0];
            relayed.extend(bytes);
            let _ = Packet6::decode(&relayed);
        }
    }
}
