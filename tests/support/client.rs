//! A scripted DHCPv4 client that talks to a server under test over loopback as
//! a relay agent (giaddr 127.0.0.1), building packets with dhcproto.

#![allow(dead_code)]

use std::net::{Ipv4Addr, UdpSocket};
use std::time::Duration;

use dhcproto::v4::{self, DhcpOption, Flags, MessageType, OptionCode};
use dhcproto::{Decodable, Decoder, Encodable};

/// A relay-agent test client on a socket bound before its server started
/// (`TestServer::relay_client`).
pub struct RelayClient {
    sock: UdpSocket,
    server: std::net::SocketAddr,
    xid: u32,
}

/// What a client got from a full DORA.
#[derive(Debug, Clone)]
pub struct Acked {
    /// The leased address.
    pub yiaddr: Ipv4Addr,
    /// Server identifier.
    pub server_id: Ipv4Addr,
    /// The whole ACK.
    pub ack: v4::Message,
}

/// A MAC address for test client number `n`.
pub fn mac(n: u32) -> [u8; 6] {
    let b = n.to_be_bytes();
    [0x02, 0x00, b[0], b[1], b[2], b[3]]
}

impl RelayClient {
    /// A client on `sock` (bound already) for a server listening on
    /// 127.0.0.1:`server_port`.
    pub fn on(sock: UdpSocket, server_port: u16) -> Self {
        sock.set_read_timeout(Some(Duration::from_millis(1500)))
            .expect("timeout");
        Self {
            sock,
            server: ([127, 0, 0, 1], server_port).into(),
            xid: 0x1000,
        }
    }

    /// A fresh request message of `t` from `chaddr`, relayed via 127.0.0.1.
    pub fn message(&mut self, t: MessageType, chaddr: &[u8]) -> v4::Message {
        self.xid += 1;
        let mut m = v4::Message::new_with_id(
            self.xid,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::LOCALHOST,
            chaddr,
        );
        m.set_hops(1);
        m.set_flags(Flags::default());
        m.opts_mut().insert(DhcpOption::MessageType(t));
        m.opts_mut().insert(DhcpOption::ParameterRequestList(vec![
            OptionCode::SubnetMask,
            OptionCode::Router,
            OptionCode::DomainNameServer,
            OptionCode::DomainName,
        ]));
        m
    }

    /// Sends `m` and waits for one reply with the same xid (None on timeout).
    pub fn exchange(&self, m: &v4::Message) -> Option<v4::Message> {
        self.send(m);
        self.recv(m.xid())
    }

    /// Sends `m` without waiting.
    pub fn send(&self, m: &v4::Message) {
        let bytes = m.to_vec().expect("encode");
        self.sock.send_to(&bytes, self.server).expect("send");
    }

    /// Sends raw bytes.
    pub fn send_raw(&self, bytes: &[u8]) {
        self.sock.send_to(bytes, self.server).expect("send");
    }

    /// Receives the reply for `xid`, skipping others (None on timeout).
    pub fn recv(&self, xid: u32) -> Option<v4::Message> {
        let mut buf = [0u8; 2048];
        loop {
            let n = self.sock.recv(&mut buf).ok()?;
            let m = v4::Message::decode(&mut Decoder::new(&buf[..n]))
                .expect("server sent a decodable reply");
            if m.xid() == xid {
                return Some(m);
            }
        }
    }

    /// DISCOVER -> OFFER.
    pub fn discover(&mut self, chaddr: &[u8]) -> Option<v4::Message> {
        let m = self.message(MessageType::Discover, chaddr);
        self.exchange(&m)
    }

    /// REQUEST (SELECTING) for `addr` from `server_id`.
    pub fn request(
        &mut self,
        chaddr: &[u8],
        addr: Ipv4Addr,
        server_id: Ipv4Addr,
    ) -> Option<v4::Message> {
        let mut m = self.message(MessageType::Request, chaddr);
        m.opts_mut().insert(DhcpOption::RequestedIpAddress(addr));
        m.opts_mut().insert(DhcpOption::ServerIdentifier(server_id));
        self.exchange(&m)
    }

    /// A full DORA; panics with a message when a step gets no answer.
    pub fn dora(&mut self, chaddr: &[u8]) -> Acked {
        let offer = self.discover(chaddr).expect("an OFFER");
        assert_eq!(msg_type(&offer), Some(MessageType::Offer));
        let sid = server_id(&offer).expect("server id in OFFER");
        let ack = self.request(chaddr, offer.yiaddr(), sid).expect("an ACK");
        assert_eq!(
            msg_type(&ack),
            Some(MessageType::Ack),
            "expected ACK, got {ack:?}"
        );
        Acked {
            yiaddr: ack.yiaddr(),
            server_id: sid,
            ack,
        }
    }

    /// RENEWING: REQUEST with ciaddr (relayed so the reply comes back here).
    pub fn renew(&mut self, chaddr: &[u8], addr: Ipv4Addr) -> Option<v4::Message> {
        let mut m = self.message(MessageType::Request, chaddr);
        m.set_ciaddr(addr);
        self.exchange(&m)
    }

    /// RENEWING asking for a lease time of `secs` (option 51): a renewal
    /// whose effect shows in the same second (the expiry moves by the
    /// difference), so tests need not wait for the clock.
    pub fn renew_for(&mut self, chaddr: &[u8], addr: Ipv4Addr, secs: u32) -> Option<v4::Message> {
        let mut m = self.message(MessageType::Request, chaddr);
        m.set_ciaddr(addr);
        m.opts_mut().insert(DhcpOption::AddressLeaseTime(secs));
        self.exchange(&m)
    }

    /// INIT-REBOOT: REQUEST with option 50, no server id, no ciaddr.
    pub fn init_reboot(&mut self, chaddr: &[u8], addr: Ipv4Addr) -> Option<v4::Message> {
        let mut m = self.message(MessageType::Request, chaddr);
        m.opts_mut().insert(DhcpOption::RequestedIpAddress(addr));
        self.exchange(&m)
    }

    /// RELEASE of `addr` (no reply expected).
    pub fn release(&mut self, chaddr: &[u8], addr: Ipv4Addr, server_id: Ipv4Addr) {
        let mut m = self.message(MessageType::Release, chaddr);
        m.set_ciaddr(addr);
        m.opts_mut().insert(DhcpOption::ServerIdentifier(server_id));
        self.send(&m);
    }

    /// DECLINE of `addr` (no reply expected).
    pub fn decline(&mut self, chaddr: &[u8], addr: Ipv4Addr, server_id: Ipv4Addr) {
        let mut m = self.message(MessageType::Decline, chaddr);
        m.opts_mut().insert(DhcpOption::RequestedIpAddress(addr));
        m.opts_mut().insert(DhcpOption::ServerIdentifier(server_id));
        self.send(&m);
    }

    /// INFORM from a client that has `ciaddr`.
    pub fn inform(&mut self, chaddr: &[u8], ciaddr: Ipv4Addr) -> Option<v4::Message> {
        let mut m = self.message(MessageType::Inform, chaddr);
        m.set_ciaddr(ciaddr);
        self.exchange(&m)
    }
}

/// The message type of `m`.
pub fn msg_type(m: &v4::Message) -> Option<MessageType> {
    m.opts().msg_type()
}

/// Option 54 of `m`.
pub fn server_id(m: &v4::Message) -> Option<Ipv4Addr> {
    match m.opts().get(OptionCode::ServerIdentifier) {
        Some(DhcpOption::ServerIdentifier(a)) => Some(*a),
        _ => None,
    }
}

/// Routers (option 3) of `m`.
pub fn routers(m: &v4::Message) -> Vec<Ipv4Addr> {
    match m.opts().get(OptionCode::Router) {
        Some(DhcpOption::Router(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// Lease time (option 51) of `m`.
pub fn lease_time(m: &v4::Message) -> Option<u32> {
    match m.opts().get(OptionCode::AddressLeaseTime) {
        Some(DhcpOption::AddressLeaseTime(t)) => Some(*t),
        _ => None,
    }
}
