//! The vendor-specific option of a reply (DHCPv4 125 `vivso-suboptions`,
//! DHCPv6 17 `vendor-opts`), built as Kea 2.2's
//! `appendRequestedVendorOptions` does: for each enterprise the query's
//! vendor options name, or a vendor option already in the reply names, the
//! configured options of its `vendor-<enterprise>` space that the client asks
//! for (CableLabs' 4491 only: its sub-option 1 list) or that are always sent,
//! each taken from the first option source that has it.

use crate::config::model::OptionData;
use crate::expression::suboptions::{vendor4, vendor6};
use crate::options::encode::write_tlv;

/// CableLabs, whose clients list the sub-options they want in sub-option 1.
pub const CABLE_LABS: u32 = 4491;

/// How a family writes its vendor option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VendorFormat {
    /// The option's code (125, 17).
    pub code: u16,
    /// DHCPv4: each enterprise's data is preceded by its length (one byte)
    /// and its sub-options have 8-bit codes and lengths; DHCPv6: 16-bit
    /// codes and lengths, no data length.
    pub narrow: bool,
}

/// DHCPv4's option 125 (RFC 3925).
pub const V4: VendorFormat = VendorFormat {
    code: 125,
    narrow: true,
};

/// DHCPv6's option 17 (RFC 8415 §21.17).
pub const V6: VendorFormat = VendorFormat {
    code: 17,
    narrow: false,
};

/// One enterprise's part of a vendor option: its number and sub-options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorBlock {
    /// Enterprise number.
    pub enterprise: u32,
    /// Sub-options (code, payload), in order.
    pub options: Vec<(u16, Vec<u8>)>,
}

impl VendorFormat {
    /// The enterprise block of one vendor option's payload, as Kea reads it
    /// (DHCPv4: the first block only); `None` when it is malformed.
    pub fn parse(self, data: &[u8]) -> Option<VendorBlock> {
        let v = if self.narrow {
            vendor4(data)
        } else {
            vendor6(data)
        }?;
        Some(VendorBlock {
            enterprise: v.enterprise,
            options: v.subs.iter().map(|(c, d)| (*c, d.to_vec())).collect(),
        })
    }

    /// The payload of a vendor option holding `block` (one enterprise).
    pub fn encode(self, block: &VendorBlock) -> Vec<u8> {
        let mut subs = Vec::new();
        for (code, payload) in &block.options {
            write_tlv(!self.narrow, *code, payload, &mut subs);
        }
        let mut out = block.enterprise.to_be_bytes().to_vec();
        if self.narrow {
            subs.truncate(255);
            out.push(subs.len() as u8);
        }
        out.extend(subs);
        out
    }

    /// The codes a CableLabs client asks for in its sub-option 1 (8-bit
    /// codes in DHCPv4, 16-bit in DHCPv6).
    fn requested(self, block: &VendorBlock) -> Vec<u16> {
        let Some((_, oro)) = block.options.iter().find(|(c, _)| *c == 1) else {
            return Vec::new();
        };
        if self.narrow {
            oro.iter().map(|c| u16::from(*c)).collect()
        } else {
            oro.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect()
        }
    }
}

/// The vendor options of a reply: `query` holds the query's vendor option
/// payloads, `in_reply` the payloads of those the reply already carries
/// (configured `vivso-suboptions` / `vendor-opts`, as their enterprise);
/// `sources` the option sources in precedence order. Returns the payloads:
/// first one for each of `in_reply` (to replace it), then the new ones.
pub fn build<C: Copy + Into<u16>>(
    format: VendorFormat,
    query: &[&[u8]],
    in_reply: &[Vec<u8>],
    sources: &[&[OptionData<C>]],
) -> Vec<Vec<u8>> {
    let asked: Vec<VendorBlock> = query.iter().filter_map(|q| format.parse(q)).collect();
    let mut blocks: Vec<(VendorBlock, bool)> = Vec::new();
    for payload in in_reply {
        let Some(e) = payload.get(..4) else { continue };
        let enterprise = u32::from_be_bytes([e[0], e[1], e[2], e[3]]);
        let existing = format
            .parse(payload)
            .into_iter()
            .next()
            .unwrap_or(VendorBlock {
                enterprise,
                options: Vec::new(),
            });
        blocks.push((existing, true));
    }
    for a in &asked {
        if !blocks.iter().any(|(b, _)| b.enterprise == a.enterprise) {
            blocks.push((
                VendorBlock {
                    enterprise: a.enterprise,
                    options: Vec::new(),
                },
                false,
            ));
        }
    }
    let mut out = Vec::new();
    for (mut block, present) in blocks {
        let e = block.enterprise;
        let mut codes: Vec<u16> = Vec::new();
        if e == CABLE_LABS {
            for a in asked.iter().filter(|a| a.enterprise == e) {
                codes.extend(format.requested(a));
            }
        }
        for o in sources.iter().flat_map(|s| s.iter()) {
            if o.vendor == Some(e) && o.always_send {
                codes.push(o.code.into());
            }
        }
        codes.sort_unstable();
        codes.dedup();
        let mut added = false;
        for c in codes {
            if block.options.iter().any(|(k, _)| *k == c) {
                continue;
            }
            let found = sources
                .iter()
                .find_map(|s| s.iter().find(|o| o.vendor == Some(e) && o.code.into() == c));
            if let Some(o) = found {
                block.options.push((c, o.data.clone()));
                added = true;
            }
        }
        if present || added {
            out.push(format.encode(&block));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opt(vendor: u32, code: u8, data: &[u8], always: bool) -> OptionData<u8> {
        OptionData {
            code,
            data: data.to_vec(),
            always_send: always,
            vendor: Some(vendor),
        }
    }

    #[test]
    fn a_docsis_client_gets_the_sub_options_its_oro_lists() {
        // 125 = 4491, len 3, sub 1 = [2] (asks for tftp-servers).
        let query = [0, 0, 0x11, 0x8b, 3, 1, 1, 2];
        let tftp = [opt(4491, 2, &[10, 77, 0, 9], false)];
        let out = build(V4, &[&query[..]], &[], &[&tftp[..]]);
        assert_eq!(out, vec![vec![0, 0, 0x11, 0x8b, 6, 2, 4, 10, 77, 0, 9]]);
    }

    #[test]
    fn nothing_is_sent_for_a_vendor_the_client_did_not_name_unless_configured() {
        let tftp = [opt(25167, 2, b"x", true)];
        assert!(build(V4, &[], &[], &[&tftp[..]]).is_empty());
        let container = vec![0, 0, 0x62, 0x4f];
        let out = build(V4, &[], &[container], &[&tftp[..]]);
        assert_eq!(out, vec![vec![0, 0, 0x62, 0x4f, 3, 2, 1, b'x']]);
    }

    #[test]
    fn dhcpv6_vendor_options_have_wide_codes_and_no_data_length() {
        let query = [0, 0, 0x11, 0x8b, 0, 1, 0, 2, 0, 32];
        let cfg = [OptionData {
            code: 32u16,
            data: vec![1],
            always_send: false,
            vendor: Some(4491),
        }];
        let out = build(V6, &[&query[..]], &[], &[&cfg[..]]);
        assert_eq!(out, vec![vec![0, 0, 0x11, 0x8b, 0, 32, 0, 1, 1]]);
    }

    #[test]
    fn a_truncated_vendor_option_is_not_read_and_later_blocks_are_ignored() {
        assert!(V4.parse(&[0, 0, 0x11, 0x8b, 9, 1]).is_none());
        assert_eq!(
            V4.parse(&[0, 0, 0, 1, 0, 0, 0]).map(|b| b.enterprise),
            Some(1)
        );
    }
}
