//! DHCPv6 message handling (RFC 8415 as Kea 2.2 does it): query in, reply
//! (or a reasoned drop) out. No sockets: the listener hands in a decoded
//! [`Packet6`] and its [`Meta6`], and sends the [`Outcome6`].

use std::collections::BTreeSet;
use std::net::{Ipv6Addr, SocketAddrV6};
use std::sync::{Arc, Mutex};

use log::debug;

use super::ia::{status_option, Ia, IaAddr, IaPrefix, Status};
use super::mac_sources;
use super::packet::{msg, opt, parse_options, type_name, Message6, Opt6, Packet6, RelayLevel};
use super::packet_view::{vendor_class, View6};
use super::subnet_select::{select_subnet, Meta6};
use crate::backends::lease6::{Lease6, LeaseType};
use crate::backends::{HostStore, Lease6Store};
use crate::config::model::Lifetime;
use crate::config::model6::{Dhcp6Config, OptionData6, Reservation6, Subnet6};
use crate::dhcp::alloc::hosts6::client_hosts6;
use crate::dhcp::alloc::{AllocEngine6, AllocError, Client6, IaRequest};
use crate::dhcp::{classify, vendor_options};
use crate::expression::ClassSet;
use crate::stats::Stats;

/// DHCPv6 server port (relays are answered there).
pub const SERVER_PORT: u16 = 547;
/// DHCPv6 client port.
pub const CLIENT_PORT: u16 = 546;

/// Why a query got no reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drop6Reason {
    /// A type a server never answers (ADVERTISE, REPLY, RECONFIGURE, unknown).
    UnexpectedType(u8),
    /// Kea's `sanityCheck`: a mandatory option missing or a forbidden one present.
    RfcViolation(&'static str),
    /// Carries another server's identifier.
    NotForUs,
    /// SOLICIT/CONFIRM/REBIND/INFORMATION-REQUEST sent to a unicast address.
    Unicast,
    /// CONFIRM without addresses, or with no subnet to judge them by.
    NothingToConfirm,
    /// The query is a member of the class `DROP`.
    DropClass,
}

/// The result of processing one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome6 {
    /// Send `packet` to `dest`.
    Reply {
        /// The reply (wrapped in RELAY-REPL levels when relayed).
        packet: Box<Packet6>,
        /// Relay's source address port 547, or the client's port 546.
        dest: SocketAddrV6,
    },
    /// Send nothing.
    Drop(Drop6Reason),
}

type R<T, S> = Result<T, AllocError<<S as Lease6Store>::Error>>;

/// The DHCPv6 server logic for one configuration generation.
#[derive(Debug)]
pub struct Dhcp6Server<S, H> {
    cfg: Arc<Dhcp6Config>,
    engine: AllocEngine6<S, H>,
    stats: Arc<Stats>,
    server_duid: Vec<u8>,
}

/// A subnet the query may be served from, with the client's reservation there.
type Candidate<'a> = (&'a Subnet6, Option<Arc<Reservation6>>);

/// Per-query context shared by the handlers.
struct Ctx<'a> {
    q: &'a Message6,
    subnet: Option<&'a Subnet6>,
    /// The selected subnet then the other subnets of its shared network, each
    /// with the client's reservation there (only the selected one for queries
    /// that allocate nothing).
    network: Vec<Candidate<'a>>,
    duid: &'a [u8],
    hwaddr: Vec<u8>,
    host: Option<Arc<Reservation6>>,
    /// The client's leases by DUID once read (shared-network ordering needs
    /// them for each IA), kept current with what this query stores.
    duid_leases: Mutex<Option<Vec<Lease6>>>,
    /// The classes the query holds (before the required ones).
    classes: ClassSet,
    /// The query as expressions read it.
    view: View6<'a>,
    /// The first valid lifetime triplet its classes set.
    valid: Option<Lifetime>,
    /// The first preferred lifetime triplet its classes set.
    preferred: Option<Lifetime>,
}

impl Ctx<'_> {
    /// Records a lease this query stored in the leases read by DUID, as a
    /// new read would return it.
    fn stored(&self, lease: &Lease6) {
        let mut known = self.duid_leases.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(leases) = known.as_mut() {
            let same = |l: &Lease6| l.lease_type == lease.lease_type && l.address == lease.address;
            match leases.iter_mut().find(|l| same(l)) {
                Some(l) => *l = lease.clone(),
                None => leases.push(lease.clone()),
            }
        }
    }
}

impl<S: Lease6Store, H: HostStore> Dhcp6Server<S, H> {
    /// Server logic for `cfg` over `store`, answering as `server_duid`,
    /// without hosts databases.
    pub fn new(
        cfg: Arc<Dhcp6Config>,
        store: Arc<S>,
        stats: Arc<Stats>,
        server_duid: Vec<u8>,
    ) -> Self {
        Self::with_hosts(cfg, store, Vec::new(), stats, server_duid)
    }
}

impl<S: Lease6Store, H: HostStore> Dhcp6Server<S, H> {
    /// Server logic for `cfg` over `store` that looks reservations up in the
    /// configuration file, then in each of `host_dbs`.
    pub fn with_hosts(
        cfg: Arc<Dhcp6Config>,
        store: Arc<S>,
        host_dbs: Vec<Arc<H>>,
        stats: Arc<Stats>,
        server_duid: Vec<u8>,
    ) -> Self {
        Self {
            engine: AllocEngine6::with_hosts(store, host_dbs, stats.clone()),
            cfg,
            stats,
            server_duid,
        }
    }

    /// The configuration this server runs.
    pub fn config(&self) -> &Arc<Dhcp6Config> {
        &self.cfg
    }

    /// The allocation engine.
    pub fn engine(&self) -> &AllocEngine6<S, H> {
        &self.engine
    }

    /// The server's DUID.
    pub fn server_duid(&self) -> &[u8] {
        &self.server_duid
    }

    /// Processes one query at `now` (epoch seconds). A store error fails the
    /// query (no reply), never a half-stored answer.
    pub async fn process(&self, p: &Packet6, meta: &Meta6, now: i64) -> R<Outcome6, S> {
        let q = &p.message;
        let t = q.msg_type;
        self.stats
            .inc(received_stat(t).unwrap_or("pkt6-unknown-received"));
        let outcome = self.dispatch(p, meta, now).await?;
        if let Outcome6::Drop(why) = &outcome {
            debug!("DHCP6_PACKET_DROP {} dropped: {why:?}", type_name(t));
        }
        Ok(outcome)
    }

    async fn dispatch(&self, p: &Packet6, meta: &Meta6, now: i64) -> R<Outcome6, S> {
        let q = &p.message;
        let t = q.msg_type;
        if !matches!(
            t,
            msg::SOLICIT
                | msg::REQUEST
                | msg::CONFIRM
                | msg::RENEW
                | msg::REBIND
                | msg::RELEASE
                | msg::DECLINE
                | msg::INFORMATION_REQUEST
        ) {
            return Ok(Outcome6::Drop(Drop6Reason::UnexpectedType(t)));
        }
        // Kea's testUnicast: these must be multicast (or relayed).
        if meta.unicast
            && !p.is_relayed()
            && matches!(
                t,
                msg::SOLICIT | msg::CONFIRM | msg::REBIND | msg::INFORMATION_REQUEST
            )
        {
            return Ok(Outcome6::Drop(Drop6Reason::Unicast));
        }
        if let Some(why) = self.sanity_check(q) {
            return Ok(Outcome6::Drop(why));
        }
        let view = View6 { p, meta };
        let all = &self.cfg.client_classes;
        let mut classes = classify::early(all, &view, vendor_class(p).as_deref());
        if classes.contains(classify::DROP) {
            debug!(
                "DHCP6_PACKET_DROP_DROP_CLASS dropped as member of the special class 'DROP': {}",
                label(q)
            );
            self.stats.inc("pkt6-receive-drop");
            return Ok(Outcome6::Drop(Drop6Reason::DropClass));
        }
        let subnet = select_subnet(&self.cfg, p, meta, &classes);
        let duid = q.option(opt::CLIENTID).unwrap_or(&[]);
        let hwaddr = mac_sources::hwaddr(p, meta.source, &self.cfg.mac_sources);
        // Queries that allocate may use the whole shared network; the others
        // only the selected subnet. One host lookup covers them all.
        let subnets: Vec<&Subnet6> = match subnet {
            Some(s) if matches!(t, msg::SOLICIT | msg::REQUEST | msg::RENEW | msg::REBIND) => {
                self.cfg.network_of(s, &classes)
            }
            Some(s) => vec![s],
            None => Vec::new(),
        };
        let hosts =
            client_hosts6(&self.cfg, self.engine.host_dbs(), &subnets, duid, &hwaddr).await?;
        let mut network: Vec<Candidate<'_>> = subnets.into_iter().zip(hosts).collect();
        let host = network.first().and_then(|(_, h)| h.clone());
        // Without a subnet the client is UNKNOWN (Kea classifies it all the same).
        let known = network.iter().any(|(_, h)| h.is_some());
        let in_network = subnet.is_some_and(|s| s.shared_network.is_some());
        let reserved: &[String] = match &host {
            Some(h) if !in_network => &h.client_classes,
            _ => &[],
        };
        classify::after_host_lookup(all, &view, &mut classes, reserved, known);
        if in_network {
            // Kea adds a shared network subnet's reservation classes only
            // after allocation: options, not the pool.
            for c in host.iter().flat_map(|h| &h.client_classes) {
                classes.insert(c);
            }
        }
        if classes.contains(classify::DROP) {
            debug!("DHCP6_PACKET_DROP_DROP_CLASS2 dropped as member of the special class 'DROP' after host reservation lookup: {}", label(q));
            self.stats.inc("pkt6-receive-drop");
            return Ok(Outcome6::Drop(Drop6Reason::DropClass));
        }
        // The final classes decide which of the network's subnets the
        // client may allocate from (Kea's allocation re-checks the guards).
        network.retain(|(s, _)| s.classes.admits(&classes));
        classify::log_assigned("DHCP6", || label(q), &self.cfg.client_classes, &classes);
        let held = classify::held(all, &classes);
        let ctx = Ctx {
            valid: classify::first(&held, |c| c.valid_lifetime),
            preferred: classify::first(&held, |c| c.own),
            classes,
            view,
            q,
            subnet,
            network,
            duid,
            hwaddr,
            host,
            duid_leases: Mutex::new(None),
        };
        let reply = match t {
            msg::SOLICIT => self.solicit(&ctx, now).await?,
            msg::REQUEST => Some(self.request(&ctx, now).await?),
            msg::RENEW | msg::REBIND => Some(self.renew(&ctx, t == msg::REBIND, now).await?),
            msg::RELEASE => Some(self.release(&ctx).await?),
            msg::DECLINE => Some(self.decline(&ctx, now).await?),
            msg::CONFIRM => self.confirm(&ctx),
            _ => Some(self.information(&ctx)),
        };
        let Some(mut reply) = reply else {
            return Ok(Outcome6::Drop(Drop6Reason::NothingToConfirm));
        };
        self.append_relay_supplied(&ctx, &mut reply);
        Ok(self.wrap(p, meta, reply))
    }

    /// Kea's `sanityCheck` and server-id test.
    fn sanity_check(&self, q: &Message6) -> Option<Drop6Reason> {
        let client_ids = q.options_of(opt::CLIENTID).count();
        let server_ids: Vec<&[u8]> = q.options_of(opt::SERVERID).collect();
        let t = q.msg_type;
        if t != msg::INFORMATION_REQUEST && client_ids != 1 {
            return Some(Drop6Reason::RfcViolation(
                "exactly one client-id is mandatory",
            ));
        }
        if client_ids > 1 {
            return Some(Drop6Reason::RfcViolation("more than one client-id"));
        }
        match t {
            msg::SOLICIT | msg::CONFIRM | msg::REBIND => {
                if !server_ids.is_empty() {
                    return Some(Drop6Reason::RfcViolation("server-id is forbidden"));
                }
            }
            msg::REQUEST | msg::RENEW | msg::RELEASE | msg::DECLINE => {
                if server_ids.len() != 1 {
                    return Some(Drop6Reason::RfcViolation(
                        "exactly one server-id is mandatory",
                    ));
                }
            }
            _ => {
                if server_ids.len() > 1 {
                    return Some(Drop6Reason::RfcViolation("more than one server-id"));
                }
            }
        }
        if let Some(sid) = server_ids.first() {
            if *sid != self.server_duid.as_slice() {
                return Some(Drop6Reason::NotForUs);
            }
        }
        None
    }

    fn base_reply(&self, ctx: &Ctx<'_>, t: u8) -> Message6 {
        let mut r = Message6::new(t, ctx.q.transaction_id);
        r.push(opt::SERVERID, self.server_duid.clone());
        if !ctx.duid.is_empty() {
            r.push(opt::CLIENTID, ctx.duid.to_vec());
        }
        r
    }

    async fn solicit(&self, ctx: &Ctx<'_>, now: i64) -> R<Option<Message6>, S> {
        let rapid =
            ctx.q.option(opt::RAPID_COMMIT).is_some() && ctx.subnet.is_some_and(|s| s.rapid_commit);
        let t = if rapid { msg::REPLY } else { msg::ADVERTISE };
        let mut r = self.base_reply(ctx, t);
        if rapid {
            r.push(opt::RAPID_COMMIT, Vec::new());
        }
        self.assign_all(ctx, &mut r, !rapid, now).await?;
        self.append_options(ctx, &mut r);
        Ok(Some(r))
    }

    async fn request(&self, ctx: &Ctx<'_>, now: i64) -> R<Message6, S> {
        let mut r = self.base_reply(ctx, msg::REPLY);
        self.assign_all(ctx, &mut r, false, now).await?;
        self.append_options(ctx, &mut r);
        Ok(r)
    }

    /// Every IA_NA and IA_PD of the query, answered in order.
    async fn assign_all(&self, ctx: &Ctx<'_>, r: &mut Message6, fake: bool, now: i64) -> R<(), S> {
        for ia in Ia::all_in(&ctx.q.options) {
            let answer = self.assign_one(ctx, &ia, fake, now).await?;
            r.options.push(answer.encode());
        }
        Ok(())
    }

    async fn assign_one(&self, ctx: &Ctx<'_>, ia: &Ia, fake: bool, now: i64) -> R<Ia, S> {
        let (lease_type, fail, text) = kind(ia.code);
        let mut out = Ia::new(ia.code, ia.iaid);
        if ctx.subnet.is_none() {
            out.options.push(status_option(
                fail,
                "Server could not select subnet for this client",
            ));
            return Ok(out);
        }
        let req = ia_request(ia);
        match self
            .allocate_in_network(ctx, lease_type, &req, fake, now)
            .await?
        {
            Some((lease, subnet)) => self.fill(&mut out, subnet, &[lease]),
            None => out.options.push(status_option(fail, text)),
        }
        Ok(out)
    }

    /// Kea's shared-network allocation (`allocateLeases6`): the subnet
    /// holding the client's lease for this IA first; else the one holding its
    /// reservation when the selected subnet has none; else the one whose pool
    /// holds the client's first hint; else the network's preferred subnet
    /// (the one that allocated last), then the others by subnet id, wrapping.
    /// The first lease given wins. Returns it and the subnet whose T1/T2
    /// apply: its own, except for a lease the client already held in a
    /// sibling, which (as in Kea) keeps the selected one's.
    async fn allocate_in_network<'c>(
        &self,
        ctx: &'c Ctx<'c>,
        lease_type: LeaseType,
        req: &IaRequest,
        fake: bool,
        now: i64,
    ) -> R<Option<(Lease6, &'c Subnet6)>, S> {
        let (order, held) = self.network_order(ctx, lease_type, req).await?;
        for (k, (s, host)) in order.into_iter().enumerate() {
            let client = client6(ctx, host);
            if let Some(l) = self
                .engine
                .allocate(s, lease_type, client, req, fake, now)
                .await?
            {
                if !fake {
                    ctx.stored(&l);
                }
                let tee = match ctx.network.first() {
                    Some((selected, _)) if held && k == 0 => *selected,
                    _ => *s,
                };
                return Ok(Some((l, tee)));
            }
        }
        Ok(None)
    }

    /// The candidate subnets in the order to try them (see
    /// [`Self::allocate_in_network`]), and whether the first one holds the
    /// client's lease; one lease lookup by DUID when the selected subnet is
    /// in a shared network.
    async fn network_order<'c>(
        &self,
        ctx: &'c Ctx<'c>,
        lease_type: LeaseType,
        req: &IaRequest,
    ) -> R<(Vec<&'c Candidate<'c>>, bool), S> {
        let mut order: Vec<&Candidate<'_>> = ctx.network.iter().collect();
        if order.len() < 2 {
            return Ok((order, false));
        }
        let leases = self.leases_by_duid(ctx).await?;
        let holder = leases
            .iter()
            .filter(|l| l.lease_type == lease_type && l.belongs_to(ctx.duid, req.iaid))
            .find_map(|l| order.iter().position(|(s, _)| s.id == l.subnet_id));
        let reserved = || {
            order[0]
                .1
                .is_none()
                .then(|| order.iter().position(|(_, h)| h.is_some()))
                .flatten()
        };
        let hinted = || {
            let &(a, len) = req.hints.first()?;
            order.iter().position(|(s, _)| match lease_type {
                LeaseType::Pd => s.pd_pool_of(a, len).is_some(),
                _ => s.pool_of(a).is_some(),
            })
        };
        let first = match holder.or_else(reserved).or_else(hinted) {
            Some(k) => k,
            None => {
                // Preferred subnet first, then the others by id, wrapping.
                order.sort_by_key(|(s, _)| s.id);
                let ids: Vec<u32> = order.iter().map(|(s, _)| s.id).collect();
                let selected = ctx.network[0].0.id;
                let preferred = self
                    .engine
                    .preferred_subnet(&ids, lease_type)
                    .unwrap_or(selected);
                let k = ids.iter().position(|id| *id == preferred).unwrap_or(0);
                order.rotate_left(k);
                return Ok((order, false));
            }
        };
        let c = order.remove(first);
        order.insert(0, c);
        Ok((order, holder.is_some()))
    }

    /// The client's leases by DUID: read from the store once per query.
    async fn leases_by_duid(&self, ctx: &Ctx<'_>) -> R<Vec<Lease6>, S> {
        let known = ctx
            .duid_leases
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(leases) = known {
            return Ok(leases);
        }
        let leases = self
            .engine
            .store()
            .get6_by_duid(ctx.duid)
            .await
            .map_err(AllocError::Store)?;
        *ctx.duid_leases.lock().unwrap_or_else(|p| p.into_inner()) = Some(leases.clone());
        Ok(leases)
    }

    /// Puts leases into `out` and sets T1/T2 from the smallest preferred lifetime.
    fn fill(&self, out: &mut Ia, subnet: &Subnet6, leases: &[Lease6]) {
        let mut min_pref = u32::MAX;
        for l in leases {
            min_pref = min_pref.min(l.preferred_lifetime);
            match l.lease_type {
                LeaseType::Pd => out.prefixes.push(IaPrefix {
                    preferred: l.preferred_lifetime,
                    valid: l.valid_lifetime,
                    prefix_len: l.prefix_len,
                    prefix: l.address,
                    options: Vec::new(),
                }),
                _ => out.addresses.push(IaAddr {
                    address: l.address,
                    preferred: l.preferred_lifetime,
                    valid: l.valid_lifetime,
                    options: Vec::new(),
                }),
            }
        }
        if !leases.is_empty() {
            (out.t1, out.t2) = tee_times(subnet, min_pref);
        }
    }

    async fn renew(&self, ctx: &Ctx<'_>, rebind: bool, now: i64) -> R<Message6, S> {
        let mut r = self.base_reply(ctx, msg::REPLY);
        for ia in Ia::all_in(&ctx.q.options) {
            let (lease_type, _, _) = kind(ia.code);
            let mut out = Ia::new(ia.code, ia.iaid);
            if ctx.subnet.is_none() {
                out.options.push(status_option(
                    Status::NoBinding,
                    "Sorry, no known leases for this duid/iaid/subnet.",
                ));
                if rebind {
                    zero_lifetimes(&ia, &mut out, |_| false);
                }
                r.options.push(out.encode());
                continue;
            };
            let req = ia_request(&ia);
            let mut granted = Vec::new();
            let mut granted_in = None;
            for &(a, len) in &req.hints {
                // The subnet of the network the binding belongs to.
                let Some((subnet, host)) = ctx
                    .network
                    .iter()
                    .find(|(s, _)| holds(s, lease_type, a, len))
                    .or(ctx.network.first())
                else {
                    continue;
                };
                if let Some(l) = self
                    .engine
                    .extend(subnet, lease_type, client6(ctx, host), &req, a, now)
                    .await?
                {
                    ctx.stored(&l);
                    granted.push(l);
                    granted_in = granted_in.or(Some(*subnet));
                }
            }
            if granted.is_empty() {
                // No known binding: Kea's renewLeases6 allocates afresh.
                if let Some((l, s)) = self
                    .allocate_in_network(ctx, lease_type, &req, false, now)
                    .await?
                {
                    granted.push(l);
                    granted_in = Some(s);
                }
            }
            match granted_in {
                Some(subnet) => self.fill(&mut out, subnet, &granted),
                None => {
                    let (_, fail, text) = kind(ia.code);
                    out.options.push(status_option(fail, text));
                }
            }
            // Addresses the client still lists but no longer has: lifetimes 0.
            zero_lifetimes(&ia, &mut out, |a| granted.iter().any(|l| l.address == a));
            r.options.push(out.encode());
        }
        self.append_options(ctx, &mut r);
        Ok(r)
    }

    async fn release(&self, ctx: &Ctx<'_>) -> R<Message6, S> {
        let mut r = self.base_reply(ctx, msg::REPLY);
        let mut general = Status::Success;
        for ia in Ia::all_in(&ctx.q.options) {
            let (lease_type, _, _) = kind(ia.code);
            let mut out = Ia::new(ia.code, ia.iaid);
            let targets: Vec<Ipv6Addr> = ia
                .addresses
                .iter()
                .map(|a| a.address)
                .chain(ia.prefixes.iter().map(|p| p.prefix))
                .collect();
            let mut ok = !targets.is_empty();
            for a in targets {
                ok &= self
                    .engine
                    .release(lease_type, ctx.duid, ia.iaid, a)
                    .await?;
            }
            if ok {
                out.options.push(status_option(
                    Status::Success,
                    "Lease released. Thank you, please come again.",
                ));
            } else {
                general = Status::NoBinding;
                out.options.push(status_option(
                    Status::NoBinding,
                    "Sorry, no known leases for this duid/iaid, can't release.",
                ));
            }
            r.options.push(out.encode());
        }
        let text = if general == Status::Success {
            "Summary status for all processed IA_NAs"
        } else {
            "Summary status for all processed IA_NAs: some leases were not released"
        };
        r.options.push(status_option(general, text));
        Ok(r)
    }

    async fn decline(&self, ctx: &Ctx<'_>, now: i64) -> R<Message6, S> {
        let mut r = self.base_reply(ctx, msg::REPLY);
        for o in &ctx.q.options {
            if o.code != opt::IA_NA {
                continue;
            }
            let Some(ia) = Ia::decode(o.code, &o.data) else {
                continue;
            };
            let mut out = Ia::new(ia.code, ia.iaid);
            let mut ok = !ia.addresses.is_empty();
            for a in &ia.addresses {
                ok &= self
                    .engine
                    .decline(
                        ctx.duid,
                        ia.iaid,
                        a.address,
                        self.cfg.decline_probation_period,
                        now,
                    )
                    .await?;
            }
            out.options.push(if ok {
                status_option(
                    Status::Success,
                    "Lease declined. Hopefully the next one will be better.",
                )
            } else {
                status_option(
                    Status::NoBinding,
                    "Server does not know about such an address.",
                )
            });
            r.options.push(out.encode());
        }
        Ok(r)
    }

    fn confirm(&self, ctx: &Ctx<'_>) -> Option<Message6> {
        let addresses: Vec<Ipv6Addr> = ctx
            .q
            .options
            .iter()
            .filter(|o| o.code == opt::IA_NA || o.code == opt::IA_TA)
            .filter_map(|o| Ia::decode(opt::IA_NA, &o.data))
            .flat_map(|ia| ia.addresses.into_iter().map(|a| a.address))
            .collect();
        let subnet = ctx.subnet?;
        if addresses.is_empty() {
            return None;
        }
        let mut r = self.base_reply(ctx, msg::REPLY);
        let network = self.cfg.network_of(subnet, &ctx.classes);
        let on_link = |a: &Ipv6Addr| network.iter().any(|s| s.prefix.contains(a));
        if addresses.iter().all(on_link) {
            r.options
                .push(status_option(Status::Success, "All addresses are on-link."));
        } else {
            r.options.push(status_option(
                Status::NotOnLink,
                "Some of the addresses are not on link.",
            ));
        }
        self.append_options(ctx, &mut r);
        Some(r)
    }

    fn information(&self, ctx: &Ctx<'_>) -> Message6 {
        let mut r = self.base_reply(ctx, msg::REPLY);
        self.append_options(ctx, &mut r);
        r
    }

    /// Options the client asked for (ORO) or marked always-send, from the
    /// first source that has them: host, subnet (over its shared network),
    /// the query's classes in order (the required ones evaluated now, from
    /// the network, the subnet and the pools of the leases in `r`), global.
    fn append_options(&self, ctx: &Ctx<'_>, r: &mut Message6) {
        let requested = ctx.q.requested_options();
        let mut classes = ctx.classes.clone();
        if let Some(s) = ctx.subnet {
            let ias: Vec<Ia> = Ia::all_in(&r.options).collect();
            let mut names: Vec<&String> = s.classes.required.iter().collect();
            for ia in &ias {
                for a in &ia.addresses {
                    names.extend(
                        s.pool_of(a.address)
                            .into_iter()
                            .flat_map(|p| &p.classes.required),
                    );
                }
                for p in &ia.prefixes {
                    let pool = s.pd_pool_of(p.prefix, p.prefix_len);
                    names.extend(pool.into_iter().flat_map(|p| &p.classes.required));
                }
            }
            classify::required(
                &self.cfg.client_classes,
                &ctx.view,
                &mut classes,
                names,
                "DHCP6",
            );
        }
        let subnet_opts: &[OptionData6] = ctx.subnet.map_or(&[], |s| s.options.as_slice());
        let host_opts: &[OptionData6] = ctx.host.as_ref().map_or(&[], |h| h.options.as_slice());
        let class_opts =
            classify::option_sources(&classify::held(&self.cfg.client_classes, &classes));
        // Kea (`buildCfgOptionList`): the options of the pool of each address
        // and prefix handed out, after the host's and before the subnet's.
        let pool_opts: Vec<&[OptionData6]> = match ctx.subnet {
            None => Vec::new(),
            Some(s) => Ia::all_in(&r.options)
                .flat_map(|ia| {
                    let addrs = ia
                        .addresses
                        .iter()
                        .filter(|a| a.valid > 0)
                        .filter_map(|a| s.pool_of(a.address).map(|p| p.options.as_slice()))
                        .collect::<Vec<_>>();
                    let prefixes = ia
                        .prefixes
                        .iter()
                        .filter(|p| p.valid > 0)
                        .filter_map(|p| {
                            s.pd_pool_of(p.prefix, p.prefix_len)
                                .map(|p| p.options.as_slice())
                        })
                        .collect::<Vec<_>>();
                    addrs.into_iter().chain(prefixes)
                })
                .filter(|o| !o.is_empty())
                .collect(),
        };
        let sources: Vec<&[OptionData6]> = [host_opts]
            .into_iter()
            .chain(pool_opts)
            .chain([subnet_opts])
            .chain(class_opts)
            .chain([self.cfg.global_options.as_slice()])
            .collect();
        // Kea (`appendRequestedOptions`): the requested and the always-send
        // codes, in ascending order, each from the first source that has it.
        let always = sources
            .iter()
            .flat_map(|l| l.iter())
            .filter(|o| o.always_send && o.vendor.is_none());
        let codes: BTreeSet<u16> = requested
            .iter()
            .copied()
            .chain(always.map(|o| o.code))
            .collect();
        for c in codes {
            if r.option(c).is_some() {
                continue;
            }
            let found = sources
                .iter()
                .find_map(|l| l.iter().find(|o| o.code == c && o.vendor.is_none()));
            if let Some(o) = found {
                r.options.push(Opt6::new(c, o.data.clone()));
            }
        }
        let vendor = vendor_options::V6.code;
        let query: Vec<&[u8]> = ctx.q.options_of(vendor).collect();
        let in_reply: Vec<Vec<u8>> = r.options_of(vendor).map(<[u8]>::to_vec).collect();
        if !query.is_empty() || !in_reply.is_empty() {
            // Those already in the reply keep their place, filled in.
            let mut built =
                vendor_options::build(vendor_options::V6, &query, &in_reply, &sources).into_iter();
            for o in r.options.iter_mut().filter(|o| o.code == vendor) {
                if let Some(v) = built.next() {
                    o.data = v;
                }
            }
            r.options.extend(built.map(|v| Opt6::new(vendor, v)));
        }
    }

    /// RFC 6422: the options the relays supplied in their RSOO (66), of the
    /// codes `relay-supplied-options` allows, that the reply lacks; the
    /// relay closest to the client first (Kea's `processRSOO`).
    fn append_relay_supplied(&self, ctx: &Ctx<'_>, r: &mut Message6) {
        let allowed = &self.cfg.relay_supplied_options;
        for level in ctx.view.p.relays.iter().rev() {
            let Some(rsoo) = level.option(opt::RSOO) else {
                continue;
            };
            let Ok(supplied) = parse_options(rsoo, 0) else {
                continue;
            };
            for o in supplied {
                if allowed.contains(&o.code) && r.option(o.code).is_none() {
                    r.options.push(o);
                }
            }
        }
    }

    /// Wraps the reply in RELAY-REPL levels (same hop count, link and peer
    /// addresses, Interface-Id and Relay Source Port echoed) and picks the
    /// destination: the relay's source port when it sent Relay Source Port
    /// (RFC 8357), else 547; the client's port 546 when not relayed.
    fn wrap(&self, p: &Packet6, meta: &Meta6, reply: Message6) -> Outcome6 {
        let relays: Vec<RelayLevel> = p
            .relays
            .iter()
            .map(|l| RelayLevel {
                msg_type: msg::RELAY_REPL,
                hop_count: l.hop_count,
                link_address: l.link_address,
                peer_address: l.peer_address,
                options: l
                    .options
                    .iter()
                    .filter(|o| o.code == opt::INTERFACE_ID || o.code == opt::RELAY_SOURCE_PORT)
                    .cloned()
                    .collect(),
            })
            .collect();
        let port = match p.relays.first() {
            None => CLIENT_PORT,
            Some(r) if r.option(opt::RELAY_SOURCE_PORT).is_some() => meta.source_port,
            Some(_) => SERVER_PORT,
        };
        Outcome6::Reply {
            packet: Box::new(Packet6 {
                relays,
                message: reply,
            }),
            dest: SocketAddrV6::new(meta.source, port, 0, 0),
        }
    }
}

/// The client as the engine sees it, with its reservation in one subnet.
fn client6<'a>(ctx: &'a Ctx<'a>, host: &'a Option<Arc<Reservation6>>) -> Client6<'a> {
    Client6 {
        duid: ctx.duid,
        hwaddr: &ctx.hwaddr,
        host: host.as_deref(),
        classes: &ctx.classes,
        valid: ctx.valid,
        preferred: ctx.preferred,
    }
}

/// True when the lease `a`/`len` of `t` would belong to `s`: an address in
/// its prefix, a prefix in one of its PD pools.
fn holds(s: &Subnet6, t: LeaseType, a: Ipv6Addr, len: u8) -> bool {
    match t {
        LeaseType::Pd => s.pd_pool_of(a, len).is_some() || s.prefix.contains(&a),
        _ => s.prefix.contains(&a),
    }
}

/// Lease type, failure status and Kea's text for an IA option code.
fn kind(code: u16) -> (LeaseType, Status, &'static str) {
    if code == opt::IA_PD {
        (
            LeaseType::Pd,
            Status::NoPrefixAvail,
            "Sorry, no prefixes could be allocated.",
        )
    } else {
        (
            LeaseType::Na,
            Status::NoAddrsAvail,
            "Sorry, no address could be allocated.",
        )
    }
}

fn ia_request(ia: &Ia) -> IaRequest {
    let mut req = IaRequest {
        iaid: ia.iaid,
        ..IaRequest::default()
    };
    for a in &ia.addresses {
        req.hints.push((a.address, 128));
        if req.valid_hint == 0 {
            (req.preferred_hint, req.valid_hint) = (a.preferred, a.valid);
        }
    }
    for p in &ia.prefixes {
        req.hints.push((p.prefix, p.prefix_len));
        if req.valid_hint == 0 {
            (req.preferred_hint, req.valid_hint) = (p.preferred, p.valid);
        }
    }
    req
}

/// Puts each address and prefix `ia` lists at lifetimes 0 into `out`, but
/// those the client keeps (`kept`: granted to it in this reply).
fn zero_lifetimes(ia: &Ia, out: &mut Ia, kept: impl Fn(Ipv6Addr) -> bool) {
    for a in ia.addresses.iter().filter(|a| !kept(a.address)) {
        out.addresses.push(IaAddr {
            address: a.address,
            preferred: 0,
            valid: 0,
            options: Vec::new(),
        });
    }
    for p in ia.prefixes.iter().filter(|p| !kept(p.prefix)) {
        out.prefixes.push(IaPrefix {
            prefix: p.prefix,
            prefix_len: p.prefix_len,
            preferred: 0,
            valid: 0,
            options: Vec::new(),
        });
    }
}

/// Kea's T1/T2: configured values, else calculated from the preferred
/// lifetime (t1-percent / t2-percent); T1 > T2 gives T1 = 0.
pub fn tee_times(subnet: &Subnet6, preferred: u32) -> (u32, u32) {
    let calc = |pct: f64| (pct * f64::from(preferred)).round() as u32;
    let t2 = match subnet.rebind_timer {
        Some(t) => t,
        None if subnet.calculate_tee_times => calc(subnet.t2_percent),
        None => 0,
    };
    let t1 = match subnet.renew_timer {
        Some(t) => t,
        None if subnet.calculate_tee_times => calc(subnet.t1_percent),
        None => 0,
    };
    if t2 > 0 && t1 > t2 {
        (0, t2)
    } else {
        (t1, t2)
    }
}

/// Every pkt6 statistic Kea initialises to 0 at startup.
pub const PACKET_STATS: &[&str] = &[
    "pkt6-received",
    "pkt6-solicit-received",
    "pkt6-advertise-received",
    "pkt6-request-received",
    "pkt6-reply-received",
    "pkt6-renew-received",
    "pkt6-rebind-received",
    "pkt6-release-received",
    "pkt6-decline-received",
    "pkt6-infrequest-received",
    "pkt6-unknown-received",
    "pkt6-sent",
    "pkt6-advertise-sent",
    "pkt6-reply-sent",
    "pkt6-parse-failed",
    "pkt6-receive-drop",
];

/// Kea's statistic for a sent message type (`pkt6-advertise-sent`,
/// `pkt6-reply-sent`), counted once the reply is out.
pub fn sent_stat(t: u8) -> Option<&'static str> {
    match t {
        msg::ADVERTISE => Some("pkt6-advertise-sent"),
        msg::REPLY | msg::RELAY_REPL => Some("pkt6-reply-sent"),
        _ => None,
    }
}

/// Kea's `pkt6-<type>-received` statistic name.
fn received_stat(t: u8) -> Option<&'static str> {
    Some(match t {
        msg::SOLICIT => "pkt6-solicit-received",
        msg::ADVERTISE => "pkt6-advertise-received",
        msg::REQUEST => "pkt6-request-received",
        msg::REPLY => "pkt6-reply-received",
        msg::RENEW => "pkt6-renew-received",
        msg::REBIND => "pkt6-rebind-received",
        msg::RELEASE => "pkt6-release-received",
        msg::DECLINE => "pkt6-decline-received",
        msg::INFORMATION_REQUEST => "pkt6-infrequest-received",
        msg::CONFIRM => "pkt6-confirm-received",
        _ => return None,
    })
}

/// Kea's label of a DHCPv6 query in its log messages (`Pkt6::getLabel`):
/// `duid=[00:03:…], tid=0x…`.
pub fn label(q: &Message6) -> String {
    let duid = q
        .option(opt::CLIENTID)
        .map_or_else(|| "no info".to_string(), crate::dhcp::v4::server::hex);
    let [a, b, c] = q.transaction_id;
    format!("duid=[{duid}], tid={:#x}", u32::from_be_bytes([0, a, b, c]))
}
