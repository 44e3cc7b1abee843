//! The parsed form of an expression: boolean and string nodes, one variant per
//! production of Kea 2.2's grammar (`parser.yy`). Printing a node gives text
//! that parses back to the same node (used by the property test).

use std::fmt;

/// How an option-like terminal is read: `.hex`, `.text` (`.exists` is a
/// boolean node of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repr {
    /// The payload bytes (`.hex`).
    Hex,
    /// Kea's text form (`.text`).
    Text,
}

/// `pkt.*` metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PktField {
    /// `pkt.iface`.
    Iface,
    /// `pkt.src`.
    Src,
    /// `pkt.dst`.
    Dst,
    /// `pkt.len`.
    Len,
}

/// `pkt4.*` header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pkt4Field {
    /// `pkt4.mac`.
    Mac,
    /// `pkt4.hlen`.
    Hlen,
    /// `pkt4.htype`.
    Htype,
    /// `pkt4.ciaddr`.
    Ciaddr,
    /// `pkt4.giaddr`.
    Giaddr,
    /// `pkt4.yiaddr`.
    Yiaddr,
    /// `pkt4.siaddr`.
    Siaddr,
    /// `pkt4.msgtype`.
    MsgType,
    /// `pkt4.transid`.
    TransId,
}

/// `pkt6.*` header fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pkt6Field {
    /// `pkt6.msgtype`.
    MsgType,
    /// `pkt6.transid`.
    TransId,
}

/// `relay6[N].*` address fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relay6Field {
    /// `.peeraddr`.
    PeerAddr,
    /// `.linkaddr`.
    LinkAddr,
}

/// The `*totext` conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntToText {
    /// `int8totext`.
    Int8,
    /// `int16totext`.
    Int16,
    /// `int32totext`.
    Int32,
    /// `uint8totext`.
    Uint8,
    /// `uint16totext`.
    Uint16,
    /// `uint32totext`.
    Uint32,
}

impl IntToText {
    /// The function name in the language.
    pub fn name(self) -> &'static str {
        match self {
            Self::Int8 => "int8totext",
            Self::Int16 => "int16totext",
            Self::Int32 => "int32totext",
            Self::Uint8 => "uint8totext",
            Self::Uint16 => "uint16totext",
            Self::Uint32 => "uint32totext",
        }
    }
}

/// `substring`'s length argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubLen {
    /// An integer literal (converted to a C `int` at evaluation, as Kea does).
    Int(i64),
    /// `all`.
    All,
}

/// A boolean-valued node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoolExpr {
    /// `not b`.
    Not(Box<BoolExpr>),
    /// `a and b` (both sides always evaluated).
    And(Box<BoolExpr>, Box<BoolExpr>),
    /// `a or b` (both sides always evaluated).
    Or(Box<BoolExpr>, Box<BoolExpr>),
    /// `s == t`, byte comparison.
    Equal(StrExpr, StrExpr),
    /// `option[C].exists`.
    OptionExists(u16),
    /// `option[C].option[S].exists`.
    SubOptionExists(u16, u16),
    /// `relay4[S].exists`.
    Relay4Exists(u16),
    /// `relay6[N].option[C].exists`.
    Relay6Exists(i8, u16),
    /// `vendor-class[E].exists` (0 = any enterprise).
    VendorClassExists(u32),
    /// `vendor[E].exists`.
    VendorExists(u32),
    /// `vendor[E].option[S].exists`.
    VendorSubOptionExists(u32, u16),
    /// `member('X')`.
    Member(String),
}

/// A string-valued node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StrExpr {
    /// A literal: `'text'`, `0x..`, an IP address or an integer (4 bytes BE).
    Literal(Vec<u8>),
    /// `option[C].hex` / `.text`.
    Option(u16, Repr),
    /// `option[C].option[S].hex` / `.text`.
    SubOption(u16, u16, Repr),
    /// `relay4[S].hex` / `.text`.
    Relay4(u16, Repr),
    /// `relay6[N].option[C].hex` / `.text`.
    Relay6Option(i8, u16, Repr),
    /// `relay6[N].peeraddr` / `.linkaddr`.
    Relay6Field(i8, Relay6Field),
    /// `pkt.*`.
    Pkt(PktField),
    /// `pkt4.*`.
    Pkt4(Pkt4Field),
    /// `pkt6.*`.
    Pkt6(Pkt6Field),
    /// `substring(s, start, len|all)`.
    Substring(Box<StrExpr>, i64, SubLen),
    /// `split(s, delims, field)`.
    Split(Box<StrExpr>, Box<StrExpr>, i64),
    /// `concat(a, b)` or `a + b`.
    Concat(Box<StrExpr>, Box<StrExpr>),
    /// `ifelse(c, t, f)`.
    IfElse(Box<BoolExpr>, Box<StrExpr>, Box<StrExpr>),
    /// `hexstring(bytes, separator)`.
    ToHexString(Box<StrExpr>, Box<StrExpr>),
    /// `addrtotext(bytes)`.
    AddrToText(Box<StrExpr>),
    /// `[u]int{8,16,32}totext(bytes)`.
    IntToText(IntToText, Box<StrExpr>),
    /// `vendor.enterprise`.
    VendorEnterprise,
    /// `vendor-class.enterprise`.
    VendorClassEnterprise,
    /// `vendor[E].option[S].hex` / `.text`.
    VendorSubOption(u32, u16, Repr),
    /// `vendor-class[E].data[I]` (`.data` is index 0).
    VendorClassData(u32, u8),
}

impl BoolExpr {
    /// Appends the class names `member()` names, left to right.
    pub fn collect_members<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Not(b) => b.collect_members(out),
            Self::And(a, b) | Self::Or(a, b) => {
                a.collect_members(out);
                b.collect_members(out);
            }
            Self::Equal(a, b) => {
                a.collect_members(out);
                b.collect_members(out);
            }
            Self::Member(name) => out.push(name),
            _ => {}
        }
    }
}

impl StrExpr {
    /// Appends the class names `member()` names inside `ifelse` conditions.
    pub fn collect_members<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Self::Substring(s, ..) | Self::AddrToText(s) | Self::IntToText(_, s) => {
                s.collect_members(out)
            }
            Self::Split(a, b, _) | Self::Concat(a, b) | Self::ToHexString(a, b) => {
                a.collect_members(out);
                b.collect_members(out);
            }
            Self::IfElse(c, t, f) => {
                c.collect_members(out);
                t.collect_members(out);
                f.collect_members(out);
            }
            _ => {}
        }
    }
}

fn repr(r: Repr) -> &'static str {
    match r {
        Repr::Hex => "hex",
        Repr::Text => "text",
    }
}

fn enterprise(e: u32) -> String {
    if e == 0 {
        "*".to_string()
    } else {
        e.to_string()
    }
}

impl fmt::Display for BoolExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Not(b) => write!(f, "not ({b})"),
            Self::And(a, b) => write!(f, "({a}) and ({b})"),
            Self::Or(a, b) => write!(f, "({a}) or ({b})"),
            Self::Equal(a, b) => write!(f, "{a} == {b}"),
            Self::OptionExists(c) => write!(f, "option[{c}].exists"),
            Self::SubOptionExists(c, s) => write!(f, "option[{c}].option[{s}].exists"),
            Self::Relay4Exists(s) => write!(f, "relay4[{s}].exists"),
            Self::Relay6Exists(n, c) => write!(f, "relay6[{n}].option[{c}].exists"),
            Self::VendorClassExists(e) => write!(f, "vendor-class[{}].exists", enterprise(*e)),
            Self::VendorExists(e) => write!(f, "vendor[{}].exists", enterprise(*e)),
            Self::VendorSubOptionExists(e, s) => {
                write!(f, "vendor[{}].option[{s}].exists", enterprise(*e))
            }
            Self::Member(name) => write!(f, "member('{name}')"),
        }
    }
}

impl fmt::Display for StrExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Literal(bytes) if bytes.is_empty() => write!(f, "''"),
            Self::Literal(bytes) => {
                write!(f, "0x")?;
                bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
            Self::Option(c, r) => write!(f, "option[{c}].{}", repr(*r)),
            Self::SubOption(c, s, r) => write!(f, "option[{c}].option[{s}].{}", repr(*r)),
            Self::Relay4(s, r) => write!(f, "relay4[{s}].{}", repr(*r)),
            Self::Relay6Option(n, c, r) => write!(f, "relay6[{n}].option[{c}].{}", repr(*r)),
            Self::Relay6Field(n, Relay6Field::PeerAddr) => write!(f, "relay6[{n}].peeraddr"),
            Self::Relay6Field(n, Relay6Field::LinkAddr) => write!(f, "relay6[{n}].linkaddr"),
            Self::Pkt(field) => {
                let name = match field {
                    PktField::Iface => "iface",
                    PktField::Src => "src",
                    PktField::Dst => "dst",
                    PktField::Len => "len",
                };
                write!(f, "pkt.{name}")
            }
            Self::Pkt4(field) => {
                let name = match field {
                    Pkt4Field::Mac => "mac",
                    Pkt4Field::Hlen => "hlen",
                    Pkt4Field::Htype => "htype",
                    Pkt4Field::Ciaddr => "ciaddr",
                    Pkt4Field::Giaddr => "giaddr",
                    Pkt4Field::Yiaddr => "yiaddr",
                    Pkt4Field::Siaddr => "siaddr",
                    Pkt4Field::MsgType => "msgtype",
                    Pkt4Field::TransId => "transid",
                };
                write!(f, "pkt4.{name}")
            }
            Self::Pkt6(Pkt6Field::MsgType) => write!(f, "pkt6.msgtype"),
            Self::Pkt6(Pkt6Field::TransId) => write!(f, "pkt6.transid"),
            Self::Substring(s, start, SubLen::Int(len)) => {
                write!(f, "substring({s}, {start}, {len})")
            }
            Self::Substring(s, start, SubLen::All) => write!(f, "substring({s}, {start}, all)"),
            Self::Split(s, d, n) => write!(f, "split({s}, {d}, {n})"),
            Self::Concat(a, b) => write!(f, "({a} + {b})"),
            Self::IfElse(c, t, e) => write!(f, "ifelse({c}, {t}, {e})"),
            Self::ToHexString(a, b) => write!(f, "hexstring({a}, {b})"),
            Self::AddrToText(a) => write!(f, "addrtotext({a})"),
            Self::IntToText(k, a) => write!(f, "{}({a})", k.name()),
            Self::VendorEnterprise => write!(f, "vendor.enterprise"),
            Self::VendorClassEnterprise => write!(f, "vendor-class.enterprise"),
            Self::VendorSubOption(e, s, r) => {
                write!(f, "vendor[{}].option[{s}].{}", enterprise(*e), repr(*r))
            }
            Self::VendorClassData(e, i) => write!(f, "vendor-class[{}].data[{i}]", enterprise(*e)),
        }
    }
}
