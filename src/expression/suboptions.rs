//! Walkers over option payloads as Kea 2.2 unpacks them: sub-option TLVs
//! (1-byte code/length in DHCPv4, 2-byte in DHCPv6), the vendor-specific
//! options (v4 125, v6 17) and the vendor-class options (v4 124, v6 16).
//! None of them indexes out of bounds; a malformed payload gives `None` where
//! Kea would have refused the option.

/// Sub-option TLVs of `buf`, in wire order; walking stops at a truncated TLV
/// (Kea's `unpackOptions4/6` keep what came before it). `wide`: 2-byte code
/// and length (DHCPv6).
pub fn tlvs(buf: &[u8], wide: bool) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let mut rest = buf;
    loop {
        let (code, len, body) = if wide {
            match rest {
                [c0, c1, l0, l1, body @ ..] => (
                    u16::from_be_bytes([*c0, *c1]),
                    usize::from(u16::from_be_bytes([*l0, *l1])),
                    body,
                ),
                _ => return out,
            }
        } else {
            match rest {
                [c, l, body @ ..] => (u16::from(*c), usize::from(*l), body),
                _ => return out,
            }
        };
        let (Some(data), Some(next)) = (body.get(..len), body.get(len..)) else {
            return out;
        };
        out.push((code, data));
        rest = next;
    }
}

/// Strict TLV walk for vendor sub-options: any truncation is an error
/// (Kea throws `SkipRemainingOptionsError`, which drops the vendor option).
fn strict_tlvs(buf: &[u8], wide: bool) -> Option<Vec<(u16, &[u8])>> {
    let subs = tlvs(buf, wide);
    let used: usize = subs
        .iter()
        .map(|(_, d)| d.len() + if wide { 4 } else { 2 })
        .sum();
    (used == buf.len()).then_some(subs)
}

fn be32(buf: &[u8]) -> Option<u32> {
    let b: [u8; 4] = buf.get(..4)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// A decoded vendor-specific information option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor<'a> {
    /// Enterprise number (the first one in v4).
    pub enterprise: u32,
    /// The sub-options, wire order.
    pub subs: Vec<(u16, &'a [u8])>,
}

/// Option 125 (v4): `enterprise(4) len(1) TLVs...`; only the first
/// enterprise block is read, like Kea's `unpackVendorOptions4`.
pub fn vendor4(payload: &[u8]) -> Option<Vendor<'_>> {
    let enterprise = be32(payload)?;
    let rest = payload.get(4..)?;
    let subs = match rest.split_first() {
        None => Vec::new(),
        Some((len, body)) => strict_tlvs(body.get(..usize::from(*len))?, false)?,
    };
    Some(Vendor { enterprise, subs })
}

/// Option 17 (v6): `enterprise(4)` then 2-byte TLVs.
pub fn vendor6(payload: &[u8]) -> Option<Vendor<'_>> {
    let enterprise = be32(payload)?;
    let subs = strict_tlvs(payload.get(4..)?, true)?;
    Some(Vendor { enterprise, subs })
}

/// A decoded vendor-class option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorClass<'a> {
    /// Enterprise number (of the first block in v4).
    pub enterprise: u32,
    /// The opaque-data tuples (their data, without length).
    pub tuples: Vec<&'a [u8]>,
}

/// Option 124 (v4) as Kea 2.2 reads it: every `enterprise(4) len(1) data`
/// block is one tuple and only the first enterprise is kept.
pub fn vendor_class4(payload: &[u8]) -> Option<VendorClass<'_>> {
    if payload.len() < 5 {
        return None;
    }
    let enterprise = be32(payload)?;
    let body = payload.get(4..)?;
    let mut tuples = Vec::new();
    let mut off = 0usize;
    while off < body.len() {
        let len = usize::from(*body.get(off)?);
        tuples.push(body.get(off + 1..off + 1 + len)?);
        off += 1 + len;
        if off != body.len() {
            off += 4;
            // Kea wants room for at least a length byte and one more.
            if off + 1 >= body.len() {
                return None;
            }
        }
    }
    Some(VendorClass { enterprise, tuples })
}

/// Option 16 (v6): `enterprise(4)` then `len(2) data` tuples.
pub fn vendor_class6(payload: &[u8]) -> Option<VendorClass<'_>> {
    let enterprise = be32(payload)?;
    let mut body = payload.get(4..)?;
    let mut tuples = Vec::new();
    while !body.is_empty() {
        let len = usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?]));
        tuples.push(body.get(2..2 + len)?);
        body = body.get(2 + len..)?;
    }
    Some(VendorClass { enterprise, tuples })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlv_walk_stops_at_truncation() {
        let buf = [1, 2, 0xaa, 0xbb, 2, 5, 1];
        assert_eq!(tlvs(&buf, false), vec![(1, &[0xaa, 0xbb][..])]);
        let buf6 = [0, 1, 0, 1, 9, 0, 2, 0];
        assert_eq!(tlvs(&buf6, true), vec![(1, &[9][..])]);
        assert!(tlvs(&[], false).is_empty());
    }

    #[test]
    fn vendor4_reads_the_first_block() {
        let v = vendor4(&[0, 0, 0x11, 0x8b, 4, 1, 2, 2, 3]).expect("well formed");
        assert_eq!(v.enterprise, 4491);
        assert_eq!(v.subs, vec![(1, &[2, 3][..])]);
        assert_eq!(vendor4(&[0, 0, 0x11, 0x8b, 5, 1, 2, 2, 3]), None);
        assert_eq!(vendor4(&[0, 0, 0x11]), None);
        assert_eq!(vendor4(&[0, 0, 0x11, 0x8b, 3, 1, 2, 2]), None);
    }

    #[test]
    fn vendor_class4_counts_blocks_as_tuples() {
        let mut p = vec![0, 0, 0x11, 0x8b, 9];
        p.extend_from_slice(b"docsis3.0");
        p.extend_from_slice(&[0, 0, 4, 0xd2, 6]);
        p.extend_from_slice(b"second");
        let vc = vendor_class4(&p).expect("well formed");
        assert_eq!(vc.enterprise, 4491);
        assert_eq!(vc.tuples, vec![&b"docsis3.0"[..], &b"second"[..]]);
        assert_eq!(vendor_class4(&p[..p.len() - 1]), None);
    }

    #[test]
    fn vendor_class6_reads_wide_tuples() {
        let mut p = vec![0, 0, 0x11, 0x8b, 0, 3];
        p.extend_from_slice(b"abc");
        let vc = vendor_class6(&p).expect("well formed");
        assert_eq!(vc.tuples, vec![&b"abc"[..]]);
        assert_eq!(vendor_class6(&p[..p.len() - 1]), None);
    }
}
