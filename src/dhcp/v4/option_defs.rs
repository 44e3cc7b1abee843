//! Standard DHCPv4 option definitions (names, codes, data types) as Kea knows them.
