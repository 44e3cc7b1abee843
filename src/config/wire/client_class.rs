//! `client-classes` entries of `Dhcp4` and `Dhcp6` (Kea 2.2's keys): the
//! keys both families have are declared once (`class_fields`); DHCPv4 adds the
//! boot fields and class-local `option-def`, DHCPv6 the preferred lifetime.

use serde_json::{Map, Value};

use super::{OptionData, OptionDefinition};
use crate::options::{Dhcp4, Dhcp6};

/// The keys of a `client-classes` entry both families have.
macro_rules! class_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => { kea_map! { @emit $head { $($fields)*
        /// Class name (required, unique).
        #[serde(default)]
        pub name: String,
        /// Classification expression; absent: assigned by reservations only.
        pub test: Option<String>,
        /// Evaluated only when a `require-client-classes` list names it.
        #[serde(default)]
        pub only_if_required: bool,
        /// Valid lifetime for members (s).
        pub valid_lifetime: Option<u32>,
        /// Minimum valid lifetime for members (s).
        pub min_valid_lifetime: Option<u32>,
        /// Maximum valid lifetime for members (s).
        pub max_valid_lifetime: Option<u32>,
        /// Free-form user data.
        pub user_context: Option<Map<String, Value>>,
        /// Free-form comment.
        pub comment: Option<String>,
    } $rest } };
}

kea_map! {
/// One `client-classes` entry of `Dhcp4`.
pub struct ClientClass4 {
    /// Options given to members.
    #[serde(default)]
    pub option_data: Vec<OptionData<Dhcp4>>,
    /// Class-local option definitions (codes 43 and 224-254 only).
    pub option_def: Option<Vec<OptionDefinition<Dhcp4>>>,
    /// siaddr for members.
    pub next_server: Option<String>,
    /// sname for members.
    pub server_hostname: Option<String>,
    /// file for members.
    pub boot_file_name: Option<String>,
} + class_fields
}

kea_map! {
/// One `client-classes` entry of `Dhcp6`.
pub struct ClientClass6 {
    /// Options given to members.
    #[serde(default)]
    pub option_data: Vec<OptionData<Dhcp6>>,
    /// Preferred lifetime for members (s).
    pub preferred_lifetime: Option<u32>,
    /// Minimum preferred lifetime for members (s).
    pub min_preferred_lifetime: Option<u32>,
    /// Maximum preferred lifetime for members (s).
    pub max_preferred_lifetime: Option<u32>,
} + class_fields
}
