//! What an option definition is, whatever its option space: Kea's data types,
//! [`OptionDef`] (name, code, type, array, record fields) and the
//! [`OptionSpace`] a definition belongs to (`dhcp4`: 8-bit codes, 255-byte
//! payloads; `dhcp6`: 16-bit codes, 65535-byte payloads).

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
    /// Payload size of a fixed-size type.
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

    /// Kea's standard definitions of the space.
    fn standard() -> &'static [OptionDef<Self>];

    /// `code` as written in `option-data`, checked like Kea (reserved codes,
    /// range); the error is Kea's message.
    fn code(code: u32) -> Result<Self::Code, String>;

    /// The standard definition named `name`.
    fn by_name(name: &str) -> Option<&'static OptionDef<Self>> {
        Self::standard().iter().find(|d| d.name == name)
    }

    /// The standard definition with `code`.
    fn by_code(code: Self::Code) -> Option<&'static OptionDef<Self>> {
        Self::standard().iter().find(|d| d.code == code)
    }
}

/// One option definition of the space `S`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDef<S: OptionSpace> {
    /// Kea's option name (`domain-name-servers`).
    pub name: &'static str,
    /// Option code in the space.
    pub code: S::Code,
    /// Payload type.
    pub data_type: DataType,
    /// Payload is a list of `data_type` (or of the last record field).
    pub array: bool,
    /// Field types when `data_type` is `Record`.
    pub record: &'static [DataType],
    /// Option space of encapsulated sub-options, if any.
    pub encapsulate: Option<&'static str>,
}

impl<S: OptionSpace> OptionDef<S> {
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
}
