-- The functions `kea-admin lease-dump` and `kea-admin lease-upload` call by
-- name (Kea 2.2, schema 13.0): same names, arguments and result columns as
-- Kea's, bodies written for ruru. The dump is memfile CSV: dotted address,
-- lower-case colon-separated hex, expire as seconds since the epoch, booleans
-- as 0/1, commas in text escaped as "&#x2c".

-- 'a1b2c3' -> 'a1:b2:c3' (an odd number of digits gets a leading zero).
CREATE OR REPLACE FUNCTION colonSeparatedHex(hex TEXT) RETURNS TEXT AS $$
    SELECT lower(rtrim(regexp_replace(
        CASE WHEN length(hex) % 2 = 1 THEN '0' || hex ELSE hex END,
        '(..)', '\1:', 'g'), ':'));
$$ LANGUAGE SQL IMMUTABLE;

CREATE OR REPLACE FUNCTION lease4DumpHeader() RETURNS TEXT AS $$
    SELECT 'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context'::TEXT;
$$ LANGUAGE SQL;

CREATE OR REPLACE FUNCTION lease4DumpData() RETURNS TABLE (
    address INET, hwaddr VARCHAR, client_id VARCHAR, valid_lifetime BIGINT,
    expire BIGINT, subnet_id BIGINT, fqdn_fwd INT, fqdn_rev INT,
    hostname VARCHAR, state INT8, user_context VARCHAR
) AS $$
    SELECT '0.0.0.0'::INET + l.address,
           colonSeparatedHex(encode(l.hwaddr, 'hex')),
           colonSeparatedHex(encode(l.client_id, 'hex')),
           l.valid_lifetime,
           extract(epoch FROM l.expire)::BIGINT,
           l.subnet_id,
           l.fqdn_fwd::INT,
           l.fqdn_rev::INT,
           replace(l.hostname, ',', '&#x2c'),
           l.state,
           replace(l.user_context, ',', '&#x2c')
      FROM lease4 l
     ORDER BY l.address;
$$ LANGUAGE SQL;

-- hwtype and hwaddr_source last, as in the memfile format.
CREATE OR REPLACE FUNCTION lease6DumpHeader() RETURNS TEXT AS $$
    SELECT 'address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source'::TEXT;
$$ LANGUAGE SQL;

CREATE OR REPLACE FUNCTION lease6DumpData() RETURNS TABLE (
    address VARCHAR, duid VARCHAR, valid_lifetime BIGINT, expire BIGINT,
    subnet_id BIGINT, pref_lifetime BIGINT, lease_type SMALLINT, iaid INT,
    prefix_len SMALLINT, fqdn_fwd INT, fqdn_rev INT, hostname VARCHAR,
    hwaddr VARCHAR, state INT8, user_context VARCHAR, hwtype SMALLINT,
    hwaddr_source SMALLINT
) AS $$
    SELECT l.address,
           colonSeparatedHex(encode(l.duid, 'hex')),
           l.valid_lifetime,
           extract(epoch FROM l.expire)::BIGINT,
           l.subnet_id,
           l.pref_lifetime,
           l.lease_type,
           l.iaid,
           l.prefix_len,
           l.fqdn_fwd::INT,
           l.fqdn_rev::INT,
           replace(l.hostname, ',', '&#x2c'),
           colonSeparatedHex(encode(l.hwaddr, 'hex')),
           l.state,
           replace(l.user_context, ',', '&#x2c'),
           l.hwtype,
           l.hwaddr_source
      FROM lease6 l
     ORDER BY l.address;
$$ LANGUAGE SQL;

-- One memfile row back into lease4 (kea-admin lease-upload).
CREATE OR REPLACE FUNCTION lease4Upload(
    IN address VARCHAR, IN hwaddr VARCHAR, IN client_id VARCHAR,
    IN valid_lifetime BIGINT, IN expire BIGINT, IN subnet_id BIGINT,
    IN fqdn_fwd INT, IN fqdn_rev INT, IN hostname VARCHAR, IN state INT8,
    IN user_context VARCHAR
) RETURNS VOID AS $$
    INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire,
                        subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context)
    VALUES ($1::INET - '0.0.0.0'::INET,
            decode(replace($2, ':', ''), 'hex'),
            decode(replace($3, ':', ''), 'hex'),
            $4, to_timestamp($5), $6, $7 <> 0, $8 <> 0,
            replace($9, '&#x2c', ','), $10, replace($11, '&#x2c', ','));
$$ LANGUAGE SQL;

-- One memfile row back into lease6 (kea-admin lease-upload).
CREATE OR REPLACE FUNCTION lease6Upload(
    IN address VARCHAR, IN duid VARCHAR, IN valid_lifetime BIGINT,
    IN expire BIGINT, IN subnet_id BIGINT, IN pref_lifetime BIGINT,
    IN lease_type INT, IN iaid INT, IN prefix_len INT, IN fqdn_fwd INT,
    IN fqdn_rev INT, IN hostname VARCHAR, IN hwaddr VARCHAR, IN state INT8,
    IN user_context VARCHAR, IN hwtype INT, IN hwaddr_source INT
) RETURNS VOID AS $$
    INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id,
                        pref_lifetime, lease_type, iaid, prefix_len, fqdn_fwd,
                        fqdn_rev, hostname, hwaddr, state, user_context, hwtype,
                        hwaddr_source)
    VALUES ($1, decode(replace($2, ':', ''), 'hex'), $3, to_timestamp($4), $5,
            $6, $7, $8, $9, $10 <> 0, $11 <> 0, replace($12, '&#x2c', ','),
            decode(replace($13, ':', ''), 'hex'), $14,
            replace($15, '&#x2c', ','), $16, $17);
$$ LANGUAGE SQL;
