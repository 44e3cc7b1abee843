-- Removes everything up.sql created.
DROP FUNCTION IF EXISTS checkLease4Limits;
DROP FUNCTION IF EXISTS checkLease6Limits;
DROP FUNCTION IF EXISTS ruru_check_limits;
DROP TABLE IF EXISTS lease4, lease6, lease4_stat, lease6_stat, lease4_stat_by_client_class,
    lease6_stat_by_client_class, lease_hwaddr_source, lease6_types, lease_state, schema_version;
DROP PROCEDURE IF EXISTS ruru_lease4_stat_add;
DROP PROCEDURE IF EXISTS ruru_lease6_stat_add;
DROP PROCEDURE IF EXISTS ruru_lease4_class_add;
DROP PROCEDURE IF EXISTS ruru_lease6_class_add;
DROP FUNCTION IF EXISTS ruru_lease_classes;
DROP FUNCTION IF EXISTS isJsonSupported;
