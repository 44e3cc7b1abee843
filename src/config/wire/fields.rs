//! `kea_map!`: declares a Kea map as a serde struct (unknown keys refused,
//! kebab-case keys) from its own fields plus the field groups Kea shares
//! between `Dhcp4` and `Dhcp6` and between the global, shared-network and
//! subnet levels. The groups are spliced in as fields, not `#[serde(flatten)]`
//! (which cannot be combined with `deny_unknown_fields` and loses positions).
//!
//! `kea_map! { /// doc
//!     pub struct Name { own fields, } + group_a + group_b }`
//! Every own field ends with a comma. A group is a macro taking the struct
//! being built and handing it back to `kea_map!` with its fields added.

/// Declares a Kea map struct: its own fields, then each `+ group`'s.
macro_rules! kea_map {
    (@emit [$($head:tt)*] { $($fields:tt)* } []) => {
        #[serde_with::skip_serializing_none]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        $($head)* { $($fields)* }
    };
    (@emit $head:tt { $($fields:tt)* } [$group:ident $($rest:ident)*]) => {
        $group! { $head { $($fields)* } [$($rest)*] }
    };
    ($(#[$meta:meta])* pub struct $name:ident { $($fields:tt)* } $(+ $group:ident)*) => {
        kea_map! { @emit [$(#[$meta])* pub struct $name] { $($fields)* } [$($group)*] }
    };
}

/// The top-level keys `Dhcp4` and `Dhcp6` share, with Kea's defaults.
macro_rules! global_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => { kea_map! { @emit $head { $($fields)*
        /// Default valid lifetime (s).
        #[serde(default = "defaults::valid_lifetime")]
        pub valid_lifetime: u32,
        /// Minimum valid lifetime (s).
        pub min_valid_lifetime: Option<u32>,
        /// Maximum valid lifetime (s).
        pub max_valid_lifetime: Option<u32>,
        /// T1 (s).
        pub renew_timer: Option<u32>,
        /// T2 (s).
        pub rebind_timer: Option<u32>,
        /// Seconds a declined address stays out of use.
        #[serde(default = "defaults::decline_probation_period")]
        pub decline_probation_period: u32,
        /// Where to listen.
        #[serde(default)]
        pub interfaces_config: InterfacesConfig,
        /// Lease storage.
        #[serde(default = "Database::default_lease_database")]
        pub lease_database: Database,
        /// Host reservation database.
        pub hosts_database: Option<Database>,
        /// Host reservation databases, consulted in order after `hosts-database`.
        pub hosts_databases: Option<Vec<Database>>,
        /// Hook libraries: only Kea's configuration backend hooks, which ruru
        /// has built in.
        #[serde(default)]
        pub hooks_libraries: Vec<Value>,
        /// Lease reclamation.
        #[serde(default)]
        pub expired_leases_processing: ExpiredLeasesProcessing,
        /// DHCPv4-over-DHCPv6 port (only 0 for now).
        #[serde(default = "defaults::dhcp4o6_port")]
        pub dhcp4o6_port: u16,
        /// Command channel.
        pub control_socket: Option<ControlSocket>,
        /// Packet queue (only disabled for now).
        #[serde(default)]
        pub dhcp_queue_control: DhcpQueueControl,
        /// DNS update client (only disabled for now).
        pub dhcp_ddns: Option<Value>,
        /// Free-form user data.
        pub user_context: Option<Map<String, Value>>,
        /// Free-form comment.
        pub comment: Option<String>,
        /// Lease sanity checks at load.
        #[serde(default)]
        pub sanity_checks: SanityChecks,
        /// Configuration backend: the config databases and their polling.
        pub config_control: Option<ConfigControl>,
        /// Server tag.
        #[serde(default)]
        pub server_tag: String,
        /// Deprecated reservation mode (mapped onto the three flags).
        pub reservation_mode: Option<String>,
        /// Consult global reservations.
        #[serde(default)]
        pub reservations_global: bool,
        /// Consult subnet reservations.
        #[serde(default = "defaults::yes")]
        pub reservations_in_subnet: bool,
        /// Reserved addresses are all outside pools.
        #[serde(default)]
        pub reservations_out_of_pool: bool,
        /// T1 fraction.
        #[serde(default = "defaults::t1_percent")]
        pub t1_percent: f64,
        /// Lease cache threshold (not supported yet).
        pub cache_threshold: Option<f64>,
        /// Lease cache max age (not supported yet).
        pub cache_max_age: Option<u32>,
        /// Logging.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub loggers: Vec<Logger>,
        /// Hostname sanitizing regex (default only).
        #[serde(default = "defaults::hostname_char_set")]
        pub hostname_char_set: String,
        /// Hostname sanitizing replacement (default only).
        #[serde(default)]
        pub hostname_char_replacement: String,
        /// DDNS (default only).
        #[serde(default = "defaults::yes")]
        pub ddns_send_updates: bool,
        /// DDNS (default only).
        #[serde(default)]
        pub ddns_override_no_update: bool,
        /// DDNS (default only).
        #[serde(default)]
        pub ddns_override_client_update: bool,
        /// DDNS (default only).
        #[serde(default = "defaults::ddns_replace_client_name")]
        pub ddns_replace_client_name: String,
        /// DDNS (default only).
        #[serde(default = "defaults::ddns_generated_prefix")]
        pub ddns_generated_prefix: String,
        /// DDNS (default only).
        #[serde(default)]
        pub ddns_qualifying_suffix: String,
        /// DDNS (default only).
        #[serde(default)]
        pub ddns_update_on_renew: bool,
        /// DDNS (default only).
        #[serde(default = "defaults::yes")]
        pub ddns_use_conflict_resolution: bool,
        /// Extended lease info (default only).
        #[serde(default)]
        pub store_extended_info: bool,
        /// Samples kept per statistic.
        #[serde(default = "defaults::statistic_default_sample_count")]
        pub statistic_default_sample_count: u32,
        /// Max sample age (default only).
        #[serde(default)]
        pub statistic_default_sample_age: u32,
        /// Multi-threading (accepted; ruru's own runtime decides).
        #[serde(default)]
        pub multi_threading: MultiThreading,
        /// Early global reservation lookup (default only).
        #[serde(default)]
        pub early_global_reservations_lookup: bool,
        /// Reserved addresses unique (default only).
        #[serde(default = "defaults::yes")]
        pub ip_reservations_unique: bool,
        /// Reservations before lease lookup (default only).
        #[serde(default)]
        pub reservations_lookup_first: bool,
        /// Parked packets limit (only used by hooks: accepted).
        #[serde(default = "defaults::parked_packet_limit")]
        pub parked_packet_limit: u32,
    } $rest } };
}

/// The inheritable keys of a shared network and a subnet in both families
/// (absent = inherit), each with its doc and type, written once: handed to
/// `$callback! { $args <fields> }` (the wire maps, [`NetworkParams`] and its
/// `params()` are all made from this list).
///
/// [`NetworkParams`]: super::NetworkParams
macro_rules! inheritable_fields {
    ($callback:ident $args:tt) => {
        $callback! { $args
            /// Interface of directly connected clients.
            interface: Option<String>,
            /// Relay addresses to match.
            relay: Option<Relay>,
            /// Client class guard (only "" for now).
            client_class: Option<String>,
            /// Classes evaluated late (only an empty list for now).
            require_client_classes: Option<Vec<String>>,
            /// Default valid lifetime (s).
            valid_lifetime: Option<u32>,
            /// Minimum valid lifetime (s).
            min_valid_lifetime: Option<u32>,
            /// Maximum valid lifetime (s).
            max_valid_lifetime: Option<u32>,
            /// T1 (s).
            renew_timer: Option<u32>,
            /// T2 (s).
            rebind_timer: Option<u32>,
            /// Compute T1/T2.
            calculate_tee_times: Option<bool>,
            /// T1 fraction.
            t1_percent: Option<f64>,
            /// T2 fraction.
            t2_percent: Option<f64>,
            /// Deprecated reservation mode.
            reservation_mode: Option<String>,
            /// Consult global reservations.
            reservations_global: Option<bool>,
            /// Consult subnet reservations.
            reservations_in_subnet: Option<bool>,
            /// Reserved addresses are outside pools.
            reservations_out_of_pool: Option<bool>,
            /// Lease cache (not supported yet).
            cache_threshold: Option<f64>,
            /// Lease cache (not supported yet).
            cache_max_age: Option<u32>,
            /// DDNS (default only).
            ddns_send_updates: Option<bool>,
            /// DDNS (default only).
            ddns_override_no_update: Option<bool>,
            /// DDNS (default only).
            ddns_override_client_update: Option<bool>,
            /// DDNS (default only).
            ddns_replace_client_name: Option<String>,
            /// DDNS (default only).
            ddns_generated_prefix: Option<String>,
            /// DDNS (default only).
            ddns_qualifying_suffix: Option<String>,
            /// DDNS (default only).
            ddns_update_on_renew: Option<bool>,
            /// DDNS (default only).
            ddns_use_conflict_resolution: Option<bool>,
            /// Hostname sanitizing (default only).
            hostname_char_set: Option<String>,
            /// Hostname sanitizing (default only).
            hostname_char_replacement: Option<String>,
            /// Extended lease info (default only).
            store_extended_info: Option<bool>,
        }
    };
}

/// The inheritable keys only DHCPv4 networks have (BOOTP fields,
/// client-id), as `inheritable_fields!` hands them.
macro_rules! inheritable4_fields {
    ($callback:ident $args:tt) => {
        $callback! { $args
            /// NAK unknown requests.
            authoritative: Option<bool>,
            /// Identify clients by client-id first.
            match_client_id: Option<bool>,
            /// siaddr.
            next_server: Option<String>,
            /// sname.
            server_hostname: Option<String>,
            /// file.
            boot_file_name: Option<String>,
        }
    };
}

/// The inheritable keys only DHCPv6 networks have, as `inheritable_fields!`
/// hands them.
macro_rules! inheritable6_fields {
    ($callback:ident $args:tt) => {
        $callback! { $args
            /// Relay interface-id to match.
            interface_id: Option<String>,
            /// Answer rapid-commit SOLICITs with REPLY.
            rapid_commit: Option<bool>,
            /// Default preferred lifetime (s).
            preferred_lifetime: Option<u32>,
            /// Minimum preferred lifetime (s).
            min_preferred_lifetime: Option<u32>,
            /// Maximum preferred lifetime (s).
            max_preferred_lifetime: Option<u32>,
        }
    };
}

/// Hands the struct being built back to `kea_map!` with `fields` (a list
/// from `inheritable*_fields!`) added as public fields, then `$after`.
macro_rules! with_fields {
    (
        [$head:tt { $($fields:tt)* } { $($after:tt)* } $rest:tt]
        $($(#[$doc:meta])* $name:ident: $ty:ty,)*
    ) => {
        kea_map! { @emit $head { $($fields)* $($(#[$doc])* pub $name: $ty,)* $($after)* } $rest }
    };
}

/// The inheritable keys of a shared network and a subnet, in both families,
/// and the other keys both levels have.
macro_rules! network_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => {
        inheritable_fields! { with_fields [$head { $($fields)* } {
            /// Free-form user data.
            pub user_context: Option<Map<String, Value>>,
            /// Free-form comment.
            pub comment: Option<String>,
        } $rest] }
    };
}

/// The inheritable keys only DHCPv4 networks have.
macro_rules! network4_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => {
        inheritable4_fields! { with_fields [$head { $($fields)* } {} $rest] }
    };
}

/// The inheritable keys only DHCPv6 networks have.
macro_rules! network6_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => {
        inheritable6_fields! { with_fields [$head { $($fields)* } {} $rest] }
    };
}

/// The keys every pool map (`pools`, `pd-pools`) has besides its range.
macro_rules! pool_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => { kea_map! { @emit $head { $($fields)*
        /// Only members of this class may use the pool.
        pub client_class: Option<String>,
        /// Classes evaluated after allocation for leases from this pool.
        pub require_client_classes: Option<Vec<String>>,
        /// Free-form user data.
        pub user_context: Option<Map<String, Value>>,
        /// Free-form comment.
        pub comment: Option<String>,
    } $rest } };
}

/// The keys of a host reservation in both families (identifiers, hostname).
macro_rules! reservation_fields {
    ($head:tt { $($fields:tt)* } $rest:tt) => { kea_map! { @emit $head { $($fields)*
        /// DUID (hex or `'text'`).
        pub duid: Option<String>,
        /// MAC address (hex).
        pub hw_address: Option<String>,
        /// Flexible identifier (hex or `'text'`).
        pub flex_id: Option<String>,
        /// Reserved hostname.
        pub hostname: Option<String>,
        /// Classes the host is given.
        pub client_classes: Option<Vec<String>>,
        /// Free-form user data.
        pub user_context: Option<Map<String, Value>>,
        /// Free-form comment.
        pub comment: Option<String>,
    } $rest } };
}
