-- Removes everything up.sql created (functions go with their triggers' tables).
DROP TABLE IF EXISTS lease4 CASCADE;
DROP TABLE IF EXISTS lease6 CASCADE;
DROP TABLE IF EXISTS lease4_stat, lease6_stat, lease4_stat_by_client_class,
    lease6_stat_by_client_class, lease_hwaddr_source, lease6_types, lease_state,
    schema_version CASCADE;
DROP FUNCTION IF EXISTS checkLease4Limits(TEXT), checkLease6Limits(TEXT),
    ruru_limit_message(TEXT, BIGINT, TEXT, BIGINT),
    func_lease4_ains(), func_lease4_aupd(), func_lease4_adel(),
    func_lease6_ains(), func_lease6_aupd(), func_lease6_adel(),
    ruru_lease4_class_add(TEXT, BIGINT), ruru_lease6_class_add(TEXT, SMALLINT, BIGINT),
    ruru_lease4_stat_add(BIGINT, BIGINT, BIGINT),
    ruru_lease6_stat_add(BIGINT, SMALLINT, BIGINT, BIGINT),
    ruru_lease_classes(TEXT), json_cast(TEXT), isJsonSupported();
