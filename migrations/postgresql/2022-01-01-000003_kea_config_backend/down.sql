-- Removes everything up.sql created; the options tables go back to the hosts
-- migration's form (their triggers go with their functions).
DROP FUNCTION IF EXISTS
    func_dhcp4_options_ains(), func_dhcp4_options_aupd(), func_dhcp4_options_adel(),
    func_dhcp6_options_ains(), func_dhcp6_options_aupd(), func_dhcp6_options_adel() CASCADE;
DROP TRIGGER IF EXISTS dhcp4_options_modification_ts_update ON dhcp4_options;
DROP TRIGGER IF EXISTS dhcp6_options_modification_ts_update ON dhcp6_options;
DROP TABLE IF EXISTS dhcp4_options_server, dhcp6_options_server;
ALTER TABLE dhcp4_options
    DROP CONSTRAINT IF EXISTS fk_dhcp4_options_shared_network,
    DROP CONSTRAINT IF EXISTS fk_dhcp4_options_subnet,
    DROP CONSTRAINT IF EXISTS fk_dhcp4_options_pool;
ALTER TABLE dhcp6_options
    DROP CONSTRAINT IF EXISTS fk_dhcp6_options_shared_network,
    DROP CONSTRAINT IF EXISTS fk_dhcp6_options_subnet,
    DROP CONSTRAINT IF EXISTS fk_dhcp6_options_pool,
    DROP CONSTRAINT IF EXISTS fk_dhcp6_options_pd_pool;
DROP INDEX IF EXISTS fk_dhcp4_options_shared_network, fk_dhcp4_options_subnet,
    fk_dhcp4_options_pool, fk_dhcp6_options_shared_network, fk_dhcp6_options_subnet,
    fk_dhcp6_options_pool, fk_dhcp6_options_pd_pool;

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
    ddns_replace_client_name_types, parameter_data_type, modification, logs CASCADE;

DROP FUNCTION IF EXISTS
    func_dhcp4_server_ains(), func_dhcp4_server_aupd(), func_dhcp4_server_adel(),
    func_dhcp4_global_parameter_ains(), func_dhcp4_global_parameter_aupd(),
    func_dhcp4_global_parameter_adel(), func_dhcp4_option_def_ains(),
    func_dhcp4_option_def_aupd(), func_dhcp4_option_def_adel(),
    func_dhcp4_shared_network_ains(), func_dhcp4_shared_network_aupd(),
    func_dhcp4_shared_network_adel(), func_dhcp4_shared_network_bdel(),
    func_dhcp4_subnet_ains(), func_dhcp4_subnet_aupd(), func_dhcp4_subnet_bdel(),
    func_dhcp4_pool_bdel(), func_dhcp4_client_class_ains(), func_dhcp4_client_class_aupd(),
    func_dhcp4_client_class_adel(), func_dhcp4_client_class_check_dependency_bins(),
    func_dhcp4_client_class_dependency_ains(),
    func_dhcp6_server_ains(), func_dhcp6_server_aupd(), func_dhcp6_server_adel(),
    func_dhcp6_global_parameter_ains(), func_dhcp6_global_parameter_aupd(),
    func_dhcp6_global_parameter_adel(), func_dhcp6_option_def_ains(),
    func_dhcp6_option_def_aupd(), func_dhcp6_option_def_adel(),
    func_dhcp6_shared_network_ains(), func_dhcp6_shared_network_aupd(),
    func_dhcp6_shared_network_adel(), func_dhcp6_shared_network_bdel(),
    func_dhcp6_subnet_ains(), func_dhcp6_subnet_aupd(), func_dhcp6_subnet_bdel(),
    func_dhcp6_pool_bdel(), func_dhcp6_pd_pool_bdel(), func_dhcp6_client_class_ains(),
    func_dhcp6_client_class_aupd(), func_dhcp6_client_class_adel(),
    func_dhcp6_client_class_check_dependency_bins(), func_dhcp6_client_class_dependency_ains(),
    checkDHCPv4ClientClassKnownDependencyChange(), checkDHCPv6ClientClassKnownDependencyChange(),
    updateDHCPv4ClientClassKnownDependency(BIGINT, BIGINT),
    updateDHCPv6ClientClassKnownDependency(BIGINT, BIGINT),
    checkDHCPv4ClientClassDependency(BIGINT, BIGINT),
    checkDHCPv6ClientClassDependency(BIGINT, BIGINT),
    setClientClass4Order(BIGINT, VARCHAR, VARCHAR), setClientClass6Order(BIGINT, VARCHAR, VARCHAR),
    createOptionAuditDHCP4(VARCHAR, SMALLINT, INT, BIGINT, INT, VARCHAR, BIGINT, TIMESTAMP WITH TIME ZONE),
    createOptionAuditDHCP6(VARCHAR, SMALLINT, INT, BIGINT, INT, VARCHAR, BIGINT, BIGINT, TIMESTAMP WITH TIME ZONE),
    createAuditEntryDHCP4(VARCHAR, BIGINT, VARCHAR), createAuditEntryDHCP6(VARCHAR, BIGINT, VARCHAR),
    createAuditRevisionDHCP4(TIMESTAMP WITH TIME ZONE, VARCHAR, TEXT, BOOLEAN),
    createAuditRevisionDHCP6(TIMESTAMP WITH TIME ZONE, VARCHAR, TEXT, BOOLEAN),
    modification_ts_update(), gmt_epoch(TIMESTAMP WITH TIME ZONE),
    get_session_boolean(TEXT), get_session_big_int(TEXT), get_session_value(TEXT),
    set_session_value(TEXT, BOOLEAN), set_session_value(TEXT, BIGINT), set_session_value(TEXT, TEXT);
