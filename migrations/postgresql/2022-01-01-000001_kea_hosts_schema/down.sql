DROP TABLE IF EXISTS ipv6_reservations;
DROP TABLE IF EXISTS dhcp6_options;
DROP TABLE IF EXISTS dhcp4_options;
DROP TABLE IF EXISTS hosts;
DROP TABLE IF EXISTS dhcp_option_scope;
DROP TABLE IF EXISTS host_identifier_type;
