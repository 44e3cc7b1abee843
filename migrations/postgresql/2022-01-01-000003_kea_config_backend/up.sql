-- ruru's PostgreSQL configuration backend schema: the config backend (CB) part
-- of Kea 2.2's schema 13.0 (servers, global parameters, option definitions,
-- options, shared networks, subnets, pools, client classes and the audit
-- trail), so that Kea 2.2 (libdhcp_pgsql_cb) and ruru share one configuration
-- database both ways. Names, types, keys, indexes and triggers are Kea's final
-- 13.0 layout, quirks included (an index or trigger Kea puts on the "wrong"
-- table, duplicate foreign keys): Kea's hooks and upgrade scripts expect them.
-- The trigger and audit function bodies are ruru's, with Kea's behaviour.
-- The options tables come from the hosts migration; their CB keys and triggers
-- are added here. `logs` (the legacy forensic log table) completes the schema.

-- Lookup tables.
CREATE TABLE modification (
    id SMALLINT PRIMARY KEY NOT NULL,
    modification_type VARCHAR(32) NOT NULL
);
INSERT INTO modification (id, modification_type)
    VALUES (0, 'create'), (1, 'update'), (2, 'delete');

-- Element types of a global parameter's value (Kea's Element::types).
CREATE TABLE parameter_data_type (
    id SMALLINT PRIMARY KEY NOT NULL,
    name VARCHAR(32) NOT NULL
);
INSERT INTO parameter_data_type (id, name)
    VALUES (0, 'integer'), (1, 'real'), (2, 'boolean'), (4, 'string');

CREATE TABLE ddns_replace_client_name_types (
    type BIGINT PRIMARY KEY NOT NULL,
    name VARCHAR(32)
);
INSERT INTO ddns_replace_client_name_types (type, name) VALUES
    (0, 'RCM_NEVER'), (1, 'RCM_ALWAYS'), (2, 'RCM_WHEN_PRESENT'), (3, 'RCM_WHEN_NOT_PRESENT');

CREATE TABLE logs (
    timestamp TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,
    address VARCHAR(43),
    log TEXT NOT NULL
);
CREATE INDEX timestamp_id ON logs (timestamp);
CREATE INDEX address_id ON logs (address);

-- ---- session values and time helpers --------------------------------------

-- Kea's audit state lives in session settings (kea.audit_revision_id,
-- kea.cascade_transaction, kea.disable_audit, kea.client_class_id, ...),
-- kept across transactions of one connection.
CREATE FUNCTION set_session_value(name TEXT, value TEXT) RETURNS VOID AS $$
BEGIN
    PERFORM set_config(name, value, false);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION set_session_value(name TEXT, value BIGINT) RETURNS VOID AS $$
BEGIN
    PERFORM set_config(name, value::TEXT, false);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION set_session_value(name TEXT, value BOOLEAN) RETURNS VOID AS $$
BEGIN
    PERFORM set_config(name, value::TEXT, false);
END;
$$ LANGUAGE plpgsql;

-- NULL when the setting was never made in this session.
CREATE FUNCTION get_session_value(name TEXT) RETURNS TEXT AS $$
BEGIN
    RETURN current_setting(name, true);
END;
$$ LANGUAGE plpgsql;

-- Unset or empty reads as 0 (so an audit entry without a revision fails its
-- foreign key, as with Kea).
CREATE FUNCTION get_session_big_int(name TEXT) RETURNS BIGINT AS $$
DECLARE
    v TEXT := get_session_value(name);
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN 0;
    END IF;
    RETURN v::BIGINT;
END;
$$ LANGUAGE plpgsql;

-- Unset or empty reads as false.
CREATE FUNCTION get_session_boolean(name TEXT) RETURNS BOOLEAN AS $$
DECLARE
    v TEXT := get_session_value(name);
BEGIN
    IF v IS NULL OR v = '' THEN
        RETURN false;
    END IF;
    RETURN v::BOOLEAN;
END;
$$ LANGUAGE plpgsql;

-- Whole seconds since the epoch in the session's time zone ("local epoch"):
-- how Kea's CB reads every timestamp.
CREATE FUNCTION gmt_epoch(input_ts TIMESTAMP WITH TIME ZONE) RETURNS BIGINT AS $$
BEGIN
    RETURN (extract(epoch FROM input_ts) + extract(timezone FROM input_ts))::BIGINT;
END;
$$ LANGUAGE plpgsql;

-- Kea's modification_ts triggers run AFTER the update, so they change nothing:
-- writers set modification_ts themselves. Kept for Kea's trigger set.
CREATE FUNCTION modification_ts_update() RETURNS TRIGGER AS $$
BEGIN
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- ---- DHCPv4 tables -----------------------------------------------------------

CREATE TABLE dhcp4_server (
    id SERIAL PRIMARY KEY NOT NULL,
    tag VARCHAR(64) UNIQUE NOT NULL,
    description TEXT,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- Kea's schema puts this index on dhcp6_server (see below) and none here.
-- Server 1, "all": objects assigned to it reach every server.
INSERT INTO dhcp4_server (tag, description) VALUES ('all', 'special type: all servers');

CREATE TABLE dhcp4_audit_revision (
    id SERIAL PRIMARY KEY NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    log_message TEXT,
    server_id BIGINT
);

CREATE TABLE dhcp4_audit (
    id SERIAL UNIQUE NOT NULL,
    object_type VARCHAR(256) NOT NULL,
    object_id BIGINT NOT NULL,
    modification_type SMALLINT NOT NULL,
    revision_id BIGINT NOT NULL,
    CONSTRAINT fk_dhcp4_audit_modification_type FOREIGN KEY (modification_type)
        REFERENCES modification (id),
    CONSTRAINT fk_dhcp4_audit_revision FOREIGN KEY (revision_id)
        REFERENCES dhcp4_audit_revision (id) ON UPDATE CASCADE
);
CREATE INDEX dhcp4_audit_idx1 ON dhcp4_audit (modification_type);
CREATE INDEX dhcp4_audit_idx2 ON dhcp4_audit (revision_id);

CREATE TABLE dhcp4_global_parameter (
    id SERIAL PRIMARY KEY NOT NULL,
    name VARCHAR(128) NOT NULL,
    value TEXT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    parameter_type SMALLINT NOT NULL,
    -- (sic: Kea names the v4 key after v6)
    CONSTRAINT fk_dhcp6_global_parameter_type FOREIGN KEY (parameter_type)
        REFERENCES parameter_data_type (id)
);
CREATE INDEX dhcp4_global_parameter_idx1 ON dhcp4_global_parameter (modification_ts);
CREATE INDEX dhcp4_global_parameter_idx2 ON dhcp4_global_parameter (name);

CREATE TABLE dhcp4_global_parameter_server (
    parameter_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (parameter_id, server_id),
    CONSTRAINT fk_dhcp4_global_parameter_server_parameter_id FOREIGN KEY (parameter_id)
        REFERENCES dhcp4_global_parameter (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp4_global_parameter_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE
);
CREATE INDEX fk_dhcp4_global_parameter_server_server_id ON dhcp4_global_parameter_server (server_id);
CREATE INDEX key_dhcp4_global_parameter_idx1 ON dhcp4_global_parameter_server (modification_ts);

CREATE TABLE dhcp4_client_class (
    id SERIAL PRIMARY KEY NOT NULL,
    name VARCHAR(128) UNIQUE NOT NULL,
    test TEXT,
    next_server INET,
    server_hostname VARCHAR(128) DEFAULT NULL,
    boot_file_name VARCHAR(512) DEFAULT NULL,
    only_if_required BOOLEAN NOT NULL DEFAULT false,
    valid_lifetime BIGINT,
    min_valid_lifetime BIGINT,
    max_valid_lifetime BIGINT,
    depend_on_known_directly BOOLEAN NOT NULL DEFAULT false,
    follow_class_name VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    user_context JSON
);
CREATE INDEX key_dhcp4_client_class_modification_ts ON dhcp4_client_class (modification_ts);

-- The evaluation order of the classes, kept by the class triggers.
CREATE TABLE dhcp4_client_class_order (
    class_id BIGINT PRIMARY KEY NOT NULL,
    order_index BIGINT NOT NULL,
    depend_on_known_indirectly BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT fk_dhcp4_client_class_order_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE
);
CREATE INDEX key_dhcp4_client_class_order_index ON dhcp4_client_class_order (order_index);

CREATE TABLE dhcp4_client_class_dependency (
    class_id BIGINT NOT NULL,
    dependency_id BIGINT NOT NULL,
    PRIMARY KEY (class_id, dependency_id),
    CONSTRAINT dhcp4_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE,
    CONSTRAINT dhcp4_client_class_dependency_id FOREIGN KEY (dependency_id)
        REFERENCES dhcp4_client_class (id)
);
CREATE INDEX dhcp4_client_class_dependency_id_idx ON dhcp4_client_class_dependency (dependency_id);

CREATE TABLE dhcp4_client_class_server (
    class_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (class_id, server_id),
    CONSTRAINT fk_dhcp4_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp4_client_class_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id)
);
CREATE INDEX fk_dhcp4_client_class_server_id ON dhcp4_client_class_server (server_id);

CREATE TABLE dhcp4_option_def (
    id SERIAL PRIMARY KEY NOT NULL,
    code SMALLINT NOT NULL,
    name VARCHAR(128) NOT NULL,
    space VARCHAR(128) NOT NULL,
    type SMALLINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_array BOOLEAN NOT NULL,
    encapsulate VARCHAR(128) NOT NULL,
    record_types VARCHAR,
    user_context JSON,
    class_id BIGINT,
    CONSTRAINT fk_dhcp4_option_def_client_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp4_client_class (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX dhcp4_option_def_idx1 ON dhcp4_option_def (modification_ts);
CREATE INDEX dhcp4_option_def_idx2 ON dhcp4_option_def (code, space);
CREATE INDEX fk_dhcp4_option_def_client_class_id ON dhcp4_option_def (class_id);

-- Both pairs of foreign keys are Kea's (the unnamed pair from schema 6.0).
CREATE TABLE dhcp4_option_def_server (
    option_def_id BIGINT NOT NULL REFERENCES dhcp4_option_def (id) ON DELETE CASCADE,
    server_id BIGINT NOT NULL REFERENCES dhcp4_server (id) ON DELETE CASCADE,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (option_def_id, server_id),
    CONSTRAINT fk_dhcp4_option_def_server_option_def_id FOREIGN KEY (option_def_id)
        REFERENCES dhcp4_option_def (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp4_option_def_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id)
);
CREATE INDEX fk_dhcp4_option_def_server_server_id ON dhcp4_option_def_server (server_id);

CREATE TABLE dhcp4_shared_network (
    id SERIAL PRIMARY KEY NOT NULL,
    name VARCHAR(128) UNIQUE NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    match_client_id BOOLEAN,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    rebind_timer BIGINT,
    relay TEXT,
    renew_timer BIGINT,
    require_client_classes TEXT,
    user_context JSON,
    valid_lifetime BIGINT,
    authoritative BOOLEAN,
    calculate_tee_times BOOLEAN,
    t1_percent FLOAT,
    t2_percent FLOAT,
    boot_file_name VARCHAR(128) DEFAULT NULL,
    next_server INET,
    server_hostname VARCHAR(64) DEFAULT NULL,
    min_valid_lifetime BIGINT,
    max_valid_lifetime BIGINT,
    ddns_send_updates BOOLEAN,
    ddns_override_no_update BOOLEAN,
    ddns_override_client_update BOOLEAN,
    ddns_replace_client_name BIGINT,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global BOOLEAN,
    reservations_in_subnet BOOLEAN,
    reservations_out_of_pool BOOLEAN,
    cache_threshold FLOAT,
    cache_max_age BIGINT,
    CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name)
        REFERENCES ddns_replace_client_name_types (type)
);
CREATE UNIQUE INDEX dhcp4_shared_network_idx1 ON dhcp4_shared_network (name);
CREATE INDEX dhcp4_shared_network_idx2 ON dhcp4_shared_network (modification_ts);

CREATE TABLE dhcp4_shared_network_server (
    shared_network_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (shared_network_id, server_id),
    CONSTRAINT fk_dhcp4_shared_network_server_shared_network_id FOREIGN KEY (shared_network_id)
        REFERENCES dhcp4_shared_network (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp4_shared_network_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE
);
CREATE INDEX dhcp4_shared_network_server_idx1 ON dhcp4_shared_network_server (modification_ts);
CREATE INDEX dhcp4_shared_network_server_idx2 ON dhcp4_shared_network_server (server_id);

-- subnet_id is the subnet's configured id (not generated).
CREATE TABLE dhcp4_subnet (
    subnet_id BIGINT PRIMARY KEY NOT NULL,
    subnet_prefix VARCHAR(64) UNIQUE NOT NULL,
    interface_4o6 VARCHAR(128) DEFAULT NULL,
    interface_id_4o6 VARCHAR(128) DEFAULT NULL,
    subnet_4o6 VARCHAR(64) DEFAULT NULL,
    boot_file_name VARCHAR(128) DEFAULT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    match_client_id BOOLEAN,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    next_server INET,
    rebind_timer BIGINT,
    relay TEXT,
    renew_timer BIGINT,
    require_client_classes TEXT,
    server_hostname VARCHAR(64) DEFAULT NULL,
    shared_network_name VARCHAR(128) DEFAULT NULL,
    user_context JSON,
    valid_lifetime BIGINT,
    authoritative BOOLEAN,
    calculate_tee_times BOOLEAN,
    t1_percent FLOAT,
    t2_percent FLOAT,
    min_valid_lifetime BIGINT,
    max_valid_lifetime BIGINT,
    ddns_send_updates BOOLEAN,
    ddns_override_no_update BOOLEAN,
    ddns_override_client_update BOOLEAN,
    ddns_replace_client_name BIGINT,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global BOOLEAN,
    reservations_in_subnet BOOLEAN,
    reservations_out_of_pool BOOLEAN,
    cache_threshold FLOAT,
    cache_max_age BIGINT,
    CONSTRAINT fk_dhcp4_subnet_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp4_shared_network (name),
    CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name)
        REFERENCES ddns_replace_client_name_types (type)
);
CREATE INDEX dhcp4_subnet_idx1 ON dhcp4_subnet (modification_ts);
CREATE INDEX dhcp4_subnet_idx2 ON dhcp4_subnet (shared_network_name);

CREATE TABLE dhcp4_subnet_server (
    subnet_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (subnet_id, server_id),
    CONSTRAINT fk_dhcp4_subnet_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_dhcp4_subnet_server_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp4_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX dhcp4_subnet_server_idx1 ON dhcp4_subnet_server (server_id);
CREATE INDEX dhcp4_subnet_server_idx2 ON dhcp4_subnet_server (modification_ts);

-- The subnet's BDEL trigger deletes its pools (no cascade on this key).
CREATE TABLE dhcp4_pool (
    id SERIAL PRIMARY KEY NOT NULL,
    start_address INET NOT NULL,
    end_address INET NOT NULL,
    subnet_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    client_class VARCHAR(128) DEFAULT NULL,
    require_client_classes TEXT,
    user_context JSON,
    CONSTRAINT fk_dhcp4_pool_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp4_subnet (subnet_id)
);
CREATE INDEX dhcp4_pool_idx1 ON dhcp4_pool (modification_ts);
CREATE INDEX dhcp4_pool_idx2 ON dhcp4_pool (subnet_id);

-- Options of CB objects: the owners' keys on the hosts migration's table.
ALTER TABLE dhcp4_options
    ADD CONSTRAINT fk_dhcp4_options_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp4_shared_network (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp4_options_subnet FOREIGN KEY (dhcp4_subnet_id)
        REFERENCES dhcp4_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp4_options_pool FOREIGN KEY (pool_id)
        REFERENCES dhcp4_pool (id) ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX fk_dhcp4_options_shared_network ON dhcp4_options (shared_network_name);
CREATE INDEX fk_dhcp4_options_subnet ON dhcp4_options (dhcp4_subnet_id);
CREATE INDEX fk_dhcp4_options_pool ON dhcp4_options (pool_id);

CREATE TABLE dhcp4_options_server (
    option_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (option_id, server_id),
    CONSTRAINT fk_dhcp4_options_server_option_id FOREIGN KEY (option_id)
        REFERENCES dhcp4_options (option_id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp4_options_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp4_server (id) ON DELETE CASCADE
);
CREATE INDEX dhcp4_options_server_idx1 ON dhcp4_options_server (server_id);
CREATE INDEX dhcp4_options_server_idx2 ON dhcp4_options_server (modification_ts);

-- ---- DHCPv6 tables -----------------------------------------------------------

CREATE TABLE dhcp6_server (
    id SERIAL PRIMARY KEY NOT NULL,
    tag VARCHAR(64) UNIQUE NOT NULL,
    description TEXT,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX dhcp6_server_idx1 ON dhcp6_server (modification_ts);
CREATE UNIQUE INDEX dhcp6_server_idx2 ON dhcp6_server (tag);
-- (sic: Kea builds the v4 server index on dhcp6_server.)
CREATE INDEX dhcp4_server_modification_ts ON dhcp6_server (modification_ts);
INSERT INTO dhcp6_server (tag, description) VALUES ('all', 'special type: all servers');

CREATE TABLE dhcp6_audit_revision (
    id SERIAL PRIMARY KEY NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    log_message TEXT,
    server_id BIGINT
);

CREATE TABLE dhcp6_audit (
    id SERIAL UNIQUE NOT NULL,
    object_type VARCHAR(256) NOT NULL,
    object_id BIGINT NOT NULL,
    modification_type SMALLINT NOT NULL,
    revision_id BIGINT NOT NULL,
    CONSTRAINT fk_dhcp6_audit_modification_type FOREIGN KEY (modification_type)
        REFERENCES modification (id),
    CONSTRAINT fk_dhcp6_audit_revision FOREIGN KEY (revision_id)
        REFERENCES dhcp6_audit_revision (id) ON UPDATE CASCADE
);
CREATE INDEX dhcp6_audit_idx1 ON dhcp6_audit (modification_type);
CREATE INDEX dhcp6_audit_idx2 ON dhcp6_audit (revision_id);

CREATE TABLE dhcp6_global_parameter (
    id SERIAL PRIMARY KEY NOT NULL,
    name VARCHAR(128) NOT NULL,
    value TEXT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    parameter_type SMALLINT NOT NULL,
    CONSTRAINT fk_dhcp6_global_parameter_type FOREIGN KEY (parameter_type)
        REFERENCES parameter_data_type (id)
);
CREATE INDEX key_dhcp6_global_parameter_idx1 ON dhcp6_global_parameter (modification_ts);
CREATE INDEX key_dhcp6_global_parameter_idx2 ON dhcp6_global_parameter (name);

CREATE TABLE dhcp6_global_parameter_server (
    parameter_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (parameter_id, server_id),
    CONSTRAINT fk_dhcp6_global_parameter_server_parameter_id FOREIGN KEY (parameter_id)
        REFERENCES dhcp6_global_parameter (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp6_global_parameter_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE
);
CREATE INDEX fk_dhcp6_global_parameter_server_server_id ON dhcp6_global_parameter_server (server_id);
CREATE INDEX key_dhcp6_global_parameter_server_idx1 ON dhcp6_global_parameter_server (modification_ts);

CREATE TABLE dhcp6_client_class (
    id SERIAL PRIMARY KEY NOT NULL,
    name VARCHAR(128) UNIQUE NOT NULL,
    test TEXT,
    only_if_required BOOLEAN NOT NULL DEFAULT false,
    valid_lifetime BIGINT,
    min_valid_lifetime BIGINT,
    max_valid_lifetime BIGINT,
    depend_on_known_directly BOOLEAN NOT NULL DEFAULT false,
    follow_class_name VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    preferred_lifetime BIGINT,
    min_preferred_lifetime BIGINT,
    max_preferred_lifetime BIGINT,
    user_context JSON
);
CREATE INDEX key_dhcp6_client_class_modification_ts ON dhcp6_client_class (modification_ts);

CREATE TABLE dhcp6_client_class_order (
    class_id BIGINT PRIMARY KEY NOT NULL,
    order_index BIGINT NOT NULL,
    depend_on_known_indirectly BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT fk_dhcp6_client_class_order_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE
);
CREATE INDEX key_dhcp6_client_class_order_index ON dhcp6_client_class_order (order_index);

CREATE TABLE dhcp6_client_class_dependency (
    class_id BIGINT NOT NULL,
    dependency_id BIGINT NOT NULL,
    PRIMARY KEY (class_id, dependency_id),
    CONSTRAINT dhcp6_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE,
    CONSTRAINT dhcp6_client_class_dependency_id FOREIGN KEY (dependency_id)
        REFERENCES dhcp6_client_class (id)
);
CREATE INDEX dhcp6_client_class_dependency_id_idx ON dhcp6_client_class_dependency (dependency_id);

CREATE TABLE dhcp6_client_class_server (
    class_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (class_id, server_id),
    CONSTRAINT fk_dhcp6_client_class_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp6_client_class_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id)
);
CREATE INDEX fk_dhcp6_client_class_server_id ON dhcp6_client_class_server (server_id);

CREATE TABLE dhcp6_option_def (
    id SERIAL PRIMARY KEY NOT NULL,
    code SMALLINT NOT NULL,
    name VARCHAR(128) NOT NULL,
    space VARCHAR(128) NOT NULL,
    type SMALLINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_array BOOLEAN NOT NULL,
    encapsulate VARCHAR(128) NOT NULL,
    record_types VARCHAR,
    user_context JSON,
    class_id BIGINT,
    CONSTRAINT fk_dhcp6_option_def_client_class_id FOREIGN KEY (class_id)
        REFERENCES dhcp6_client_class (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX dhcp6_option_def_idx1 ON dhcp6_option_def (modification_ts);
CREATE INDEX dhcp6_option_def_idx2 ON dhcp6_option_def (code, space);
CREATE INDEX fk_dhcp6_option_def_client_class_id ON dhcp6_option_def (class_id);

CREATE TABLE dhcp6_option_def_server (
    option_def_id BIGINT NOT NULL REFERENCES dhcp6_option_def (id) ON DELETE CASCADE,
    server_id BIGINT NOT NULL REFERENCES dhcp6_server (id) ON DELETE CASCADE,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (option_def_id, server_id),
    CONSTRAINT fk_dhcp6_option_def_server_option_def_id FOREIGN KEY (option_def_id)
        REFERENCES dhcp6_option_def (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp6_option_def_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id)
);
CREATE INDEX fk_dhcp6_option_def_server_server_id ON dhcp6_option_def_server (server_id);

CREATE TABLE dhcp6_shared_network (
    id SERIAL PRIMARY KEY NOT NULL,
    name VARCHAR(128) UNIQUE NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    preferred_lifetime BIGINT,
    rapid_commit BOOLEAN,
    rebind_timer BIGINT,
    relay TEXT,
    renew_timer BIGINT,
    require_client_classes TEXT,
    user_context JSON,
    valid_lifetime BIGINT,
    calculate_tee_times BOOLEAN,
    t1_percent FLOAT,
    t2_percent FLOAT,
    interface_id BYTEA,
    min_preferred_lifetime BIGINT,
    max_preferred_lifetime BIGINT,
    min_valid_lifetime BIGINT,
    max_valid_lifetime BIGINT,
    ddns_send_updates BOOLEAN,
    ddns_override_no_update BOOLEAN,
    ddns_override_client_update BOOLEAN,
    ddns_replace_client_name BIGINT,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global BOOLEAN,
    reservations_in_subnet BOOLEAN,
    reservations_out_of_pool BOOLEAN,
    cache_threshold FLOAT,
    cache_max_age BIGINT,
    CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name)
        REFERENCES ddns_replace_client_name_types (type)
);
CREATE INDEX dhcp6_shared_network_idx1 ON dhcp6_shared_network (name);

CREATE TABLE dhcp6_shared_network_server (
    shared_network_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (shared_network_id, server_id),
    CONSTRAINT fk_dhcp6_shared_network_server_shared_network_id FOREIGN KEY (shared_network_id)
        REFERENCES dhcp6_shared_network (id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp6_shared_network_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE
);
CREATE INDEX dhcp6_shared_network_server_idx1 ON dhcp6_shared_network_server (modification_ts);
CREATE INDEX dhcp6_shared_network_server_idx2 ON dhcp6_shared_network_server (server_id);

CREATE TABLE dhcp6_subnet (
    subnet_id BIGINT PRIMARY KEY NOT NULL,
    subnet_prefix VARCHAR(64) UNIQUE NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    interface VARCHAR(128) DEFAULT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    preferred_lifetime BIGINT,
    rapid_commit BOOLEAN,
    rebind_timer BIGINT,
    relay TEXT,
    renew_timer BIGINT,
    require_client_classes TEXT,
    shared_network_name VARCHAR(128) DEFAULT NULL,
    user_context JSON,
    valid_lifetime BIGINT,
    calculate_tee_times BOOLEAN,
    t1_percent FLOAT,
    t2_percent FLOAT,
    interface_id BYTEA,
    min_preferred_lifetime BIGINT,
    max_preferred_lifetime BIGINT,
    min_valid_lifetime BIGINT,
    max_valid_lifetime BIGINT,
    ddns_send_updates BOOLEAN,
    ddns_override_no_update BOOLEAN,
    ddns_override_client_update BOOLEAN,
    ddns_replace_client_name BIGINT,
    ddns_generated_prefix VARCHAR(255) DEFAULT NULL,
    ddns_qualifying_suffix VARCHAR(255) DEFAULT NULL,
    reservations_global BOOLEAN,
    reservations_in_subnet BOOLEAN,
    reservations_out_of_pool BOOLEAN,
    cache_threshold FLOAT,
    cache_max_age BIGINT,
    CONSTRAINT fk_dhcp6_subnet_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp6_shared_network (name),
    CONSTRAINT fk_ddns_replace_client_name FOREIGN KEY (ddns_replace_client_name)
        REFERENCES ddns_replace_client_name_types (type)
);
CREATE INDEX dhcp6_subnet_idx1 ON dhcp6_subnet (modification_ts);
CREATE INDEX dhcp6_subnet_idx2 ON dhcp6_subnet (shared_network_name);

CREATE TABLE dhcp6_subnet_server (
    subnet_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (subnet_id, server_id),
    CONSTRAINT fk_dhcp6_subnet_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT fk_dhcp6_subnet_server_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp6_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX dhcp6_subnet_server_idx1 ON dhcp6_subnet_server (server_id);
CREATE INDEX dhcp6_subnet_server_idx2 ON dhcp6_subnet_server (modification_ts);

CREATE TABLE dhcp6_pool (
    id SERIAL PRIMARY KEY NOT NULL,
    start_address INET NOT NULL,
    end_address INET NOT NULL,
    subnet_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    client_class VARCHAR(128) DEFAULT NULL,
    require_client_classes TEXT,
    user_context JSON,
    CONSTRAINT fk_dhcp6_pool_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp6_subnet (subnet_id)
);
CREATE INDEX dhcp6_pool_idx1 ON dhcp6_pool (modification_ts);
CREATE INDEX dhcp6_pool_idx2 ON dhcp6_pool (subnet_id);

-- Prefix delegation pools; excluded_prefix_length 0 means no excluded prefix.
CREATE TABLE dhcp6_pd_pool (
    id SERIAL PRIMARY KEY NOT NULL,
    prefix VARCHAR(45) NOT NULL,
    prefix_length SMALLINT NOT NULL,
    delegated_prefix_length SMALLINT NOT NULL,
    subnet_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    excluded_prefix VARCHAR(45) DEFAULT NULL,
    excluded_prefix_length SMALLINT NOT NULL,
    client_class VARCHAR(128) DEFAULT NULL,
    require_client_classes TEXT,
    user_context JSON,
    CONSTRAINT fk_dhcp6_pd_pool_subnet_id FOREIGN KEY (subnet_id)
        REFERENCES dhcp6_subnet (subnet_id)
);
CREATE INDEX dhcp6_pd_pool_idx1 ON dhcp6_pd_pool (modification_ts);
CREATE INDEX dhcp6_pd_pool_idx2 ON dhcp6_pd_pool (subnet_id);

ALTER TABLE dhcp6_options
    ADD CONSTRAINT fk_dhcp6_options_shared_network FOREIGN KEY (shared_network_name)
        REFERENCES dhcp6_shared_network (name) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_subnet FOREIGN KEY (dhcp6_subnet_id)
        REFERENCES dhcp6_subnet (subnet_id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_pool FOREIGN KEY (pool_id)
        REFERENCES dhcp6_pool (id) ON DELETE CASCADE ON UPDATE CASCADE,
    ADD CONSTRAINT fk_dhcp6_options_pd_pool FOREIGN KEY (pd_pool_id)
        REFERENCES dhcp6_pd_pool (id) ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX fk_dhcp6_options_shared_network ON dhcp6_options (shared_network_name);
CREATE INDEX fk_dhcp6_options_subnet ON dhcp6_options (dhcp6_subnet_id);
CREATE INDEX fk_dhcp6_options_pool ON dhcp6_options (pool_id);
CREATE INDEX fk_dhcp6_options_pd_pool ON dhcp6_options (pd_pool_id);

CREATE TABLE dhcp6_options_server (
    option_id BIGINT NOT NULL,
    server_id BIGINT NOT NULL,
    modification_ts TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (option_id, server_id),
    CONSTRAINT fk_dhcp6_options_server_option_id FOREIGN KEY (option_id)
        REFERENCES dhcp6_options (option_id) ON DELETE CASCADE,
    CONSTRAINT fk_dhcp6_options_server_server_id FOREIGN KEY (server_id)
        REFERENCES dhcp6_server (id) ON DELETE CASCADE
);
CREATE INDEX dhcp6_options_server_idx1 ON dhcp6_options_server (server_id);
CREATE INDEX dhcp6_options_server_idx2 ON dhcp6_options_server (modification_ts);

-- ---- audit revisions and entries --------------------------------------------

-- A CB writer calls this first in a session: it records the revision (under
-- the tag's server id, NULL for an unknown tag) and remembers its id and the
-- cascade flag for the triggers that follow. kea.disable_audit turns it off.
CREATE FUNCTION createAuditRevisionDHCP4(audit_ts TIMESTAMP WITH TIME ZONE,
                                         server_tag VARCHAR,
                                         audit_log_message TEXT,
                                         cascade_transaction BOOLEAN) RETURNS VOID AS $$
DECLARE
    rev BIGINT;
BEGIN
    IF get_session_boolean('kea.disable_audit') THEN
        RETURN;
    END IF;
    INSERT INTO dhcp4_audit_revision (modification_ts, server_id, log_message)
        VALUES (audit_ts, (SELECT id FROM dhcp4_server WHERE tag = server_tag), audit_log_message)
        RETURNING id INTO rev;
    PERFORM set_session_value('kea.audit_revision_id', rev);
    PERFORM set_session_value('kea.cascade_transaction', cascade_transaction);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION createAuditRevisionDHCP6(audit_ts TIMESTAMP WITH TIME ZONE,
                                         server_tag VARCHAR,
                                         audit_log_message TEXT,
                                         cascade_transaction BOOLEAN) RETURNS VOID AS $$
DECLARE
    rev BIGINT;
BEGIN
    IF get_session_boolean('kea.disable_audit') THEN
        RETURN;
    END IF;
    INSERT INTO dhcp6_audit_revision (modification_ts, server_id, log_message)
        VALUES (audit_ts, (SELECT id FROM dhcp6_server WHERE tag = server_tag), audit_log_message)
        RETURNING id INTO rev;
    PERFORM set_session_value('kea.audit_revision_id', rev);
    PERFORM set_session_value('kea.cascade_transaction', cascade_transaction);
END;
$$ LANGUAGE plpgsql;

-- One audit entry under the session's revision; modification_type_val is
-- 'create', 'update' or 'delete'.
CREATE FUNCTION createAuditEntryDHCP4(object_type_val VARCHAR,
                                      object_id_val BIGINT,
                                      modification_type_val VARCHAR) RETURNS VOID AS $$
BEGIN
    IF get_session_boolean('kea.disable_audit') THEN
        RETURN;
    END IF;
    INSERT INTO dhcp4_audit (object_type, object_id, modification_type, revision_id)
        VALUES (object_type_val, object_id_val,
                (SELECT id FROM modification WHERE modification_type = modification_type_val),
                get_session_big_int('kea.audit_revision_id'));
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION createAuditEntryDHCP6(object_type_val VARCHAR,
                                      object_id_val BIGINT,
                                      modification_type_val VARCHAR) RETURNS VOID AS $$
BEGIN
    IF get_session_boolean('kea.disable_audit') THEN
        RETURN;
    END IF;
    INSERT INTO dhcp6_audit (object_type, object_id, modification_type, revision_id)
        VALUES (object_type_val, object_id_val,
                (SELECT id FROM modification WHERE modification_type = modification_type_val),
                get_session_big_int('kea.audit_revision_id'));
END;
$$ LANGUAGE plpgsql;

-- An option change outside a cascade (i.e. not written as part of its owner):
-- a global option gets an entry of its own; a subnet, pool or shared network
-- option bumps its owner's modification_ts, whose update trigger audits the
-- owner. Class and host options are not audited.
CREATE FUNCTION createOptionAuditDHCP4(modification_type VARCHAR, scope_id SMALLINT,
                                       option_id INT, p_subnet_id BIGINT, host_id INT,
                                       network_name VARCHAR, pool_id BIGINT,
                                       p_modification_ts TIMESTAMP WITH TIME ZONE)
RETURNS VOID AS $$
BEGIN
    IF get_session_boolean('kea.cascade_transaction') THEN
        RETURN;
    END IF;
    CASE scope_id
        WHEN 0 THEN
            PERFORM createAuditEntryDHCP4('dhcp4_options', option_id, modification_type);
        WHEN 1 THEN
            UPDATE dhcp4_subnet SET modification_ts = p_modification_ts
                WHERE subnet_id = p_subnet_id;
        WHEN 4 THEN
            UPDATE dhcp4_shared_network SET modification_ts = p_modification_ts
                WHERE id = (SELECT n.id FROM dhcp4_shared_network n
                            WHERE n.name = network_name LIMIT 1);
        WHEN 5 THEN
            UPDATE dhcp4_subnet SET modification_ts = p_modification_ts
                WHERE subnet_id = (SELECT p.subnet_id FROM dhcp4_pool p
                                   WHERE p.id = createOptionAuditDHCP4.pool_id);
        ELSE
            NULL;
    END CASE;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION createOptionAuditDHCP6(modification_type VARCHAR, scope_id SMALLINT,
                                       option_id INT, p_subnet_id BIGINT, host_id INT,
                                       network_name VARCHAR, pool_id BIGINT,
                                       pd_pool_id BIGINT,
                                       p_modification_ts TIMESTAMP WITH TIME ZONE)
RETURNS VOID AS $$
BEGIN
    IF get_session_boolean('kea.cascade_transaction') THEN
        RETURN;
    END IF;
    CASE scope_id
        WHEN 0 THEN
            PERFORM createAuditEntryDHCP6('dhcp6_options', option_id, modification_type);
        WHEN 1 THEN
            UPDATE dhcp6_subnet SET modification_ts = p_modification_ts
                WHERE subnet_id = p_subnet_id;
        WHEN 4 THEN
            UPDATE dhcp6_shared_network SET modification_ts = p_modification_ts
                WHERE id = (SELECT n.id FROM dhcp6_shared_network n
                            WHERE n.name = network_name LIMIT 1);
        WHEN 5 THEN
            UPDATE dhcp6_subnet SET modification_ts = p_modification_ts
                WHERE subnet_id = (SELECT p.subnet_id FROM dhcp6_pool p
                                   WHERE p.id = createOptionAuditDHCP6.pool_id);
        WHEN 6 THEN
            UPDATE dhcp6_subnet SET modification_ts = p_modification_ts
                WHERE subnet_id = (SELECT p.subnet_id FROM dhcp6_pd_pool p
                                   WHERE p.id = createOptionAuditDHCP6.pd_pool_id);
        ELSE
            NULL;
    END CASE;
END;
$$ LANGUAGE plpgsql;

-- ---- client class order and dependencies --------------------------------------

-- Places class `id` after `new_follow_class_name` (or last when NULL) in the
-- class order, unless the position did not change; refuses a move that would
-- put it after a class depending on it. Remembers the class's indirect
-- KNOWN/UNKNOWN dependency in kea.depend_on_known_indirectly.
CREATE FUNCTION setClientClass4Order(id BIGINT, new_follow_class_name VARCHAR,
                                     old_follow_class_name VARCHAR) RETURNS VOID AS $$
DECLARE
    indirect BOOLEAN;
    after_index BIGINT;
BEGIN
    SELECT o.depend_on_known_indirectly INTO indirect
        FROM dhcp4_client_class_order o WHERE o.class_id = setClientClass4Order.id;
    PERFORM set_session_value('kea.depend_on_known_indirectly', indirect);
    IF indirect IS NOT NULL
       AND ((new_follow_class_name IS NULL AND old_follow_class_name IS NULL)
            OR new_follow_class_name = old_follow_class_name) THEN
        UPDATE dhcp4_client_class_order SET depend_on_known_indirectly = false
            WHERE class_id = setClientClass4Order.id;
        RETURN;
    END IF;
    IF new_follow_class_name IS NOT NULL THEN
        SELECT o.order_index INTO after_index
            FROM dhcp4_client_class c JOIN dhcp4_client_class_order o ON c.id = o.class_id
            WHERE c.name = new_follow_class_name;
        IF after_index IS NULL THEN
            RAISE EXCEPTION 'Class %s does not exist.', new_follow_class_name
                USING ERRCODE = 'sql_routine_exception';
        END IF;
        -- Make room right after the followed class when that place is taken.
        IF EXISTS (SELECT 1 FROM dhcp4_client_class_order WHERE order_index = after_index + 1) THEN
            UPDATE dhcp4_client_class_order SET order_index = order_index + 1
                WHERE order_index >= after_index + 1;
        END IF;
    ELSE
        SELECT COALESCE(MAX(order_index), 0) INTO after_index FROM dhcp4_client_class_order;
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp4_client_class_dependency d
                   JOIN dhcp4_client_class_order o ON d.class_id = o.class_id
               WHERE d.dependency_id = setClientClass4Order.id
                 AND o.order_index < after_index + 1) THEN
        RAISE EXCEPTION 'Unable to move class with id %s because it would break its dependencies',
            setClientClass4Order.id USING ERRCODE = 'sql_routine_exception';
    END IF;
    UPDATE dhcp4_client_class_order
        SET order_index = after_index + 1, depend_on_known_indirectly = indirect
        WHERE class_id = setClientClass4Order.id;
    IF NOT FOUND THEN
        INSERT INTO dhcp4_client_class_order (class_id, order_index, depend_on_known_indirectly)
            VALUES (setClientClass4Order.id, after_index + 1, false);
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION setClientClass6Order(id BIGINT, new_follow_class_name VARCHAR,
                                     old_follow_class_name VARCHAR) RETURNS VOID AS $$
DECLARE
    indirect BOOLEAN;
    after_index BIGINT;
BEGIN
    SELECT o.depend_on_known_indirectly INTO indirect
        FROM dhcp6_client_class_order o WHERE o.class_id = setClientClass6Order.id;
    PERFORM set_session_value('kea.depend_on_known_indirectly', indirect);
    IF indirect IS NOT NULL
       AND ((new_follow_class_name IS NULL AND old_follow_class_name IS NULL)
            OR new_follow_class_name = old_follow_class_name) THEN
        UPDATE dhcp6_client_class_order SET depend_on_known_indirectly = false
            WHERE class_id = setClientClass6Order.id;
        RETURN;
    END IF;
    IF new_follow_class_name IS NOT NULL THEN
        SELECT o.order_index INTO after_index
            FROM dhcp6_client_class c JOIN dhcp6_client_class_order o ON c.id = o.class_id
            WHERE c.name = new_follow_class_name;
        IF after_index IS NULL THEN
            RAISE EXCEPTION 'Class %s does not exist.', new_follow_class_name
                USING ERRCODE = 'sql_routine_exception';
        END IF;
        IF EXISTS (SELECT 1 FROM dhcp6_client_class_order WHERE order_index = after_index + 1) THEN
            UPDATE dhcp6_client_class_order SET order_index = order_index + 1
                WHERE order_index >= after_index + 1;
        END IF;
    ELSE
        SELECT COALESCE(MAX(order_index), 0) INTO after_index FROM dhcp6_client_class_order;
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp6_client_class_dependency d
                   JOIN dhcp6_client_class_order o ON d.class_id = o.class_id
               WHERE d.dependency_id = setClientClass6Order.id
                 AND o.order_index < after_index + 1) THEN
        RAISE EXCEPTION 'Unable to move class with id %s because it would break its dependencies',
            setClientClass6Order.id USING ERRCODE = 'sql_routine_exception';
    END IF;
    UPDATE dhcp6_client_class_order
        SET order_index = after_index + 1, depend_on_known_indirectly = indirect
        WHERE class_id = setClientClass6Order.id;
    IF NOT FOUND THEN
        INSERT INTO dhcp6_client_class_order (class_id, order_index, depend_on_known_indirectly)
            VALUES (setClientClass6Order.id, after_index + 1, false);
    END IF;
END;
$$ LANGUAGE plpgsql;

-- A class may depend only on an existing, earlier class that every one of its
-- servers also has (or that belongs to all servers).
CREATE FUNCTION checkDHCPv4ClientClassDependency(p_class_id BIGINT, p_dependency_id BIGINT)
RETURNS VOID AS $$
DECLARE
    class_index BIGINT;
    dependency_index BIGINT;
BEGIN
    IF p_class_id IS NULL THEN
        RAISE EXCEPTION 'Client class id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF p_dependency_id IS NULL THEN
        RAISE EXCEPTION 'Class dependency id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF p_class_id = p_dependency_id THEN
        RAISE EXCEPTION 'Client class must not have dependency on self.'
            USING ERRCODE = 'sql_routine_exception';
    END IF;
    SELECT o.order_index INTO class_index FROM dhcp4_client_class_order o
        JOIN dhcp4_client_class c ON c.id = o.class_id WHERE c.id = p_class_id;
    IF class_index IS NULL THEN
        RAISE EXCEPTION 'Client class with id % does not exist.', p_class_id
            USING ERRCODE = 'sql_routine_exception';
    END IF;
    SELECT o.order_index INTO dependency_index FROM dhcp4_client_class_order o
        JOIN dhcp4_client_class c ON c.id = o.class_id WHERE c.id = p_dependency_id;
    IF dependency_index IS NULL THEN
        RAISE EXCEPTION 'Dependency class with id % does not exist.', p_dependency_id
            USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF dependency_index > class_index THEN
        RAISE EXCEPTION 'Client class with id % must not depend on class defined later with id %',
            p_class_id, p_dependency_id USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp4_client_class_server s
               WHERE s.class_id = p_class_id
                 AND NOT EXISTS (SELECT 1 FROM dhcp4_client_class_server d
                                 WHERE d.class_id = p_dependency_id
                                   AND (d.server_id = 1 OR d.server_id = s.server_id))) THEN
        RAISE EXCEPTION 'Unmet dependencies for client class with id %', p_class_id
            USING ERRCODE = 'sql_routine_exception';
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION checkDHCPv6ClientClassDependency(p_class_id BIGINT, p_dependency_id BIGINT)
RETURNS VOID AS $$
DECLARE
    class_index BIGINT;
    dependency_index BIGINT;
BEGIN
    IF p_class_id IS NULL THEN
        RAISE EXCEPTION 'Client class id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF p_dependency_id IS NULL THEN
        RAISE EXCEPTION 'Class dependency id must not be NULL.' USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF p_class_id = p_dependency_id THEN
        RAISE EXCEPTION 'Client class must not have dependency on self.'
            USING ERRCODE = 'sql_routine_exception';
    END IF;
    SELECT o.order_index INTO class_index FROM dhcp6_client_class_order o
        JOIN dhcp6_client_class c ON c.id = o.class_id WHERE c.id = p_class_id;
    IF class_index IS NULL THEN
        RAISE EXCEPTION 'Client class with id % does not exist.', p_class_id
            USING ERRCODE = 'sql_routine_exception';
    END IF;
    SELECT o.order_index INTO dependency_index FROM dhcp6_client_class_order o
        JOIN dhcp6_client_class c ON c.id = o.class_id WHERE c.id = p_dependency_id;
    IF dependency_index IS NULL THEN
        RAISE EXCEPTION 'Dependency class with id % does not exist.', p_dependency_id
            USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF dependency_index > class_index THEN
        RAISE EXCEPTION 'Client class with id % must not depend on class defined later with id %',
            p_class_id, p_dependency_id USING ERRCODE = 'sql_routine_exception';
    END IF;
    IF EXISTS (SELECT 1 FROM dhcp6_client_class_server s
               WHERE s.class_id = p_class_id
                 AND NOT EXISTS (SELECT 1 FROM dhcp6_client_class_server d
                                 WHERE d.class_id = p_dependency_id
                                   AND (d.server_id = 1 OR d.server_id = s.server_id))) THEN
        RAISE EXCEPTION 'Unmet dependencies for client class with id %', p_class_id
            USING ERRCODE = 'sql_routine_exception';
    END IF;
END;
$$ LANGUAGE plpgsql;

-- A class that depends on a class depending on KNOWN/UNKNOWN (directly or not)
-- depends on it indirectly.
CREATE FUNCTION updateDHCPv4ClientClassKnownDependency(client_class_id BIGINT, dependency_id BIGINT)
RETURNS VOID AS $$
DECLARE
    known BOOLEAN;
BEGIN
    SELECT c.depend_on_known_directly INTO known FROM dhcp4_client_class c
        WHERE c.id = updateDHCPv4ClientClassKnownDependency.dependency_id;
    IF known = false THEN
        SELECT o.depend_on_known_indirectly INTO known FROM dhcp4_client_class_order o
            WHERE o.class_id = updateDHCPv4ClientClassKnownDependency.dependency_id;
    END IF;
    IF known THEN
        UPDATE dhcp4_client_class_order SET depend_on_known_indirectly = true
            WHERE class_id = client_class_id;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION updateDHCPv6ClientClassKnownDependency(client_class_id BIGINT, dependency_id BIGINT)
RETURNS VOID AS $$
DECLARE
    known BOOLEAN;
BEGIN
    SELECT c.depend_on_known_directly INTO known FROM dhcp6_client_class c
        WHERE c.id = updateDHCPv6ClientClassKnownDependency.dependency_id;
    IF known = false THEN
        SELECT o.depend_on_known_indirectly INTO known FROM dhcp6_client_class_order o
            WHERE o.class_id = updateDHCPv6ClientClassKnownDependency.dependency_id;
    END IF;
    IF known THEN
        UPDATE dhcp6_client_class_order SET depend_on_known_indirectly = true
            WHERE class_id = client_class_id;
    END IF;
END;
$$ LANGUAGE plpgsql;

-- Called by Kea's CB after updating a class (the update trigger stored the
-- class id and its old dependency in the session): a class that others depend
-- on must keep its KNOWN/UNKNOWN dependency.
CREATE FUNCTION checkDHCPv4ClientClassKnownDependencyChange() RETURNS VOID AS $$
DECLARE
    cid BIGINT := get_session_big_int('kea.client_class_id');
    depended BOOLEAN;
    depends BOOLEAN;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM dhcp4_client_class_dependency WHERE dependency_id = cid) THEN
        RETURN;
    END IF;
    depended := get_session_boolean('kea.depend_on_known_directly')
                OR get_session_boolean('kea.depend_on_known_indirectly');
    SELECT depend_on_known_directly INTO depends FROM dhcp4_client_class WHERE id = cid;
    IF depends = false THEN
        SELECT depend_on_known_indirectly INTO depends FROM dhcp4_client_class_order
            WHERE class_id = cid;
    END IF;
    IF depended <> depends THEN
        RAISE EXCEPTION 'Class dependency on KNOWN/UNKNOWN built-in classes must not change.'
            USING ERRCODE = 'sql_routine_exception';
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION checkDHCPv6ClientClassKnownDependencyChange() RETURNS VOID AS $$
DECLARE
    cid BIGINT := get_session_big_int('kea.client_class_id');
    depended BOOLEAN;
    depends BOOLEAN;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM dhcp6_client_class_dependency WHERE dependency_id = cid) THEN
        RETURN;
    END IF;
    depended := get_session_boolean('kea.depend_on_known_directly')
                OR get_session_boolean('kea.depend_on_known_indirectly');
    SELECT depend_on_known_directly INTO depends FROM dhcp6_client_class WHERE id = cid;
    IF depends = false THEN
        SELECT depend_on_known_indirectly INTO depends FROM dhcp6_client_class_order
            WHERE class_id = cid;
    END IF;
    IF depended <> depends THEN
        RAISE EXCEPTION 'Class dependency on KNOWN/UNKNOWN built-in classes must not change.'
            USING ERRCODE = 'sql_routine_exception';
    END IF;
END;
$$ LANGUAGE plpgsql;

-- ---- trigger functions ------------------------------------------------------
-- AINS/AUPD/ADEL audit the row under its table name; BDEL ones audit, then
-- remove what hangs off the row (pools, options, member subnets' network).

CREATE FUNCTION func_dhcp4_server_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_server', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_server_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_server', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_server_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_server', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_global_parameter_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_global_parameter', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_global_parameter_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_global_parameter', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_global_parameter_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_global_parameter', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_option_def_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_option_def', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_option_def_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_option_def', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_option_def_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_option_def', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_shared_network_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_shared_network', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_shared_network_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_shared_network', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Defined by Kea but attached to no trigger (the BDEL trigger audits deletes).
CREATE FUNCTION func_dhcp4_shared_network_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_shared_network', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Member subnets leave the network first (audited as subnet updates, before
-- the network's delete is applied), then the network's options go.
CREATE FUNCTION func_dhcp4_shared_network_bdel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_shared_network', OLD.id, 'delete');
    UPDATE dhcp4_subnet SET shared_network_name = NULL WHERE shared_network_name = OLD.name;
    DELETE FROM dhcp4_options WHERE shared_network_name = OLD.name;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_subnet_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_subnet', NEW.subnet_id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_subnet_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_subnet', NEW.subnet_id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_subnet_bdel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_subnet', OLD.subnet_id, 'delete');
    DELETE FROM dhcp4_pool WHERE subnet_id = OLD.subnet_id;
    DELETE FROM dhcp4_options WHERE dhcp4_subnet_id = OLD.subnet_id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_pool_bdel() RETURNS TRIGGER AS $$
BEGIN
    DELETE FROM dhcp4_options WHERE scope_id = 5 AND pool_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_options_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createOptionAuditDHCP4('create', NEW.scope_id, NEW.option_id, NEW.dhcp4_subnet_id,
                                   NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                   NEW.modification_ts);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_options_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createOptionAuditDHCP4('update', NEW.scope_id, NEW.option_id, NEW.dhcp4_subnet_id,
                                   NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                   NEW.modification_ts);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_options_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createOptionAuditDHCP4('delete', OLD.scope_id, OLD.option_id, OLD.dhcp4_subnet_id,
                                   OLD.host_id, OLD.shared_network_name, OLD.pool_id, NOW());
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_client_class_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM setClientClass4Order(NEW.id, NEW.follow_class_name, NULL);
    PERFORM createAuditEntryDHCP4('dhcp4_client_class', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_client_class_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM set_session_value('kea.depend_on_known_directly', OLD.depend_on_known_directly);
    PERFORM set_session_value('kea.client_class_id', NEW.id::BIGINT);
    PERFORM setClientClass4Order(NEW.id, NEW.follow_class_name, OLD.follow_class_name);
    PERFORM createAuditEntryDHCP4('dhcp4_client_class', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_client_class_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP4('dhcp4_client_class', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_client_class_check_dependency_bins() RETURNS TRIGGER AS $$
BEGIN
    PERFORM checkDHCPv4ClientClassDependency(NEW.class_id, NEW.dependency_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp4_client_class_dependency_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM updateDHCPv4ClientClassKnownDependency(NEW.class_id, NEW.dependency_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_server_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_server', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_server_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_server', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_server_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_server', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_global_parameter_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_global_parameter', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_global_parameter_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_global_parameter', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_global_parameter_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_global_parameter', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_option_def_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_option_def', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_option_def_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_option_def', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_option_def_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_option_def', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_shared_network_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_shared_network', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_shared_network_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_shared_network', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Defined by Kea but attached to no trigger (the BDEL trigger audits deletes).
CREATE FUNCTION func_dhcp6_shared_network_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_shared_network', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_shared_network_bdel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_shared_network', OLD.id, 'delete');
    UPDATE dhcp6_subnet SET shared_network_name = NULL WHERE shared_network_name = OLD.name;
    DELETE FROM dhcp6_options WHERE shared_network_name = OLD.name;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_subnet_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_subnet', NEW.subnet_id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_subnet_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_subnet', NEW.subnet_id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_subnet_bdel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_subnet', OLD.subnet_id, 'delete');
    DELETE FROM dhcp6_pool WHERE subnet_id = OLD.subnet_id;
    DELETE FROM dhcp6_pd_pool WHERE subnet_id = OLD.subnet_id;
    DELETE FROM dhcp6_options WHERE dhcp6_subnet_id = OLD.subnet_id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_pool_bdel() RETURNS TRIGGER AS $$
BEGIN
    DELETE FROM dhcp6_options WHERE scope_id = 5 AND pool_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

-- Kea 2.2 defines this but attaches no trigger to dhcp6_pd_pool in PostgreSQL
-- (the options go by their foreign key's cascade instead).
CREATE FUNCTION func_dhcp6_pd_pool_bdel() RETURNS TRIGGER AS $$
BEGIN
    DELETE FROM dhcp6_options WHERE scope_id = 6 AND pd_pool_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_options_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createOptionAuditDHCP6('create', NEW.scope_id, NEW.option_id, NEW.dhcp6_subnet_id,
                                   NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                   NEW.pd_pool_id, NEW.modification_ts);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_options_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createOptionAuditDHCP6('update', NEW.scope_id, NEW.option_id, NEW.dhcp6_subnet_id,
                                   NEW.host_id, NEW.shared_network_name, NEW.pool_id,
                                   NEW.pd_pool_id, NEW.modification_ts);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_options_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createOptionAuditDHCP6('delete', OLD.scope_id, OLD.option_id, OLD.dhcp6_subnet_id,
                                   OLD.host_id, OLD.shared_network_name, OLD.pool_id,
                                   OLD.pd_pool_id, NOW());
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_client_class_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM setClientClass6Order(NEW.id, NEW.follow_class_name, NULL);
    PERFORM createAuditEntryDHCP6('dhcp6_client_class', NEW.id, 'create');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_client_class_aupd() RETURNS TRIGGER AS $$
BEGIN
    PERFORM set_session_value('kea.depend_on_known_directly', OLD.depend_on_known_directly);
    PERFORM set_session_value('kea.client_class_id', NEW.id::BIGINT);
    PERFORM setClientClass6Order(NEW.id, NEW.follow_class_name, OLD.follow_class_name);
    PERFORM createAuditEntryDHCP6('dhcp6_client_class', NEW.id, 'update');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_client_class_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM createAuditEntryDHCP6('dhcp6_client_class', OLD.id, 'delete');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_client_class_check_dependency_bins() RETURNS TRIGGER AS $$
BEGIN
    PERFORM checkDHCPv6ClientClassDependency(NEW.class_id, NEW.dependency_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_dhcp6_client_class_dependency_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM updateDHCPv6ClientClassKnownDependency(NEW.class_id, NEW.dependency_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- ---- triggers ------------------------------------------------------------------

CREATE TRIGGER dhcp4_server_ains AFTER INSERT ON dhcp4_server
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_server_ains();
CREATE TRIGGER dhcp4_server_aupd AFTER UPDATE ON dhcp4_server
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_server_aupd();
CREATE TRIGGER dhcp4_server_adel AFTER DELETE ON dhcp4_server
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_server_adel();
CREATE TRIGGER dhcp4_global_parameter_ains AFTER INSERT ON dhcp4_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_global_parameter_ains();
CREATE TRIGGER dhcp4_global_parameter_aupd AFTER UPDATE ON dhcp4_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_global_parameter_aupd();
CREATE TRIGGER dhcp4_global_parameter_adel AFTER DELETE ON dhcp4_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_global_parameter_adel();
CREATE TRIGGER dhcp4_option_def_ains AFTER INSERT ON dhcp4_option_def
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_option_def_ains();
CREATE TRIGGER dhcp4_option_def_aupd AFTER UPDATE ON dhcp4_option_def
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_option_def_aupd();
CREATE TRIGGER dhcp4_option_def_adel AFTER DELETE ON dhcp4_option_def
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_option_def_adel();
CREATE TRIGGER dhcp4_shared_network_ains AFTER INSERT ON dhcp4_shared_network
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_shared_network_ains();
CREATE TRIGGER dhcp4_shared_network_aupd AFTER UPDATE ON dhcp4_shared_network
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_shared_network_aupd();
CREATE TRIGGER dhcp4_shared_network_bdel BEFORE DELETE ON dhcp4_shared_network
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_shared_network_bdel();
CREATE TRIGGER dhcp4_subnet_ains AFTER INSERT ON dhcp4_subnet
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_subnet_ains();
CREATE TRIGGER dhcp4_subnet_aupd AFTER UPDATE ON dhcp4_subnet
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_subnet_aupd();
CREATE TRIGGER dhcp4_subnet_bdel BEFORE DELETE ON dhcp4_subnet
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_subnet_bdel();
CREATE TRIGGER dhcp4_pool_bdel BEFORE DELETE ON dhcp4_pool
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_pool_bdel();
CREATE TRIGGER dhcp4_options_ains AFTER INSERT ON dhcp4_options
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_options_ains();
CREATE TRIGGER dhcp4_options_aupd AFTER UPDATE ON dhcp4_options
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_options_aupd();
CREATE TRIGGER dhcp4_options_adel AFTER DELETE ON dhcp4_options
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_options_adel();
CREATE TRIGGER dhcp4_client_class_ains AFTER INSERT ON dhcp4_client_class
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_ains();
CREATE TRIGGER dhcp4_client_class_aupd AFTER UPDATE ON dhcp4_client_class
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_aupd();
CREATE TRIGGER dhcp4_client_class_adel AFTER DELETE ON dhcp4_client_class
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_adel();
CREATE TRIGGER dhcp4_client_class_check_dependency_bins BEFORE INSERT ON dhcp4_client_class_dependency
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_check_dependency_bins();
CREATE TRIGGER dhcp4_client_class_dependency_ains AFTER INSERT ON dhcp4_client_class_dependency
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp4_client_class_dependency_ains();

CREATE TRIGGER dhcp6_server_ains AFTER INSERT ON dhcp6_server
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_server_ains();
CREATE TRIGGER dhcp6_server_aupd AFTER UPDATE ON dhcp6_server
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_server_aupd();
CREATE TRIGGER dhcp6_server_adel AFTER DELETE ON dhcp6_server
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_server_adel();
CREATE TRIGGER dhcp6_global_parameter_ains AFTER INSERT ON dhcp6_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_global_parameter_ains();
CREATE TRIGGER dhcp6_global_parameter_aupd AFTER UPDATE ON dhcp6_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_global_parameter_aupd();
CREATE TRIGGER dhcp6_global_parameter_adel AFTER DELETE ON dhcp6_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_global_parameter_adel();
CREATE TRIGGER dhcp6_option_def_ains AFTER INSERT ON dhcp6_option_def
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_option_def_ains();
CREATE TRIGGER dhcp6_option_def_aupd AFTER UPDATE ON dhcp6_option_def
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_option_def_aupd();
CREATE TRIGGER dhcp6_option_def_adel AFTER DELETE ON dhcp6_option_def
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_option_def_adel();
CREATE TRIGGER dhcp6_shared_network_ains AFTER INSERT ON dhcp6_shared_network
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_shared_network_ains();
CREATE TRIGGER dhcp6_shared_network_aupd AFTER UPDATE ON dhcp6_shared_network
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_shared_network_aupd();
CREATE TRIGGER dhcp6_shared_network_bdel BEFORE DELETE ON dhcp6_shared_network
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_shared_network_bdel();
CREATE TRIGGER dhcp6_subnet_ains AFTER INSERT ON dhcp6_subnet
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_subnet_ains();
CREATE TRIGGER dhcp6_subnet_aupd AFTER UPDATE ON dhcp6_subnet
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_subnet_aupd();
CREATE TRIGGER dhcp6_subnet_bdel BEFORE DELETE ON dhcp6_subnet
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_subnet_bdel();
CREATE TRIGGER dhcp6_pool_bdel BEFORE DELETE ON dhcp6_pool
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_pool_bdel();
CREATE TRIGGER dhcp6_options_ains AFTER INSERT ON dhcp6_options
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_options_ains();
CREATE TRIGGER dhcp6_options_aupd AFTER UPDATE ON dhcp6_options
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_options_aupd();
CREATE TRIGGER dhcp6_options_adel AFTER DELETE ON dhcp6_options
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_options_adel();
CREATE TRIGGER dhcp6_client_class_ains AFTER INSERT ON dhcp6_client_class
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_ains();
CREATE TRIGGER dhcp6_client_class_aupd AFTER UPDATE ON dhcp6_client_class
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_aupd();
CREATE TRIGGER dhcp6_client_class_adel AFTER DELETE ON dhcp6_client_class
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_adel();
CREATE TRIGGER dhcp6_client_class_check_dependency_bins BEFORE INSERT ON dhcp6_client_class_dependency
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_check_dependency_bins();
CREATE TRIGGER dhcp6_client_class_dependency_ains AFTER INSERT ON dhcp6_client_class_dependency
    FOR EACH ROW EXECUTE PROCEDURE func_dhcp6_client_class_dependency_ains();

-- The (no-op) modification_ts triggers, on Kea's tables (sic: the v6 subnet's
-- is on dhcp6_server).
CREATE TRIGGER dhcp4_audit_modification_ts_update AFTER UPDATE ON dhcp4_audit
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_audit_revision_modification_ts_update AFTER UPDATE ON dhcp4_audit_revision
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_global_parameter_modification_ts_update AFTER UPDATE ON dhcp4_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_global_parameter_server_modification_ts_update AFTER UPDATE ON dhcp4_global_parameter_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_option_def_modification_ts_update AFTER UPDATE ON dhcp4_option_def
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_option_def_server_modification_ts_update AFTER UPDATE ON dhcp4_option_def_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_options_modification_ts_update AFTER UPDATE ON dhcp4_options
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_options_server_modification_ts_update AFTER UPDATE ON dhcp4_options_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_pool_modification_ts_update AFTER UPDATE ON dhcp4_pool
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_server_modification_ts_update AFTER UPDATE ON dhcp4_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_shared_network_modification_ts_update AFTER UPDATE ON dhcp4_shared_network
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_subnet_modification_ts_update AFTER UPDATE ON dhcp4_subnet
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp4_subnet_server_modification_ts_update AFTER UPDATE ON dhcp4_subnet_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_audit_modification_ts_update AFTER UPDATE ON dhcp6_audit
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_audit_revision_modification_ts_update AFTER UPDATE ON dhcp6_audit_revision
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_global_parameter_modification_ts_update AFTER UPDATE ON dhcp6_global_parameter
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_global_parameter_server_modification_ts_update AFTER UPDATE ON dhcp6_global_parameter_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_option_def_modification_ts_update AFTER UPDATE ON dhcp6_option_def
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_option_def_server_modification_ts_update AFTER UPDATE ON dhcp6_option_def_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_options_modification_ts_update AFTER UPDATE ON dhcp6_options
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_options_server_modification_ts_update AFTER UPDATE ON dhcp6_options_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_pd_pool_modification_ts_update AFTER UPDATE ON dhcp6_pd_pool
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_pool_modification_ts_update AFTER UPDATE ON dhcp6_pool
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_server_modification_ts_update AFTER UPDATE ON dhcp6_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_shared_network_modification_ts_update AFTER UPDATE ON dhcp6_shared_network
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_subnet_modification_ts_update AFTER UPDATE ON dhcp6_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
CREATE TRIGGER dhcp6_subnet_server_modification_ts_update AFTER UPDATE ON dhcp6_subnet_server
    FOR EACH ROW EXECUTE PROCEDURE modification_ts_update();
