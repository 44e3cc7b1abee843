//! Standard DHCPv6 option definitions (names, codes, data types) as Kea 2.2
//! knows them, and the encoder of an `option-data` `data` text into a DHCPv6
//! option payload (CSV fields typed per definition, or hex).
//!
//! The field writers are shared with DHCPv4 (`dhcp4::write_value`);
//! what differs is the 16-bit code space and the 65535-byte payload limit.

use crate::options::dhcp4::{decode_text_or_hex, split_csv, write_value, DataType};

/// One standard DHCPv6 option definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionDef6 {
    /// Kea's option name (`dns-servers`).
    pub name: &'static str,
    /// Option code in the `dhcp6` space.
    pub code: u16,
    /// Payload type.
    pub data_type: DataType,
    /// Payload is a list of `data_type` (or of the last record field).
    pub array: bool,
    /// Field types when `data_type` is `Record`.
    pub record: &'static [DataType],
}

const fn def(name: &'static str, code: u16, data_type: DataType, array: bool) -> OptionDef6 {
    OptionDef6 {
        name,
        code,
        data_type,
        array,
        record: &[],
    }
}

const fn rec(name: &'static str, code: u16, record: &'static [DataType]) -> OptionDef6 {
    OptionDef6 {
        name,
        code,
        data_type: DataType::Record,
        array: false,
        record,
    }
}

use DataType::{Binary, Empty, Fqdn, Ipv6Address, Record, Uint16, Uint32, Uint8};

/// Kea 2.2's standard DHCPv6 definitions (`std_option_defs.h`), the ones with
/// types ruru encodes (no tuple or ipv6-prefix fields, no vendor containers).
pub static STANDARD_V6: &[OptionDef6] = &[
    def("clientid", 1, Binary, false),
    def("serverid", 2, Binary, false),
    rec("ia-na", 3, &[Uint32, Uint32, Uint32]),
    def("ia-ta", 4, Uint32, false),
    rec("iaaddr", 5, &[Ipv6Address, Uint32, Uint32]),
    def("oro", 6, Uint16, true),
    def("preference", 7, Uint8, false),
    def("elapsed-time", 8, Uint16, false),
    def("relay-msg", 9, Binary, false),
    def("unicast", 12, Ipv6Address, false),
    rec("status-code", 13, &[Uint16, DataType::String]),
    def("rapid-commit", 14, Empty, false),
    def("user-class", 15, Binary, false),
    rec("vendor-class", 16, &[Uint32, Binary]),
    def("interface-id", 18, Binary, false),
    def("reconf-msg", 19, Uint8, false),
    def("reconf-accept", 20, Empty, false),
    def("sip-server-dns", 21, Fqdn, true),
    def("sip-server-addr", 22, Ipv6Address, true),
    def("dns-servers", 23, Ipv6Address, true),
    def("domain-search", 24, Fqdn, true),
    rec("ia-pd", 25, &[Uint32, Uint32, Uint32]),
    def("nis-servers", 27, Ipv6Address, true),
    def("nisp-servers", 28, Ipv6Address, true),
    def("nis-domain-name", 29, Fqdn, true),
    def("nisp-domain-name", 30, Fqdn, true),
    def("sntp-servers", 31, Ipv6Address, true),
    def("information-refresh-time", 32, Uint32, false),
    def("bcmcs-server-dns", 33, Fqdn, true),
    def("bcmcs-server-addr", 34, Ipv6Address, true),
    rec("geoconf-civic", 36, &[Uint8, Uint16, Binary]),
    rec("remote-id", 37, &[Uint32, Binary]),
    def("subscriber-id", 38, Binary, false),
    rec("client-fqdn", 39, &[Uint8, Fqdn]),
    def("pana-agent", 40, Ipv6Address, true),
    def("new-posix-timezone", 41, DataType::String, false),
    def("new-tzdb-timezone", 42, DataType::String, false),
    def("ero", 43, Uint16, true),
    def("clt-time", 46, Uint32, false),
    def("lq-client-link", 48, Ipv6Address, true),
    def("v6-lost", 51, Fqdn, false),
    def("capwap-ac-v6", 52, Ipv6Address, true),
    def("relay-id", 53, Binary, false),
    def("v6-access-domain", 57, Fqdn, false),
    def("sip-ua-cs-list", 58, Fqdn, true),
    def("bootfile-url", 59, DataType::String, false),
    def("client-arch-type", 61, Uint16, true),
    rec("nii", 62, &[Uint8, Uint8, Uint8]),
    def("aftr-name", 64, Fqdn, false),
    def("erp-local-domain-name", 65, Fqdn, false),
    def("client-linklayer-addr", 79, Binary, false),
    def("link-address", 80, Ipv6Address, false),
    def("solmax-rt", 82, Uint32, false),
    def("inf-max-rt", 83, Uint32, false),
    def("dhcpv4-o-dhcpv6-server", 88, Ipv6Address, true),
];

/// The standard definition named `name`.
pub fn by_name(name: &str) -> Option<&'static OptionDef6> {
    STANDARD_V6.iter().find(|d| d.name == name)
}

/// The standard definition with `code`.
pub fn by_code(code: u16) -> Option<&'static OptionDef6> {
    STANDARD_V6.iter().find(|d| d.code == code)
}

/// Why an option value could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError6 {
    /// A field could not be written (the shared v4/v6 field encoder's error).
    #[error(transparent)]
    Field(#[from] crate::options::dhcp4::EncodeError),
    /// Fewer CSV values than record fields.
    #[error(
        "number of data fields for the option type '{0}' is greater than number of values provided"
    )]
    TooFewFields(u16),
    /// Hex payload of the wrong length for the definition.
    #[error("option '{name}' needs {expected} bytes but {got} were given")]
    BadLength {
        /// Option name.
        name: &'static str,
        /// Expected length.
        expected: String,
        /// Bytes given.
        got: usize,
    },
    /// Payload over 65535 bytes.
    #[error("option payload is {0} bytes long, more than a DHCPv6 option can carry")]
    TooLong(usize),
}

/// Encodes `data` with `csv-format: true` per `def` (Kea's `optionFactory`).
pub fn encode_csv(def: &OptionDef6, data: &str) -> Result<Vec<u8>, EncodeError6> {
    let values: Vec<String> = split_csv(data)
        .into_iter()
        .map(|v| v.trim().to_string())
        .collect();
    let mut buf = Vec::new();
    match (def.data_type, def.array) {
        (Record, _) => {
            if values.len() < def.record.len() {
                return Err(EncodeError6::TooFewFields(def.code));
            }
            for (value, field) in values.iter().zip(def.record) {
                write_value(value, *field, &mut buf)?;
            }
        }
        (Empty, _) => {
            if let Some(v) = values.first() {
                return Err(crate::options::dhcp4::EncodeError::BadValue {
                    value: v.clone(),
                    expected: "an empty option (no data allowed)",
                }
                .into());
            }
        }
        (t, true) => {
            for value in &values {
                write_value(value, t, &mut buf)?;
            }
        }
        (t, false) => {
            let value = values
                .first()
                .ok_or(crate::options::dhcp4::EncodeError::NoValue)?;
            write_value(value, t, &mut buf)?;
        }
    }
    check_size(buf)
}

/// Encodes `data` with `csv-format: false` (quoted text or hex), checked
/// against `def`'s fixed sizes when there is a definition.
pub fn encode_hex(def: Option<&OptionDef6>, data: &str) -> Result<Vec<u8>, EncodeError6> {
    let bytes = decode_text_or_hex(data)?;
    if let Some(def) = def {
        let size = def.data_type.fixed_size();
        let bad = |expected: String| EncodeError6::BadLength {
            name: def.name,
            expected,
            got: bytes.len(),
        };
        match (size, def.array) {
            (Some(size), false) if bytes.len() != size => return Err(bad(size.to_string())),
            (Some(size), true) if !bytes.len().is_multiple_of(size) => {
                return Err(bad(format!("a multiple of {size}")))
            }
            _ => {}
        }
    }
    check_size(bytes)
}

fn check_size(buf: Vec<u8>) -> Result<Vec<u8>, EncodeError6> {
    if buf.len() > usize::from(u16::MAX) {
        return Err(EncodeError6::TooLong(buf.len()));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_servers_are_a_list_of_ipv6_addresses() {
        let def = by_name("dns-servers").expect("standard");
        let out = encode_csv(def, "2001:db8::1, 2001:db8::2").expect("valid");
        assert_eq!(out.len(), 32);
        assert_eq!(out[15], 1);
    }

    #[test]
    fn domain_search_is_a_list_of_dns_names() {
        let def = by_code(24).expect("standard");
        let out = encode_csv(def, "example.org, b.c").expect("valid");
        assert_eq!(out, b"\x07example\x03org\x00\x01b\x01c\x00".to_vec());
    }

    #[test]
    fn hex_of_wrong_fixed_length_is_refused() {
        let def = by_name("preference").expect("standard");
        assert!(encode_hex(Some(def), "01:02").is_err());
        assert_eq!(encode_hex(Some(def), "ff").expect("one byte"), vec![255]);
    }
}
