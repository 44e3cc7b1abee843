//! diesel definitions of the columns of Kea 2.2's `hosts`, `dhcp4_options`,
//! `dhcp6_options` and `ipv6_reservations` tables that host reservations
//! use, one module per server.

/// PostgreSQL (schema 13.0).
pub mod pg {
    diesel::table! {
        /// Host reservations.
        hosts (host_id) {
            /// SERIAL key.
            host_id -> Integer,
            /// Identifier bytes.
            dhcp_identifier -> Bytea,
            /// host_identifier_type.
            dhcp_identifier_type -> SmallInt,
            /// v4 subnet (0 = global).
            dhcp4_subnet_id -> Nullable<BigInt>,
            /// v6 subnet.
            dhcp6_subnet_id -> Nullable<BigInt>,
            /// Reserved address as an integer.
            ipv4_address -> Nullable<BigInt>,
            /// Reserved hostname.
            hostname -> Nullable<Varchar>,
            /// Client classes, comma separated.
            dhcp4_client_classes -> Nullable<Varchar>,
            /// DHCPv6 client classes, comma separated.
            dhcp6_client_classes -> Nullable<Varchar>,
            /// siaddr as an integer.
            dhcp4_next_server -> Nullable<BigInt>,
            /// sname.
            dhcp4_server_hostname -> Nullable<Varchar>,
            /// file.
            dhcp4_boot_file_name -> Nullable<Varchar>,
            /// JSON text.
            user_context -> Nullable<Text>,
        }
    }

    diesel::table! {
        /// DHCPv4 options of every scope (ruru uses the host scope).
        dhcp4_options (option_id) {
            /// SERIAL key.
            option_id -> Integer,
            /// Option code.
            code -> SmallInt,
            /// Raw payload.
            value -> Nullable<Bytea>,
            /// CSV text.
            formatted_value -> Nullable<Text>,
            /// Option space.
            space -> Nullable<Varchar>,
            /// always-send.
            persistent -> Bool,
            /// Owning host.
            host_id -> Nullable<Integer>,
            /// dhcp_option_scope.
            scope_id -> SmallInt,
        }
    }

    diesel::table! {
        /// DHCPv6 options of every scope (ruru uses the host scope).
        dhcp6_options (option_id) {
            /// SERIAL key.
            option_id -> Integer,
            /// Option code.
            code -> Integer,
            /// Raw payload.
            value -> Nullable<Bytea>,
            /// CSV text.
            formatted_value -> Nullable<Text>,
            /// Option space.
            space -> Nullable<Varchar>,
            /// always-send.
            persistent -> Bool,
            /// Owning host.
            host_id -> Nullable<Integer>,
            /// dhcp_option_scope.
            scope_id -> SmallInt,
        }
    }

    diesel::table! {
        /// Reserved IPv6 addresses and prefixes.
        ipv6_reservations (reservation_id) {
            /// SERIAL key.
            reservation_id -> Integer,
            /// Address or prefix, as text.
            address -> Varchar,
            /// Prefix length (128 for an address).
            prefix_len -> SmallInt,
            /// 0 address, 2 prefix.
            #[sql_name = "type"]
            resv_type -> SmallInt,
            /// IAID (unused by Kea 2.2).
            dhcp6_iaid -> Nullable<Integer>,
            /// Owning host.
            host_id -> Integer,
        }
    }
}

/// MySQL (schema 14.0).
pub mod mysql {
    diesel::table! {
        /// Host reservations.
        hosts (host_id) {
            /// AUTO_INCREMENT key.
            host_id -> Unsigned<Integer>,
            /// Identifier bytes.
            dhcp_identifier -> Varbinary,
            /// host_identifier_type.
            dhcp_identifier_type -> TinyInt,
            /// v4 subnet (0 = global).
            dhcp4_subnet_id -> Nullable<Unsigned<Integer>>,
            /// v6 subnet.
            dhcp6_subnet_id -> Nullable<Unsigned<Integer>>,
            /// Reserved address as an integer.
            ipv4_address -> Nullable<Unsigned<Integer>>,
            /// Reserved hostname.
            hostname -> Nullable<Varchar>,
            /// Client classes, comma separated.
            dhcp4_client_classes -> Nullable<Varchar>,
            /// DHCPv6 client classes, comma separated.
            dhcp6_client_classes -> Nullable<Varchar>,
            /// siaddr as an integer.
            dhcp4_next_server -> Nullable<Unsigned<Integer>>,
            /// sname.
            dhcp4_server_hostname -> Nullable<Varchar>,
            /// file.
            dhcp4_boot_file_name -> Nullable<Varchar>,
            /// JSON text.
            user_context -> Nullable<Text>,
        }
    }

    diesel::table! {
        /// DHCPv4 options of every scope (ruru uses the host scope).
        dhcp4_options (option_id) {
            /// AUTO_INCREMENT key.
            option_id -> Unsigned<BigInt>,
            /// Option code.
            code -> Unsigned<TinyInt>,
            /// Raw payload.
            value -> Nullable<Blob>,
            /// CSV text.
            formatted_value -> Nullable<Text>,
            /// Option space.
            space -> Nullable<Varchar>,
            /// always-send.
            persistent -> Bool,
            /// Owning host.
            host_id -> Nullable<Unsigned<Integer>>,
            /// dhcp_option_scope.
            scope_id -> Unsigned<TinyInt>,
        }
    }

    diesel::table! {
        /// DHCPv6 options of every scope (ruru uses the host scope).
        dhcp6_options (option_id) {
            /// AUTO_INCREMENT key.
            option_id -> Unsigned<BigInt>,
            /// Option code.
            code -> Unsigned<SmallInt>,
            /// Raw payload.
            value -> Nullable<Blob>,
            /// CSV text.
            formatted_value -> Nullable<Text>,
            /// Option space.
            space -> Nullable<Varchar>,
            /// always-send.
            persistent -> Bool,
            /// Owning host.
            host_id -> Nullable<Unsigned<Integer>>,
            /// dhcp_option_scope.
            scope_id -> Unsigned<TinyInt>,
        }
    }

    diesel::table! {
        /// Reserved IPv6 addresses and prefixes.
        ipv6_reservations (reservation_id) {
            /// AUTO_INCREMENT key.
            reservation_id -> Unsigned<Integer>,
            /// Address or prefix, as text.
            address -> Varchar,
            /// Prefix length (128 for an address).
            prefix_len -> Unsigned<TinyInt>,
            /// 0 address, 2 prefix.
            #[sql_name = "type"]
            resv_type -> Unsigned<TinyInt>,
            /// IAID (unused by Kea 2.2).
            dhcp6_iaid -> Nullable<Unsigned<Integer>>,
            /// Owning host.
            host_id -> Unsigned<Integer>,
        }
    }
}
