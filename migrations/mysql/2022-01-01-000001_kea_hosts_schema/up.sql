-- ruru's MySQL host reservation schema: the hosts part of Kea 2.2's schema 14.0
-- (hosts, their options and IPv6 reservations), same names, types and keys, so
-- that Kea and ruru read each other's reservations. The configuration backend's
-- tables (and their foreign keys and audit triggers) are not created.

CREATE TABLE host_identifier_type (
  type TINYINT NOT NULL PRIMARY KEY,
  name VARCHAR(32) DEFAULT NULL
) ENGINE = INNODB;
INSERT INTO host_identifier_type VALUES (0, 'hw-address'), (1, 'duid'), (2, 'circuit-id'),
  (3, 'client-id'), (4, 'flex-id');

CREATE TABLE dhcp_option_scope (
  scope_id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  scope_name VARCHAR(32) DEFAULT NULL
) ENGINE = INNODB;
INSERT INTO dhcp_option_scope VALUES (0, 'global'), (1, 'subnet'), (2, 'client-class'),
  (3, 'host'), (4, 'shared-network'), (5, 'pool'), (6, 'pd-pool');

CREATE TABLE hosts (
  host_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dhcp_identifier VARBINARY(128) NOT NULL,
  dhcp_identifier_type TINYINT NOT NULL,
  dhcp4_subnet_id INT UNSIGNED DEFAULT NULL,
  dhcp6_subnet_id INT UNSIGNED DEFAULT NULL,
  ipv4_address INT UNSIGNED DEFAULT NULL,
  hostname VARCHAR(255) DEFAULT NULL,
  dhcp4_client_classes VARCHAR(255) DEFAULT NULL,
  dhcp6_client_classes VARCHAR(255) DEFAULT NULL,
  dhcp4_next_server INT UNSIGNED DEFAULT NULL,
  dhcp4_server_hostname VARCHAR(64) DEFAULT NULL,
  dhcp4_boot_file_name VARCHAR(128) DEFAULT NULL,
  user_context TEXT DEFAULT NULL,
  auth_key VARCHAR(32) DEFAULT NULL,
  UNIQUE KEY key_dhcp4_identifier_subnet_id (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id),
  UNIQUE KEY key_dhcp6_identifier_subnet_id (dhcp_identifier, dhcp_identifier_type, dhcp6_subnet_id),
  KEY fk_host_identifier_type (dhcp_identifier_type),
  KEY hosts_by_hostname (hostname),
  KEY key_dhcp4_ipv4_address_subnet_id_identifier (ipv4_address, dhcp4_subnet_id),
  CONSTRAINT fk_host_identifier_type FOREIGN KEY (dhcp_identifier_type)
    REFERENCES host_identifier_type (type)
) ENGINE = INNODB;

CREATE TABLE dhcp4_options (
  option_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code TINYINT UNSIGNED NOT NULL,
  value BLOB DEFAULT NULL,
  formatted_value TEXT DEFAULT NULL,
  space VARCHAR(128) DEFAULT NULL,
  persistent TINYINT(1) NOT NULL DEFAULT 0,
  dhcp_client_class VARCHAR(128) DEFAULT NULL,
  dhcp4_subnet_id INT UNSIGNED DEFAULT NULL,
  host_id INT UNSIGNED DEFAULT NULL,
  scope_id TINYINT UNSIGNED NOT NULL,
  user_context TEXT DEFAULT NULL,
  shared_network_name VARCHAR(128) DEFAULT NULL,
  pool_id BIGINT UNSIGNED DEFAULT NULL,
  modification_ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY option_id_UNIQUE (option_id),
  KEY fk_options_host1_idx (host_id),
  KEY fk_dhcp4_option_scope (scope_id),
  KEY fk_dhcp4_options_shared_network (shared_network_name),
  KEY fk_dhcp4_options_subnet (dhcp4_subnet_id),
  KEY fk_dhcp4_options_pool (pool_id),
  KEY fk_dhcp4_options_client_class (dhcp_client_class),
  CONSTRAINT fk_dhcp4_option_scope FOREIGN KEY (scope_id) REFERENCES dhcp_option_scope (scope_id),
  CONSTRAINT fk_dhcp4_options_Host FOREIGN KEY (host_id) REFERENCES hosts (host_id)
    ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = INNODB;

CREATE TABLE dhcp6_options (
  option_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code SMALLINT UNSIGNED NOT NULL,
  value BLOB DEFAULT NULL,
  formatted_value TEXT DEFAULT NULL,
  space VARCHAR(128) DEFAULT NULL,
  persistent TINYINT(1) NOT NULL DEFAULT 0,
  dhcp_client_class VARCHAR(128) DEFAULT NULL,
  dhcp6_subnet_id INT UNSIGNED DEFAULT NULL,
  host_id INT UNSIGNED DEFAULT NULL,
  scope_id TINYINT UNSIGNED NOT NULL,
  user_context TEXT DEFAULT NULL,
  shared_network_name VARCHAR(128) DEFAULT NULL,
  pool_id BIGINT UNSIGNED DEFAULT NULL,
  pd_pool_id BIGINT UNSIGNED DEFAULT NULL,
  modification_ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY option_id_UNIQUE (option_id),
  KEY fk_options_host1_idx (host_id),
  KEY fk_dhcp6_option_scope (scope_id),
  KEY fk_dhcp6_options_shared_network (shared_network_name),
  KEY fk_dhcp6_options_subnet (dhcp6_subnet_id),
  KEY fk_dhcp6_options_pool (pool_id),
  KEY fk_dhcp6_options_pd_pool (pd_pool_id),
  KEY fk_dhcp6_options_client_class (dhcp_client_class),
  CONSTRAINT fk_dhcp6_option_scope FOREIGN KEY (scope_id) REFERENCES dhcp_option_scope (scope_id),
  CONSTRAINT fk_dhcp6_options_Host FOREIGN KEY (host_id) REFERENCES hosts (host_id)
    ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = INNODB;

CREATE TABLE ipv6_reservations (
  reservation_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  address VARCHAR(39) NOT NULL,
  prefix_len TINYINT UNSIGNED NOT NULL DEFAULT 128,
  type TINYINT(4) UNSIGNED NOT NULL DEFAULT 0,
  dhcp6_iaid INT UNSIGNED DEFAULT NULL,
  host_id INT UNSIGNED NOT NULL,
  KEY fk_ipv6_reservations_host_idx (host_id),
  KEY key_dhcp6_address_prefix_len (address, prefix_len),
  CONSTRAINT fk_ipv6_reservations_Host FOREIGN KEY (host_id) REFERENCES hosts (host_id)
    ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = INNODB;
