//! The evaluator: Kea 2.2's token semantics (`token.cc`) over a
//! [`PacketView`], strict (every operand of `and`, `or`, `ifelse` is
//! evaluated, so a conversion error anywhere fails the whole expression).
//! Missing or malformed data yields `''` / `false`, never a panic.

use std::borrow::Cow;
use std::net::IpAddr;

use super::ast::{
    BoolExpr, IntToText, Pkt4Field, Pkt6Field, PktField, Relay6Field, Repr, StrExpr, SubLen,
};
use super::decoded::{Decoded, Space};
use super::text;
use super::{ClassSet, EvalError, PacketView, Universe};

/// What one evaluation reads: the packet, its classes so far, and the
/// universe the expression was parsed for (vendor tokens pick 125/17 by it).
pub struct Env<'p> {
    /// The packet.
    pub packet: &'p dyn PacketView,
    /// Classes assigned so far.
    pub classes: &'p ClassSet,
    /// Universe of the parse.
    pub universe: Universe,
}

type R<T> = Result<T, EvalError>;

fn err<T>(msg: &str) -> R<T> {
    Err(EvalError(msg.to_string()))
}

/// A string value: borrowed from the packet or the expression where it can be.
type Bytes<'a> = Cow<'a, [u8]>;

fn ip_bytes(a: IpAddr) -> Vec<u8> {
    match a {
        IpAddr::V4(a) => a.octets().to_vec(),
        IpAddr::V6(a) => a.octets().to_vec(),
    }
}

fn space_of(u: Universe) -> Space {
    match u {
        Universe::V4 => Space::Dhcp4,
        Universe::V6 => Space::Dhcp6,
    }
}

fn repr(d: Option<Decoded<'_>>, r: Repr) -> Bytes<'_> {
    match (d, r) {
        (None, _) => Cow::Borrowed(&[]),
        (Some(d), Repr::Hex) => d.hex(),
        (Some(d), Repr::Text) => d.text(),
    }
}

impl Env<'_> {
    fn option(&self, code: u16) -> Option<Decoded<'_>> {
        let u = self.packet.universe();
        let payload = self.packet.option(code)?;
        Decoded::new(u, space_of(u), code, payload)
    }

    /// The relay level `relay6[level]` names, if the packet has it.
    fn relay_level(&self, level: i8) -> Option<usize> {
        let depth = self.packet.relay6_depth();
        let n = if level >= 0 {
            usize::try_from(level).ok()?
        } else {
            let back = usize::try_from(-i16::from(level)).ok()?;
            depth.checked_sub(back)?
        };
        (n < depth).then_some(n)
    }

    fn relay6_option(&self, level: i8, code: u16) -> R<Option<Decoded<'_>>> {
        if self.packet.universe() != Universe::V6 {
            return err("Specified packet is not Pkt6");
        }
        Ok(self.relay_level(level).and_then(|n| {
            let payload = self.packet.relay6_option(n, code)?;
            Decoded::new(Universe::V6, Space::Dhcp6, code, payload)
        }))
    }

    fn vendor_code(&self, v4: u16, v6: u16) -> u16 {
        match self.universe {
            Universe::V4 => v4,
            Universe::V6 => v6,
        }
    }

    /// The vendor (125/17) or vendor-class (124/16) option when its
    /// enterprise matches `e` (0 = any).
    fn vendor_like(&self, code: u16, e: u32) -> Option<Decoded<'_>> {
        let d = self.option(code)?;
        let ent = d.enterprise()?;
        (e == 0 || e == ent).then_some(d)
    }

    /// Evaluates a boolean node.
    pub fn bool(&self, b: &BoolExpr) -> R<bool> {
        Ok(match b {
            BoolExpr::Not(x) => !self.bool(x)?,
            BoolExpr::And(x, y) => {
                let a = self.bool(x)?;
                let b = self.bool(y)?;
                a && b
            }
            BoolExpr::Or(x, y) => {
                let a = self.bool(x)?;
                let b = self.bool(y)?;
                a || b
            }
            BoolExpr::Equal(x, y) => {
                let a = self.str(x)?;
                let b = self.str(y)?;
                a == b
            }
            BoolExpr::OptionExists(c) => self.option(*c).is_some(),
            BoolExpr::SubOptionExists(c, s) => self.option(*c).and_then(|d| d.sub(*s)).is_some(),
            BoolExpr::Relay4Exists(s) => self.option(82).and_then(|d| d.sub(*s)).is_some(),
            BoolExpr::Relay6Exists(n, c) => self.relay6_option(*n, *c)?.is_some(),
            BoolExpr::VendorClassExists(e) => {
                self.vendor_like(self.vendor_code(124, 16), *e).is_some()
            }
            BoolExpr::VendorExists(e) => self.vendor_like(self.vendor_code(125, 17), *e).is_some(),
            BoolExpr::VendorSubOptionExists(e, s) => {
                let v = self.vendor_like(self.vendor_code(125, 17), *e);
                match (v, s) {
                    (None, _) => false,
                    // Kea's TokenVendor treats sub-option 0 as `.exists`.
                    (Some(_), 0) => true,
                    (Some(v), s) => v.sub(*s).is_some(),
                }
            }
            BoolExpr::Member(name) => self.classes.contains(name),
        })
    }

    /// Evaluates a string node.
    pub fn str<'s>(&'s self, s: &'s StrExpr) -> R<Bytes<'s>> {
        let p = self.packet;
        Ok(Cow::Owned(match s {
            StrExpr::Literal(b) => return Ok(Cow::Borrowed(b)),
            StrExpr::Option(c, r) => return Ok(repr(self.option(*c), *r)),
            StrExpr::SubOption(c, sub, r) => {
                return Ok(repr(self.option(*c).and_then(|d| d.sub(*sub)), *r))
            }
            StrExpr::Relay4(sub, r) => {
                return Ok(repr(self.option(82).and_then(|d| d.sub(*sub)), *r))
            }
            StrExpr::Relay6Option(n, c, r) => return Ok(repr(self.relay6_option(*n, *c)?, *r)),
            StrExpr::Relay6Field(n, f) => {
                if p.universe() != Universe::V6 {
                    return err("Specified packet is not Pkt6");
                }
                match self.relay_level(*n).and_then(|l| p.relay6_addrs(l)) {
                    None => Vec::new(),
                    Some((link, peer)) => match f {
                        Relay6Field::LinkAddr => link.octets().to_vec(),
                        Relay6Field::PeerAddr => peer.octets().to_vec(),
                    },
                }
            }
            StrExpr::Pkt(f) => match f {
                PktField::Iface => return Ok(Cow::Borrowed(p.iface().as_bytes())),
                PktField::Src => ip_bytes(p.src()),
                PktField::Dst => ip_bytes(p.dst()),
                PktField::Len => p.len().to_be_bytes().to_vec(),
            },
            StrExpr::Pkt4(f) => {
                let Some(h) = p.header4() else {
                    return err("Specified packet is not a Pkt4");
                };
                let n = |v: u32| v.to_be_bytes().to_vec();
                match f {
                    Pkt4Field::Mac => return Ok(Cow::Borrowed(h.mac)),
                    Pkt4Field::Hlen => n(h.hlen.into()),
                    Pkt4Field::Htype => n(h.htype.into()),
                    Pkt4Field::Ciaddr => h.ciaddr.octets().to_vec(),
                    Pkt4Field::Giaddr => h.giaddr.octets().to_vec(),
                    Pkt4Field::Yiaddr => h.yiaddr.octets().to_vec(),
                    Pkt4Field::Siaddr => h.siaddr.octets().to_vec(),
                    Pkt4Field::MsgType => n(h.msgtype.into()),
                    Pkt4Field::TransId => n(h.transid),
                }
            }
            StrExpr::Pkt6(f) => {
                let Some(h) = p.header6() else {
                    return err("Specified packet is not Pkt6");
                };
                match f {
                    Pkt6Field::MsgType => u32::from(h.msgtype).to_be_bytes().to_vec(),
                    Pkt6Field::TransId => h.transid.to_be_bytes().to_vec(),
                }
            }
            StrExpr::Substring(x, start, len) => substring(&self.str(x)?, *start, *len)?,
            StrExpr::Split(x, d, field) => {
                let v = self.str(x)?;
                let d = self.str(d)?;
                split(&v, &d, *field)?
            }
            StrExpr::Concat(a, b) => {
                let mut a = self.str(a)?.into_owned();
                a.extend_from_slice(&self.str(b)?);
                a
            }
            StrExpr::IfElse(c, t, f) => {
                let c = self.bool(c)?;
                let t = self.str(t)?;
                let f = self.str(f)?;
                return Ok(if c { t } else { f });
            }
            StrExpr::ToHexString(a, sep) => {
                let a = self.str(a)?;
                let sep = self.str(sep)?;
                let parts: Vec<Vec<u8>> =
                    a.iter().map(|b| format!("{b:02x}").into_bytes()).collect();
                parts.join(&sep[..])
            }
            StrExpr::AddrToText(a) => addr_to_text(&self.str(a)?)?,
            StrExpr::IntToText(k, a) => int_to_text(*k, &self.str(a)?)?,
            StrExpr::VendorEnterprise => self
                .vendor_like(self.vendor_code(125, 17), 0)
                .and_then(|d| d.enterprise())
                .map(|e| e.to_be_bytes().to_vec())
                .unwrap_or_default(),
            StrExpr::VendorClassEnterprise => self
                .vendor_like(self.vendor_code(124, 16), 0)
                .and_then(|d| d.enterprise())
                .map(|e| e.to_be_bytes().to_vec())
                .unwrap_or_default(),
            StrExpr::VendorSubOption(e, sub, r) => {
                match (self.vendor_like(self.vendor_code(125, 17), *e), sub) {
                    (None, _) => Vec::new(),
                    // Kea's TokenVendor: sub-option 0 means the `exists` field.
                    (Some(_), 0) => b"true".to_vec(),
                    (Some(v), sub) => return Ok(repr(v.sub(*sub), *r)),
                }
            }
            StrExpr::VendorClassData(e, i) => self
                .vendor_like(self.vendor_code(124, 16), *e)
                .and_then(|d| d.tuple(usize::from(*i)))
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
        }))
    }
}

/// Kea's `substring`: negative start counts from the end, negative length
/// takes bytes before start; out of range gives `''`.
pub fn substring(s: &[u8], start: i64, len: SubLen) -> R<Vec<u8>> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let Ok(start) = i32::try_from(start) else {
        return Err(EvalError(format!(
            "the parameter '{start}' for the starting position of the substring couldn't be converted to an integer."
        )));
    };
    let n = i64::try_from(s.len()).unwrap_or(i64::MAX);
    let length = match len {
        SubLen::All => n,
        SubLen::Int(l) => match i32::try_from(l) {
            Ok(l) => i64::from(l),
            Err(_) => {
                return Err(EvalError(format!(
                    "the parameter '{l}' for the length of the substring couldn't be converted to an integer."
                )))
            }
        },
    };
    let mut start = i64::from(start);
    if start < -n || start >= n {
        return Ok(Vec::new());
    }
    if start < 0 {
        start += n;
    }
    let mut length = length;
    if length < 0 {
        length = -length;
        if length <= start {
            start -= length;
        } else {
            length = start;
            start = 0;
        }
    }
    let from = usize::try_from(start).unwrap_or(0);
    let to = usize::try_from(start.saturating_add(length).min(n)).unwrap_or(0);
    Ok(s.get(from..to).unwrap_or(&[]).to_vec())
}

/// Kea's `split`: fields between any of the delimiter bytes, numbered from 1.
pub fn split(s: &[u8], delims: &[u8], field: i64) -> R<Vec<u8>> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let Ok(field) = i32::try_from(field) else {
        return Err(EvalError(format!(
            "the parameter '{field}' for the field field for split couldn't be converted to an integer."
        )));
    };
    if delims.is_empty() {
        return Ok(s.to_vec());
    }
    let fields: Vec<&[u8]> = s.split(|b| delims.contains(b)).collect();
    if field < 1 {
        return Ok(Vec::new());
    }
    Ok(usize::try_from(field - 1)
        .ok()
        .and_then(|i| fields.get(i))
        .map(|f| f.to_vec())
        .unwrap_or_default())
}

/// `addrtotext`: 4 or 16 bytes to text; `''` stays `''`.
pub fn addr_to_text(b: &[u8]) -> R<Vec<u8>> {
    if b.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(a) = text::ipv4(b) {
        return Ok(a.to_string().into_bytes());
    }
    match text::ipv6(b) {
        Some(a) => Ok(text::ipv6_text(a).into_bytes()),
        None => err("Can not convert to valid address."),
    }
}

/// The `*totext` conversions: exact sizes, big-endian, two's complement.
pub fn int_to_text(k: IntToText, b: &[u8]) -> R<Vec<u8>> {
    if b.is_empty() {
        return Ok(Vec::new());
    }
    let out = match k {
        IntToText::Int8 => <[u8; 1]>::try_from(b).map(|a| i8::from_be_bytes(a).to_string()),
        IntToText::Uint8 => <[u8; 1]>::try_from(b).map(|a| u8::from_be_bytes(a).to_string()),
        IntToText::Int16 => <[u8; 2]>::try_from(b).map(|a| i16::from_be_bytes(a).to_string()),
        IntToText::Uint16 => <[u8; 2]>::try_from(b).map(|a| u16::from_be_bytes(a).to_string()),
        IntToText::Int32 => <[u8; 4]>::try_from(b).map(|a| i32::from_be_bytes(a).to_string()),
        IntToText::Uint32 => <[u8; 4]>::try_from(b).map(|a| u32::from_be_bytes(a).to_string()),
    };
    out.map(String::into_bytes).map_err(|_| {
        let name = match k {
            IntToText::Int8 => "int8",
            IntToText::Int16 => "int16",
            IntToText::Int32 => "int32",
            IntToText::Uint8 => "uint8",
            IntToText::Uint16 => "uint16",
            IntToText::Uint32 => "uint32",
        };
        EvalError(format!("Can not convert to valid {name}."))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PXE: &[u8] = b"PXEClient:Arch:00007";

    #[test]
    fn substring_edges_from_the_spec() {
        assert_eq!(
            substring(PXE, -1, SubLen::Int(-3)).ok(),
            Some(b"000".to_vec())
        );
        assert_eq!(
            substring(PXE, 18, SubLen::Int(10)).ok(),
            Some(b"07".to_vec())
        );
        assert_eq!(
            substring(PXE, -5, SubLen::All).ok(),
            Some(b"00007".to_vec())
        );
        assert_eq!(
            substring(PXE, 0, SubLen::Int(9)).ok(),
            Some(b"PXEClient".to_vec())
        );
        assert_eq!(substring(PXE, 20, SubLen::Int(1)).ok(), Some(vec![]));
        assert_eq!(substring(PXE, -21, SubLen::Int(1)).ok(), Some(vec![]));
        assert_eq!(
            substring(PXE, -20, SubLen::Int(1)).ok(),
            Some(b"P".to_vec())
        );
        assert_eq!(
            substring(PXE, 2, SubLen::Int(-5)).ok(),
            Some(b"PX".to_vec())
        );
        assert_eq!(substring(b"", 0, SubLen::Int(i64::MAX)).ok(), Some(vec![]));
        assert!(substring(PXE, 1 << 40, SubLen::All).is_err());
        assert!(substring(PXE, 0, SubLen::Int(i64::MIN)).is_err());
        assert_eq!(
            substring(PXE, 0, SubLen::Int(i64::from(i32::MIN))).ok(),
            Some(vec![])
        );
    }

    #[test]
    fn split_edges_from_the_spec() {
        assert_eq!(split(PXE, b":", 3).ok(), Some(b"00007".to_vec()));
        assert_eq!(split(PXE, b":", 4).ok(), Some(vec![]));
        assert_eq!(split(PXE, b":", 0).ok(), Some(vec![]));
        assert_eq!(split(PXE, b":", -1).ok(), Some(vec![]));
        assert_eq!(split(b"a::b", b":", 2).ok(), Some(vec![]));
        assert_eq!(split(b"a::b", b":", 3).ok(), Some(b"b".to_vec()));
        assert_eq!(split(b"a.b:c", b".:", 3).ok(), Some(b"c".to_vec()));
        assert_eq!(split(b"abc", b"", 2).ok(), Some(b"abc".to_vec()));
        assert_eq!(split(b"", b":", 1).ok(), Some(vec![]));
        assert!(split(b"a", b":", 1 << 40).is_err());
    }

    #[test]
    fn conversions() {
        assert_eq!(
            int_to_text(IntToText::Int16, &[0xff, 0xfe]).ok(),
            Some(b"-2".to_vec())
        );
        assert_eq!(int_to_text(IntToText::Uint8, &[]).ok(), Some(vec![]));
        assert_eq!(
            int_to_text(IntToText::Uint16, b"PXEClient").err(),
            Some(EvalError("Can not convert to valid uint16.".into()))
        );
        assert_eq!(
            addr_to_text(&[255; 4]).ok(),
            Some(b"255.255.255.255".to_vec())
        );
        assert_eq!(
            addr_to_text(&[1, 2, 3]).err(),
            Some(EvalError("Can not convert to valid address.".into()))
        );
    }
}
