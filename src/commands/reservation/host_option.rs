//! A host's options as the `reservation-*` commands handle them, for both
//! families: from the configuration file (raw payloads), from a
//! `reservation-add` map (the operator's text when it is CSV for a defined
//! option, as Kea stores it), and as Kea shows them.

use crate::backends::host::HostOption;
use crate::backends::host6::HostOption6;
use crate::config::model::OptionData;
use crate::config::model6::OptionData6;
use crate::config::wire;
use crate::options::{Dhcp4, Dhcp6, OptionSpace};

/// One host option's fields, whatever its family.
pub struct OptionParts<'a> {
    /// Option code.
    pub code: u16,
    /// The standard definition's name; empty without one.
    pub name: &'static str,
    /// Option space.
    pub space: &'a str,
    /// The operator's CSV text, when stored that way.
    pub formatted_value: Option<&'a str>,
    /// The payload, when stored that way.
    pub value: &'a [u8],
    /// Send even when not requested.
    pub always_send: bool,
}

/// A stored host option of one family (`HostOption`, `HostOption6`).
pub trait FamilyHostOption: Sized {
    /// The configuration file's option (encoded).
    type Configured;
    /// The option map as `reservation-add` gives it.
    type Wire;

    /// A configuration file option of `space`, as a raw payload.
    fn from_configured(o: &Self::Configured, space: &str) -> Self;
    /// A `reservation-add` option `w`, encoded as `o`.
    fn added(w: &Self::Wire, o: &Self::Configured) -> Self;
    /// Its fields.
    fn parts(&self) -> OptionParts<'_>;
}

/// `FamilyHostOption` for a stored option type over the family's configured
/// and wire option types and option definitions: the types differ (code
/// widths), the fields have the same names.
macro_rules! family_host_option {
    ($stored:ty, $configured:ty, $wire:ty, $defs:ident) => {
        impl FamilyHostOption for $stored {
            type Configured = $configured;
            type Wire = $wire;

            fn from_configured(o: &$configured, space: &str) -> Self {
                Self {
                    code: o.code,
                    space: space.into(),
                    formatted_value: None,
                    value: o.data.clone(),
                    always_send: o.always_send,
                }
            }

            fn added(w: &$wire, o: &$configured) -> Self {
                let csv = w.csv_format.unwrap_or(true) && $defs::by_code(o.code).is_some();
                Self {
                    code: o.code,
                    space: w.space.clone(),
                    formatted_value: csv.then(|| w.data.clone()),
                    value: if csv { Vec::new() } else { o.data.clone() },
                    always_send: w.always_send,
                }
            }

            fn parts(&self) -> OptionParts<'_> {
                OptionParts {
                    code: self.code.into(),
                    name: $defs::by_code(self.code).map_or("", |d| d.name),
                    space: &self.space,
                    formatted_value: self.formatted_value.as_deref(),
                    value: &self.value,
                    always_send: self.always_send,
                }
            }
        }
    };
}

family_host_option!(HostOption, OptionData, wire::OptionData<Dhcp4>, Dhcp4);
family_host_option!(HostOption6, OptionData6, wire::OptionData<Dhcp6>, Dhcp6);
