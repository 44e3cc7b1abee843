-- ruru's MySQL/MariaDB configuration backend schema: the config backend (CB)
-- part of Kea 2.2's schema 14.0 (servers, global parameters, option
-- definitions, options, shared networks, subnets, pools, client classes and the
-- audit trail), so that Kea 2.2 (libdhcp_mysql_cb) and ruru share one
-- configuration database both ways. Names, types, keys, indexes and triggers
-- are Kea's final 14.0 layout, quirks included; the procedure and trigger
-- bodies are ruru's, with Kea's behaviour. The audit state is kept in session
-- variables (@audit_revision_id, @cascade_transaction, @disable_audit, ...).
-- The options tables come from the hosts migration; their CB keys and
-- triggers are added here. `logs` (the legacy forensic log table) completes
-- the schema.

-- Lookup tables.
CREATE TABLE modification (
    id TINYINT(3) NOT NULL PRIMARY KEY,
    modification_type VARCHAR(32) NOT NULL
) ENGINE = InnoDB;
INSERT INTO modification (id, modification_type)
    VALUES (0, 'create'), (1, 'update'), (2, 'delete');

-- Element types of a global parameter's value (Kea's Element::types).
CREATE TABLE parameter_data_type (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    name VARCHAR(32) NOT NULL
) ENGINE = InnoDB;
INSERT INTO parameter_data_type (id, name)
    VALUES (0, 'integer'), (1, 'real'), (2, 'boolean'), (4, 'string');

CREATE TABLE logs (
    timestamp TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
    address VARCHAR(43) DEFAULT NULL,
    log TEXT NOT NULL,
    id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    KEY timestamp_index (timestamp)
) ENGINE = InnoDB;

-- ---- DHCPv4 tables -----------------------------------------------------------

CREATE TABLE dhcp4_server (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tag VARCHAR(64) NOT NULL,
    description TEXT DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    UNIQUE KEY dhcp4_server_tag_UNIQUE (tag),
    KEY key_dhcp4_server_modification_ts (modification_ts)
) ENGINE = InnoDB;
-- Server 1, "all": objects assigned to it reach every server.
INSERT INTO dhcp4_server (tag, description, modification_ts)
    VALUES ('all', 'special type: all servers', CURRENT_TIMESTAMP);

CREATE TABLE dhcp4_audit_revision (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    modification_ts TIMESTAMP NOT NULL,
    log_message TEXT DEFAULT NULL,
    server_id BIGINT(10) UNSIGNED DEFAULT NULL,
    KEY key_dhcp4_audit_revision_by_modification_ts (modification_ts)
) ENGINE = InnoDB;

CREATE TABLE dhcp4_audit (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    object_type VARCHAR(256) NOT NULL,
    object_id BIGINT UNSIGNED NOT NULL,
    modification_type TINYINT(1) NOT NULL,
    revision_id BIGINT UNSIGNED NOT NULL,
    KEY fk_dhcp4_audit_modification_type (modification_type),
    KEY fk_dhcp4_audit_revision (revision_id),
    CONSTRAINT fk_dhcp4_audit_modification_type FOREIGN KEY (modification_type)
        REFERENCES modification (id) ON DELETE NO ACTION ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp4_audit_revision FOREIGN KEY (revision_id)
        REFERENCES dhcp4_audit_revision (id) ON DELETE NO ACTION ON UPDATE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp4_global_parameter (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    value LONGTEXT NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    parameter_type TINYINT UNSIGNED NOT NULL,
    KEY key_dhcp4_global_parameter_modification_ts (modification_ts),
    KEY key_dhcp4_global_parameter_name (name),
    KEY fk_dhcp4_global_parameter_type (parameter_type),
    CONSTRAINT fk_dhcp4_global_parameter_type FOREIGN KEY (parameter_type)
        REFERENCES parameter_data_type (id)
) ENGINE = InnoDB;

CREATE TABLE dhcp4_global_parameter_server (
    parameter_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (parameter_id, server_id),
    KEY fk_dhcp4_global_parameter_server_server_id (server_id),
    KEY key_dhcp4_global_parameter_server (modification_ts),
    CONSTRAINT fk_dhcp4_global_parameter_server_parameter_id FOREIGN KEY (parameter_id)
        REFERENCES dhcp4_global_parameter (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp4_global_parameter_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

CREATE TABLE dhcp4_client_class (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    test TEXT DEFAULT NULL,
    next_server INT UNSIGNED DEFAULT NULL,
    server_hostname VARCHAR(128) DEFAULT NULL,
    boot_file_name VARCHAR(512) DEFAULT NULL,
    only_if_required TINYINT NOT NULL DEFAULT 0,
    valid_lifetime INT DEFAULT NULL,
    min_valid_lifetime INT DEFAULT NULL,
    max_valid_lifetime INT DEFAULT NULL,
    depend_on_known_directly TINYINT NOT NULL DEFAULT 0,
    follow_class_name VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    user_context LONGTEXT DEFAULT NULL,
    UNIQUE KEY id_UNIQUE (id),
    UNIQUE KEY name_UNIQUE (name),
    KEY key_dhcp4_client_class_modification_ts (modification_ts)
) ENGINE = InnoDB;

-- The evaluation order of the classes, kept by the class triggers.
CREATE TABLE dhcp4_client_class_order (
    class_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    order_index BIGINT UNSIGNED NOT NULL,
    depend_on_known_indirectly TINYINT NOT NULL DEFAULT 0,
    KEY key_dhcp4_client_class_order_index (order_index),
    CONSTRAINT fk_dhcp4_client_class_order_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp4_client_class_dependency (
    class_id BIGINT UNSIGNED NOT NULL,
    dependency_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (class_id, dependency_id),
    KEY dhcp4_client_class_dependency_id_idx (dependency_id),
    CONSTRAINT dhcp4_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE,
    CONSTRAINT dhcp4_client_class_dependency_id FOREIGN KEY (dependency_id)
        REFERENCES dhcp4_client_class (id)
) ENGINE = InnoDB;

CREATE TABLE dhcp4_client_class_server (
    class_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (class_id, server_id),
    KEY fk_dhcp4_client_class_server_id (server_id),
    CONSTRAINT fk_dhcp4_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp4_client_class_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id)
) ENGINE = InnoDB;

CREATE TABLE dhcp4_option_def (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code SMALLINT UNSIGNED NOT NULL,
    name VARCHAR(128) NOT NULL,
    space VARCHAR(128) NOT NULL,
    type TINYINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    is_array TINYINT(1) NOT NULL,
    encapsulate VARCHAR(128) NOT NULL,
    record_types VARCHAR(512) DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    class_id BIGINT UNSIGNED DEFAULT NULL,
    KEY key_dhcp4_option_def_modification_ts (modification_ts),
    KEY key_dhcp4_option_def_code_space (code, space),
    KEY fk_dhcp4_option_def_client_class_id (class_id),
    CONSTRAINT fk_dhcp4_option_def_client_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp4_option_def_server (
    option_def_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (option_def_id, server_id),
    KEY fk_dhcp4_option_def_server_server_id_idx (server_id),
    KEY key_dhcp4_option_def_server_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp4_option_def_server_option_def_id FOREIGN KEY (option_def_id)
        REFERENCES dhcp4_option_def (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp4_option_def_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

CREATE TABLE dhcp4_shared_network (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    match_client_id TINYINT(1) DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    rebind_timer INT(10) DEFAULT NULL,
    relay LONGTEXT DEFAULT NULL,
    renew_timer INT(10) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    valid_lifetime INT(10) DEFAULT NULL,
    authoritative TINYINT(1) DEFAULT NULL,
    calculate_tee_times TINYINT(1) DEFAULT NULL,
    t1_percent FLOAT DEFAULT NULL,
    t2_percent FLOAT DEFAULT NULL,
    boot_file_name VARCHAR(512) DEFAULT NULL,
    next_server INT UNSIGNED DEFAULT NULL,
    server_hostname VARCHAR(512) DEFAULT NULL,
    min_valid_lifetime INT(10) DEFAULT NULL,
    max_valid_lifetime INT(10) DEFAULT NULL,
    ddns_send_updates TINYINT(1) DEFAULT NULL,
    ddns_override_no_update TINYINT(1) DEFAULT NULL,
    ddns_override_client_update TINYINT(1) DEFAULT NULL,
    ddns_replace_client_name TINYINT(3) DEFAULT NULL,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global TINYINT(1) DEFAULT NULL,
    reservations_in_subnet TINYINT(1) DEFAULT NULL,
    reservations_out_of_pool TINYINT(1) DEFAULT NULL,
    cache_threshold FLOAT DEFAULT NULL,
    cache_max_age INT(10) DEFAULT NULL,
    UNIQUE KEY name_UNIQUE (name),
    KEY key_dhcp4_shared_network_modification_ts (modification_ts)
) ENGINE = InnoDB;

CREATE TABLE dhcp4_shared_network_server (
    shared_network_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (shared_network_id, server_id),
    KEY key_dhcp4_shared_network_server_modification_ts (modification_ts),
    KEY fk_dhcp4_shared_network_server_server_id (server_id),
    CONSTRAINT fk_dhcp4_shared_network_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp4_shared_network_server_shared_network_id FOREIGN KEY (shared_network_id)
        REFERENCES dhcp4_shared_network (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

-- subnet_id is the subnet's configured id (not generated); the writer must
-- give modification_ts (no default).
CREATE TABLE dhcp4_subnet (
    subnet_id INT UNSIGNED NOT NULL PRIMARY KEY,
    subnet_prefix VARCHAR(32) NOT NULL,
    `4o6_interface` VARCHAR(128) DEFAULT NULL,
    `4o6_interface_id` VARCHAR(128) DEFAULT NULL,
    `4o6_subnet` VARCHAR(64) DEFAULT NULL,
    boot_file_name VARCHAR(512) DEFAULT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    match_client_id TINYINT(1) DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    next_server INT UNSIGNED DEFAULT NULL,
    rebind_timer INT(10) DEFAULT NULL,
    relay LONGTEXT DEFAULT NULL,
    renew_timer INT(10) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    server_hostname VARCHAR(512) DEFAULT NULL,
    shared_network_name VARCHAR(128) DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    valid_lifetime INT(10) DEFAULT NULL,
    authoritative TINYINT(1) DEFAULT NULL,
    calculate_tee_times TINYINT(1) DEFAULT NULL,
    t1_percent FLOAT DEFAULT NULL,
    t2_percent FLOAT DEFAULT NULL,
    min_valid_lifetime INT(10) DEFAULT NULL,
    max_valid_lifetime INT(10) DEFAULT NULL,
    ddns_send_updates TINYINT(1) DEFAULT NULL,
    ddns_override_no_update TINYINT(1) DEFAULT NULL,
    ddns_override_client_update TINYINT(1) DEFAULT NULL,
    ddns_replace_client_name TINYINT(3) DEFAULT NULL,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global TINYINT(1) DEFAULT NULL,
    reservations_in_subnet TINYINT(1) DEFAULT NULL,
    reservations_out_of_pool TINYINT(1) DEFAULT NULL,
    cache_threshold FLOAT DEFAULT NULL,
    cache_max_age INT(10) DEFAULT NULL,
    UNIQUE KEY subnet4_subnet_prefix (subnet_prefix),
    KEY fk_dhcp4_subnet_shared_network (shared_network_name),
    KEY key_dhcp4_subnet_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp4_subnet_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp4_shared_network (name) ON DELETE NO ACTION ON UPDATE NO ACTION
) ENGINE = InnoDB;

CREATE TABLE dhcp4_subnet_server (
    subnet_id INT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (subnet_id, server_id),
    KEY fk_dhcp4_subnet_server_server_id_idx (server_id),
    KEY key_dhcp4_subnet_server_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp4_subnet_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp4_subnet_server_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp4_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = InnoDB;

-- The subnet's BDEL trigger deletes its pools (no cascade on delete).
CREATE TABLE dhcp4_pool (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    start_address INT UNSIGNED NOT NULL,
    end_address INT UNSIGNED NOT NULL,
    subnet_id INT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    KEY key_dhcp4_pool_modification_ts (modification_ts),
    KEY fk_dhcp4_pool_subnet_id (subnet_id),
    CONSTRAINT fk_dhcp4_pool_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp4_subnet (subnet_id) ON DELETE NO ACTION ON UPDATE CASCADE
) ENGINE = InnoDB;

-- Options of CB objects: the owners' keys on the hosts migration's table (the
-- indexes are there already). fk_options_host1 is Kea's original host key,
-- kept beside the cascading one.
ALTER TABLE dhcp4_options
    ADD CONSTRAINT fk_dhcp4_options_client_class FOREIGN KEY (dhcp_client_class)
        REFERENCES dhcp4_client_class (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp4_options_pool FOREIGN KEY (pool_id)
        REFERENCES dhcp4_pool (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp4_options_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp4_shared_network (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp4_options_subnet FOREIGN KEY (dhcp4_subnet_id)
        REFERENCES dhcp4_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_options_host1 FOREIGN KEY (host_id)
        REFERENCES hosts (host_id) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE TABLE dhcp4_options_server (
    option_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (option_id, server_id),
    KEY fk_dhcp4_options_server_server_id (server_id),
    KEY key_dhcp4_options_server_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp4_options_server_option_id FOREIGN KEY (option_id)
        REFERENCES dhcp4_options (option_id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp4_options_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

-- ---- DHCPv6 tables -----------------------------------------------------------

CREATE TABLE dhcp6_server (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tag VARCHAR(64) NOT NULL,
    description TEXT DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    UNIQUE KEY dhcp6_server_tag_UNIQUE (tag),
    KEY key_dhcp6_server_modification_ts (modification_ts)
) ENGINE = InnoDB;
INSERT INTO dhcp6_server (tag, description, modification_ts)
    VALUES ('all', 'special type: all servers', CURRENT_TIMESTAMP);

CREATE TABLE dhcp6_audit_revision (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    modification_ts TIMESTAMP NOT NULL,
    log_message TEXT DEFAULT NULL,
    server_id BIGINT(10) UNSIGNED DEFAULT NULL,
    KEY key_dhcp6_audit_revision_by_modification_ts (modification_ts)
) ENGINE = InnoDB;

CREATE TABLE dhcp6_audit (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    object_type VARCHAR(256) NOT NULL,
    object_id BIGINT UNSIGNED NOT NULL,
    modification_type TINYINT(1) NOT NULL,
    revision_id BIGINT UNSIGNED NOT NULL,
    KEY fk_dhcp6_audit_modification_type (modification_type),
    KEY fk_dhcp6_audit_revision (revision_id),
    CONSTRAINT fk_dhcp6_audit_modification_type FOREIGN KEY (modification_type)
        REFERENCES modification (id) ON DELETE NO ACTION ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp6_audit_revision FOREIGN KEY (revision_id)
        REFERENCES dhcp6_audit_revision (id) ON DELETE NO ACTION ON UPDATE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp6_global_parameter (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    value LONGTEXT NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    parameter_type TINYINT UNSIGNED NOT NULL,
    KEY key_dhcp6_global_parameter_modification_ts (modification_ts),
    KEY key_dhcp6_global_parameter_name (name),
    KEY fk_dhcp6_global_parameter_type (parameter_type),
    CONSTRAINT fk_dhcp6_global_parameter_type FOREIGN KEY (parameter_type)
        REFERENCES parameter_data_type (id)
) ENGINE = InnoDB;

CREATE TABLE dhcp6_global_parameter_server (
    parameter_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (parameter_id, server_id),
    KEY fk_dhcp6_global_parameter_server_server_id (server_id),
    KEY key_dhcp6_global_parameter_server (modification_ts),
    CONSTRAINT fk_dhcp6_global_parameter_server_parameter_id FOREIGN KEY (parameter_id)
        REFERENCES dhcp6_global_parameter (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp6_global_parameter_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

CREATE TABLE dhcp6_client_class (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    test TEXT DEFAULT NULL,
    only_if_required TINYINT NOT NULL DEFAULT 0,
    valid_lifetime INT DEFAULT NULL,
    min_valid_lifetime INT DEFAULT NULL,
    max_valid_lifetime INT DEFAULT NULL,
    depend_on_known_directly TINYINT NOT NULL DEFAULT 0,
    follow_class_name VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    preferred_lifetime INT(10) DEFAULT NULL,
    min_preferred_lifetime INT(10) DEFAULT NULL,
    max_preferred_lifetime INT(10) DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    UNIQUE KEY id_UNIQUE (id),
    UNIQUE KEY name_UNIQUE (name),
    KEY key_dhcp6_client_class_modification_ts (modification_ts)
) ENGINE = InnoDB;

CREATE TABLE dhcp6_client_class_order (
    class_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    order_index BIGINT UNSIGNED NOT NULL,
    depend_on_known_indirectly TINYINT NOT NULL DEFAULT 0,
    KEY key_dhcp6_client_class_order_index (order_index),
    CONSTRAINT fk_dhcp6_client_class_order_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp6_client_class_dependency (
    class_id BIGINT UNSIGNED NOT NULL,
    dependency_id BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (class_id, dependency_id),
    KEY dhcp6_client_class_dependency_id_idx (dependency_id),
    CONSTRAINT dhcp6_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE,
    CONSTRAINT dhcp6_client_class_dependency_id FOREIGN KEY (dependency_id)
        REFERENCES dhcp6_client_class (id)
) ENGINE = InnoDB;

CREATE TABLE dhcp6_client_class_server (
    class_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NULL DEFAULT NULL,
    PRIMARY KEY (class_id, server_id),
    KEY fk_dhcp6_client_class_server_id (server_id),
    CONSTRAINT fk_dhcp6_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp6_client_class_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id)
) ENGINE = InnoDB;

CREATE TABLE dhcp6_option_def (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code SMALLINT UNSIGNED NOT NULL,
    name VARCHAR(128) NOT NULL,
    space VARCHAR(128) NOT NULL,
    type TINYINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    is_array TINYINT(1) NOT NULL,
    encapsulate VARCHAR(128) NOT NULL,
    record_types VARCHAR(512) DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    class_id BIGINT UNSIGNED DEFAULT NULL,
    KEY key_dhcp6_option_def_modification_ts (modification_ts),
    KEY key_dhcp6_option_def_code_space (code, space),
    KEY fk_dhcp6_option_def_client_class_id (class_id),
    CONSTRAINT fk_dhcp6_option_def_client_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp6_option_def_server (
    option_def_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (option_def_id, server_id),
    KEY fk_dhcp6_option_def_server_server_id_idx (server_id),
    KEY key_dhcp6_option_def_server_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp6_option_def_server_option_def_id FOREIGN KEY (option_def_id)
        REFERENCES dhcp6_option_def (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp6_option_def_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

CREATE TABLE dhcp6_shared_network (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(128) NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL,
    preferred_lifetime INT(10) DEFAULT NULL,
    rapid_commit TINYINT(1) DEFAULT NULL,
    rebind_timer INT(10) DEFAULT NULL,
    relay LONGTEXT DEFAULT NULL,
    renew_timer INT(10) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    valid_lifetime INT(10) DEFAULT NULL,
    calculate_tee_times TINYINT(1) DEFAULT NULL,
    t1_percent FLOAT DEFAULT NULL,
    t2_percent FLOAT DEFAULT NULL,
    interface_id VARBINARY(128) DEFAULT NULL,
    min_preferred_lifetime INT(10) DEFAULT NULL,
    max_preferred_lifetime INT(10) DEFAULT NULL,
    min_valid_lifetime INT(10) DEFAULT NULL,
    max_valid_lifetime INT(10) DEFAULT NULL,
    ddns_send_updates TINYINT(1) DEFAULT NULL,
    ddns_override_no_update TINYINT(1) DEFAULT NULL,
    ddns_override_client_update TINYINT(1) DEFAULT NULL,
    ddns_replace_client_name TINYINT(3) DEFAULT NULL,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global TINYINT(1) DEFAULT NULL,
    reservations_in_subnet TINYINT(1) DEFAULT NULL,
    reservations_out_of_pool TINYINT(1) DEFAULT NULL,
    cache_threshold FLOAT DEFAULT NULL,
    cache_max_age INT(10) DEFAULT NULL,
    UNIQUE KEY name_UNIQUE (name),
    KEY key_dhcp6_shared_network_modification_ts (modification_ts)
) ENGINE = InnoDB;

CREATE TABLE dhcp6_shared_network_server (
    shared_network_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (shared_network_id, server_id),
    KEY key_dhcp6_shared_network_server_modification_ts (modification_ts),
    KEY fk_dhcp6_shared_network_server_server_id_idx (server_id),
    CONSTRAINT fk_dhcp6_shared_network_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp6_shared_network_server_shared_network_id FOREIGN KEY (shared_network_id)
        REFERENCES dhcp6_shared_network (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

-- The only CB table whose modification_ts follows updates by itself.
CREATE TABLE dhcp6_subnet (
    subnet_id INT UNSIGNED NOT NULL PRIMARY KEY,
    subnet_prefix VARCHAR(64) NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    preferred_lifetime INT(10) DEFAULT NULL,
    rapid_commit TINYINT(1) DEFAULT NULL,
    rebind_timer INT(10) DEFAULT NULL,
    relay LONGTEXT DEFAULT NULL,
    renew_timer INT(10) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    shared_network_name VARCHAR(128) DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    valid_lifetime INT(10) DEFAULT NULL,
    calculate_tee_times TINYINT(1) DEFAULT NULL,
    t1_percent FLOAT DEFAULT NULL,
    t2_percent FLOAT DEFAULT NULL,
    interface_id VARBINARY(128) DEFAULT NULL,
    min_preferred_lifetime INT(10) DEFAULT NULL,
    max_preferred_lifetime INT(10) DEFAULT NULL,
    min_valid_lifetime INT(10) DEFAULT NULL,
    max_valid_lifetime INT(10) DEFAULT NULL,
    ddns_send_updates TINYINT(1) DEFAULT NULL,
    ddns_override_no_update TINYINT(1) DEFAULT NULL,
    ddns_override_client_update TINYINT(1) DEFAULT NULL,
    ddns_replace_client_name TINYINT(3) DEFAULT NULL,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global TINYINT(1) DEFAULT NULL,
    reservations_in_subnet TINYINT(1) DEFAULT NULL,
    reservations_out_of_pool TINYINT(1) DEFAULT NULL,
    cache_threshold FLOAT DEFAULT NULL,
    cache_max_age INT(10) DEFAULT NULL,
    UNIQUE KEY subnet_prefix_UNIQUE (subnet_prefix),
    KEY subnet6_subnet_prefix (subnet_prefix),
    KEY fk_dhcp6_subnet_shared_network (shared_network_name),
    KEY key_dhcp6_subnet_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp6_subnet_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp6_shared_network (name) ON DELETE NO ACTION ON UPDATE NO ACTION
) ENGINE = InnoDB;

CREATE TABLE dhcp6_subnet_server (
    subnet_id INT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (subnet_id, server_id),
    KEY fk_dhcp6_subnet_server_server_id (server_id),
    KEY key_dhcp6_subnet_server_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp6_subnet_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp6_subnet_server_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp6_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = InnoDB;

CREATE TABLE dhcp6_pool (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    start_address VARCHAR(45) NOT NULL,
    end_address VARCHAR(45) NOT NULL,
    subnet_id INT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    KEY key_dhcp6_pool_modification_ts (modification_ts),
    KEY fk_dhcp6_pool_subnet_id (subnet_id),
    CONSTRAINT fk_dhcp6_pool_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp6_subnet (subnet_id) ON DELETE NO ACTION ON UPDATE CASCADE
) ENGINE = InnoDB;

-- Prefix delegation pools; excluded_prefix_length 0 means no excluded prefix.
CREATE TABLE dhcp6_pd_pool (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    prefix VARCHAR(45) NOT NULL,
    prefix_length TINYINT(3) NOT NULL,
    delegated_prefix_length TINYINT(3) NOT NULL,
    subnet_id INT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    excluded_prefix VARCHAR(45) DEFAULT NULL,
    excluded_prefix_length TINYINT(3) NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    require_client_classes LONGTEXT DEFAULT NULL,
    user_context LONGTEXT DEFAULT NULL,
    KEY key_dhcp6_pd_pool_modification_ts (modification_ts),
    KEY fk_dhcp6_pd_pool_subnet_id (subnet_id),
    CONSTRAINT fk_dhcp6_pd_pool_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp6_subnet (subnet_id) ON DELETE NO ACTION ON UPDATE CASCADE
) ENGINE = InnoDB;

ALTER TABLE dhcp6_options
    ADD CONSTRAINT fk_dhcp6_options_client_class FOREIGN KEY (dhcp_client_class)
        REFERENCES dhcp6_client_class (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_pd_pool FOREIGN KEY (pd_pool_id)
        REFERENCES dhcp6_pd_pool (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_pool FOREIGN KEY (pool_id)
        REFERENCES dhcp6_pool (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp6_shared_network (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_subnet FOREIGN KEY (dhcp6_subnet_id)
        REFERENCES dhcp6_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_options_host10 FOREIGN KEY (host_id)
        REFERENCES hosts (host_id) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE TABLE dhcp6_options_server (
    option_id BIGINT UNSIGNED NOT NULL,
    server_id BIGINT UNSIGNED NOT NULL,
    modification_ts TIMESTAMP NOT NULL,
    PRIMARY KEY (option_id, server_id),
    KEY fk_dhcp6_options_server_server_id_idx (server_id),
    KEY key_dhcp6_options_server_modification_ts (modification_ts),
    CONSTRAINT fk_dhcp6_options_server_option_id FOREIGN KEY (option_id)
        REFERENCES dhcp6_options (option_id) ON DELETE CASCADE ON UPDATE NO ACTION,
    CONSTRAINT fk_dhcp6_options_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE ON UPDATE NO ACTION
) ENGINE = InnoDB;

-- ---- audit revisions and entries --------------------------------------------

-- A CB writer calls this first in a session (CALL ..., cascade as 0/1): it
-- records the revision (under the tag's server id, NULL for an unknown tag)
-- and remembers its id and the cascade flag for the triggers that follow.
-- @disable_audit = 1 turns auditing off.
CREATE PROCEDURE createAuditRevisionDHCP4(IN audit_ts TIMESTAMP, IN server_tag VARCHAR(256),
                                          IN audit_log_message TEXT,
                                          IN cascade_transaction TINYINT(1))
BEGIN
    IF @disable_audit IS NULL OR @disable_audit = 0 THEN
        INSERT INTO dhcp4_audit_revision (modification_ts, server_id, log_message)
            VALUES (audit_ts, (SELECT s.id FROM dhcp4_server s WHERE s.tag = server_tag),
                    audit_log_message);
        SET @audit_revision_id = LAST_INSERT_ID();
        SET @cascade_transaction = cascade_transaction;
    END IF;
END;

CREATE PROCEDURE createAuditRevisionDHCP6(IN audit_ts TIMESTAMP, IN server_tag VARCHAR(256),
                                          IN audit_log_message TEXT,
                                          IN cascade_transaction TINYINT(1))
BEGIN
    IF @disable_audit IS NULL OR @disable_audit = 0 THEN
        INSERT INTO dhcp6_audit_revision (modification_ts, server_id, log_message)
            VALUES (audit_ts, (SELECT s.id FROM dhcp6_server s WHERE s.tag = server_tag),
                    audit_log_message);
        SET @audit_revision_id = LAST_INSERT_ID();
        SET @cascade_transaction = cascade_transaction;
    END IF;
END;

-- One audit entry under the session's revision (none in the session: the
-- NOT NULL revision_id refuses the write).
CREATE PROCEDURE createAuditEntryDHCP4(IN object_type_val VARCHAR(256),
                                       IN object_id_val BIGINT UNSIGNED,
                                       IN modification_type_val VARCHAR(32))
BEGIN
    IF @disable_audit IS NULL OR @disable_audit = 0 THEN
        INSERT INTO dhcp4_audit (object_type, object_id, modification_type, revision_id)
            VALUES (object_type_val, object_id_val,
                    (SELECT m.id FROM modification m
                     WHERE m.modification_type = modification_type_val),
                    @audit_revision_id);
    END IF;
END;

CREATE PROCEDURE createAuditEntryDHCP6(IN object_type_val VARCHAR(256),
                                       IN object_id_val BIGINT UNSIGNED,
                                       IN modification_type_val VARCHAR(32))
BEGIN
    IF @disable_audit IS NULL OR @disable_audit = 0 THEN
        INSERT INTO dhcp6_audit (object_type, object_id, modification_type, revision_id)
            VALUES (object_type_val, object_id_val,
                    (SELECT m.id FROM modification m
                     WHERE m.modification_type = modification_type_val),
                    @audit_revision_id);
    END IF;
END;

-- An option change outside a cascade (i.e. not written as part of its owner):
-- a global option gets an entry of its own; a subnet, pool or shared network
-- option bumps its owner's modification_ts, whose update trigger audits the
-- owner. Class and host options are not audited.
CREATE PROCEDURE createOptionAuditDHCP4(IN modification_type VARCHAR(32),
                                        IN scope_id TINYINT UNSIGNED,
                                        IN option_id BIGINT UNSIGNED,
                                        IN subnet_id INT UNSIGNED,
                                        IN host_id INT UNSIGNED,
                                        IN network_name VARCHAR(128),
                                        IN pool_id BIGINT,
                                        IN modification_ts TIMESTAMP)
BEGIN
    IF @cascade_transaction IS NULL OR @cascade_transaction = 0 THEN
        CASE scope_id
            WHEN 0 THEN
                CALL createAuditEntryDHCP4('dhcp4_options', option_id, modification_type);
            WHEN 1 THEN
                UPDATE dhcp4_subnet AS s SET s.modification_ts = modification_ts
                    WHERE s.subnet_id = subnet_id;
            WHEN 4 THEN
                UPDATE dhcp4_shared_network AS n SET n.modification_ts = modification_ts
                    WHERE n.name = network_name;
            WHEN 5 THEN
                UPDATE dhcp4_subnet AS s SET s.modification_ts = modification_ts
                    WHERE s.subnet_id = (SELECT p.subnet_id FROM dhcp4_pool p WHERE p.id = pool_id);
            ELSE
                BEGIN
                END;
        END CASE;
    END IF;
END;

CREATE PROCEDURE createOptionAuditDHCP6(IN modification_type VARCHAR(32),
                                        IN scope_id TINYINT UNSIGNED,
                                        IN option_id BIGINT UNSIGNED,
                                        IN subnet_id INT UNSIGNED,
                                        IN host_id INT UNSIGNED,
                                        IN network_name VARCHAR(128),
                                        IN pool_id BIGINT,
                                        IN pd_pool_id BIGINT,
                                        IN modification_ts TIMESTAMP)
BEGIN
    IF @cascade_transaction IS NULL OR @cascade_transaction = 0 THEN
        CASE scope_id
            WHEN 0 THEN
                CALL createAuditEntryDHCP6('dhcp6_options', option_id, modification_type);
            WHEN 1 THEN
                UPDATE dhcp6_subnet AS s SET s.modification_ts = modification_ts
                    WHERE s.subnet_id = subnet_id;
            WHEN 4 THEN
                UPDATE dhcp6_shared_network AS n SET n.modification_ts = modification_ts
                    WHERE n.name = network_name;
            WHEN 5 THEN
                UPDATE dhcp6_subnet AS s SET s.modification_ts = modification_ts
                    WHERE s.subnet_id = (SELECT p.subnet_id FROM dhcp6_pool p WHERE p.id = pool_id);
            WHEN 6 THEN
                UPDATE dhcp6_subnet AS s SET s.modification_ts = modification_ts
                    WHERE s.subnet_id = (SELECT p.subnet_id FROM dhcp6_pd_pool p
                                         WHERE p.id = pd_pool_id);
            ELSE
                BEGIN
                END;
        END CASE;
    END IF;
END;

-- ---- client class order and dependencies --------------------------------------

-- Places class `id` after `follow_class_name` (or last when NULL) in the class
-- order, unless the position did not change; refuses a move that would put it
-- after a class depending on it. Remembers the class's indirect KNOWN/UNKNOWN
-- dependency in @depend_on_known_indirectly.
CREATE PROCEDURE setClientClass4Order(IN id BIGINT UNSIGNED,
                                      IN follow_class_name VARCHAR(128),
                                      IN old_follow_class_name VARCHAR(128))
body: BEGIN
    DECLARE after_index BIGINT UNSIGNED;
    DECLARE msg TEXT;
    SET @depend_on_known_indirectly = (SELECT o.depend_on_known_indirectly
                                       FROM dhcp4_client_class_order o WHERE o.class_id = id);
    IF @depend_on_known_indirectly IS NOT NULL
       AND ((follow_class_name IS NULL AND old_follow_class_name IS NULL)
            OR follow_class_name = old_follow_class_name) THEN
        UPDATE dhcp4_client_class_order AS o SET o.depend_on_known_indirectly = 0
            WHERE o.class_id = id;
        LEAVE body;
    END IF;
    IF follow_class_name IS NOT NULL THEN
        SET after_index = (SELECT o.order_index FROM dhcp4_client_class c
                               JOIN dhcp4_client_class_order o ON c.id = o.class_id
                           WHERE c.name = follow_class_name);
        IF after_index IS NULL THEN
            SET msg = CONCAT('Class ', follow_class_name, ' does not exist.');
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
        END IF;
        -- Make room right after the followed class when that place is taken.
        IF EXISTS (SELECT 1 FROM dhcp4_client_class_order o
                   WHERE o.order_index = after_index + 1) THEN
            UPDATE dhcp4_client_class_order AS o SET o.order_index = o.order_index + 1
                WHERE o.order_index >= after_index + 1 ORDER BY o.order_index DESC;
        END IF;
    ELSE
        SET after_index = (SELECT COALESCE(MAX(o.order_index), 0) FROM dhcp4_client_class_order o);
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp4_client_class_dependency d
                   JOIN dhcp4_client_class_order o ON d.class_id = o.class_id
               WHERE d.dependency_id = id AND o.order_index < after_index + 1) THEN
        SET msg = CONCAT('Unable to move class with id ', id,
                         ' because it would break its dependencies');
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    INSERT INTO dhcp4_client_class_order (class_id, order_index, depend_on_known_indirectly)
        VALUES (id, after_index + 1, 0)
        ON DUPLICATE KEY UPDATE order_index = after_index + 1, depend_on_known_indirectly = 0;
END;

CREATE PROCEDURE setClientClass6Order(IN id BIGINT UNSIGNED,
                                      IN follow_class_name VARCHAR(128),
                                      IN old_follow_class_name VARCHAR(128))
body: BEGIN
    DECLARE after_index BIGINT UNSIGNED;
    DECLARE msg TEXT;
    SET @depend_on_known_indirectly = (SELECT o.depend_on_known_indirectly
                                       FROM dhcp6_client_class_order o WHERE o.class_id = id);
    IF @depend_on_known_indirectly IS NOT NULL
       AND ((follow_class_name IS NULL AND old_follow_class_name IS NULL)
            OR follow_class_name = old_follow_class_name) THEN
        UPDATE dhcp6_client_class_order AS o SET o.depend_on_known_indirectly = 0
            WHERE o.class_id = id;
        LEAVE body;
    END IF;
    IF follow_class_name IS NOT NULL THEN
        SET after_index = (SELECT o.order_index FROM dhcp6_client_class c
                               JOIN dhcp6_client_class_order o ON c.id = o.class_id
                           WHERE c.name = follow_class_name);
        IF after_index IS NULL THEN
            SET msg = CONCAT('Class ', follow_class_name, ' does not exist.');
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
        END IF;
        IF EXISTS (SELECT 1 FROM dhcp6_client_class_order o
                   WHERE o.order_index = after_index + 1) THEN
            UPDATE dhcp6_client_class_order AS o SET o.order_index = o.order_index + 1
                WHERE o.order_index >= after_index + 1 ORDER BY o.order_index DESC;
        END IF;
    ELSE
        SET after_index = (SELECT COALESCE(MAX(o.order_index), 0) FROM dhcp6_client_class_order o);
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp6_client_class_dependency d
                   JOIN dhcp6_client_class_order o ON d.class_id = o.class_id
               WHERE d.dependency_id = id AND o.order_index < after_index + 1) THEN
        SET msg = CONCAT('Unable to move class with id ', id,
                         ' because it would break its dependencies');
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    INSERT INTO dhcp6_client_class_order (class_id, order_index, depend_on_known_indirectly)
        VALUES (id, after_index + 1, 0)
        ON DUPLICATE KEY UPDATE order_index = after_index + 1, depend_on_known_indirectly = 0;
END;

-- A class may depend only on an existing, earlier class that every one of its
-- servers also has (or that belongs to all servers).
CREATE PROCEDURE checkDHCPv4ClientClassDependency(IN class_id BIGINT UNSIGNED,
                                                  IN dependency_id BIGINT UNSIGNED)
BEGIN
    DECLARE class_index BIGINT UNSIGNED;
    DECLARE dependency_index BIGINT UNSIGNED;
    DECLARE msg TEXT;
    IF class_id IS NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Client class id must not be NULL.';
    END IF;
    IF dependency_id IS NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Class dependency id must not be NULL.';
    END IF;
    IF class_id = dependency_id THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Client class must not have dependency on self.';
    END IF;
    SET class_index = (SELECT o.order_index FROM dhcp4_client_class_order o
                           JOIN dhcp4_client_class c ON c.id = o.class_id
                       WHERE c.id = class_id);
    IF class_index IS NULL THEN
        SET msg = CONCAT('Client class with id ', class_id, ' does not exist.');
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    SET dependency_index = (SELECT o.order_index FROM dhcp4_client_class_order o
                                JOIN dhcp4_client_class c ON c.id = o.class_id
                            WHERE c.id = dependency_id);
    IF dependency_index IS NULL THEN
        SET msg = CONCAT('Client class with id ', dependency_id, ' does not exist.');
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    IF dependency_index > class_index THEN
        SET msg = CONCAT('Client class with id ', class_id,
                         ' must not depend on class defined later with id ', dependency_id);
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp4_client_class_server s
               WHERE s.class_id = class_id
                 AND NOT EXISTS (SELECT 1 FROM dhcp4_client_class_server d
                                 WHERE d.class_id = dependency_id
                                   AND (d.server_id = 1 OR d.server_id = s.server_id))) THEN
        SET msg = CONCAT('Unmet dependencies for client class with id ', class_id);
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
END;

CREATE PROCEDURE checkDHCPv6ClientClassDependency(IN class_id BIGINT UNSIGNED,
                                                  IN dependency_id BIGINT UNSIGNED)
BEGIN
    DECLARE class_index BIGINT UNSIGNED;
    DECLARE dependency_index BIGINT UNSIGNED;
    DECLARE msg TEXT;
    IF class_id IS NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Client class id must not be NULL.';
    END IF;
    IF dependency_id IS NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Class dependency id must not be NULL.';
    END IF;
    IF class_id = dependency_id THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'Client class must not have dependency on self.';
    END IF;
    SET class_index = (SELECT o.order_index FROM dhcp6_client_class_order o
                           JOIN dhcp6_client_class c ON c.id = o.class_id
                       WHERE c.id = class_id);
    IF class_index IS NULL THEN
        SET msg = CONCAT('Client class with id ', class_id, ' does not exist.');
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    SET dependency_index = (SELECT o.order_index FROM dhcp6_client_class_order o
                                JOIN dhcp6_client_class c ON c.id = o.class_id
                            WHERE c.id = dependency_id);
    IF dependency_index IS NULL THEN
        SET msg = CONCAT('Client class with id ', dependency_id, ' does not exist.');
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    IF dependency_index > class_index THEN
        SET msg = CONCAT('Client class with id ', class_id,
                         ' must not depend on class defined later with id ', dependency_id);
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp6_client_class_server s
               WHERE s.class_id = class_id
                 AND NOT EXISTS (SELECT 1 FROM dhcp6_client_class_server d
                                 WHERE d.class_id = dependency_id
                                   AND (d.server_id = 1 OR d.server_id = s.server_id))) THEN
        SET msg = CONCAT('Unmet dependencies for client class with id ', class_id);
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;
    END IF;
END;

-- A class that depends on a class depending on KNOWN/UNKNOWN (directly or not)
-- depends on it indirectly.
CREATE PROCEDURE updateDHCPv4ClientClassKnownDependency(IN client_class_id BIGINT UNSIGNED,
                                                        IN dependency_id BIGINT UNSIGNED)
BEGIN
    DECLARE known TINYINT;
    SET known = (SELECT c.depend_on_known_directly FROM dhcp4_client_class c
                 WHERE c.id = dependency_id);
    IF known = 0 THEN
        SET known = (SELECT o.depend_on_known_indirectly FROM dhcp4_client_class_order o
                     WHERE o.class_id = dependency_id);
    END IF;
    IF known <> 0 THEN
        UPDATE dhcp4_client_class_order AS o SET o.depend_on_known_indirectly = 1
            WHERE o.class_id = client_class_id;
    END IF;
END;

CREATE PROCEDURE updateDHCPv6ClientClassKnownDependency(IN client_class_id BIGINT UNSIGNED,
                                                        IN dependency_id BIGINT UNSIGNED)
BEGIN
    DECLARE known TINYINT;
    SET known = (SELECT c.depend_on_known_directly FROM dhcp6_client_class c
                 WHERE c.id = dependency_id);
    IF known = 0 THEN
        SET known = (SELECT o.depend_on_known_indirectly FROM dhcp6_client_class_order o
                     WHERE o.class_id = dependency_id);
    END IF;
    IF known <> 0 THEN
        UPDATE dhcp6_client_class_order AS o SET o.depend_on_known_indirectly = 1
            WHERE o.class_id = client_class_id;
    END IF;
END;

-- Called by Kea's CB after updating a class (the update trigger stored the
-- class id and its old dependency in the session): a class that others depend
-- on must keep its KNOWN/UNKNOWN dependency.
CREATE PROCEDURE checkDHCPv4ClientClassKnownDependencyChange()
BEGIN
    DECLARE depended TINYINT DEFAULT 0;
    DECLARE depends TINYINT;
    IF @client_class_id IS NOT NULL AND EXISTS (
           SELECT 1 FROM dhcp4_client_class_dependency d
           WHERE d.dependency_id = @client_class_id) THEN
        IF @depend_on_known_directly <> 0 OR @depend_on_known_indirectly <> 0 THEN
            SET depended = 1;
        END IF;
        SET depends = (SELECT c.depend_on_known_directly FROM dhcp4_client_class c
                       WHERE c.id = @client_class_id);
        IF depends = 0 THEN
            SET depends = (SELECT o.depend_on_known_indirectly FROM dhcp4_client_class_order o
                           WHERE o.class_id = @client_class_id);
        END IF;
        IF depended <> depends THEN
            SIGNAL SQLSTATE '45000'
                SET MESSAGE_TEXT = 'Class dependency on KNOWN/UNKNOWN built-in classes must not change.';
        END IF;
    END IF;
END;

CREATE PROCEDURE checkDHCPv6ClientClassKnownDependencyChange()
BEGIN
    DECLARE depended TINYINT DEFAULT 0;
    DECLARE depends TINYINT;
    IF @client_class_id IS NOT NULL AND EXISTS (
           SELECT 1 FROM dhcp6_client_class_dependency d
           WHERE d.dependency_id = @client_class_id) THEN
        IF @depend_on_known_directly <> 0 OR @depend_on_known_indirectly <> 0 THEN
            SET depended = 1;
        END IF;
        SET depends = (SELECT c.depend_on_known_directly FROM dhcp6_client_class c
                       WHERE c.id = @client_class_id);
        IF depends = 0 THEN
            SET depends = (SELECT o.depend_on_known_indirectly FROM dhcp6_client_class_order o
                           WHERE o.class_id = @client_class_id);
        END IF;
        IF depended <> depends THEN
            SIGNAL SQLSTATE '45000'
                SET MESSAGE_TEXT = 'Class dependency on KNOWN/UNKNOWN built-in classes must not change.';
        END IF;
    END IF;
END;

-- ---- triggers ------------------------------------------------------------------
-- AINS/AUPD/ADEL audit the row under its table name; BDEL ones audit, then
-- remove what hangs off the row (pools, options, member subnets' network).

CREATE TRIGGER dhcp4_server_AINS AFTER INSERT ON dhcp4_server FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_server', NEW.id, 'create');
CREATE TRIGGER dhcp4_server_AUPD AFTER UPDATE ON dhcp4_server FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_server', NEW.id, 'update');
CREATE TRIGGER dhcp4_server_ADEL AFTER DELETE ON dhcp4_server FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_server', OLD.id, 'delete');

CREATE TRIGGER dhcp4_global_parameter_AINS AFTER INSERT ON dhcp4_global_parameter FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_global_parameter', NEW.id, 'create');
CREATE TRIGGER dhcp4_global_parameter_AUPD AFTER UPDATE ON dhcp4_global_parameter FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_global_parameter', NEW.id, 'update');
CREATE TRIGGER dhcp4_global_parameter_ADEL AFTER DELETE ON dhcp4_global_parameter FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_global_parameter', OLD.id, 'delete');

CREATE TRIGGER dhcp4_option_def_AINS AFTER INSERT ON dhcp4_option_def FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_option_def', NEW.id, 'create');
CREATE TRIGGER dhcp4_option_def_AUPD AFTER UPDATE ON dhcp4_option_def FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_option_def', NEW.id, 'update');
CREATE TRIGGER dhcp4_option_def_ADEL AFTER DELETE ON dhcp4_option_def FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_option_def', OLD.id, 'delete');

CREATE TRIGGER dhcp4_shared_network_AINS AFTER INSERT ON dhcp4_shared_network FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_shared_network', NEW.id, 'create');
CREATE TRIGGER dhcp4_shared_network_AUPD AFTER UPDATE ON dhcp4_shared_network FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_shared_network', NEW.id, 'update');
-- Member subnets leave the network first (audited as subnet updates), then the
-- network's options go.
CREATE TRIGGER dhcp4_shared_network_BDEL BEFORE DELETE ON dhcp4_shared_network FOR EACH ROW
BEGIN
    CALL createAuditEntryDHCP4('dhcp4_shared_network', OLD.id, 'delete');
    UPDATE dhcp4_subnet SET shared_network_name = NULL WHERE shared_network_name = OLD.name;
    DELETE FROM dhcp4_options WHERE shared_network_name = OLD.name;
END;

CREATE TRIGGER dhcp4_subnet_AINS AFTER INSERT ON dhcp4_subnet FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_subnet', NEW.subnet_id, 'create');
CREATE TRIGGER dhcp4_subnet_AUPD AFTER UPDATE ON dhcp4_subnet FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_subnet', NEW.subnet_id, 'update');
CREATE TRIGGER dhcp4_subnet_BDEL BEFORE DELETE ON dhcp4_subnet FOR EACH ROW
BEGIN
    CALL createAuditEntryDHCP4('dhcp4_subnet', OLD.subnet_id, 'delete');
    DELETE FROM dhcp4_pool WHERE subnet_id = OLD.subnet_id;
    DELETE FROM dhcp4_options WHERE dhcp4_subnet_id = OLD.subnet_id;
END;

CREATE TRIGGER dhcp4_pool_BDEL BEFORE DELETE ON dhcp4_pool FOR EACH ROW
    DELETE FROM dhcp4_options WHERE scope_id = 5 AND pool_id = OLD.id;

CREATE TRIGGER dhcp4_options_AINS AFTER INSERT ON dhcp4_options FOR EACH ROW
    CALL createOptionAuditDHCP4('create', NEW.scope_id, NEW.option_id, NEW.dhcp4_subnet_id,
                                NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                NEW.modification_ts);
CREATE TRIGGER dhcp4_options_AUPD AFTER UPDATE ON dhcp4_options FOR EACH ROW
    CALL createOptionAuditDHCP4('update', NEW.scope_id, NEW.option_id, NEW.dhcp4_subnet_id,
                                NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                NEW.modification_ts);
CREATE TRIGGER dhcp4_options_ADEL AFTER DELETE ON dhcp4_options FOR EACH ROW
    CALL createOptionAuditDHCP4('delete', OLD.scope_id, OLD.option_id, OLD.dhcp4_subnet_id,
                                OLD.host_id, OLD.shared_network_name, OLD.pool_id, NOW());

CREATE TRIGGER dhcp4_client_class_AINS AFTER INSERT ON dhcp4_client_class FOR EACH ROW
BEGIN
    CALL setClientClass4Order(NEW.id, NEW.follow_class_name, NULL);
    CALL createAuditEntryDHCP4('dhcp4_client_class', NEW.id, 'create');
END;
CREATE TRIGGER dhcp4_client_class_AUPD AFTER UPDATE ON dhcp4_client_class FOR EACH ROW
BEGIN
    SET @depend_on_known_directly = OLD.depend_on_known_directly;
    SET @client_class_id = NEW.id;
    CALL setClientClass4Order(NEW.id, NEW.follow_class_name, OLD.follow_class_name);
    CALL createAuditEntryDHCP4('dhcp4_client_class', NEW.id, 'update');
END;
CREATE TRIGGER dhcp4_client_class_ADEL AFTER DELETE ON dhcp4_client_class FOR EACH ROW
    CALL createAuditEntryDHCP4('dhcp4_client_class', OLD.id, 'delete');

CREATE TRIGGER dhcp4_client_class_check_dependency_BINS BEFORE INSERT
    ON dhcp4_client_class_dependency FOR EACH ROW
    CALL checkDHCPv4ClientClassDependency(NEW.class_id, NEW.dependency_id);
CREATE TRIGGER dhcp4_client_class_dependency_AINS AFTER INSERT
    ON dhcp4_client_class_dependency FOR EACH ROW
    CALL updateDHCPv4ClientClassKnownDependency(NEW.class_id, NEW.dependency_id);

CREATE TRIGGER dhcp6_server_AINS AFTER INSERT ON dhcp6_server FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_server', NEW.id, 'create');
CREATE TRIGGER dhcp6_server_AUPD AFTER UPDATE ON dhcp6_server FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_server', NEW.id, 'update');
CREATE TRIGGER dhcp6_server_ADEL AFTER DELETE ON dhcp6_server FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_server', OLD.id, 'delete');

CREATE TRIGGER dhcp6_global_parameter_AINS AFTER INSERT ON dhcp6_global_parameter FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_global_parameter', NEW.id, 'create');
CREATE TRIGGER dhcp6_global_parameter_AUPD AFTER UPDATE ON dhcp6_global_parameter FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_global_parameter', NEW.id, 'update');
CREATE TRIGGER dhcp6_global_parameter_ADEL AFTER DELETE ON dhcp6_global_parameter FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_global_parameter', OLD.id, 'delete');

CREATE TRIGGER dhcp6_option_def_AINS AFTER INSERT ON dhcp6_option_def FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_option_def', NEW.id, 'create');
CREATE TRIGGER dhcp6_option_def_AUPD AFTER UPDATE ON dhcp6_option_def FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_option_def', NEW.id, 'update');
CREATE TRIGGER dhcp6_option_def_ADEL AFTER DELETE ON dhcp6_option_def FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_option_def', OLD.id, 'delete');

CREATE TRIGGER dhcp6_shared_network_AINS AFTER INSERT ON dhcp6_shared_network FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_shared_network', NEW.id, 'create');
CREATE TRIGGER dhcp6_shared_network_AUPD AFTER UPDATE ON dhcp6_shared_network FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_shared_network', NEW.id, 'update');
CREATE TRIGGER dhcp6_shared_network_BDEL BEFORE DELETE ON dhcp6_shared_network FOR EACH ROW
BEGIN
    CALL createAuditEntryDHCP6('dhcp6_shared_network', OLD.id, 'delete');
    UPDATE dhcp6_subnet SET shared_network_name = NULL WHERE shared_network_name = OLD.name;
    DELETE FROM dhcp6_options WHERE shared_network_name = OLD.name;
END;

CREATE TRIGGER dhcp6_subnet_AINS AFTER INSERT ON dhcp6_subnet FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_subnet', NEW.subnet_id, 'create');
CREATE TRIGGER dhcp6_subnet_AUPD AFTER UPDATE ON dhcp6_subnet FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_subnet', NEW.subnet_id, 'update');
CREATE TRIGGER dhcp6_subnet_BDEL BEFORE DELETE ON dhcp6_subnet FOR EACH ROW
BEGIN
    CALL createAuditEntryDHCP6('dhcp6_subnet', OLD.subnet_id, 'delete');
    DELETE FROM dhcp6_pool WHERE subnet_id = OLD.subnet_id;
    DELETE FROM dhcp6_pd_pool WHERE subnet_id = OLD.subnet_id;
    DELETE FROM dhcp6_options WHERE dhcp6_subnet_id = OLD.subnet_id;
END;

CREATE TRIGGER dhcp6_pool_BDEL BEFORE DELETE ON dhcp6_pool FOR EACH ROW
    DELETE FROM dhcp6_options WHERE scope_id = 5 AND pool_id = OLD.id;
CREATE TRIGGER dhcp6_pd_pool_BDEL BEFORE DELETE ON dhcp6_pd_pool FOR EACH ROW
    DELETE FROM dhcp6_options WHERE scope_id = 6 AND pd_pool_id = OLD.id;

CREATE TRIGGER dhcp6_options_AINS AFTER INSERT ON dhcp6_options FOR EACH ROW
    CALL createOptionAuditDHCP6('create', NEW.scope_id, NEW.option_id, NEW.dhcp6_subnet_id,
                                NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                NEW.pd_pool_id, NEW.modification_ts);
CREATE TRIGGER dhcp6_options_AUPD AFTER UPDATE ON dhcp6_options FOR EACH ROW
    CALL createOptionAuditDHCP6('update', NEW.scope_id, NEW.option_id, NEW.dhcp6_subnet_id,
                                NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                NEW.pd_pool_id, NEW.modification_ts);
CREATE TRIGGER dhcp6_options_ADEL AFTER DELETE ON dhcp6_options FOR EACH ROW
    CALL createOptionAuditDHCP6('delete', OLD.scope_id, OLD.option_id, OLD.dhcp6_subnet_id,
                                OLD.host_id, OLD.shared_network_name, OLD.pool_id,
                                OLD.pd_pool_id, NOW());

CREATE TRIGGER dhcp6_client_class_AINS AFTER INSERT ON dhcp6_client_class FOR EACH ROW
BEGIN
    CALL setClientClass6Order(NEW.id, NEW.follow_class_name, NULL);
    CALL createAuditEntryDHCP6('dhcp6_client_class', NEW.id, 'create');
END;
CREATE TRIGGER dhcp6_client_class_AUPD AFTER UPDATE ON dhcp6_client_class FOR EACH ROW
BEGIN
    SET @depend_on_known_directly = OLD.depend_on_known_directly;
    SET @client_class_id = NEW.id;
    CALL setClientClass6Order(NEW.id, NEW.follow_class_name, OLD.follow_class_name);
    CALL createAuditEntryDHCP6('dhcp6_client_class', NEW.id, 'update');
END;
CREATE TRIGGER dhcp6_client_class_ADEL AFTER DELETE ON dhcp6_client_class FOR EACH ROW
    CALL createAuditEntryDHCP6('dhcp6_client_class', OLD.id, 'delete');

CREATE TRIGGER dhcp6_client_class_check_dependency_BINS BEFORE INSERT
    ON dhcp6_client_class_dependency FOR EACH ROW
    CALL checkDHCPv6ClientClassDependency(NEW.class_id, NEW.dependency_id);
CREATE TRIGGER dhcp6_client_class_dependency_AINS AFTER INSERT
    ON dhcp6_client_class_dependency FOR EACH ROW
    CALL updateDHCPv6ClientClassKnownDependency(NEW.class_id, NEW.dependency_id);
