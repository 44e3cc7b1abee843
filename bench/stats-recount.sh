#!/usr/bin/env bash
# Statistics recount, old way vs new, on 1,000,000 lease4 rows in PostgreSQL
# and MariaDB/MySQL (local servers: postgres trust on 5432, root without
# password on 3306). Old: read the whole lease table (what get4_all(None)
# does); new: one SELECT on the trigger-maintained lease4_stat (what
# count4_by_subnet does). Times are the client's wall clock for the query
# with all rows transferred (the Rust-side decoding of the old way comes on
# top). Usage: bench/stats-recount.sh [rows]
set -euo pipefail
ROWS=${1:-1000000}
DB=ruru_bench_stats_$$
HERE=$(cd "$(dirname "$0")/.." && pwd)
. "$HERE/bench/local-dbs.sh"
trap drop_bench_db EXIT

# PostgreSQL
pg -d postgres -c "CREATE DATABASE $DB"
pg -d "$DB" -f "$HERE"/migrations/postgresql/2022-01-01-000000_kea_lease_schema_13_0/up.sql >/dev/null
t0=$(ms)
# Triggers off for the fill (row-by-row updates of 100 lease4_stat rows make a
# 1M-row INSERT crawl), then lease4_stat built the way Kea's triggers would.
pg -d "$DB" -c "SET session_replication_role = replica; INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id,
  fqdn_fwd, fqdn_rev, hostname, state, user_context)
  SELECT i, '\x020000000000'::bytea, ''::bytea, 3600, now() + interval '1 hour', 1 + i % 100,
  false, false, '', CASE WHEN i % 50 = 0 THEN 1 WHEN i % 10 = 0 THEN 2 ELSE 0 END, ''
  FROM generate_series(1, $ROWS) AS i"
pg -d "$DB" -c "INSERT INTO lease4_stat (subnet_id, state, leases)
  SELECT subnet_id, state, count(*) FROM lease4 WHERE state IN (0, 1) GROUP BY subnet_id, state"
pg_fill=$(( $(ms) - t0 ))
t0=$(ms); pg -d "$DB" -At -c "SELECT * FROM lease4 ORDER BY address" >/dev/null; pg_old=$(( $(ms) - t0 ))
t0=$(ms); pg -d "$DB" -At -c "SELECT subnet_id, state, leases FROM lease4_stat" >/dev/null; pg_new=$(( $(ms) - t0 ))
pg_check=$(pg -d "$DB" -At -c "SELECT (SELECT count(*) FROM lease4 WHERE state IN (0, 1)) = (SELECT sum(leases) FROM lease4_stat)")

# MySQL / MariaDB
my -e "CREATE DATABASE $DB"
my "$DB" < /usr/share/kea/scripts/mysql/dhcpdb_create.mysql   # kea-admin db-init's schema (the migration needs diesel's statement splitting)
t0=$(ms)
my "$DB" -e "SET SESSION cte_max_recursion_depth = $ROWS;
  INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id,
  fqdn_fwd, fqdn_rev, hostname, state, user_context)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
  SELECT i, X'020000000000', NULL, 3600, NOW() + INTERVAL 1 HOUR, 1 + i % 100,
  0, 0, '', CASE WHEN i % 50 = 0 THEN 1 WHEN i % 10 = 0 THEN 2 ELSE 0 END, NULL FROM n" 2>/dev/null \
|| my "$DB" -e "SET SESSION max_recursive_iterations = $ROWS;
  INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id,
  fqdn_fwd, fqdn_rev, hostname, state, user_context)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
  SELECT i, X'020000000000', NULL, 3600, NOW() + INTERVAL 1 HOUR, 1 + i % 100,
  0, 0, '', CASE WHEN i % 50 = 0 THEN 1 WHEN i % 10 = 0 THEN 2 ELSE 0 END, NULL FROM n"
my_fill=$(( $(ms) - t0 ))
t0=$(ms); my "$DB" -N -e "SELECT * FROM lease4 ORDER BY address" >/dev/null; my_old=$(( $(ms) - t0 ))
t0=$(ms); my "$DB" -N -e "SELECT subnet_id, state, leases FROM lease4_stat" >/dev/null; my_new=$(( $(ms) - t0 ))
my_check=$(my "$DB" -N -e "SELECT (SELECT count(*) FROM lease4 WHERE state IN (0, 1)) = (SELECT sum(leases) FROM lease4_stat)")

printf '%-12s %10s %14s %14s %10s\n' backend rows 'old ms(all)' 'new ms(stat)' 'fill ms'
printf '%-12s %10s %14s %14s %10s   stat==count: %s\n' postgresql "$ROWS" "$pg_old" "$pg_new" "$pg_fill" "$pg_check"
printf '%-12s %10s %14s %14s %10s   stat==count: %s\n' mysql "$ROWS" "$my_old" "$my_new" "$my_fill" "$my_check"
