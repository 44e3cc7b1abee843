//! What an option definition is, whatever its option space: Kea's data types,
//! [`OptionDef`] (name, code, type, array, record fields, encapsulated space)
//! and the [`OptionSpace`] family a definition belongs to (`dhcp4`: 8-bit
//! codes, 255-byte payloads, 1-byte tuple lengths; `dhcp6`: 16-bit codes,
//! 65535-byte payloads, 2-byte tuple lengths), with Kea's standard
//! definitions of every option space of the family.

use std::fmt::{Debug, Display};

/// Kea's option data types (`option_data_types.h`), the ones ruru encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    /// No payload (or encapsulated sub-options).
    Empty,
    /// Opaque bytes, written in hex.
    Binary,
    /// One byte, 0 or 1; `true`/`false` in text.
    Boolean,
    /// Signed 8-bit integer.
    Int8,
    /// Signed 16-bit integer, network order.
    Int16,
    /// Signed 32-bit integer, network order.
    Int32,
    /// Unsigned 8-bit integer.
    Uint8,
    /// Unsigned 16-bit integer, network order.
    Uint16,
    /// Unsigned 32-bit integer, network order.
    Uint32,
    /// Four bytes.
    Ipv4Address,
    /// Sixteen bytes.
    Ipv6Address,
    /// PSID (RFC 7597): `psid/len` -> length byte + left-aligned 16-bit PSID.
    Psid,
    /// IPv6 prefix (Kea's `ipv6-prefix`): `prefix/len` -> length byte, then
    /// only the ⌈len/8⌉ bytes that hold the prefix (trailing bits zeroed).
    Ipv6Prefix,
    /// Length-prefixed opaque text (Kea's `tuple`, RFC 3315 opaque data): the
    /// length field is 1 byte in the `dhcp4` family and 2 bytes in `dhcp6`
    /// ([`OptionSpace::TUPLE_LEN_BYTES`]).
    Tuple,
    /// Text bytes, not terminated.
    String,
    /// Domain name in DNS wire format (RFC 1035 3.1), uncompressed.
    Fqdn,
    /// A record of the fields in `OptionDef::record`.
    Record,
    /// RFC 3442 classless routes, `prefix/len - router` per item (ruru
    /// extension: Kea 2.2 has no definition for option 121; this is Kea 2.6's
    /// text format).
    ClasslessRoutes,
}

impl DataType {
    /// Payload size of a fixed-size type (`None` for variable-size ones:
    /// binary, string, fqdn, tuple, ipv6-prefix, ...).
    pub fn fixed_size(self) -> Option<usize> {
        Some(match self {
            Self::Boolean | Self::Int8 | Self::Uint8 => 1,
            Self::Int16 | Self::Uint16 => 2,
            Self::Int32 | Self::Uint32 | Self::Ipv4Address => 4,
            Self::Ipv6Address => 16,
            Self::Psid => 3,
            _ => return None,
        })
    }
}

/// An option space: its code type and limits, and its standard definitions.
/// The codecs and the configuration checks are written once against it.
pub trait OptionSpace: Debug + Clone + Copy + PartialEq + Eq + Sized + 'static {
    /// Option code type (`u8` for `dhcp4`, `u16` for `dhcp6`).
    type Code: Copy + Eq + Debug + Display + Into<u32> + Into<u16> + 'static;
    /// Kea's name of the space (`dhcp4`), as in `option-data.space`.
    const NAME: &'static str;
    /// The protocol, in messages (`DHCPv4`).
    const PROTOCOL: &'static str;
    /// Longest payload one option carries.
    const MAX_PAYLOAD: usize;
    /// Width of a tuple's length field (Kea's `OpaqueDataTuple`): 1 byte in
    /// DHCPv4, 2 bytes in DHCPv6.
    const TUPLE_LEN_BYTES: usize;

    /// Kea's standard definitions of the space.
    fn standard() -> &'static [OptionDef<'static, Self>];

    /// Every option space of the family Kea 2.2 has standard definitions for,
    /// with its definitions: the family's own space first, then the spaces
    /// its options encapsulate and the vendor spaces (`vendor-4491`), under
    /// the names a configuration uses and Kea's internal names alike.
    fn standard_spaces() -> &'static [SpaceDefs<Self>];

    /// Kea's standard definitions of the option space named `space` of this
    /// family (its own, or one its options encapsulate, e.g. `s46-rule-options`,
    /// `vendor-4491`); empty for a space Kea defines nothing in.
    fn standard_in(space: &str) -> &'static [OptionDef<'static, Self>] {
        Self::standard_spaces()
            .iter()
            .find(|(name, _)| *name == space)
            .map_or(&[], |(_, defs)| defs)
    }

    /// The standard definition named `name` in the option space `space`.
    fn by_name_in(space: &str, name: &str) -> Option<&'static OptionDef<'static, Self>> {
        Self::standard_in(space).iter().find(|d| d.name == name)
    }

    /// The standard definition with `code` in the option space `space`.
    fn by_code_in(space: &str, code: Self::Code) -> Option<&'static OptionDef<'static, Self>> {
        Self::standard_in(space).iter().find(|d| d.code == code)
    }

    /// `code` as written in `option-data`, checked like Kea (reserved codes,
    /// range); the error is Kea's message.
    fn code(code: u32) -> Result<Self::Code, String>;

    /// The standard definition named `name`.
    fn by_name(name: &str) -> Option<&'static OptionDef<'static, Self>> {
        Self::standard().iter().find(|d| d.name == name)
    }

    /// The standard definition with `code`.
    fn by_code(code: Self::Code) -> Option<&'static OptionDef<'static, Self>> {
        Self::standard().iter().find(|d| d.code == code)
    }
}

/// A standard option space of the family `S`: its name and Kea's
/// definitions in it (an entry of [`OptionSpace::standard_spaces`]).
pub type SpaceDefs<S> = (&'static str, &'static [OptionDef<'static, S>]);

/// One option definition of the family `S`, borrowing its texts (`'static`
/// for Kea's standard tables, the configuration's for `option-def`s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDef<'a, S: OptionSpace> {
    /// Kea's option name (`domain-name-servers`).
    pub name: &'a str,
    /// Option code in the space.
    pub code: S::Code,
    /// Payload type.
    pub data_type: DataType,
    /// Payload is a list of `data_type` (or of the last record field).
    pub array: bool,
    /// Field types when `data_type` is `Record`.
    pub record: &'a [DataType],
    /// Option space of encapsulated sub-options, if any.
    pub encapsulate: Option<&'a str>,
}

impl<S: OptionSpace> OptionDef<'static, S> {
    /// A definition of one value (`array: false`) or a list of `data_type`.
    pub const fn new(name: &'static str, code: S::Code, data_type: DataType, array: bool) -> Self {
        Self {
            name,
            code,
            data_type,
            array,
            record: &[],
            encapsulate: None,
        }
    }

    /// A record of `fields` (`array`: the last field repeats).
    pub const fn record(
        name: &'static str,
        code: S::Code,
        fields: &'static [DataType],
        array: bool,
    ) -> Self {
        Self {
            name,
            code,
            data_type: DataType::Record,
            array,
            record: fields,
            encapsulate: None,
        }
    }

    /// An empty option carrying the sub-options of `space`.
    pub const fn encapsulating(name: &'static str, code: S::Code, space: &'static str) -> Self {
        Self {
            name,
            code,
            data_type: DataType::Empty,
            array: false,
            record: &[],
            encapsulate: Some(space),
        }
    }

    /// This definition, carrying the sub-options of `space` after its data
    /// (Kea's records that encapsulate, e.g. `s46-rule`, `lq-query`).
    pub const fn encapsulates(self, space: &'static str) -> Self {
        Self {
            encapsulate: Some(space),
            ..self
        }
    }
}
