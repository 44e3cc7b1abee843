-- ruru's MySQL/MariaDB lease schema: the lease part of Kea 2.2's schema 14.0.
-- Column names, types, keys and indexes follow Kea so that Kea and ruru can use
-- the same database; the lease statistics tables are kept by triggers (below),
-- like Kea's, so that whichever server writes a lease keeps the counts right.

CREATE TABLE schema_version (
    version INT NOT NULL PRIMARY KEY,
    minor INT
) ENGINE = InnoDB;
INSERT INTO schema_version (version, minor) VALUES (14, 0);

-- Lookup tables.
CREATE TABLE lease_state (
    state INT UNSIGNED NOT NULL PRIMARY KEY,
    name VARCHAR(64) NOT NULL
) ENGINE = InnoDB;
INSERT INTO lease_state (state, name)
    VALUES (0, 'default'), (1, 'declined'), (2, 'expired-reclaimed');

CREATE TABLE lease6_types (
    lease_type TINYINT NOT NULL PRIMARY KEY,
    name VARCHAR(5)
) ENGINE = InnoDB;
INSERT INTO lease6_types (lease_type, name)
    VALUES (0, 'IA_NA'), (1, 'IA_TA'), (2, 'IA_PD');

CREATE TABLE lease_hwaddr_source (
    hwaddr_source INT UNSIGNED NOT NULL PRIMARY KEY,
    name VARCHAR(40) DEFAULT NULL
) ENGINE = InnoDB;
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
    address INT UNSIGNED NOT NULL PRIMARY KEY,
    hwaddr VARBINARY(20),
    client_id VARBINARY(128),
    valid_lifetime INT UNSIGNED,
    expire TIMESTAMP NULL DEFAULT NULL,
    subnet_id INT UNSIGNED,
    fqdn_fwd TINYINT(1),
    fqdn_rev TINYINT(1),
    hostname VARCHAR(255),
    state INT UNSIGNED DEFAULT 0,
    user_context TEXT,
    KEY lease4_by_hwaddr_subnet_id (hwaddr, subnet_id),
    KEY lease4_by_client_id_subnet_id (client_id, subnet_id),
    KEY lease4_by_subnet_id (subnet_id),
    KEY lease4_by_hostname (hostname),
    KEY lease4_by_expire_state (expire, state),
    CONSTRAINT fk_lease4_state FOREIGN KEY (state) REFERENCES lease_state (state)
) ENGINE = InnoDB;

CREATE TABLE lease6 (
    address VARCHAR(39) NOT NULL PRIMARY KEY,
    duid VARBINARY(128),
    valid_lifetime INT UNSIGNED,
    expire TIMESTAMP NULL DEFAULT NULL,
    subnet_id INT UNSIGNED,
    pref_lifetime INT UNSIGNED,
    lease_type TINYINT,
    iaid INT UNSIGNED,
    prefix_len TINYINT UNSIGNED,
    fqdn_fwd TINYINT(1),
    fqdn_rev TINYINT(1),
    hostname VARCHAR(255),
    hwaddr VARBINARY(20),
    hwtype SMALLINT UNSIGNED,
    hwaddr_source INT UNSIGNED,
    state INT UNSIGNED DEFAULT 0,
    user_context TEXT,
    KEY lease6_by_subnet_id_lease_type (subnet_id, lease_type),
    KEY lease6_by_duid_iaid_subnet_id (duid, iaid, subnet_id),
    KEY lease6_by_hostname (hostname),
    KEY lease6_by_expire_state (expire, state),
    CONSTRAINT fk_lease6_type FOREIGN KEY (lease_type) REFERENCES lease6_types (lease_type),
    CONSTRAINT fk_lease6_hwaddr_source FOREIGN KEY (hwaddr_source)
        REFERENCES lease_hwaddr_source (hwaddr_source),
    CONSTRAINT fk_lease6_state FOREIGN KEY (state) REFERENCES lease_state (state)
) ENGINE = InnoDB;

-- Lease statistics: assigned (0) and declined (1) leases per subnet (and type).
CREATE TABLE lease4_stat (
    subnet_id INT UNSIGNED NOT NULL,
    state INT UNSIGNED NOT NULL,
    leases BIGINT,
    PRIMARY KEY (subnet_id, state)
) ENGINE = InnoDB;
CREATE TABLE lease6_stat (
    subnet_id INT UNSIGNED NOT NULL,
    lease_type INT UNSIGNED NOT NULL,
    state INT UNSIGNED NOT NULL,
    leases BIGINT,
    PRIMARY KEY (subnet_id, lease_type, state)
) ENGINE = InnoDB;
-- Assigned leases per client class (from user_context ISC.client-classes), used
-- by Kea's lease limits.
CREATE TABLE lease4_stat_by_client_class (
    client_class VARCHAR(128) NOT NULL PRIMARY KEY,
    leases BIGINT UNSIGNED NOT NULL
) ENGINE = InnoDB;
CREATE TABLE lease6_stat_by_client_class (
    client_class VARCHAR(128) NOT NULL,
    lease_type TINYINT NOT NULL,
    leases BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (client_class, lease_type),
    CONSTRAINT fk_lease6_stat_by_client_class_lease_type
        FOREIGN KEY (lease_type) REFERENCES lease6_types (lease_type)
) ENGINE = InnoDB;

CREATE FUNCTION isJsonSupported() RETURNS BOOL DETERMINISTIC
    RETURN JSON_VALID('{}');

-- The client class list of a user context, or NULL when absent or malformed.
CREATE FUNCTION ruru_lease_classes(ctx TEXT) RETURNS LONGTEXT DETERMINISTIC
    RETURN IF(ctx IS NOT NULL AND JSON_VALID(ctx)
                  AND JSON_TYPE(JSON_EXTRACT(ctx, '$.ISC."client-classes"')) = 'ARRAY',
              JSON_EXTRACT(ctx, '$.ISC."client-classes"'), NULL);

-- Counter helpers: add delta (+1/-1) to one row, never going below zero.
CREATE PROCEDURE ruru_lease4_stat_add(IN sid INT UNSIGNED, IN st INT UNSIGNED, IN delta BIGINT)
BEGIN
    IF st = 0 OR st = 1 THEN
        INSERT INTO lease4_stat (subnet_id, state, leases)
            VALUES (sid, st, GREATEST(delta, 0))
            ON DUPLICATE KEY UPDATE leases = GREATEST(COALESCE(leases, 0) + delta, 0);
    END IF;
END;

CREATE PROCEDURE ruru_lease6_stat_add(IN sid INT UNSIGNED, IN lt INT UNSIGNED,
                                      IN st INT UNSIGNED, IN delta BIGINT)
BEGIN
    IF st = 0 OR st = 1 THEN
        INSERT INTO lease6_stat (subnet_id, lease_type, state, leases)
            VALUES (sid, lt, st, GREATEST(delta, 0))
            ON DUPLICATE KEY UPDATE leases = GREATEST(COALESCE(leases, 0) + delta, 0);
    END IF;
END;

CREATE PROCEDURE ruru_lease4_class_add(IN ctx TEXT, IN delta BIGINT)
BEGIN
    DECLARE classes LONGTEXT DEFAULT ruru_lease_classes(ctx);
    DECLARE i INT DEFAULT 0;
    DECLARE cls VARCHAR(128);
    IF classes IS NOT NULL THEN
        WHILE i < JSON_LENGTH(classes) DO
            SET cls = JSON_UNQUOTE(JSON_EXTRACT(classes, CONCAT('$[', i, ']')));
            INSERT INTO lease4_stat_by_client_class (client_class, leases)
                VALUES (cls, GREATEST(delta, 0))
                ON DUPLICATE KEY UPDATE
                    leases = IF(delta < 0 AND leases = 0, 0, leases + delta);
            SET i = i + 1;
        END WHILE;
    END IF;
END;

CREATE PROCEDURE ruru_lease6_class_add(IN ctx TEXT, IN lt TINYINT, IN delta BIGINT)
BEGIN
    DECLARE classes LONGTEXT DEFAULT ruru_lease_classes(ctx);
    DECLARE i INT DEFAULT 0;
    DECLARE cls VARCHAR(128);
    IF classes IS NOT NULL AND (lt = 0 OR lt = 2) THEN
        WHILE i < JSON_LENGTH(classes) DO
            SET cls = JSON_UNQUOTE(JSON_EXTRACT(classes, CONCAT('$[', i, ']')));
            INSERT INTO lease6_stat_by_client_class (client_class, lease_type, leases)
                VALUES (cls, lt, GREATEST(delta, 0))
                ON DUPLICATE KEY UPDATE
                    leases = IF(delta < 0 AND leases = 0, 0, leases + delta);
            SET i = i + 1;
        END WHILE;
    END IF;
END;

-- Triggers (named as Kea names them, so Kea's upgrade scripts find them).
CREATE TRIGGER lease4_AINS AFTER INSERT ON lease4 FOR EACH ROW
BEGIN
    CALL ruru_lease4_stat_add(NEW.subnet_id, NEW.state, 1);
    IF NEW.state = 0 THEN
        CALL ruru_lease4_class_add(NEW.user_context, 1);
    END IF;
END;

CREATE TRIGGER lease4_AUPD AFTER UPDATE ON lease4 FOR EACH ROW
BEGIN
    IF NOT (OLD.subnet_id <=> NEW.subnet_id) OR NOT (OLD.state <=> NEW.state) THEN
        CALL ruru_lease4_stat_add(OLD.subnet_id, OLD.state, -1);
        CALL ruru_lease4_stat_add(NEW.subnet_id, NEW.state, 1);
    END IF;
    IF NOT (OLD.state <=> NEW.state) OR NOT (OLD.user_context <=> NEW.user_context) THEN
        IF OLD.state = 0 THEN
            CALL ruru_lease4_class_add(OLD.user_context, -1);
        END IF;
        IF NEW.state = 0 THEN
            CALL ruru_lease4_class_add(NEW.user_context, 1);
        END IF;
    END IF;
END;

CREATE TRIGGER lease4_ADEL AFTER DELETE ON lease4 FOR EACH ROW
BEGIN
    CALL ruru_lease4_stat_add(OLD.subnet_id, OLD.state, -1);
    IF OLD.state = 0 THEN
        CALL ruru_lease4_class_add(OLD.user_context, -1);
    END IF;
END;

CREATE TRIGGER lease6_AINS AFTER INSERT ON lease6 FOR EACH ROW
BEGIN
    CALL ruru_lease6_stat_add(NEW.subnet_id, NEW.lease_type, NEW.state, 1);
    IF NEW.state = 0 THEN
        CALL ruru_lease6_class_add(NEW.user_context, NEW.lease_type, 1);
    END IF;
END;

CREATE TRIGGER lease6_AUPD AFTER UPDATE ON lease6 FOR EACH ROW
BEGIN
    IF NOT (OLD.subnet_id <=> NEW.subnet_id) OR NOT (OLD.lease_type <=> NEW.lease_type)
        OR NOT (OLD.state <=> NEW.state) THEN
        CALL ruru_lease6_stat_add(OLD.subnet_id, OLD.lease_type, OLD.state, -1);
        CALL ruru_lease6_stat_add(NEW.subnet_id, NEW.lease_type, NEW.state, 1);
    END IF;
    IF NOT (OLD.state <=> NEW.state) OR NOT (OLD.lease_type <=> NEW.lease_type)
        OR NOT (OLD.user_context <=> NEW.user_context) THEN
        IF OLD.state = 0 THEN
            CALL ruru_lease6_class_add(OLD.user_context, OLD.lease_type, -1);
        END IF;
        IF NEW.state = 0 THEN
            CALL ruru_lease6_class_add(NEW.user_context, NEW.lease_type, 1);
        END IF;
    END IF;
END;

CREATE TRIGGER lease6_ADEL AFTER DELETE ON lease6 FOR EACH ROW
BEGIN
    CALL ruru_lease6_stat_add(OLD.subnet_id, OLD.lease_type, OLD.state, -1);
    IF OLD.state = 0 THEN
        CALL ruru_lease6_class_add(OLD.user_context, OLD.lease_type, -1);
    END IF;
END;

-- Kea's lease limit checks (libdhcp_limits): an empty text when the lease fits,
-- else why it does not. kind is 'address' (type 0) or 'prefix' (type 2).
CREATE FUNCTION ruru_check_limits(ctx TEXT, family INT) RETURNS TEXT READS SQL DATA
BEGIN
    DECLARE limits LONGTEXT;
    DECLARE classes LONGTEXT;
    DECLARE cls LONGTEXT;
    DECLARE cls_name VARCHAR(128);
    DECLARE kind VARCHAR(16);
    DECLARE k INT DEFAULT 0;
    DECLARE i INT;
    DECLARE lim BIGINT;
    DECLARE cnt BIGINT;
    DECLARE sid INT UNSIGNED;
    IF ctx IS NULL OR NOT JSON_VALID(ctx) THEN
        RETURN '';
    END IF;
    SET limits = JSON_EXTRACT(ctx, '$.ISC.limits');
    IF limits IS NULL THEN
        RETURN '';
    END IF;
    SET classes = JSON_EXTRACT(limits, '$."client-classes"');
    SET sid = JSON_EXTRACT(limits, '$.subnet.id');
    WHILE k < IF(family = 4, 1, 2) DO
        SET kind = IF(k = 0, 'address', 'prefix');
        SET i = 0;
        WHILE classes IS NOT NULL AND i < JSON_LENGTH(classes) DO
            SET cls = JSON_EXTRACT(classes, CONCAT('$[', i, ']'));
            SET cls_name = JSON_UNQUOTE(JSON_EXTRACT(cls, '$.name'));
            SET lim = JSON_EXTRACT(cls, CONCAT('$."', kind, '-limit"'));
            IF lim IS NOT NULL THEN
                IF family = 4 THEN
                    SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease4_stat_by_client_class
                        WHERE client_class = cls_name;
                ELSE
                    SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease6_stat_by_client_class
                        WHERE client_class = cls_name AND lease_type = k * 2;
                END IF;
                IF lim <= cnt THEN
                    RETURN CONCAT(kind, ' limit ', lim, ' for client class "', cls_name,
                                  '", current lease count ', cnt);
                END IF;
            END IF;
            SET i = i + 1;
        END WHILE;
        SET lim = JSON_EXTRACT(limits, CONCAT('$.subnet."', kind, '-limit"'));
        IF lim IS NOT NULL THEN
            IF family = 4 THEN
                SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease4_stat
                    WHERE subnet_id = sid AND state = 0;
            ELSE
                SELECT COALESCE(SUM(leases), 0) INTO cnt FROM lease6_stat
                    WHERE subnet_id = sid AND lease_type = k * 2 AND state = 0;
            END IF;
            IF lim <= cnt THEN
                RETURN CONCAT(kind, ' limit ', lim, ' for subnet ID ', sid,
                              ', current lease count ', cnt);
            END IF;
        END IF;
        SET k = k + 1;
    END WHILE;
    RETURN '';
END;

CREATE FUNCTION checkLease4Limits(user_context TEXT) RETURNS TEXT READS SQL DATA
    RETURN ruru_check_limits(user_context, 4);

CREATE FUNCTION checkLease6Limits(user_context TEXT) RETURNS TEXT READS SQL DATA
    RETURN ruru_check_limits(user_context, 6);
