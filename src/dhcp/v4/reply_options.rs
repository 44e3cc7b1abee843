//! Which options a reply carries (Kea's `appendRequestedOptions`,
//! `appendBasicOptions`, RFC 3046 / RFC 6842 echoes).

use crate::config::model::OptionData;
use crate::dhcp::vendor_options;

use super::packet::{code, Packet4};

/// Options Kea sends whenever they are configured, requested or not.
const BASIC: [u8; 3] = [code::ROUTERS, 6, 15];

/// Codes the server sets itself; configured values for them are not copied.
const SERVER_SET: [u8; 9] = [
    code::MESSAGE_TYPE,
    code::SERVER_ID,
    code::LEASE_TIME,
    code::RENEWAL_TIME,
    code::REBINDING_TIME,
    code::CLIENT_ID,
    code::RELAY_AGENT_INFO,
    code::OVERLOAD,
    code::SUBNET_SELECTION,
];

/// Configured options in precedence order (host, pool, subnet+global).
#[derive(Debug, Default)]
pub struct OptionLayers<'a> {
    layers: Vec<&'a [OptionData]>,
}

impl<'a> OptionLayers<'a> {
    /// Adds a layer; earlier layers win.
    pub fn push(&mut self, l: &'a [OptionData]) {
        self.layers.push(l);
    }

    /// The winning configured option for `c` (of the `dhcp4` space).
    pub fn find(&self, c: u8) -> Option<&'a OptionData> {
        self.layers
            .iter()
            .find_map(|l| l.iter().find(|o| o.code == c && o.vendor.is_none()))
    }

    fn always_send(&self) -> impl Iterator<Item = &'a OptionData> + '_ {
        self.layers
            .iter()
            .flat_map(|l| l.iter())
            .filter(|o| o.always_send && o.vendor.is_none())
    }
}

/// Appends to `reply` the configured options the client asked for (PRL order),
/// the basic ones, the always-send ones, then the echoes (see [`append_echoes`]).
pub fn append_options(
    reply: &mut Packet4,
    q: &Packet4,
    layers: &OptionLayers<'_>,
    echo_client_id: bool,
) {
    let add = |reply: &mut Packet4, c: u8| {
        if SERVER_SET.contains(&c) || reply.option(c).is_some() {
            return;
        }
        if let Some(o) = layers.find(c) {
            reply.options.push((c, o.data.clone()));
        }
    };
    for &c in q.parameter_request_list() {
        add(reply, c);
    }
    for c in BASIC {
        add(reply, c);
    }
    let always: Vec<u8> = layers.always_send().map(|o| o.code).collect();
    for c in always {
        add(reply, c);
    }
    append_vendor_options(reply, q, layers);
    append_echoes(reply, q, echo_client_id);
}

/// The vendor-specific option (125) for the enterprises the query's or the
/// reply's 125 names, with their configured sub-options
/// ([`vendor_options::build`]).
fn append_vendor_options(reply: &mut Packet4, q: &Packet4, layers: &OptionLayers<'_>) {
    let c = vendor_options::V4.code as u8;
    let query: Vec<&[u8]> = q
        .options
        .iter()
        .filter(|(k, _)| *k == c)
        .map(|(_, v)| v.as_slice())
        .collect();
    let in_reply: Vec<Vec<u8>> = reply
        .options
        .iter()
        .filter(|(k, _)| *k == c)
        .map(|(_, v)| v.clone())
        .collect();
    if query.is_empty() && in_reply.is_empty() {
        return;
    }
    // Those already in the reply keep their place, filled in.
    let mut built =
        vendor_options::build(vendor_options::V4, &query, &in_reply, &layers.layers).into_iter();
    for (_, v) in reply.options.iter_mut().filter(|(k, _)| *k == c) {
        if let Some(b) = built.next() {
            *v = b;
        }
    }
    reply.options.extend(built.map(|v| (c, v)));
}

/// Appends the options every reply (NAK included) copies from the query, as
/// Kea's `copyDefaultOptions`: option 61 when `echo_client_id` (RFC 6842),
/// option 118 always (RFC 3011 §3: clients discard replies without it) and
/// option 82 when not empty, last (RFC 3046 §2.2, byte for byte).
pub fn append_echoes(reply: &mut Packet4, q: &Packet4, echo_client_id: bool) {
    if echo_client_id {
        if let Some(cid) = q.option(code::CLIENT_ID) {
            reply.options.push((code::CLIENT_ID, cid.to_vec()));
        }
    }
    if let Some(sel) = q.option(code::SUBNET_SELECTION) {
        reply.options.push((code::SUBNET_SELECTION, sel.to_vec()));
    }
    if let Some(rai) = q.option(code::RELAY_AGENT_INFO).filter(|v| !v.is_empty()) {
        reply.options.push((code::RELAY_AGENT_INFO, rai.to_vec()));
    }
}
