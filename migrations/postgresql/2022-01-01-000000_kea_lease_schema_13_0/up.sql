-- ruru's PostgreSQL lease schema: the lease part of Kea 2.2's schema 13.0.
-- Column names, types, keys and indexes follow Kea so that Kea and ruru can use
-- the same database; the lease statistics tables are kept by triggers (below),
-- like Kea's, so that whichever server writes a lease keeps the counts right.

CREATE TABLE schema_version (
    version INT NOT NULL PRIMARY KEY,
    minor INT
);
INSERT INTO schema_version (version, minor) VALUES (13, 0);

-- Lookup tables.
CREATE TABLE lease_state (
    state BIGINT NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL
);
INSERT INTO lease_state (state, name)
    VALUES (0, 'default'), (1, 'declined'), (2, 'expired-reclaimed');

CREATE TABLE lease6_types (
    lease_type SMALLINT NOT NULL PRIMARY KEY,
    name VARCHAR(5)
);
INSERT INTO lease6_types (lease_type, name)
    VALUES (0, 'IA_NA'), (1, 'IA_TA'), (2, 'IA_PD');

CREATE TABLE lease_hwaddr_source (
    hwaddr_source INT NOT NULL PRIMARY KEY,
    name VARCHAR(40) DEFAULT NULL
);
INSERT INTO lease_hwaddr_source (hwaddr_source, name) VALUES
    (0, 'HWADDR_SOURCE_UNKNOWN'),
    (1, 'HWADDR_SOURCE_RAW'),
    (2, 'HWADDR_SOURCE_IPV6_LINK_LOCAL'),
    (4, 'HWADDR_SOURCE_DUID'),
    (8, 'HWADDR_SOURCE_CLIENT_ADDR_RELAY_OPTION'),
    (16, 'HWADDR_SOURCE_REMOTE_ID'),
    (32, 'HWADDR_SOURCE_SUBSCRIBER_ID'),
    (64, 'HWADDR_SOURCE_DOCSIS_CMTS'),
    (128, 'HWADDR_SOURCE_DOCSIS_MODEM');

-- Leases.
CREATE TABLE lease4 (
    address BIGINT NOT NULL PRIMARY KEY,
    hwaddr BYTEA,
    client_id BYTEA,
    valid_lifetime BIGINT,
    expire TIMESTAMP WITH TIME ZONE,
    subnet_id BIGINT,
    fqdn_fwd BOOLEAN,
    fqdn_rev BOOLEAN,
    hostname VARCHAR(255),
    state BIGINT DEFAULT 0,
    user_context TEXT,
    CONSTRAINT fk_lease4_state FOREIGN KEY (state) REFERENCES lease_state (state)
);
CREATE INDEX lease4_by_hwaddr_subnet_id ON lease4 (hwaddr, subnet_id);
CREATE INDEX lease4_by_client_id_subnet_id ON lease4 (client_id, subnet_id);
CREATE INDEX lease4_by_state_expire ON lease4 (state ASC, expire ASC);
CREATE INDEX lease4_by_subnet_id ON lease4 (subnet_id);
CREATE INDEX lease4_by_hostname ON lease4 (lower(hostname)) WHERE hostname IS NOT NULL;

CREATE TABLE lease6 (
    address VARCHAR(39) NOT NULL PRIMARY KEY,
    duid BYTEA,
    valid_lifetime BIGINT,
    expire TIMESTAMP WITH TIME ZONE,
    subnet_id BIGINT,
    pref_lifetime BIGINT,
    lease_type SMALLINT,
    iaid INT,
    prefix_len SMALLINT,
    fqdn_fwd BOOLEAN,
    fqdn_rev BOOLEAN,
    hostname VARCHAR(255),
    state BIGINT DEFAULT 0,
    hwaddr BYTEA,
    hwtype SMALLINT,
    hwaddr_source SMALLINT,
    user_context TEXT,
    CONSTRAINT fk_lease6_type FOREIGN KEY (lease_type) REFERENCES lease6_types (lease_type),
    CONSTRAINT fk_lease6_state FOREIGN KEY (state) REFERENCES lease_state (state)
);
CREATE INDEX lease6_by_duid_iaid_subnet_id ON lease6 (duid, iaid, subnet_id);
CREATE INDEX lease6_by_state_expire ON lease6 (state ASC, expire ASC);
CREATE INDEX lease6_by_subnet_id_lease_type ON lease6 (subnet_id, lease_type);
CREATE INDEX lease6_by_hostname ON lease6 (lower(hostname)) WHERE hostname IS NOT NULL;

-- Lease statistics: assigned (0) and declined (1) leases per subnet (and type).
CREATE TABLE lease4_stat (
    subnet_id BIGINT NOT NULL,
    state BIGINT NOT NULL,
    leases BIGINT,
    PRIMARY KEY (subnet_id, state)
);
CREATE TABLE lease6_stat (
    subnet_id BIGINT NOT NULL,
    lease_type SMALLINT NOT NULL,
    state BIGINT NOT NULL,
    leases BIGINT,
    PRIMARY KEY (subnet_id, lease_type, state)
);
-- Assigned leases per client class (from user_context ISC.client-classes), used
-- by Kea's lease limits.
CREATE TABLE lease4_stat_by_client_class (
    client_class VARCHAR(128) NOT NULL PRIMARY KEY,
    leases BIGINT NOT NULL
);
CREATE TABLE lease6_stat_by_client_class (
    client_class VARCHAR(128) NOT NULL,
    lease_type SMALLINT NOT NULL,
    leases BIGINT NOT NULL,
    PRIMARY KEY (client_class, lease_type),
    CONSTRAINT fk_lease6_stat_by_client_class_lease_type
        FOREIGN KEY (lease_type) REFERENCES lease6_types (lease_type)
);

-- JSON helpers Kea's statements and functions use.
CREATE FUNCTION isJsonSupported() RETURNS BOOLEAN AS $$
BEGIN
    RETURN true;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION json_cast(json_candidate TEXT) RETURNS JSON AS $$
BEGIN
    IF json_candidate IS NULL OR LENGTH(json_candidate) = 0 THEN
        RETURN '{}'::json;
    END IF;
    RETURN json_candidate::json;
END;
$$ LANGUAGE plpgsql;

-- The client classes a lease's user context lists (none when absent or malformed).
CREATE FUNCTION ruru_lease_classes(ctx TEXT) RETURNS SETOF TEXT AS $$
DECLARE
    classes JSON;
BEGIN
    BEGIN
        classes := json_cast(ctx)->'ISC'->'client-classes';
        IF classes IS NULL OR json_typeof(classes) <> 'array' THEN
            RETURN;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RETURN;
    END;
    RETURN QUERY SELECT c FROM json_array_elements_text(classes) AS c;
END;
$$ LANGUAGE plpgsql;

-- Counter helpers: add delta (+1/-1) to one row, never going below zero.
CREATE FUNCTION ruru_lease4_stat_add(sid BIGINT, st BIGINT, delta BIGINT) RETURNS VOID AS $$
BEGIN
    IF st = 0 OR st = 1 THEN
        INSERT INTO lease4_stat (subnet_id, state, leases)
            VALUES (sid, st, GREATEST(delta, 0))
            ON CONFLICT (subnet_id, state)
            DO UPDATE SET leases = GREATEST(COALESCE(lease4_stat.leases, 0) + delta, 0);
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION ruru_lease6_stat_add(sid BIGINT, lt SMALLINT, st BIGINT, delta BIGINT) RETURNS VOID AS $$
BEGIN
    IF st = 0 OR st = 1 THEN
        INSERT INTO lease6_stat (subnet_id, lease_type, state, leases)
            VALUES (sid, lt, st, GREATEST(delta, 0))
            ON CONFLICT (subnet_id, lease_type, state)
            DO UPDATE SET leases = GREATEST(COALESCE(lease6_stat.leases, 0) + delta, 0);
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION ruru_lease4_class_add(ctx TEXT, delta BIGINT) RETURNS VOID AS $$
DECLARE
    cls TEXT;
BEGIN
    FOR cls IN SELECT * FROM ruru_lease_classes(ctx) LOOP
        INSERT INTO lease4_stat_by_client_class (client_class, leases)
            VALUES (cls, GREATEST(delta, 0))
            ON CONFLICT (client_class)
            DO UPDATE SET leases = GREATEST(lease4_stat_by_client_class.leases + delta, 0);
    END LOOP;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION ruru_lease6_class_add(ctx TEXT, lt SMALLINT, delta BIGINT) RETURNS VOID AS $$
DECLARE
    cls TEXT;
BEGIN
    IF lt IS NULL OR (lt <> 0 AND lt <> 2) THEN
        RETURN;
    END IF;
    FOR cls IN SELECT * FROM ruru_lease_classes(ctx) LOOP
        INSERT INTO lease6_stat_by_client_class (client_class, lease_type, leases)
            VALUES (cls, lt, GREATEST(delta, 0))
            ON CONFLICT (client_class, lease_type)
            DO UPDATE SET leases = GREATEST(lease6_stat_by_client_class.leases + delta, 0);
    END LOOP;
END;
$$ LANGUAGE plpgsql;

-- Triggers (named as Kea names them, so Kea's upgrade scripts find them).
CREATE FUNCTION func_lease4_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM ruru_lease4_stat_add(NEW.subnet_id, NEW.state, 1);
    IF NEW.state = 0 THEN
        PERFORM ruru_lease4_class_add(NEW.user_context, 1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_lease4_aupd() RETURNS TRIGGER AS $$
BEGIN
    IF OLD.subnet_id IS DISTINCT FROM NEW.subnet_id OR OLD.state IS DISTINCT FROM NEW.state THEN
        PERFORM ruru_lease4_stat_add(OLD.subnet_id, OLD.state, -1);
        PERFORM ruru_lease4_stat_add(NEW.subnet_id, NEW.state, 1);
    END IF;
    IF OLD.state IS DISTINCT FROM NEW.state
        OR OLD.user_context IS DISTINCT FROM NEW.user_context THEN
        IF OLD.state = 0 THEN
            PERFORM ruru_lease4_class_add(OLD.user_context, -1);
        END IF;
        IF NEW.state = 0 THEN
            PERFORM ruru_lease4_class_add(NEW.user_context, 1);
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_lease4_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM ruru_lease4_stat_add(OLD.subnet_id, OLD.state, -1);
    IF OLD.state = 0 THEN
        PERFORM ruru_lease4_class_add(OLD.user_context, -1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_lease6_ains() RETURNS TRIGGER AS $$
BEGIN
    PERFORM ruru_lease6_stat_add(NEW.subnet_id, NEW.lease_type, NEW.state, 1);
    IF NEW.state = 0 THEN
        PERFORM ruru_lease6_class_add(NEW.user_context, NEW.lease_type, 1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_lease6_aupd() RETURNS TRIGGER AS $$
BEGIN
    IF OLD.subnet_id IS DISTINCT FROM NEW.subnet_id
        OR OLD.lease_type IS DISTINCT FROM NEW.lease_type
        OR OLD.state IS DISTINCT FROM NEW.state THEN
        PERFORM ruru_lease6_stat_add(OLD.subnet_id, OLD.lease_type, OLD.state, -1);
        PERFORM ruru_lease6_stat_add(NEW.subnet_id, NEW.lease_type, NEW.state, 1);
    END IF;
    IF OLD.state IS DISTINCT FROM NEW.state
        OR OLD.lease_type IS DISTINCT FROM NEW.lease_type
        OR OLD.user_context IS DISTINCT FROM NEW.user_context THEN
        IF OLD.state = 0 THEN
            PERFORM ruru_lease6_class_add(OLD.user_context, OLD.lease_type, -1);
        END IF;
        IF NEW.state = 0 THEN
            PERFORM ruru_lease6_class_add(NEW.user_context, NEW.lease_type, 1);
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION func_lease6_adel() RETURNS TRIGGER AS $$
BEGIN
    PERFORM ruru_lease6_stat_add(OLD.subnet_id, OLD.lease_type, OLD.state, -1);
    IF OLD.state = 0 THEN
        PERFORM ruru_lease6_class_add(OLD.user_context, OLD.lease_type, -1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER lease4_ains AFTER INSERT ON lease4 FOR EACH ROW EXECUTE PROCEDURE func_lease4_ains();
CREATE TRIGGER lease4_aupd AFTER UPDATE ON lease4 FOR EACH ROW EXECUTE PROCEDURE func_lease4_aupd();
CREATE TRIGGER lease4_adel AFTER DELETE ON lease4 FOR EACH ROW EXECUTE PROCEDURE func_lease4_adel();
CREATE TRIGGER lease6_ains AFTER INSERT ON lease6 FOR EACH ROW EXECUTE PROCEDURE func_lease6_ains();
CREATE TRIGGER lease6_aupd AFTER UPDATE ON lease6 FOR EACH ROW EXECUTE PROCEDURE func_lease6_aupd();
CREATE TRIGGER lease6_adel AFTER DELETE ON lease6 FOR EACH ROW EXECUTE PROCEDURE func_lease6_adel();

-- Kea's lease limit checks (libdhcp_limits): an empty text when the lease fits,
-- else why it does not.
CREATE FUNCTION ruru_limit_message(kind TEXT, lim BIGINT, what TEXT, current BIGINT) RETURNS TEXT AS $$
BEGIN
    RETURN CONCAT(kind, ' limit ', lim, ' for ', what, ', current lease count ', current);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION checkLease4Limits(user_context TEXT) RETURNS TEXT AS $$
DECLARE
    limits JSON := json_cast(user_context)->'ISC'->'limits';
    cls JSON;
    lim BIGINT;
    cnt BIGINT;
BEGIN
    IF limits->'client-classes' IS NOT NULL AND json_typeof(limits->'client-classes') = 'array' THEN
        FOR cls IN SELECT * FROM json_array_elements(limits->'client-classes') LOOP
            lim := (cls->>'address-limit')::BIGINT;
            IF lim IS NOT NULL THEN
                SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease4_stat_by_client_class
                    WHERE client_class = cls->>'name';
                IF lim <= cnt THEN
                    RETURN ruru_limit_message('address', lim,
                        CONCAT('client class "', cls->>'name', '"'), cnt);
                END IF;
            END IF;
        END LOOP;
    END IF;
    lim := (limits->'subnet'->>'address-limit')::BIGINT;
    IF lim IS NOT NULL THEN
        SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease4_stat
            WHERE subnet_id = (limits->'subnet'->>'id')::BIGINT AND state = 0;
        IF lim <= cnt THEN
            RETURN ruru_limit_message('address', lim,
                CONCAT('subnet ID ', limits->'subnet'->>'id'), cnt);
        END IF;
    END IF;
    RETURN '';
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION checkLease6Limits(user_context TEXT) RETURNS TEXT AS $$
DECLARE
    limits JSON := json_cast(user_context)->'ISC'->'limits';
    cls JSON;
    lim BIGINT;
    cnt BIGINT;
    kind TEXT;
    lt SMALLINT;
BEGIN
    FOREACH kind IN ARRAY ARRAY['address', 'prefix'] LOOP
        lt := CASE kind WHEN 'address' THEN 0 ELSE 2 END;
        IF limits->'client-classes' IS NOT NULL AND json_typeof(limits->'client-classes') = 'array' THEN
            FOR cls IN SELECT * FROM json_array_elements(limits->'client-classes') LOOP
                lim := (cls->>(kind || '-limit'))::BIGINT;
                IF lim IS NOT NULL THEN
                    SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease6_stat_by_client_class
                        WHERE client_class = cls->>'name' AND lease_type = lt;
                    IF lim <= cnt THEN
                        RETURN ruru_limit_message(kind, lim,
                            CONCAT('client class "', cls->>'name', '"'), cnt);
                    END IF;
                END IF;
            END LOOP;
        END IF;
        lim := (limits->'subnet'->>(kind || '-limit'))::BIGINT;
        IF lim IS NOT NULL THEN
            SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease6_stat
                WHERE subnet_id = (limits->'subnet'->>'id')::BIGINT AND lease_type = lt AND state = 0;
            IF lim <= cnt THEN
                RETURN ruru_limit_message(kind, lim,
                    CONCAT('subnet ID ', limits->'subnet'->>'id'), cnt);
            END IF;
        END IF;
    END LOOP;
    RETURN '';
END;
$$ LANGUAGE plpgsql;
