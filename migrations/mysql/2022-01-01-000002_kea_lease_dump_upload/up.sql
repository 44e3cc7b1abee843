-- The routines `kea-admin lease-dump` and `kea-admin lease-upload` call by
-- name (Kea 2.2, schema 14.0): same names, arguments and result columns as
-- Kea's, bodies written for ruru. The dump is memfile CSV: dotted address,
-- lower-case colon-separated hex, expire as seconds since the epoch, commas
-- in text escaped as "&#x2c".

-- 'A1B2C3' -> 'a1:b2:c3' (an odd number of digits gets a leading zero).
CREATE FUNCTION colonSeparatedHex(hex VARCHAR(767)) RETURNS VARCHAR(767) DETERMINISTIC
    RETURN LOWER(TRIM(TRAILING ':' FROM REGEXP_REPLACE(
        IF(LENGTH(hex) % 2 = 1, CONCAT('0', hex), hex), '(..)', '\\1:')));

CREATE PROCEDURE lease4DumpHeader()
    SELECT 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context';

CREATE PROCEDURE lease4DumpData()
    SELECT INET_NTOA(l.address),
           IFNULL(colonSeparatedHex(HEX(l.hwaddr)), ''),
           IFNULL(colonSeparatedHex(HEX(l.client_id)), ''),
           l.valid_lifetime,
           UNIX_TIMESTAMP(l.expire),
           l.subnet_id,
           l.fqdn_fwd,
           l.fqdn_rev,
           REPLACE(l.hostname, ',', '&#x2c'),
           l.state,
           REPLACE(IFNULL(l.user_context, ''), ',', '&#x2c')
      FROM lease4 l
     ORDER BY l.address;

-- hwtype and hwaddr_source last, as in the memfile format.
CREATE PROCEDURE lease6DumpHeader()
    SELECT 'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source';

CREATE PROCEDURE lease6DumpData()
    SELECT l.address,
           IFNULL(colonSeparatedHex(HEX(l.duid)), ''),
           l.valid_lifetime,
           UNIX_TIMESTAMP(l.expire),
           l.subnet_id,
           l.pref_lifetime,
           l.lease_type,
           l.iaid,
           l.prefix_len,
           l.fqdn_fwd,
           l.fqdn_rev,
           REPLACE(l.hostname, ',', '&#x2c'),
           IFNULL(colonSeparatedHex(HEX(l.hwaddr)), ''),
           l.state,
           REPLACE(IFNULL(l.user_context, ''), ',', '&#x2c'),
           l.hwtype,
           l.hwaddr_source
      FROM lease6 l
     ORDER BY l.address;

-- One memfile row back into lease4 (kea-admin lease-upload).
CREATE PROCEDURE lease4Upload(
    IN address VARCHAR(15), IN hwaddr VARCHAR(20), IN client_id VARCHAR(128),
    IN valid_lifetime INT UNSIGNED, IN expire BIGINT UNSIGNED,
    IN subnet_id INT UNSIGNED, IN fqdn_fwd TINYINT, IN fqdn_rev TINYINT,
    IN hostname VARCHAR(255), IN state INT UNSIGNED, IN user_context TEXT)
    INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire,
                        subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context)
    VALUES (INET_ATON(address), UNHEX(REPLACE(hwaddr, ':', '')),
            UNHEX(REPLACE(client_id, ':', '')), valid_lifetime,
            FROM_UNIXTIME(expire), subnet_id, fqdn_fwd, fqdn_rev,
            REPLACE(hostname, '&#x2c', ','), state,
            REPLACE(user_context, '&#x2c', ','));

-- One memfile row back into lease6 (kea-admin lease-upload).
CREATE PROCEDURE lease6Upload(
    IN address VARCHAR(39), IN duid VARCHAR(128), IN valid_lifetime INT UNSIGNED,
    IN expire BIGINT UNSIGNED, IN subnet_id INT UNSIGNED,
    IN pref_lifetime INT UNSIGNED, IN lease_type TINYINT, IN iaid INT UNSIGNED,
    IN prefix_len TINYINT UNSIGNED, IN fqdn_fwd TINYINT, IN fqdn_rev TINYINT,
    IN hostname VARCHAR(255), IN hwaddr VARCHAR(64), IN state INT UNSIGNED,
    IN user_context TEXT, IN hwtype SMALLINT, IN hwaddr_source INT UNSIGNED)
    INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id,
                        pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd,
                        fqdn_rev, hostname, hwaddr, state, user_context, hwtype,
                        hwaddr_source)
    VALUES (address, UNHEX(REPLACE(duid, ':', '')), valid_lifetime,
            FROM_UNIXTIME(expire), subnet_id, pref_lifetime, lease_type, iaid,
            prefix_len, fqdn_fwd, fqdn_rev, REPLACE(hostname, '&#x2c', ','),
            UNHEX(REPLACE(hwaddr, ':', '')), state,
            REPLACE(user_context, '&#x2c', ','), hwtype, hwaddr_source);
