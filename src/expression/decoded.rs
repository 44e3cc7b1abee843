//! What Kea 2.2's option classes make of a received payload: which class the
//! standard definition picks (`OptionString`, `OptionInt`, `OptionCustom`,
//! `Option6IA`, `OptionVendor`, ...), and from that the option's `.hex`
//! (`toBinary`: re-serialised, sub-options re-packed in code order), its
//! `.text` (`toString` / `toText`) and the sub-options `option[C].option[S]`
//! sees.
//!
//! Where ruru does not model Kea's class, the option is shown as Kea's
//! generic `Option` (hex text, no sub-options): FQDN, PSID, tuple and
//! IPv6-prefix fields (Kea's `OptionCustom` prints a tuple as `"text" (tuple)`
//! and, in 2.2, an IPv6 prefix as an empty value), the client-FQDN options
//! (v4 81, v6 39), SLP service scope (v4 79), v6 status code (13), v6
//! `bootfile-param` (60, Kea's `OptionOpaqueDataTuples`) and `pd-exclude`
//! (67, `Option6PDExclude`), options whose sub-options are in a space other
//! than the family's own (v6 `rsoo`, 66), the sub-options of option 82 and of
//! vendor options (Kea has definitions for some of them, e.g. DOCSIS), and
//! payloads that do not fit their definition (Kea drops such packets before
//! classification).

use std::borrow::Cow;

use super::suboptions::{self, tlvs, Vendor, VendorClass};
use super::text::{self, header, hex_join, hex_upper, int_text, type_name};
use super::Universe;
use crate::options::{DataType, Dhcp4, Dhcp6, OptionDef, OptionSpace};

/// The option space a payload is decoded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// Top-level DHCPv4 options.
    Dhcp4,
    /// Top-level DHCPv6 options (and the ones inside IA, relay options).
    Dhcp6,
    /// Option 82 sub-options.
    Agent,
    /// Vendor sub-options (125 / 17).
    Vendor,
}

/// Kea's class for the option, with what it parsed.
#[derive(Debug, Clone)]
enum Class<'a> {
    /// `Option`: raw bytes, no sub-options.
    Generic,
    /// `OptionString`: the value without trailing NULs.
    Str(&'a [u8]),
    /// `factoryEmpty`: no data at all.
    Empty,
    /// `OptionInt`; `sub` = where sub-options start and their space.
    Int(DataType, Option<Space>),
    /// `OptionIntArray` (int16/int32 arrays are read as unsigned, as Kea does).
    IntArray(DataType),
    /// `Option4AddrLst` / `Option6AddrLst`.
    AddrList(usize),
    /// `OptionCustom`: printed fields, bytes used, sub-option space.
    Custom(Vec<String>, usize, Option<Space>),
    /// `Option6IA` (3, 25): its name in the header.
    Ia(&'static str),
    /// `Option6IAAddr` (5).
    IaAddr,
    /// `Option6IAPrefix` (26).
    IaPrefix,
    /// `OptionVendor` (v4 125, v6 17).
    Vendor(Vendor<'a>),
    /// `OptionVendorClass` (v4 124, v6 16).
    VendorClass(VendorClass<'a>),
}

/// A received option as Kea holds it after unpacking.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    universe: Universe,
    code: u16,
    payload: &'a [u8],
    class: Class<'a>,
}

fn be32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_be_bytes)
}

/// One field of an `OptionCustom`; returns its text and size, `None` when
/// the bytes do not fit (Kea would have thrown) or ruru does not print it.
fn custom_field(t: DataType, data: &[u8], last: bool) -> Option<(String, usize)> {
    let (text, used) = match t {
        DataType::Binary if last => (hex_upper(data), data.len()),
        DataType::String if last => (format!("\"{}\"", String::from_utf8_lossy(data)), data.len()),
        DataType::Boolean => match data.first()? {
            0 => ("false".to_string(), 1),
            1 => ("true".to_string(), 1),
            _ => return None,
        },
        DataType::Ipv4Address => (text::ipv4(data.get(..4)?)?.to_string(), 4),
        DataType::Ipv6Address => (text::ipv6_text(text::ipv6(data.get(..16)?)?), 16),
        t => {
            let size = t.fixed_size()?;
            (int_text(t, data.get(..size)?)?, size)
        }
    };
    Some((format!("{text} ({})", type_name(t)), used))
}

/// `OptionCustom`'s fields for `def` over `data`: (texts, bytes used).
fn custom_fields<S: OptionSpace>(
    def: &OptionDef<'_, S>,
    data: &[u8],
) -> Option<(Vec<String>, usize)> {
    let fields: Vec<DataType> = if def.data_type == DataType::Record {
        def.record.to_vec()
    } else {
        vec![def.data_type]
    };
    let mut out = Vec::new();
    let mut off = 0;
    let count = fields.len();
    for (n, t) in fields.iter().enumerate() {
        if def.array && n + 1 == count {
            break;
        }
        let (text, used) = custom_field(*t, data.get(off..)?, n + 1 == count)?;
        out.push(text);
        off += used;
    }
    if def.array {
        let t = *fields.last()?;
        t.fixed_size()?;
        while off < data.len() {
            let (text, used) = custom_field(t, data.get(off..)?, false)?;
            out.push(text);
            off += used;
        }
    }
    Some((out, off))
}

fn from_def<'a, S: OptionSpace>(def: &OptionDef<'_, S>, payload: &'a [u8]) -> Option<Class<'a>> {
    let t = def.data_type;
    // Sub-options after the data: decoded when in the family's own space
    // (v6 `client-data`, `lq-query`), else the option stays generic.
    let sub = match def.encapsulate {
        None => None,
        Some(space) if space == Dhcp4::NAME => Some(Space::Dhcp4),
        Some(space) if space == Dhcp6::NAME => Some(Space::Dhcp6),
        Some(_) => return Some(Class::Generic),
    };
    Some(match t {
        DataType::String => {
            let end = payload.iter().rposition(|b| *b != 0).map_or(0, |p| p + 1);
            if end == 0 {
                // Kea skips an empty (or all-NUL) string option.
                return None;
            }
            Class::Str(payload.get(..end).unwrap_or(payload))
        }
        DataType::Binary | DataType::ClasslessRoutes => Class::Generic,
        DataType::Empty if sub.is_some() => Class::Custom(Vec::new(), 0, sub),
        DataType::Empty => Class::Empty,
        DataType::Uint8
        | DataType::Int8
        | DataType::Uint16
        | DataType::Int16
        | DataType::Uint32
        | DataType::Int32 => {
            let size = t.fixed_size().unwrap_or(1);
            if def.array {
                if payload.is_empty() || !payload.len().is_multiple_of(size) {
                    Class::Generic
                } else {
                    Class::IntArray(match t {
                        DataType::Int16 => DataType::Uint16,
                        DataType::Int32 => DataType::Uint32,
                        t => t,
                    })
                }
            } else if payload.len() < size {
                Class::Generic
            } else {
                Class::Int(t, None)
            }
        }
        DataType::Ipv4Address | DataType::Ipv6Address if def.array => {
            let size = t.fixed_size().unwrap_or(4);
            if payload.len().is_multiple_of(size) {
                Class::AddrList(size)
            } else {
                Class::Generic
            }
        }
        _ => match custom_fields(def, payload) {
            Some((fields, used)) => Class::Custom(fields, used, sub),
            None => Class::Generic,
        },
    })
}

impl<'a> Decoded<'a> {
    /// Decodes option `code` with `payload` in `space`; `None` when Kea
    /// would not hold the option (an empty string option, a malformed
    /// vendor or vendor-class option).
    pub fn new(universe: Universe, space: Space, code: u16, payload: &'a [u8]) -> Option<Self> {
        let class = match (space, universe) {
            (Space::Agent | Space::Vendor, _) => Class::Generic,
            (Space::Dhcp4, _) => match code {
                // Deferred unpacking: Kea leaves 43 raw, with no sub-options.
                43 => Class::Generic,
                82 => Class::Custom(Vec::new(), 0, Some(Space::Agent)),
                124 => Class::VendorClass(suboptions::vendor_class4(payload)?),
                125 => Class::Vendor(suboptions::vendor4(payload)?),
                // Kea's own classes for these print differently.
                79 | 81 => Class::Generic,
                c => match u8::try_from(c).ok().and_then(Dhcp4::by_code) {
                    Some(def) => from_def(def, payload)?,
                    None => Class::Generic,
                },
            },
            (Space::Dhcp6, _) => match code {
                3 | 25 if payload.len() >= 12 => {
                    Class::Ia(if code == 3 { "IA_NA" } else { "IA_PD" })
                }
                4 if payload.len() >= 4 => Class::Int(DataType::Uint32, Some(Space::Dhcp6)),
                5 if payload.len() >= 24 => Class::IaAddr,
                26 if payload.len() >= 25 => Class::IaPrefix,
                3 | 4 | 5 | 25 | 26 | 13 | 39 => Class::Generic,
                16 => Class::VendorClass(suboptions::vendor_class6(payload)?),
                17 => Class::Vendor(suboptions::vendor6(payload)?),
                94..=96 => Class::Custom(Vec::new(), 0, Some(Space::Dhcp6)),
                c => match Dhcp6::by_code(c) {
                    Some(def) => from_def(def, payload)?,
                    None => Class::Generic,
                },
            },
        };
        Some(Self {
            universe,
            code,
            payload,
            class,
        })
    }

    fn wide(&self) -> bool {
        self.universe == Universe::V6
    }

    /// Where the sub-options start and the space they are decoded in.
    fn sub_layout(&self) -> Option<(usize, Space)> {
        match &self.class {
            Class::Int(_, Some(space)) => Some((4, *space)),
            Class::Custom(_, used, Some(space)) => Some((*used, *space)),
            Class::Ia(_) => Some((12, Space::Dhcp6)),
            Class::IaAddr => Some((24, Space::Dhcp6)),
            Class::IaPrefix => Some((25, Space::Dhcp6)),
            _ => None,
        }
    }

    /// The raw sub-option TLVs (wire order).
    fn raw_subs(&self) -> Vec<(u16, &'a [u8])> {
        if let Class::Vendor(v) = &self.class {
            return v.subs.clone();
        }
        match self.sub_layout() {
            Some((at, _)) => tlvs(self.payload.get(at..).unwrap_or(&[]), self.wide()),
            None => Vec::new(),
        }
    }

    fn sub_space(&self) -> Space {
        match &self.class {
            Class::Vendor(_) => Space::Vendor,
            _ => self.sub_layout().map_or(Space::Dhcp6, |(_, s)| s),
        }
    }

    /// The decoded sub-options in Kea's storage order (by code, then wire
    /// order), which is the order they are printed and re-packed in.
    fn subs(&self) -> Vec<Decoded<'a>> {
        let space = self.sub_space();
        let mut subs: Vec<Decoded<'a>> = self
            .raw_subs()
            .into_iter()
            .filter_map(|(code, data)| Decoded::new(self.universe, space, code, data))
            .collect();
        subs.sort_by_key(|d| d.code);
        subs
    }

    /// The first sub-option `code` (`option[C].option[S]`).
    pub fn sub(&self, code: u16) -> Option<Decoded<'a>> {
        let space = self.sub_space();
        self.raw_subs()
            .into_iter()
            .filter(|(c, _)| *c == code)
            .find_map(|(c, data)| Decoded::new(self.universe, space, c, data))
    }

    /// The enterprise number of a vendor or vendor-class option.
    pub fn enterprise(&self) -> Option<u32> {
        match &self.class {
            Class::Vendor(v) => Some(v.enterprise),
            Class::VendorClass(v) => Some(v.enterprise),
            _ => None,
        }
    }

    /// Tuple `index` of a vendor-class option.
    pub fn tuple(&self, index: usize) -> Option<&'a [u8]> {
        match &self.class {
            Class::VendorClass(v) => v.tuples.get(index).copied(),
            _ => None,
        }
    }

    /// Packs sub-options as Kea's `packOptions4/6` does (v4: 53 dropped, 82
    /// then the last 255 moved to the end).
    fn packed_subs(&self) -> Vec<u8> {
        let subs = self.subs();
        let mut ordered: Vec<&Decoded<'a>> = Vec::new();
        if self.wide() {
            ordered.extend(subs.iter());
        } else {
            ordered.extend(subs.iter().filter(|d| !matches!(d.code, 53 | 82 | 255)));
            ordered.extend(subs.iter().filter(|d| d.code == 82));
            ordered.extend(subs.iter().rev().find(|d| d.code == 255));
        }
        let mut out = Vec::new();
        for d in ordered {
            let data = d.hex();
            if self.wide() {
                out.extend_from_slice(&d.code.to_be_bytes());
                out.extend_from_slice(&u16::try_from(data.len()).unwrap_or(u16::MAX).to_be_bytes());
            } else {
                out.push(u8::try_from(d.code).unwrap_or(u8::MAX));
                out.push(u8::try_from(data.len()).unwrap_or(u8::MAX));
            }
            out.extend_from_slice(&data);
        }
        out
    }

    /// `.hex`: the option data as Kea re-serialises it (borrowed from the
    /// packet where that is the received payload, as it mostly is).
    pub fn hex(&self) -> Cow<'a, [u8]> {
        let head = |n: usize| self.payload.get(..n).unwrap_or(self.payload);
        Cow::Owned(match &self.class {
            Class::Generic | Class::IntArray(_) | Class::AddrList(_) => {
                return Cow::Borrowed(self.payload)
            }
            Class::Int(_, None) => return Cow::Borrowed(self.payload),
            Class::Str(s) => return Cow::Borrowed(s),
            Class::Empty => return Cow::Borrowed(&[]),
            Class::Custom(_, used, None) => return Cow::Borrowed(head(*used)),
            Class::Int(..) | Class::Custom(..) | Class::Ia(_) | Class::IaAddr | Class::IaPrefix => {
                let (at, _) = self.sub_layout().unwrap_or((0, Space::Dhcp6));
                let mut out = head(at).to_vec();
                out.extend(self.packed_subs());
                out
            }
            Class::Vendor(v) => {
                let mut out = v.enterprise.to_be_bytes().to_vec();
                let subs = self.packed_subs();
                if !self.wide() {
                    out.push(u8::try_from(subs.len()).unwrap_or(u8::MAX));
                }
                out.extend(subs);
                out
            }
            Class::VendorClass(v) => {
                let mut out = Vec::new();
                for (i, t) in v.tuples.iter().enumerate() {
                    if i == 0 || !self.wide() {
                        out.extend_from_slice(&v.enterprise.to_be_bytes());
                    }
                    if self.wide() {
                        out.extend_from_slice(&u16::try_from(t.len()).unwrap_or(0).to_be_bytes());
                    } else {
                        out.push(u8::try_from(t.len()).unwrap_or(0));
                    }
                    out.extend_from_slice(t);
                }
                if v.tuples.is_empty() {
                    out.extend_from_slice(&v.enterprise.to_be_bytes());
                }
                out
            }
        })
    }

    /// `.text`: the value of a string option, else Kea's `toText(0)`.
    pub fn text(&self) -> Cow<'a, [u8]> {
        match &self.class {
            Class::Str(s) => Cow::Borrowed(s),
            _ => Cow::Owned(self.to_text(0).into_bytes()),
        }
    }

    fn subs_text(&self, indent: usize) -> String {
        let subs = self.subs();
        if subs.is_empty() {
            return String::new();
        }
        let mut out = String::from(",\noptions:");
        for s in subs {
            out.push('\n');
            out.push_str(&s.to_text(indent));
        }
        out
    }

    /// Kea's `toText(indent)` for this option's class.
    pub fn to_text(&self, indent: usize) -> String {
        let len = self.hex().len();
        let u = self.universe;
        let head = |name: Option<&str>| header(u, self.code, len, name, indent);
        let p = self.payload;
        match &self.class {
            Class::Generic => format!("{}: {}", head(None), hex_join(p, ":")),
            Class::Empty => format!("{}: ", head(None)),
            Class::Str(s) => format!(
                "{}: \"{}\" (string)",
                head(None),
                String::from_utf8_lossy(s)
            ),
            Class::Int(t, _) => format!(
                "{}: {} ({}){}",
                head(None),
                int_text(*t, p).unwrap_or_default(),
                type_name(*t),
                self.subs_text(indent + 2)
            ),
            Class::IntArray(t) => {
                let size = t.fixed_size().unwrap_or(1);
                let mut out = format!("{}:", head(None));
                for chunk in p.chunks(size) {
                    out.push_str(&format!(
                        " {}({})",
                        int_text(*t, chunk).unwrap_or_default(),
                        type_name(*t)
                    ));
                }
                out
            }
            Class::AddrList(size) => {
                let mut out = format!("{}:", head(None));
                for chunk in p.chunks(*size) {
                    let a = if *size == 4 {
                        text::ipv4(chunk).map(|a| a.to_string())
                    } else {
                        text::ipv6(chunk).map(text::ipv6_text)
                    };
                    out.push(' ');
                    out.push_str(&a.unwrap_or_default());
                }
                out
            }
            Class::Custom(fields, ..) => {
                let mut out = format!("{}:", head(None));
                for f in fields {
                    out.push(' ');
                    out.push_str(f);
                }
                out + &self.subs_text(indent + 2)
            }
            Class::Ia(name) => format!(
                "{}: iaid={}, t1={}, t2={}{}",
                head(Some(name)),
                be32(p, 0),
                be32(p, 4),
                be32(p, 8),
                self.subs_text(indent + 2)
            ),
            Class::IaAddr => format!(
                "{}: address={}, preferred-lft={}, valid-lft={}{}",
                head(Some("IAADDR")),
                text::ipv6(p.get(..16).unwrap_or(&[]))
                    .map(text::ipv6_text)
                    .unwrap_or_default(),
                be32(p, 16),
                be32(p, 20),
                self.subs_text(indent + 2)
            ),
            Class::IaPrefix => format!(
                "{}: prefix={}/{}, preferred-lft={}, valid-lft={}{}",
                head(Some("IAPREFIX")),
                text::ipv6(p.get(9..25).unwrap_or(&[]))
                    .map(text::ipv6_text)
                    .unwrap_or_default(),
                p.get(8).copied().unwrap_or(0),
                be32(p, 0),
                be32(p, 4),
                self.subs_text(indent + 2)
            ),
            Class::Vendor(v) => {
                let mut out = format!("{}: {} (uint32)", head(None), v.enterprise);
                if !self.wide() {
                    out.push_str(&format!(" {} (uint8)", self.packed_subs().len()));
                }
                out + &self.subs_text(indent + 2)
            }
            Class::VendorClass(v) => {
                let mut out = format!(
                    "{:indent$}type={}, len={},  enterprise id=0x{:x}",
                    "",
                    self.code,
                    len,
                    v.enterprise,
                    indent = indent
                );
                for (i, t) in v.tuples.iter().enumerate() {
                    if !self.wide() && i > 0 {
                        out.push_str(&format!(", enterprise id=0x{:x}", v.enterprise));
                    }
                    out.push_str(&format!(
                        ", data-len{i}={}, vendor-class-data{i}='{}'",
                        t.len(),
                        String::from_utf8_lossy(t)
                    ));
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text4(code: u16, payload: &[u8]) -> String {
        let d = Decoded::new(Universe::V4, Space::Dhcp4, code, payload).expect("present");
        String::from_utf8(d.text().into_owned()).expect("utf8")
    }

    #[test]
    fn v4_text_forms() {
        assert_eq!(
            text4(55, &[1, 3, 6, 15]),
            "type=055, len=004: 1(uint8) 3(uint8) 6(uint8) 15(uint8)"
        );
        assert_eq!(
            text4(61, &[1, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 1]),
            "type=061, len=007: 01:aa:bb:cc:dd:ee:01"
        );
        assert_eq!(text4(93, &[0, 7]), "type=093, len=002: 7(uint16)");
        assert_eq!(text4(12, b"myhost\0"), "myhost");
        assert_eq!(text4(53, &[1]), "type=053, len=001: 1 (uint8)");
        assert_eq!(
            text4(6, &[10, 0, 0, 1, 10, 0, 0, 2]),
            "type=006, len=008: 10.0.0.1 10.0.0.2"
        );
        assert_eq!(
            text4(1, &[255, 255, 255, 0]),
            "type=001, len=004: 255.255.255.0 (ipv4-address)"
        );
        assert_eq!(text4(19, &[1]), "type=019, len=001: true (boolean)");
        assert_eq!(
            text4(82, &[2, 1, 9, 1, 2, 0xaa, 0xbb]),
            "type=082, len=007:,\noptions:\n  type=001, len=002: aa:bb\n  type=002, len=001: 09"
        );
    }

    #[test]
    fn string_options_trim_nuls_and_vanish_when_empty() {
        assert!(Decoded::new(Universe::V4, Space::Dhcp4, 12, b"\0\0").is_none());
        let d = Decoded::new(Universe::V4, Space::Dhcp4, 60, b"abc\0").expect("present");
        assert_eq!(d.hex(), b"abc".to_vec());
    }

    #[test]
    fn sub_options_are_repacked_in_code_order() {
        let d =
            Decoded::new(Universe::V4, Space::Dhcp4, 82, &[2, 1, 9, 1, 1, 8, 3]).expect("present");
        assert_eq!(d.hex(), vec![1, 1, 8, 2, 1, 9]);
        assert_eq!(d.sub(2).map(|s| s.hex().to_vec()), Some(vec![9]));
        assert!(d.sub(3).is_none());
        let d43 = Decoded::new(Universe::V4, Space::Dhcp4, 43, &[1, 1, 8]).expect("present");
        assert!(d43.sub(1).is_none());
    }

    fn text6(code: u16, payload: &[u8]) -> String {
        let d = Decoded::new(Universe::V6, Space::Dhcp6, code, payload).expect("present");
        String::from_utf8(d.text().into_owned()).expect("utf8")
    }

    #[test]
    fn v6_options_of_the_new_types_fall_back_to_hex() {
        // bootfile-param (tuples) and pd-exclude (an IPv6 prefix): Kea's own
        // classes, shown as generic options.
        assert_eq!(text6(60, &[0, 1, b'a']), "type=00060, len=00003: 00:01:61");
        assert_eq!(text6(67, &[0x41, 0x80]), "type=00067, len=00002: 41:80");
        // rsoo: sub-options in `rsoo-opts`, kept whole.
        let d = Decoded::new(Universe::V6, Space::Dhcp6, 66, &[0, 1, 0, 1, 9]).expect("present");
        assert_eq!(d.hex(), vec![0, 1, 0, 1, 9]);
        assert!(d.sub(1).is_none());
    }

    #[test]
    fn v6_client_data_carries_dhcp6_sub_options() {
        let d = Decoded::new(Universe::V6, Space::Dhcp6, 45, &[0, 46, 0, 4, 0, 0, 0, 7])
            .expect("present");
        assert_eq!(d.sub(46).map(|s| s.hex().to_vec()), Some(vec![0, 0, 0, 7]));
        assert_eq!(
            String::from_utf8(d.text().into_owned()).expect("utf8"),
            "type=00045, len=00008:,\noptions:\n  type=00046, len=00004: 7 (uint32)"
        );
        let mut lq = vec![1];
        lq.extend_from_slice(&[0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        lq.extend_from_slice(&[0, 46, 0, 4, 0, 0, 0, 7]);
        let d = Decoded::new(Universe::V6, Space::Dhcp6, 44, &lq).expect("present");
        assert_eq!(d.hex(), lq);
        assert!(d.sub(46).is_some());
    }

    #[test]
    fn v6_ia_and_vendor_class_text() {
        let mut ia = vec![0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        ia.extend_from_slice(&[0, 13, 0, 2, 0, 0]);
        let d = Decoded::new(Universe::V6, Space::Dhcp6, 3, &ia).expect("present");
        assert_eq!(
            String::from_utf8(d.text().into_owned()).expect("utf8"),
            "type=00003(IA_NA), len=00018: iaid=1, t1=0, t2=0,\noptions:\n  type=00013, len=00002: 00:00"
        );
        assert!(d.sub(13).is_some());
        let mut vc = vec![0, 0, 0x11, 0x8b, 0, 9];
        vc.extend_from_slice(b"docsis3.0");
        let d = Decoded::new(Universe::V6, Space::Dhcp6, 16, &vc).expect("present");
        assert_eq!(
            String::from_utf8(d.text().into_owned()).expect("utf8"),
            "type=16, len=15,  enterprise id=0x118b, data-len0=9, vendor-class-data0='docsis3.0'"
        );
        assert_eq!(d.hex(), vc);
    }
}
