//! DHCPv4 wire format (RFC 2131 §2, RFC 2132, RFC 3396 long options).
//!
//! The server decodes requests and encodes replies with this small codec rather
//! than dhcproto's typed model: options are kept as raw bytes in arrival order, so
//! option 82 is echoed byte-exact, a malformed option the server does not need does
//! not cost the whole packet (Kea is lenient the same way), replies put option 53
//! first and are padded to the 300-byte BOOTP minimum some old clients require.

use std::net::Ipv4Addr;

/// BOOTP op codes.
pub const BOOTREQUEST: u8 = 1;
/// BOOTP reply op code.
pub const BOOTREPLY: u8 = 2;
/// The DHCP magic cookie (RFC 2131 §3).
pub const MAGIC_COOKIE: [u8; 4] = [99, 130, 83, 99];
/// Fixed BOOTP header length (up to and including `file`), before the cookie.
pub const HEADER_LEN: usize = 236;
/// Minimum BOOTP message size (RFC 951 / RFC 1542).
pub const MIN_PACKET_LEN: usize = 300;

/// DHCP message types (option 53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum MessageType {
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
}

impl MessageType {
    /// Parses option 53's value.
    pub fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            1 => Self::Discover,
            2 => Self::Offer,
            3 => Self::Request,
            4 => Self::Decline,
            5 => Self::Ack,
            6 => Self::Nak,
            7 => Self::Release,
            8 => Self::Inform,
            _ => return None,
        })
    }

    /// Upper-case name as in Kea's logs (`DHCPDISCOVER`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Discover => "DHCPDISCOVER",
            Self::Offer => "DHCPOFFER",
            Self::Request => "DHCPREQUEST",
            Self::Decline => "DHCPDECLINE",
            Self::Ack => "DHCPACK",
            Self::Nak => "DHCPNAK",
            Self::Release => "DHCPRELEASE",
            Self::Inform => "DHCPINFORM",
        }
    }
}

/// Well-known option codes used by the server logic.
pub mod code {
    #![allow(missing_docs)]
    pub const PAD: u8 = 0;
    pub const SUBNET_MASK: u8 = 1;
    pub const ROUTERS: u8 = 3;
    pub const HOST_NAME: u8 = 12;
    pub const REQUESTED_ADDRESS: u8 = 50;
    pub const LEASE_TIME: u8 = 51;
    pub const OVERLOAD: u8 = 52;
    pub const MESSAGE_TYPE: u8 = 53;
    pub const SERVER_ID: u8 = 54;
    pub const PARAMETER_REQUEST_LIST: u8 = 55;
    pub const MESSAGE: u8 = 56;
    pub const MAX_MESSAGE_SIZE: u8 = 57;
    pub const RENEWAL_TIME: u8 = 58;
    pub const REBINDING_TIME: u8 = 59;
    pub const CLIENT_ID: u8 = 61;
    pub const RELAY_AGENT_INFO: u8 = 82;
    pub const SUBNET_SELECTION: u8 = 118;
    pub const END: u8 = 255;
}

/// Relay agent information sub-options (RFC 3046 and later).
pub mod rai {
    #![allow(missing_docs)]
    pub const CIRCUIT_ID: u8 = 1;
    pub const REMOTE_ID: u8 = 2;
    pub const LINK_SELECTION: u8 = 5;
    pub const SERVER_ID_OVERRIDE: u8 = 11;
    pub const RELAY_PORT: u8 = 19;
}

/// Why a datagram could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Shorter than the fixed header plus cookie.
    #[error("packet too short ({0} bytes)")]
    TooShort(usize),
    /// The magic cookie is missing or wrong (plain BOOTP is not served).
    #[error("bad magic cookie")]
    BadCookie,
    /// hlen larger than the 16-byte chaddr field.
    #[error("hardware address length {0} exceeds 16")]
    BadHlen(u8),
}

/// A decoded DHCPv4 packet: fixed header fields and raw options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet4 {
    /// 1 request, 2 reply.
    pub op: u8,
    /// Hardware type (1 = Ethernet).
    pub htype: u8,
    /// Hardware address length.
    pub hlen: u8,
    /// Relay hops.
    pub hops: u8,
    /// Transaction id.
    pub xid: u32,
    /// Seconds since the client began.
    pub secs: u16,
    /// Flags (bit 15 = broadcast).
    pub flags: u16,
    /// Client address (RENEWING/REBINDING/INFORM).
    pub ciaddr: Ipv4Addr,
    /// "Your" address.
    pub yiaddr: Ipv4Addr,
    /// Next server address.
    pub siaddr: Ipv4Addr,
    /// Relay agent address.
    pub giaddr: Ipv4Addr,
    /// Client hardware address (16 bytes; first `hlen` significant).
    pub chaddr: [u8; 16],
    /// Server host name field.
    pub sname: [u8; 64],
    /// Boot file field.
    pub file: [u8; 128],
    /// Options in arrival order; repeated codes are concatenated (RFC 3396).
    pub options: Vec<(u8, Vec<u8>)>,
}

impl Default for Packet4 {
    fn default() -> Self {
        Self {
            op: BOOTREQUEST,
            htype: 1,
            hlen: 6,
            hops: 0,
            xid: 0,
            secs: 0,
            flags: 0,
            ciaddr: Ipv4Addr::UNSPECIFIED,
            yiaddr: Ipv4Addr::UNSPECIFIED,
            siaddr: Ipv4Addr::UNSPECIFIED,
            giaddr: Ipv4Addr::UNSPECIFIED,
            chaddr: [0; 16],
            sname: [0; 64],
            file: [0; 128],
            options: Vec::new(),
        }
    }
}

fn ip_at(b: &[u8], at: usize) -> Ipv4Addr {
    Ipv4Addr::new(b[at], b[at + 1], b[at + 2], b[at + 3])
}

/// Parses an options area into `out`, concatenating repeated codes.
///
/// Like Kea (`LibDHCP::unpackOptions4`), an option whose length runs past the
/// end of the area ends the parse: the options before it are kept and the
/// packet is still served. Returns the code of such a truncated option.
fn parse_options(mut b: &[u8], out: &mut Vec<(u8, Vec<u8>)>, overload: &mut u8) -> Option<u8> {
    while let Some((&c, rest)) = b.split_first() {
        match c {
            code::PAD => b = rest,
            code::END => break,
            _ => {
                let Some((&len, rest)) = rest.split_first() else {
                    return Some(c);
                };
                let len = usize::from(len);
                if rest.len() < len {
                    return Some(c);
                }
                let data = &rest[..len];
                if c == code::OVERLOAD && len == 1 {
                    *overload = data[0];
                }
                match out.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, v)) => v.extend_from_slice(data),
                    None => out.push((c, data.to_vec())),
                }
                b = &rest[len..];
            }
        }
    }
    None
}

impl Packet4 {
    /// Decodes a datagram. Only structural errors fail (too short, no cookie,
    /// hlen > 16); option contents are checked by the accessors that need them,
    /// and a truncated option ends the options area as in Kea.
    pub fn decode(b: &[u8]) -> Result<Self, DecodeError> {
        if b.len() < HEADER_LEN + 4 {
            return Err(DecodeError::TooShort(b.len()));
        }
        if b[HEADER_LEN..HEADER_LEN + 4] != MAGIC_COOKIE {
            return Err(DecodeError::BadCookie);
        }
        let hlen = b[2];
        if hlen > 16 {
            return Err(DecodeError::BadHlen(hlen));
        }
        let mut p = Packet4 {
            op: b[0],
            htype: b[1],
            hlen,
            hops: b[3],
            xid: u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
            secs: u16::from_be_bytes([b[8], b[9]]),
            flags: u16::from_be_bytes([b[10], b[11]]),
            ciaddr: ip_at(b, 12),
            yiaddr: ip_at(b, 16),
            siaddr: ip_at(b, 20),
            giaddr: ip_at(b, 24),
            ..Default::default()
        };
        p.chaddr.copy_from_slice(&b[28..44]);
        p.sname.copy_from_slice(&b[44..108]);
        p.file.copy_from_slice(&b[108..236]);
        let mut overload = 0u8;
        let mut truncated = parse_options(&b[HEADER_LEN + 4..], &mut p.options, &mut overload);
        // RFC 2131 §4.1: with overload, `file` then `sname` carry more options.
        if overload & 1 != 0 {
            let file = p.file;
            truncated = truncated.or(parse_options(&file, &mut p.options, &mut 0));
        }
        if overload & 2 != 0 {
            let sname = p.sname;
            truncated = truncated.or(parse_options(&sname, &mut p.options, &mut 0));
        }
        if let Some(c) = truncated {
            log::debug!(
                "[xid={:#x}] option {c} is truncated: options after it are ignored",
                p.xid
            );
        }
        Ok(p)
    }

    /// The raw value of option `c`.
    pub fn option(&self, c: u8) -> Option<&[u8]> {
        self.options
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| v.as_slice())
    }

    /// Sets (replaces) option `c`.
    pub fn set_option(&mut self, c: u8, data: Vec<u8>) {
        match self.options.iter_mut().find(|(k, _)| *k == c) {
            Some((_, v)) => *v = data,
            None => self.options.push((c, data)),
        }
    }

    /// The message type (option 53), if present and known.
    pub fn message_type(&self) -> Option<MessageType> {
        match self.option(code::MESSAGE_TYPE) {
            Some([t]) => MessageType::from_u8(*t),
            _ => None,
        }
    }

    /// The significant part of chaddr.
    pub fn hwaddr(&self) -> &[u8] {
        &self.chaddr[..usize::from(self.hlen.min(16))]
    }

    /// True when the broadcast flag is set.
    pub fn broadcast_flag(&self) -> bool {
        self.flags & 0x8000 != 0
    }

    /// An IPv4 address carried in option `c` (exactly 4 bytes).
    pub fn option_ip(&self, c: u8) -> Option<Ipv4Addr> {
        match self.option(c) {
            Some(&[a, b, cc, d]) => Some(Ipv4Addr::new(a, b, cc, d)),
            _ => None,
        }
    }

    /// A u32 carried in option `c`.
    pub fn option_u32(&self, c: u8) -> Option<u32> {
        match self.option(c) {
            Some(&[a, b, cc, d]) => Some(u32::from_be_bytes([a, b, cc, d])),
            _ => None,
        }
    }

    /// Client identifier (option 61), when non-empty.
    pub fn client_id(&self) -> Option<&[u8]> {
        self.option(code::CLIENT_ID).filter(|v| !v.is_empty())
    }

    /// Requested address (option 50).
    pub fn requested_address(&self) -> Option<Ipv4Addr> {
        self.option_ip(code::REQUESTED_ADDRESS)
    }

    /// Server identifier (option 54).
    pub fn server_id(&self) -> Option<Ipv4Addr> {
        self.option_ip(code::SERVER_ID)
    }

    /// Parameter request list (option 55), empty when absent.
    pub fn parameter_request_list(&self) -> &[u8] {
        self.option(code::PARAMETER_REQUEST_LIST).unwrap_or(&[])
    }

    /// Sub-option `sub` of the relay agent information option (82).
    pub fn rai_suboption(&self, sub: u8) -> Option<&[u8]> {
        let mut b = self.option(code::RELAY_AGENT_INFO)?;
        while b.len() >= 2 {
            let (c, len) = (b[0], usize::from(b[1]));
            if b.len() < 2 + len {
                return None;
            }
            if c == sub {
                return Some(&b[2..2 + len]);
            }
            b = &b[2 + len..];
        }
        None
    }

    /// Encodes the packet: header, cookie, option 53 first, then the others in
    /// order, long options split (RFC 3396), END, padded to 300 bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(MIN_PACKET_LEN + 64);
        b.extend_from_slice(&[self.op, self.htype, self.hlen, self.hops]);
        b.extend_from_slice(&self.xid.to_be_bytes());
        b.extend_from_slice(&self.secs.to_be_bytes());
        b.extend_from_slice(&self.flags.to_be_bytes());
        for a in [self.ciaddr, self.yiaddr, self.siaddr, self.giaddr] {
            b.extend_from_slice(&a.octets());
        }
        b.extend_from_slice(&self.chaddr);
        b.extend_from_slice(&self.sname);
        b.extend_from_slice(&self.file);
        b.extend_from_slice(&MAGIC_COOKIE);
        let first = self
            .options
            .iter()
            .filter(|(c, _)| *c == code::MESSAGE_TYPE);
        let rest = self
            .options
            .iter()
            .filter(|(c, _)| *c != code::MESSAGE_TYPE);
        for (c, v) in first.chain(rest) {
            if v.is_empty() {
                b.extend_from_slice(&[*c, 0]);
            }
            for chunk in v.chunks(255) {
                b.push(*c);
                b.push(chunk.len() as u8);
                b.extend_from_slice(chunk);
            }
        }
        b.push(code::END);
        if b.len() < MIN_PACKET_LEN {
            b.resize(MIN_PACKET_LEN, 0);
        }
        b
    }
}

/// Copies `s` into a fixed NUL-padded field (truncating, keeping a final NUL).
pub fn fixed_field<const N: usize>(s: &str) -> [u8; N] {
    let mut f = [0u8; N];
    let n = s.len().min(N - 1);
    f[..n].copy_from_slice(&s.as_bytes()[..n]);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discover_bytes() -> Vec<u8> {
        let mut p = Packet4 {
            xid: 0x1234_5678,
            flags: 0x8000,
            ..Default::default()
        };
        p.chaddr[..6].copy_from_slice(&[0, 1, 2, 3, 4, 5]);
        p.options.push((code::MESSAGE_TYPE, vec![1]));
        p.options
            .push((code::PARAMETER_REQUEST_LIST, vec![1, 3, 6]));
        p.encode()
    }

    #[test]
    fn round_trips_and_pads_to_bootp_minimum() {
        let b = discover_bytes();
        assert_eq!(b.len(), MIN_PACKET_LEN);
        let p = Packet4::decode(&b).expect("decodes");
        assert_eq!(p.message_type(), Some(MessageType::Discover));
        assert_eq!(p.hwaddr(), &[0, 1, 2, 3, 4, 5]);
        assert!(p.broadcast_flag());
        assert_eq!(p.parameter_request_list(), &[1, 3, 6]);
        assert_eq!(p.xid, 0x1234_5678);
    }

    #[test]
    fn agrees_with_dhcproto_on_a_request_it_built() {
        use dhcproto::{v4, Decodable, Encodable};
        let mut m = v4::Message::new_with_id(
            7,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::new(10, 0, 0, 1),
            &[1, 2, 3, 4, 5, 6],
        );
        m.opts_mut()
            .insert(v4::DhcpOption::MessageType(v4::MessageType::Request));
        m.opts_mut()
            .insert(v4::DhcpOption::RequestedIpAddress(Ipv4Addr::new(
                10, 0, 0, 9,
            )));
        m.opts_mut()
            .insert(v4::DhcpOption::ClientIdentifier(vec![1, 1, 2, 3, 4, 5, 6]));
        let bytes = m.to_vec().expect("encode");
        let p = Packet4::decode(&bytes).expect("decode");
        assert_eq!(p.message_type(), Some(MessageType::Request));
        assert_eq!(p.requested_address(), Some(Ipv4Addr::new(10, 0, 0, 9)));
        assert_eq!(p.client_id(), Some(&[1u8, 1, 2, 3, 4, 5, 6][..]));
        assert_eq!(p.giaddr, Ipv4Addr::new(10, 0, 0, 1));
        // and our encoding is readable by dhcproto
        let back = v4::Message::decode(&mut dhcproto::Decoder::new(&p.encode())).expect("dhcproto");
        assert_eq!(back.xid(), 7);
    }

    #[test]
    fn long_options_are_split_and_concatenated() {
        let mut p = Packet4::default();
        p.options.push((code::MESSAGE_TYPE, vec![5]));
        p.options.push((43, vec![7u8; 600]));
        let back = Packet4::decode(&p.encode()).expect("decode");
        assert_eq!(back.option(43).map(<[u8]>::len), Some(600));
    }

    #[test]
    fn truncated_inputs_are_errors_not_panics() {
        let b = discover_bytes();
        for n in 0..b.len() {
            let _ = Packet4::decode(&b[..n]);
        }
        assert!(matches!(
            Packet4::decode(&b[..10]),
            Err(DecodeError::TooShort(10))
        ));
    }

    #[test]
    fn rai_suboptions_are_found() {
        let mut p = Packet4::default();
        p.options.push((
            code::RELAY_AGENT_INFO,
            vec![1, 2, 0xaa, 0xbb, 5, 4, 10, 0, 0, 1],
        ));
        assert_eq!(p.rai_suboption(rai::CIRCUIT_ID), Some(&[0xaa, 0xbb][..]));
        assert_eq!(
            p.rai_suboption(rai::LINK_SELECTION),
            Some(&[10, 0, 0, 1][..])
        );
        assert_eq!(p.rai_suboption(rai::REMOTE_ID), None);
    }

    /// A request header with the cookie and `opts` as the options area.
    fn raw(hlen: u8, opts: &[u8]) -> Vec<u8> {
        let mut b = vec![0u8; HEADER_LEN];
        b[0] = BOOTREQUEST;
        b[1] = 1;
        b[2] = hlen;
        for (i, x) in b[28..44].iter_mut().enumerate() {
            *x = i as u8 + 1;
        }
        b.extend_from_slice(&MAGIC_COOKIE);
        b.extend_from_slice(opts);
        b
    }

    #[test]
    fn option_overload_reads_file_then_sname_options() {
        let mut b = raw(6, &[53, 1, 1, code::OVERLOAD, 1, 3, 255]);
        b[108..113].copy_from_slice(&[12, 2, b'a', b'b', 255]);
        b[44..51].copy_from_slice(&[61, 3, 1, 2, 3, 255, 0]);
        let p = Packet4::decode(&b).expect("decodes");
        assert_eq!(p.option(code::HOST_NAME), Some(&b"ab"[..]));
        assert_eq!(p.client_id(), Some(&[1, 2, 3][..]));
        // Overload 1 only: sname stays a name, not options.
        b[HEADER_LEN + 9] = 1;
        let p = Packet4::decode(&b).expect("decodes");
        assert_eq!(p.option(code::HOST_NAME), Some(&b"ab"[..]));
        assert_eq!(p.client_id(), None);
    }

    #[test]
    fn options_split_between_the_options_area_and_file_are_concatenated() {
        let mut b = raw(6, &[53, 1, 1, code::OVERLOAD, 1, 1, 43, 2, 1, 2, 255]);
        b[108..113].copy_from_slice(&[43, 2, 3, 4, 255]);
        let p = Packet4::decode(&b).expect("decodes");
        assert_eq!(p.option(43), Some(&[1, 2, 3, 4][..]));
    }

    #[test]
    fn hlen_16_is_accepted_and_17_refused() {
        let p = Packet4::decode(&raw(16, &[53, 1, 1, 255])).expect("hlen 16");
        assert_eq!(p.hwaddr().len(), 16);
        assert_eq!(p.hwaddr()[15], 16);
        assert_eq!(
            Packet4::decode(&raw(17, &[53, 1, 1, 255])),
            Err(DecodeError::BadHlen(17))
        );
        let p = Packet4::decode(&raw(0, &[53, 1, 1, 255])).expect("hlen 0");
        assert!(p.hwaddr().is_empty());
    }

    #[test]
    fn zero_length_options_pad_runs_and_a_missing_end_are_tolerated() {
        let p = Packet4::decode(&raw(
            6,
            &[0, 0, 0, 61, 0, 0, 53, 1, 3, 0, 0, 12, 0, 50, 4, 10, 0, 0, 9],
        ))
        .expect("decodes");
        assert_eq!(p.message_type(), Some(MessageType::Request));
        assert_eq!(p.option(code::CLIENT_ID), Some(&[][..]));
        assert_eq!(p.client_id(), None, "an empty client id is no client id");
        assert_eq!(p.requested_address(), Some(Ipv4Addr::new(10, 0, 0, 9)));
        // Nothing after END is read.
        let p = Packet4::decode(&raw(6, &[53, 1, 1, 255, 50, 4, 1, 2, 3, 4])).expect("decodes");
        assert_eq!(p.requested_address(), None);
    }

    #[test]
    fn a_truncated_option_ends_the_options_like_kea() {
        let p = Packet4::decode(&raw(6, &[53, 1, 1, 50, 4, 10, 0])).expect("decodes");
        assert_eq!(p.message_type(), Some(MessageType::Discover));
        assert_eq!(p.requested_address(), None);
        let p = Packet4::decode(&raw(6, &[53, 1, 1, 50])).expect("length byte missing");
        assert_eq!(p.message_type(), Some(MessageType::Discover));
    }

    #[test]
    fn short_packets_and_bad_cookies_are_errors() {
        let b = raw(6, &[53, 1, 1, 255]);
        assert_eq!(
            Packet4::decode(&b[..HEADER_LEN + 3]),
            Err(DecodeError::TooShort(HEADER_LEN + 3))
        );
        let mut bad = b.clone();
        bad[HEADER_LEN] = 0;
        assert_eq!(Packet4::decode(&bad), Err(DecodeError::BadCookie));
    }

    #[test]
    fn truncations_and_random_bytes_never_panic() {
        // xorshift: deterministic, no dependency.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut base = raw(
            6,
            &[53, 1, 1, code::OVERLOAD, 1, 3, 82, 6, 1, 2, 9, 9, 5, 0, 255],
        );
        base[108] = 12;
        base[109] = 200;
        for n in 0..=base.len() {
            if let Ok(p) = Packet4::decode(&base[..n]) {
                let _ = (p.rai_suboption(rai::LINK_SELECTION), p.encode());
            }
        }
        for _ in 0..20_000 {
            let mut b = base.clone();
            let len = HEADER_LEN + 4 + (next() % 400) as usize;
            b.resize(len, 0);
            for _ in 0..(next() % 32) {
                let i = (next() as usize) % b.len();
                b[i] = next() as u8;
            }
            for x in b.iter_mut().skip(HEADER_LEN + 4) {
                if next() % 3 == 0 {
                    *x = next() as u8;
                }
            }
            if let Ok(p) = Packet4::decode(&b) {
                let _ = (
                    p.message_type(),
                    p.hwaddr(),
                    p.client_id(),
                    p.requested_address(),
                    p.server_id(),
                    p.parameter_request_list(),
                    p.rai_suboption(rai::RELAY_PORT),
                );
                let again = Packet4::decode(&p.encode()).expect("our encoding decodes");
                assert_eq!(again.message_type(), p.message_type());
            }
        }
    }
}
