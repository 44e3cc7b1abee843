-- Removes everything up.sql created; the options tables go back to the hosts
-- migration's form (dropping a table drops its triggers).
DROP TRIGGER IF EXISTS dhcp4_options_AINS;
DROP TRIGGER IF EXISTS dhcp4_options_AUPD;
DROP TRIGGER IF EXISTS dhcp4_options_ADEL;
DROP TRIGGER IF EXISTS dhcp6_options_AINS;
DROP TRIGGER IF EXISTS dhcp6_options_AUPD;
DROP TRIGGER IF EXISTS dhcp6_options_ADEL;
DROP TABLE IF EXISTS dhcp4_options_server, dhcp6_options_server;
ALTER TABLE dhcp4_options
    DROP FOREIGN KEY fk_dhcp4_options_client_class,
    DROP FOREIGN KEY fk_dhcp4_options_pool,
    DROP FOREIGN KEY fk_dhcp4_options_shared_network,
    DROP FOREIGN KEY fk_dhcp4_options_subnet,
    DROP FOREIGN KEY fk_options_host1;
ALTER TABLE dhcp6_options
    DROP FOREIGN KEY fk_dhcp6_options_client_class,
    DROP FOREIGN KEY fk_dhcp6_options_pd_pool,
    DROP FOREIGN KEY fk_dhcp6_options_pool,
    DROP FOREIGN KEY fk_dhcp6_options_shared_network,
    DROP FOREIGN KEY fk_dhcp6_options_subnet,
    DROP FOREIGN KEY fk_options_host10;

DROP TABLE IF EXISTS
    dhcp4_pool, dhcp4_subnet_server, dhcp4_subnet, dhcp4_shared_network_server,
    dhcp4_shared_network, dhcp4_option_def_server, dhcp4_option_def,
    dhcp4_client_class_server, dhcp4_client_class_dependency, dhcp4_client_class_order,
    dhcp4_client_class, dhcp4_global_parameter_server, dhcp4_global_parameter,
    dhcp4_audit, dhcp4_audit_revision, dhcp4_server,
    dhcp6_pd_pool, dhcp6_pool, dhcp6_subnet_server, dhcp6_subnet, dhcp6_shared_network_server,
    dhcp6_shared_network, dhcp6_option_def_server, dhcp6_option_def,
    dhcp6_client_class_server, dhcp6_client_class_dependency, dhcp6_client_class_order,
    dhcp6_client_class, dhcp6_global_parameter_server, dhcp6_global_parameter,
    dhcp6_audit, dhcp6_audit_revision, dhcp6_server,
    parameter_data_type, modification, logs;

DROP PROCEDURE IF EXISTS checkDHCPv4ClientClassKnownDependencyChange;
DROP PROCEDURE IF EXISTS checkDHCPv6ClientClassKnownDependencyChange;
DROP PROCEDURE IF EXISTS updateDHCPv4ClientClassKnownDependency;
DROP PROCEDURE IF EXISTS updateDHCPv6ClientClassKnownDependency;
DROP PROCEDURE IF EXISTS checkDHCPv4ClientClassDependency;
DROP PROCEDURE IF EXISTS checkDHCPv6ClientClassDependency;
DROP PROCEDURE IF EXISTS setClientClass4Order;
DROP PROCEDURE IF EXISTS setClientClass6Order;
DROP PROCEDURE IF EXISTS createOptionAuditDHCP4;
DROP PROCEDURE IF EXISTS createOptionAuditDHCP6;
DROP PROCEDURE IF EXISTS createAuditEntryDHCP4;
DROP PROCEDURE IF EXISTS createAuditEntryDHCP6;
DROP PROCEDURE IF EXISTS createAuditRevisionDHCP4;
DROP PROCEDURE IF EXISTS createAuditRevisionDHCP6;
