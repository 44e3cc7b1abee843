//! Identity associations and their addresses/prefixes (RFC 8415 §21.4-21.6,
//! §21.21-21.22) and the Status Code option (§21.13), decoded leniently: a
//! malformed sub-option is skipped, a too-short IA is ignored (like Kea, which
//! drops what it cannot unpack rather than the whole exchange).

use std::net::Ipv6Addr;

use super::packet::{opt, parse_options, write_options, Opt6};

/// Status codes (RFC 8415 §21.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0.
    Success = 0,
    /// 1.
    UnspecFail = 1,
    /// 2.
    NoAddrsAvail = 2,
    /// 3.
    NoBinding = 3,
    /// 4.
    NotOnLink = 4,
    /// 5.
    UseMulticast = 5,
    /// 6.
    NoPrefixAvail = 6,
}

/// A Status Code option payload: code and message text.
pub fn status_option(status: Status, message: &str) -> Opt6 {
    let mut data = (status as u16).to_be_bytes().to_vec();
    data.extend(message.as_bytes());
    Opt6::new(opt::STATUS_CODE, data)
}

/// The status code number in a Status Code payload.
pub fn status_code_of(data: &[u8]) -> Option<u16> {
    data.get(..2).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

/// An address inside an IA_NA (IAADDR).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IaAddr {
    /// The address.
    pub address: Ipv6Addr,
    /// Preferred lifetime.
    pub preferred: u32,
    /// Valid lifetime.
    pub valid: u32,
    /// Sub-options.
    pub options: Vec<Opt6>,
}

/// A prefix inside an IA_PD (IAPREFIX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IaPrefix {
    /// Preferred lifetime.
    pub preferred: u32,
    /// Valid lifetime.
    pub valid: u32,
    /// Prefix length.
    pub prefix_len: u8,
    /// The prefix.
    pub prefix: Ipv6Addr,
    /// Sub-options.
    pub options: Vec<Opt6>,
}

/// An IA_NA or IA_PD with its sub-options split into addresses/prefixes and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ia {
    /// IA_NA or IA_PD (the option code).
    pub code: u16,
    /// IAID.
    pub iaid: u32,
    /// T1.
    pub t1: u32,
    /// T2.
    pub t2: u32,
    /// IAADDR entries (IA_NA).
    pub addresses: Vec<IaAddr>,
    /// IAPREFIX entries (IA_PD).
    pub prefixes: Vec<IaPrefix>,
    /// Other sub-options (Status Code...).
    pub options: Vec<Opt6>,
}

fn u32_at(d: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([d[at], d[at + 1], d[at + 2], d[at + 3]])
}

fn addr_at(d: &[u8], at: usize) -> Ipv6Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&d[at..at + 16]);
    Ipv6Addr::from(a)
}

impl Ia {
    /// An empty IA of `code` (IA_NA / IA_PD).
    pub fn new(code: u16, iaid: u32) -> Self {
        Self {
            code,
            iaid,
            t1: 0,
            t2: 0,
            addresses: Vec::new(),
            prefixes: Vec::new(),
            options: Vec::new(),
        }
    }

    /// The IA_NA and IA_PD options among `options`, decoded, in order; a
    /// truncated one is skipped (Kea ignores it too).
    pub fn all_in(options: &[Opt6]) -> impl Iterator<Item = Ia> + '_ {
        options
            .iter()
            .filter(|o| o.code == opt::IA_NA || o.code == opt::IA_PD)
            .filter_map(|o| Ia::decode(o.code, &o.data))
    }

    /// Decodes an IA_NA or IA_PD payload; `None` when shorter than 12 bytes.
    pub fn decode(code: u16, d: &[u8]) -> Option<Ia> {
        if d.len() < 12 {
            return None;
        }
        let mut ia = Ia::new(code, u32_at(d, 0));
        ia.t1 = u32_at(d, 4);
        ia.t2 = u32_at(d, 8);
        // A malformed sub-option list leaves the IA without sub-options.
        for o in parse_options(&d[12..], 12).unwrap_or_default() {
            match o.code {
                opt::IAADDR if code == opt::IA_NA && o.data.len() >= 24 => {
                    ia.addresses.push(IaAddr {
                        address: addr_at(&o.data, 0),
                        preferred: u32_at(&o.data, 16),
                        valid: u32_at(&o.data, 20),
                        options: parse_options(&o.data[24..], 24).unwrap_or_default(),
                    })
                }
                opt::IAPREFIX if code == opt::IA_PD && o.data.len() >= 25 => {
                    ia.prefixes.push(IaPrefix {
                        preferred: u32_at(&o.data, 0),
                        valid: u32_at(&o.data, 4),
                        prefix_len: o.data[8],
                        prefix: addr_at(&o.data, 9),
                        options: parse_options(&o.data[25..], 25).unwrap_or_default(),
                    })
                }
                opt::IAADDR | opt::IAPREFIX => {}
                _ => ia.options.push(o),
            }
        }
        Some(ia)
    }

    /// Encodes into an option.
    pub fn encode(&self) -> Opt6 {
        let mut d = Vec::with_capacity(64);
        d.extend(self.iaid.to_be_bytes());
        d.extend(self.t1.to_be_bytes());
        d.extend(self.t2.to_be_bytes());
        let mut subs = Vec::new();
        for a in &self.addresses {
            let mut x = a.address.octets().to_vec();
            x.extend(a.preferred.to_be_bytes());
            x.extend(a.valid.to_be_bytes());
            write_options(&a.options, &mut x);
            subs.push(Opt6::new(opt::IAADDR, x));
        }
        for p in &self.prefixes {
            let mut x = p.preferred.to_be_bytes().to_vec();
            x.extend(p.valid.to_be_bytes());
            x.push(p.prefix_len);
            x.extend(p.prefix.octets());
            write_options(&p.options, &mut x);
            subs.push(Opt6::new(opt::IAPREFIX, x));
        }
        subs.extend(self.options.iter().cloned());
        write_options(&subs, &mut d);
        Opt6::new(self.code, d)
    }

    /// The IA's own Status Code, if any.
    pub fn status(&self) -> Option<u16> {
        self.options
            .iter()
            .find(|o| o.code == opt::STATUS_CODE)
            .and_then(|o| status_code_of(&o.data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ia_na_and_ia_pd_round_trip() {
        let mut na = Ia::new(opt::IA_NA, 7);
        na.t1 = 100;
        na.t2 = 160;
        na.addresses.push(IaAddr {
            address: "2001:db8::5".parse().expect("a"),
            preferred: 200,
            valid: 300,
            options: vec![],
        });
        na.options.push(status_option(Status::Success, "ok"));
        let o = na.encode();
        assert_eq!(Ia::decode(o.code, &o.data), Some(na.clone()));
        assert_eq!(na.status(), Some(0));

        let mut pd = Ia::new(opt::IA_PD, 9);
        pd.prefixes.push(IaPrefix {
            preferred: 1,
            valid: 2,
            prefix_len: 56,
            prefix: "2001:db8:8000::".parse().expect("a"),
            options: vec![],
        });
        let o = pd.encode();
        assert_eq!(Ia::decode(o.code, &o.data), Some(pd));
    }

    #[test]
    fn short_or_malformed_ias_do_not_panic() {
        assert_eq!(Ia::decode(opt::IA_NA, &[0; 11]), None);
        let mut d = vec![0u8; 12];
        d.extend([0, 5, 0, 30, 1]); // IAADDR claiming 30 bytes, 1 present
        let ia = Ia::decode(opt::IA_NA, &d).expect("header is fine");
        assert!(ia.addresses.is_empty());
        let mut d = vec![0u8; 12];
        d.extend([0, 5, 0, 2, 1, 2]); // IAADDR too short to hold an address
        assert!(Ia::decode(opt::IA_NA, &d).expect("ok").addresses.is_empty());
    }
}
