//! DHCPv4 message handling: query in, reply (or a reasoned drop) out.
//!
//! No sockets here: the listener hands in a decoded [`Packet4`] with its
//! [`PacketMeta`], and sends whatever [`Outcome`] says. Storage goes through the
//! allocation engine over a [`LeaseStore`].

use std::collections::HashSet;
use std::net::Ipv4Addr;
use std::sync::Arc;

use log::{debug, info, warn};

use crate::backends::lease::Lease4;
use crate::backends::{HostStore, LeaseStore};
use crate::config::model::{
    ClientClass4, Dhcp4Config, Lifetime, OptionData, Reservation4, Subnet4,
};
use crate::dhcp::alloc::engine::{Declined4, LeaseParams};
use crate::dhcp::alloc::{AllocEngine4, AllocError, Client4, ClientHosts, Commit4};
use crate::dhcp::classify;
use crate::expression::ClassSet;
use crate::stats::Stats;

use super::destination::{destination, Destination};
use super::meta::{PacketMeta, Ports};
use super::packet::{code, fixed_field, MessageType, Packet4, BOOTREPLY, BOOTREQUEST};
use super::packet_view::{vendor_class, View4};
use super::reply_options::{append_echoes, append_options, OptionLayers};
use super::subnet_select::{candidates, select_subnet};

/// Why a query got no reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// op is not BOOTREQUEST.
    NotARequest,
    /// No (known) option 53: BOOTP or garbage.
    NoMessageType,
    /// A message type a server never receives (OFFER, ACK, ...).
    UnexpectedType(MessageType),
    /// Carries another server's identifier.
    NotForUs,
    /// No subnet matches the client's network.
    NoSubnet,
    /// The pools have nothing free.
    NoAddress,
    /// INIT-REBOOT from an unknown client on a non-authoritative subnet.
    NotAuthoritative,
    /// REQUEST without any address to work on.
    NoRequestedAddress,
    /// RELEASE / DECLINE: processed; these never get a reply.
    NoReplyExpected,
    /// Kea's `sanityCheck`: server identifier in a DISCOVER, or neither a
    /// hardware address nor a client identifier.
    RfcViolation(&'static str),
    /// Direct (not relayed) query Kea's `acceptDirectRequest` refuses: broadcast
    /// on a link with no subnet, or an INFORM with no address to answer to.
    NotAcceptedDirect,
    /// REQUEST for an address in no pool of the client's network and not
    /// reserved for it (Kea: `DHCP4_UNKNOWN_ADDRESS_REQUESTED`, no NAK).
    UnknownAddress,
    /// The query is a member of the class `DROP`.
    DropClass,
}

/// The result of processing one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Send `packet` to `dest`.
    Reply {
        /// The reply.
        packet: Box<Packet4>,
        /// Where it goes.
        dest: Destination,
    },
    /// Send nothing.
    Drop(DropReason),
}

/// The DHCPv4 server logic for one configuration generation.
#[derive(Debug)]
pub struct Dhcp4Server<S, H> {
    cfg: Arc<Dhcp4Config>,
    engine: AllocEngine4<S, H>,
    stats: Arc<Stats>,
    ports: Ports,
    direct: bool,
    /// Every server identifier (option 54) the configuration sets, globally
    /// or in a subnet: computed once, looked up for each query carrying one.
    server_ids: HashSet<Ipv4Addr>,
}

/// One query being answered: the packet, where it came from, and the
/// classes it holds so far.
struct Query<'a> {
    q: &'a Packet4,
    meta: &'a PacketMeta,
    view: View4<'a>,
    classes: &'a mut ClassSet,
}

/// A query's subnet (Kea's `selectSubnet`), chosen the first time a step
/// needs it and then kept: selection runs at most once per packet.
type Selection<'a> = Option<Option<&'a Subnet4>>;

type R<T, S> = Result<T, AllocError<<S as LeaseStore>::Error>>;

impl<S: LeaseStore, H: HostStore> Dhcp4Server<S, H> {
    /// Server logic for `cfg` over `store`, without hosts databases. `direct` =
    /// may unicast to clients without an address (raw sockets).
    pub fn new(
        cfg: Arc<Dhcp4Config>,
        store: Arc<S>,
        stats: Arc<Stats>,
        ports: Ports,
        direct: bool,
    ) -> Self {
        Self::with_hosts(cfg, store, Vec::new(), stats, ports, direct)
    }
}

impl<S: LeaseStore, H: HostStore> Dhcp4Server<S, H> {
    /// Server logic for `cfg` over `store`, consulting `host_dbs` (in order)
    /// after the configuration's reservations.
    pub fn with_hosts(
        cfg: Arc<Dhcp4Config>,
        store: Arc<S>,
        host_dbs: Vec<Arc<H>>,
        stats: Arc<Stats>,
        ports: Ports,
        direct: bool,
    ) -> Self {
        let engine = AllocEngine4::with_hosts(store, host_dbs, stats.clone(), &cfg);
        let server_ids = configured_server_ids(&cfg);
        Self {
            cfg,
            engine,
            stats,
            ports,
            direct,
            server_ids,
        }
    }

    /// The configuration this server runs.
    pub fn config(&self) -> &Arc<Dhcp4Config> {
        &self.cfg
    }

    /// The allocation engine.
    pub fn engine(&self) -> &AllocEngine4<S, H> {
        &self.engine
    }

    /// Processes one query at time `now` (epoch seconds).
    ///
    /// CANCEL-SAFETY: if the future is dropped after a store write began, the
    /// write may be applied without a reply being sent; the client retries and
    /// finds its lease. No reply is ever produced for an unstored lease.
    pub async fn process(&self, q: &Packet4, meta: &PacketMeta, now: i64) -> R<Outcome, S> {
        if q.op != BOOTREQUEST {
            return Ok(Outcome::Drop(DropReason::NotARequest));
        }
        let Some(t) = q.message_type() else {
            debug!("DHCP4_PACKET_DROP_0009 [xid={:#x}] option 53 missing (no DHCP message type), is this a BOOTP packet?", q.xid);
            return Ok(Outcome::Drop(DropReason::NoMessageType));
        };
        self.stats.inc(received_stat(t));
        if matches!(t, MessageType::Offer | MessageType::Ack | MessageType::Nak) {
            return Ok(Outcome::Drop(DropReason::UnexpectedType(t)));
        }
        let view = View4 { q, meta };
        let mut classes =
            classify::early(&self.cfg.client_classes, &view, vendor_class(q).as_deref());
        if classes.contains(classify::DROP) {
            debug!(
                "DHCP4_PACKET_DROP_0010 dropped as member of the special class 'DROP': {}",
                label(q)
            );
            self.stats.inc("pkt4-receive-drop");
            return Ok(Outcome::Drop(DropReason::DropClass));
        }
        let mut selection = None;
        if let Some(why) = self.accept_direct(q, meta, t, &classes, &mut selection) {
            debug!(
                "DHCP4_PACKET_DROP_0002 [xid={:#x}] {}, from interface {}: {why}",
                q.xid,
                t.name(),
                meta.iface
            );
            return Ok(Outcome::Drop(DropReason::NotAcceptedDirect));
        }
        // Kea's acceptServerId, for every message type: an option 54 that does
        // not name us means the query is for another server.
        if q.option(code::SERVER_ID).is_some()
            && !q
                .server_id()
                .is_some_and(|sid| self.is_our_server_id(q, sid, meta))
        {
            debug!("DHCP4_PACKET_DROP_0003 [xid={:#x}] {}, from interface {}: it contains a foreign server identifier", q.xid, t.name(), meta.iface);
            return Ok(Outcome::Drop(DropReason::NotForUs));
        }
        if let Some(why) = sanity_check(q, t) {
            debug!(
                "DHCP4_PACKET_DROP_0007 [xid={:#x}] failed to process packet: {why} in message {}",
                q.xid,
                t.name()
            );
            return Ok(Outcome::Drop(DropReason::RfcViolation(why)));
        }
        let subnet = self.subnet(&mut selection, q, meta, &classes);
        let mut query = Query {
            q,
            meta,
            view,
            classes: &mut classes,
        };
        match t {
            MessageType::Discover => self.discover(&mut query, subnet, now).await,
            MessageType::Request => self.request(&mut query, subnet, now).await,
            MessageType::Release => self.release(q).await,
            MessageType::Decline => self.decline(q, now).await,
            MessageType::Inform => self.inform(&mut query, subnet).await,
            other => Ok(Outcome::Drop(DropReason::UnexpectedType(other))),
        }
    }

    /// The subnet of `q` for a client holding `classes`, selected on the
    /// first call for this packet.
    fn subnet<'a>(
        &'a self,
        selection: &mut Selection<'a>,
        q: &Packet4,
        meta: &PacketMeta,
        classes: &ClassSet,
    ) -> Option<&'a Subnet4> {
        *selection.get_or_insert_with(|| select_subnet(&self.cfg, q, meta, classes))
    }

    /// The subnets a client may use, the selected one first, and the host
    /// reservations it has in them; the classes that depend on them are
    /// evaluated now. `Err(outcome)`: the client is dropped (`DROP`).
    async fn hosts_and_classes<'a>(
        &'a self,
        query: &mut Query<'_>,
        subnet: &'a Subnet4,
    ) -> R<Result<(Vec<&'a Subnet4>, Client4, ClientHosts), Outcome>, S> {
        let subnets = candidates(&self.cfg, subnet, query.classes);
        // The host lookup needs only the identity; the classes follow it.
        let client = self.client(query.q, Some(subnet), &ClassSet::new());
        let hosts = self.engine.client_hosts(&subnets, &client).await?;
        let own = hosts.for_subnet(subnet);
        let known = subnets.iter().any(|s| hosts.for_subnet(s).is_some());
        let early_reserved: &[String] = match &own {
            Some(h) if subnet.shared_network.is_none() || hosts.global() => &h.client_classes,
            _ => &[],
        };
        classify::after_host_lookup(
            &self.cfg.client_classes,
            &query.view,
            query.classes,
            early_reserved,
            known,
        );
        if query.classes.contains(classify::DROP) {
            debug!("DHCP4_PACKET_DROP_0013 dropped as member of the special class 'DROP' after host reservation lookup: {}", label(query.q));
            self.stats.inc("pkt4-receive-drop");
            return Ok(Err(Outcome::Drop(DropReason::DropClass)));
        }
        classify::log_assigned(
            "DHCP4",
            || label(query.q),
            &self.cfg.client_classes,
            query.classes,
        );
        // Kea's `allocateLease4`: the final classes decide which subnets of
        // the network (the selected one too) the client may use.
        let subnets: Vec<&Subnet4> = subnets
            .into_iter()
            .filter(|s| s.classes.admits(query.classes))
            .collect();
        let client = Client4 {
            classes: query.classes.clone(),
            ..client
        };
        Ok(Ok((subnets, client, hosts)))
    }

    /// Kea's `acceptDirectRequest`: why a direct (not relayed) query is refused.
    fn accept_direct<'a>(
        &'a self,
        q: &Packet4,
        meta: &PacketMeta,
        t: MessageType,
        classes: &ClassSet,
        selection: &mut Selection<'a>,
    ) -> Option<&'static str> {
        if !q.giaddr.is_unspecified() {
            return None;
        }
        if t == MessageType::Inform && meta.src.ip().is_unspecified() && q.ciaddr.is_unspecified() {
            return Some("DHCPINFORM from 0.0.0.0 without ciaddr: nowhere to answer");
        }
        if meta.dst.is_broadcast() && self.subnet(selection, q, meta, classes).is_none() {
            return Some("broadcast from a directly connected client on a link without a subnet");
        }
        None
    }

    /// Whether `sid` (option 54 of `q`) names this server: one of its
    /// addresses or configured server identifiers, or the relay's server
    /// identifier override (RAI sub-option 11, RFC 5107), the address the
    /// relay told the client we have.
    fn is_our_server_id(&self, q: &Packet4, sid: Ipv4Addr, meta: &PacketMeta) -> bool {
        q.rai_suboption(super::packet::rai::SERVER_ID_OVERRIDE) == Some(&sid.octets()[..])
            || meta.iface_addrs.contains(&sid)
            || meta.local_addr() == sid
            || self.server_ids.contains(&sid)
    }

    fn client(&self, q: &Packet4, subnet: Option<&Subnet4>, classes: &ClassSet) -> Client4 {
        Client4 {
            classes: classes.clone(),
            hwaddr: q.hwaddr().to_vec(),
            client_id: q.client_id().map(<[u8]>::to_vec),
            match_client_id: subnet.is_none_or(|s| s.match_client_id),
            circuit_id: q
                .rai_suboption(super::packet::rai::CIRCUIT_ID)
                .map(<[u8]>::to_vec),
        }
    }

    async fn discover(
        &self,
        query: &mut Query<'_>,
        subnet: Option<&Subnet4>,
        now: i64,
    ) -> R<Outcome, S> {
        let q = query.q;
        let Some(subnet) = subnet else {
            debug!("DHCP4_SUBNET_SELECTION_FAILED [hwaddr={}], cid=[{}], tid={:#x}: failed to select subnet for the client", hex(q.hwaddr()), hex(q.client_id().unwrap_or(&[])), q.xid);
            return Ok(Outcome::Drop(DropReason::NoSubnet));
        };
        let (subnets, client, hosts) = match self.hosts_and_classes(query, subnet).await? {
            Ok(found) => found,
            Err(dropped) => return Ok(dropped),
        };
        let Some((ip, si)) = self
            .engine
            .offer(&subnets, &client, &hosts, q.requested_address(), now)
            .await?
        else {
            warn!("ALLOC_ENGINE_V4_ALLOC_FAIL [hwaddr={}], cid=[{}], tid={:#x}: failed to allocate an IPv4 address after {} attempt(s)", hex(q.hwaddr()), hex(q.client_id().unwrap_or(&[])), q.xid, subnets.iter().map(|s| s.total_addresses()).sum::<u64>());
            return Ok(Outcome::Drop(DropReason::NoAddress));
        };
        let s = subnets[si];
        let valid = self
            .class_lifetime(query.classes)
            .unwrap_or(s.valid_lifetime)
            .grant(requested_lifetime(q));
        debug!(
            "DHCP4_LEASE_ADVERT [hwaddr={}], cid=[{}], tid={:#x}: lease {} will be advertised",
            hex(q.hwaddr()),
            hex(q.client_id().unwrap_or(&[])),
            q.xid,
            ip
        );
        Ok(self.lease_reply(query, s, &hosts, MessageType::Offer, ip, valid))
    }

    /// The valid lifetime triplet of the first class the query holds that
    /// sets one.
    fn class_lifetime(&self, classes: &ClassSet) -> Option<Lifetime> {
        let held = classify::held(&self.cfg.client_classes, classes);
        classify::first(&held, |c| c.valid_lifetime)
    }

    async fn request(
        &self,
        query: &mut Query<'_>,
        subnet: Option<&Subnet4>,
        now: i64,
    ) -> R<Outcome, S> {
        let (q, meta) = (query.q, query.meta);
        let requested = q.requested_address();
        let ciaddr = (!q.ciaddr.is_unspecified()).then_some(q.ciaddr);
        let Some(hint) = requested.or(ciaddr) else {
            return Ok(Outcome::Drop(DropReason::NoRequestedAddress));
        };
        // Kea's INIT-REBOOT test: no server id and option 50 (ciaddr not looked at).
        let init_reboot = q.server_id().is_none() && requested.is_some();
        let Some(subnet) = subnet else {
            // Kea (`assignLease`) NAKs whatever `authoritative` says; direct
            // broadcasts from a link without a subnet were dropped before.
            return Ok(self.nak(
                q,
                meta,
                None,
                "DHCP4_PACKET_NAK_0001",
                "failed to select a subnet for incoming packet",
            ));
        };
        let (subnets, client, hosts) = match self.hosts_and_classes(query, subnet).await? {
            Ok(found) => found,
            Err(dropped) => return Ok(dropped),
        };
        // One read serves the INIT-REBOOT check and the commit.
        let leases = self.engine.request_leases(&subnets, &client, hint).await?;
        if init_reboot {
            // Kea: the client is known when it has a lease in the network; its
            // notion of the address must then be that lease's address.
            let Some(lease) = leases.client_lease() else {
                if !subnet.authoritative {
                    debug!("DHCP4_NO_LEASE_INIT_REBOOT [hwaddr={}], tid={:#x}: client is in INIT-REBOOT state and requests address {}, but the server has no record of it", hex(q.hwaddr()), q.xid, hint);
                    return Ok(Outcome::Drop(DropReason::NotAuthoritative));
                }
                return Ok(self.nak(
                    q,
                    meta,
                    Some(subnet),
                    "DHCP4_PACKET_NAK_0002",
                    "unknown client in INIT-REBOOT (authoritative)",
                ));
            };
            if lease.address != hint {
                return Ok(self.nak(
                    q,
                    meta,
                    Some(subnet),
                    "DHCP4_PACKET_NAK_0002",
                    "client in INIT-REBOOT has a lease for another address",
                ));
            }
        }
        let params = LeaseParams {
            requested_lifetime: requested_lifetime(q),
            hostname: self.hostname_for(q, subnet, &hosts),
            lifetime: self.class_lifetime(query.classes),
        };
        match self
            .engine
            .request(&subnets, &client, &hosts, leases, &params, now)
            .await?
        {
            Commit4::Ack(lease) => {
                let s = subnets
                    .iter()
                    .find(|s| s.id == lease.subnet_id)
                    .copied()
                    .unwrap_or(subnet);
                info!("DHCP4_LEASE_ALLOC [hwaddr={}], cid=[{}], tid={:#x}: lease {} has been allocated for {} seconds", hex(q.hwaddr()), hex(q.client_id().unwrap_or(&[])), q.xid, lease.address, lease.valid_lifetime);
                Ok(self.lease_reply(
                    query,
                    s,
                    &hosts,
                    MessageType::Ack,
                    lease.address,
                    lease.valid_lifetime,
                ))
            }
            Commit4::Nak(why) => Ok(self.nak(q, meta, Some(subnet), "DHCP4_PACKET_NAK_0004", why)),
            Commit4::UnknownAddress => {
                debug!("DHCP4_UNKNOWN_ADDRESS_REQUESTED [hwaddr={}], tid={:#x}: client requested an unknown address, client sent ciaddr {}, requested-ip-address {}", hex(q.hwaddr()), q.xid, q.ciaddr, requested.map_or_else(|| "(no address)".to_string(), |a| a.to_string()));
                Ok(Outcome::Drop(DropReason::UnknownAddress))
            }
        }
    }

    fn hostname_for(&self, q: &Packet4, subnet: &Subnet4, hosts: &ClientHosts) -> String {
        if let Some(h) = hosts.for_subnet(subnet).and_then(|h| h.hostname.clone()) {
            return h;
        }
        q.option(code::HOST_NAME)
            .map(|v| {
                String::from_utf8_lossy(v)
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                    .collect()
            })
            .unwrap_or_default()
    }

    async fn release(&self, q: &Packet4) -> R<Outcome, S> {
        let subnet = self.cfg.subnet_containing(q.ciaddr);
        let client = self.client(q, subnet, &ClassSet::new());
        if self.engine.release(&client, q.ciaddr).await? {
            info!(
                "DHCP4_RELEASE [hwaddr={}], cid=[{}], tid={:#x}: address {} was released properly.",
                hex(q.hwaddr()),
                hex(q.client_id().unwrap_or(&[])),
                q.xid,
                q.ciaddr
            );
        } else {
            debug!("DHCP4_RELEASE_FAIL_NO_LEASE [hwaddr={}], tid={:#x}: client is trying to release non-existing or foreign lease {}", hex(q.hwaddr()), q.xid, q.ciaddr);
        }
        Ok(Outcome::Drop(DropReason::NoReplyExpected))
    }

    async fn decline(&self, q: &Packet4, now: i64) -> R<Outcome, S> {
        let Some(addr) = q.requested_address() else {
            let l = label(q);
            debug!("DHCP4_PACKET_DROP_0007 {l}: failed to process packet: Mandatory 'Requested IP address' option missing in DHCPDECLINE sent from {l}");
            return Ok(Outcome::Drop(DropReason::NoReplyExpected));
        };
        let subnet = self.cfg.subnet_containing(addr);
        let client = self.client(q, subnet, &ClassSet::new());
        let probation = self.cfg.decline_probation_period;
        match self.engine.decline(&client, addr, probation, now).await? {
            Declined4::Declined => info!("DHCP4_DECLINE_LEASE Received DHCPDECLINE for addr {addr} from client {}. The lease will be unavailable for {probation} seconds.", label(q)),
            Declined4::NoLease => warn!("DHCP4_DECLINE_LEASE_NOT_FOUND Received DHCPDECLINE for addr {addr} from client {}, but no such lease found.", label(q)),
            Declined4::NotTheClients(lease) => {
                let or_none = |b: &[u8]| if b.is_empty() { "(none)".to_string() } else { hex(b) };
                warn!("DHCP4_DECLINE_LEASE_MISMATCH Received DHCPDECLINE for addr {addr} from client {}, but the data doesn't match: received hwaddr: {}, lease hwaddr: {}, received client-id: {}, lease client-id: {}",
                    label(q),
                    or_none(q.hwaddr()),
                    or_none(&lease.hwaddr),
                    or_none(q.client_id().unwrap_or(&[])),
                    or_none(lease.client_id.as_deref().unwrap_or(&[])));
            }
        }
        Ok(Outcome::Drop(DropReason::NoReplyExpected))
    }

    async fn inform(&self, query: &mut Query<'_>, subnet: Option<&Subnet4>) -> R<Outcome, S> {
        let (q, meta) = (query.q, query.meta);
        let mut reply = self.base_reply(q, MessageType::Ack);
        reply.ciaddr = q.ciaddr;
        self.push_server_id(&mut reply, meta, subnet);
        match subnet {
            Some(s) => {
                // The same host lookup and classification as an allocation.
                let hosts = match self.hosts_and_classes(query, s).await? {
                    Ok((_, _, hosts)) => hosts,
                    Err(dropped) => return Ok(dropped),
                };
                let host = hosts.for_subnet(s);
                self.require_classes(query, s, None);
                let held = classify::held(&self.cfg.client_classes, query.classes);
                let mut layers = OptionLayers::default();
                if let Some(h) = &host {
                    layers.push(&h.options);
                }
                layers.push(&s.options);
                self.push_class_and_global_options(&mut layers, &held);
                append_options(&mut reply, q, &layers, self.cfg.echo_client_id);
                self.set_fixed_fields(&mut reply, s, host.as_deref(), &held);
            }
            None => {
                // Kea adds no options to a reply without a subnet but the echoes.
                append_options(
                    &mut reply,
                    q,
                    &OptionLayers::default(),
                    self.cfg.echo_client_id,
                );
            }
        }
        let dest = destination(
            q,
            meta,
            MessageType::Ack,
            Ipv4Addr::UNSPECIFIED,
            self.ports,
            self.direct,
        );
        if !q.giaddr.is_unspecified() && q.ciaddr.is_unspecified() {
            reply.flags |= 0x8000;
        }
        if *dest.addr.ip() != q.giaddr {
            // Kea (`processInform`): answered directly, not through the relay.
            reply.hops = 0;
            reply.giaddr = Ipv4Addr::UNSPECIFIED;
            reply.options.retain(|(c, _)| *c != code::RELAY_AGENT_INFO);
        }
        Ok(Outcome::Reply {
            packet: Box::new(reply),
            dest,
        })
    }

    fn base_reply(&self, q: &Packet4, t: MessageType) -> Packet4 {
        let mut r = Packet4 {
            op: BOOTREPLY,
            htype: q.htype,
            hlen: q.hlen,
            hops: q.hops,
            xid: q.xid,
            secs: 0,
            flags: q.flags,
            giaddr: q.giaddr,
            chaddr: q.chaddr,
            ..Default::default()
        };
        r.options.push((code::MESSAGE_TYPE, vec![t as u8]));
        r
    }

    fn push_server_id(&self, r: &mut Packet4, meta: &PacketMeta, subnet: Option<&Subnet4>) {
        let configured = subnet
            .map(|s| s.options.as_slice())
            .unwrap_or_default()
            .iter()
            .chain(&self.cfg.global_options)
            .find(|o| o.code == code::SERVER_ID && o.vendor.is_none() && o.data.len() == 4)
            .map(|o| o.data.clone());
        let sid = configured.unwrap_or_else(|| meta.local_addr().octets().to_vec());
        r.options.push((code::SERVER_ID, sid));
    }

    /// The classes the query's network, subnet and (when it got an address)
    /// pool require, evaluated now (Kea's `requiredClassify`).
    fn require_classes(&self, query: &mut Query<'_>, s: &Subnet4, ip: Option<Ipv4Addr>) {
        let pool = ip.and_then(|a| s.pool_of(a));
        let names = s
            .classes
            .required
            .iter()
            .chain(pool.into_iter().flat_map(|p| &p.classes.required));
        classify::required(
            &self.cfg.client_classes,
            &query.view,
            query.classes,
            names,
            "DHCP4",
        );
    }

    /// The option sources after the subnet's: the classes the query holds
    /// (in packet order), then the global options.
    fn push_class_and_global_options<'a>(
        &'a self,
        layers: &mut OptionLayers<'a>,
        held: &[&'a ClientClass4],
    ) {
        for o in classify::option_sources(held) {
            layers.push(o);
        }
        layers.push(&self.cfg.global_options);
    }

    /// siaddr, sname and file: the subnet's, then field by field the first
    /// class that sets it, then the host reservation's.
    fn set_fixed_fields(
        &self,
        r: &mut Packet4,
        s: &Subnet4,
        host: Option<&Reservation4>,
        held: &[&ClientClass4],
    ) {
        let next = host
            .and_then(|h| h.next_server)
            .or_else(|| classify::first(held, |c| c.own.next_server))
            .unwrap_or(s.next_server);
        r.siaddr = next;
        let sname = host
            .and_then(|h| h.server_hostname.as_deref())
            .or_else(|| classify::first(held, |c| c.own.server_hostname.as_deref()))
            .unwrap_or(&s.server_hostname);
        if !sname.is_empty() {
            r.sname = fixed_field(sname);
        }
        let file = host
            .and_then(|h| h.boot_file_name.as_deref())
            .or_else(|| classify::first(held, |c| c.own.boot_file_name.as_deref()))
            .unwrap_or(&s.boot_file_name);
        if !file.is_empty() {
            r.file = fixed_field(file);
        }
    }

    fn lease_reply(
        &self,
        query: &mut Query<'_>,
        s: &Subnet4,
        hosts: &ClientHosts,
        t: MessageType,
        ip: Ipv4Addr,
        valid: u32,
    ) -> Outcome {
        let (q, meta) = (query.q, query.meta);
        let host = hosts.for_subnet(s);
        if s.shared_network.is_some() && !hosts.global() {
            // Kea adds a shared network subnet's reservation classes only
            // after allocation: options, not the pool.
            for c in host.iter().flat_map(|h| &h.client_classes) {
                query.classes.insert(c);
            }
        }
        self.require_classes(query, s, Some(ip));
        // The classes' definitions, looked up once for options and fields.
        let held = classify::held(&self.cfg.client_classes, query.classes);
        let mut r = self.base_reply(q, t);
        r.yiaddr = ip;
        if t == MessageType::Ack {
            r.ciaddr = q.ciaddr;
        }
        self.push_server_id(&mut r, meta, Some(s));
        r.options
            .push((code::LEASE_TIME, valid.to_be_bytes().to_vec()));
        push_tee_times(&mut r, s, valid);
        r.options
            .push((code::SUBNET_MASK, mask(s.prefix.prefix_len()).to_vec()));
        let mut layers = OptionLayers::default();
        if let Some(h) = &host {
            layers.push(&h.options);
        }
        if let Some(p) = s.pool_of(ip) {
            layers.push(&p.options);
        }
        layers.push(&s.options);
        self.push_class_and_global_options(&mut layers, &held);
        if let Some(name) = host.as_ref().and_then(|h| h.hostname.as_ref()) {
            // Kea 2.2 (`processHostnameOption`) sends a reserved hostname,
            // in lower case, whether the client asked for one or not.
            let name = name.to_ascii_lowercase();
            r.options.push((code::HOST_NAME, name.into_bytes()));
        }
        append_options(&mut r, q, &layers, self.cfg.echo_client_id);
        self.set_fixed_fields(&mut r, s, host.as_deref(), &held);
        let dest = destination(q, meta, t, ip, self.ports, self.direct);
        Outcome::Reply {
            packet: Box::new(r),
            dest,
        }
    }

    fn nak(
        &self,
        q: &Packet4,
        meta: &PacketMeta,
        subnet: Option<&Subnet4>,
        id: &str,
        why: &str,
    ) -> Outcome {
        info!(
            "{id} [hwaddr={}], cid=[{}], tid={:#x}: NAK for requested address {}: {why}",
            hex(q.hwaddr()),
            hex(q.client_id().unwrap_or(&[])),
            q.xid,
            q.requested_address().unwrap_or(q.ciaddr)
        );
        let mut r = self.base_reply(q, MessageType::Nak);
        self.push_server_id(&mut r, meta, subnet);
        append_echoes(&mut r, q, self.cfg.echo_client_id);
        // RFC 2131 §4.1 asks for the broadcast bit on relayed NAKs; Kea 2.2 leaves
        // the client's flags as they are (checked by tests/it/differential_kea.rs) and
        // relays broadcast a NAK anyway (yiaddr is 0). ruru matches Kea.
        let dest = destination(
            q,
            meta,
            MessageType::Nak,
            Ipv4Addr::UNSPECIFIED,
            self.ports,
            self.direct,
        );
        Outcome::Reply {
            packet: Box::new(r),
            dest,
        }
    }

    /// The lease a client would get renewed (used by tests and commands).
    pub async fn lease_of(&self, addr: Ipv4Addr) -> R<Option<Lease4>, S> {
        self.engine
            .store()
            .get4(addr)
            .await
            .map_err(AllocError::Store)
    }
}

/// The server identifiers (option 54) set in the configuration's global or
/// subnet options: a query carrying one of them is for this server.
fn configured_server_ids(cfg: &Dhcp4Config) -> HashSet<Ipv4Addr> {
    let scopes = std::iter::once(&cfg.global_options).chain(cfg.subnets.iter().map(|s| &s.options));
    scopes
        .flat_map(|opts: &Vec<OptionData>| opts.iter())
        .filter(|o| o.code == code::SERVER_ID && o.vendor.is_none())
        .filter_map(|o| <[u8; 4]>::try_from(o.data.as_slice()).ok())
        .map(Ipv4Addr::from)
        .collect()
}

fn push_tee_times(r: &mut Packet4, s: &Subnet4, valid: u32) {
    // Kea rounds (`setTeeTimes`): 0.5 x 4001 = 2001.
    let calc = |pct: f64| (pct * f64::from(valid)).round() as u32;
    let t2 = s
        .rebind_timer
        .or_else(|| s.calculate_tee_times.then(|| calc(s.t2_percent)));
    let mut ceiling = valid;
    let mut out = Vec::new();
    if let Some(t2) = t2.filter(|t| *t > 0 && *t < valid) {
        out.push((code::REBINDING_TIME, t2));
        ceiling = t2;
    }
    let t1 = s
        .renew_timer
        .or_else(|| s.calculate_tee_times.then(|| calc(s.t1_percent)));
    if let Some(t1) = t1.filter(|t| *t > 0 && *t < ceiling) {
        r.options
            .push((code::RENEWAL_TIME, t1.to_be_bytes().to_vec()));
    }
    for (c, v) in out {
        r.options.push((c, v.to_be_bytes().to_vec()));
    }
}

/// Option 51 as Kea reads it (`getValidLft`): 0 means "not asked".
fn requested_lifetime(q: &Packet4) -> Option<u32> {
    q.option_u32(code::LEASE_TIME).filter(|v| *v > 0)
}

/// Kea's `sanityCheck`: what makes a query unacceptable whatever the state.
fn sanity_check(q: &Packet4, t: MessageType) -> Option<&'static str> {
    if t == MessageType::Discover && q.option(code::SERVER_ID).is_some() {
        return Some("Server-id option was not expected, but received");
    }
    if q.hwaddr().is_empty() && q.client_id().is_none() {
        return Some("Missing or useless client-id and no HW address provided");
    }
    None
}

fn mask(prefix_len: u8) -> [u8; 4] {
    let m: u32 = if prefix_len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix_len))
    };
    m.to_be_bytes()
}

/// Kea's label of a query in its log messages (`Pkt4::getLabel`):
/// `[hwtype=1 aa:bb:cc:dd:ee:ff], cid=[01:aa:…], tid=0x…`.
pub fn label(q: &Packet4) -> String {
    let hw = if q.hwaddr().is_empty() {
        "no hwaddr info".to_string()
    } else {
        format!("hwtype={} {}", q.htype, hex(q.hwaddr()))
    };
    let cid = q.client_id().map_or_else(|| "no info".to_string(), hex);
    format!("[{hw}], cid=[{cid}], tid={:#x}", q.xid)
}

/// Kea's statistic for a received message type.
pub fn received_stat(t: MessageType) -> &'static str {
    match t {
        MessageType::Discover => "pkt4-discover-received",
        MessageType::Offer => "pkt4-offer-received",
        MessageType::Request => "pkt4-request-received",
        MessageType::Decline => "pkt4-decline-received",
        MessageType::Ack => "pkt4-ack-received",
        MessageType::Nak => "pkt4-nak-received",
        MessageType::Release => "pkt4-release-received",
        MessageType::Inform => "pkt4-inform-received",
    }
}

/// Kea's statistic for a sent message type.
pub fn sent_stat(t: MessageType) -> Option<&'static str> {
    match t {
        MessageType::Offer => Some("pkt4-offer-sent"),
        MessageType::Ack => Some("pkt4-ack-sent"),
        MessageType::Nak => Some("pkt4-nak-sent"),
        _ => None,
    }
}

/// Every pkt4 statistic Kea initialises to 0 at startup.
pub const PACKET_STATS: &[&str] = &[
    "pkt4-received",
    "pkt4-discover-received",
    "pkt4-offer-received",
    "pkt4-request-received",
    "pkt4-ack-received",
    "pkt4-nak-received",
    "pkt4-release-received",
    "pkt4-decline-received",
    "pkt4-inform-received",
    "pkt4-unknown-received",
    "pkt4-sent",
    "pkt4-offer-sent",
    "pkt4-ack-sent",
    "pkt4-nak-sent",
    "pkt4-parse-failed",
    "pkt4-receive-drop",
];

/// Lower-case colon-separated hex, as Kea logs hardware addresses.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 3);
    for (i, x) in b.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{x:02x}"));
    }
    s
}
