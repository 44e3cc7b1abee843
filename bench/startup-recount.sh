#!/usr/bin/env bash
# Startup of the real servers on a large lease database: how long ruru-dhcp4
# and ruru-dhcp6 take from exec to answering their control socket (the
# statistics recount runs before the control socket is bound, so this is the
# time to a counted, serving server) and their peak memory (VmHWM), on ROWS
# leases in PostgreSQL and MariaDB/MySQL (local servers: postgres trust on
# 5432, root without password on 3306).
#
#   bench/startup-recount.sh [-n ROWS] [-b "postgresql mysql"] [-f "4 6"] BIN_DIR...
#
# Each BIN_DIR holds ruru-dhcp4, ruru-dhcp6 and ruru-admin (e.g.
# target/release, and a build of an older commit to compare with). Prints one
# line per binary, backend and family:
#   STARTUP bin=DIR backend=B family=F rows=N startup_ms=T peak_rss_kb=K assigned=A
# `assigned` is what statistic-get reports for subnet[2] (addresses for v4,
# IA_NA addresses for v6): the same on every binary, or the recount is wrong.
# A server that does not answer within 300 s is reported as startup_ms=fail.
set -euo pipefail
ROWS=1000000 BACKENDS="postgresql mysql" FAMILIES="4 6"
while getopts "n:b:f:h" o; do
  case $o in
    n) ROWS=$OPTARG ;; b) BACKENDS=$OPTARG ;; f) FAMILIES=$OPTARG ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,18p' "$0"; exit 2; }
DB=ruru_bench_start_$$
WORK=$(mktemp -d)
. "$(dirname "$0")/local-dbs.sh"
trap 'drop_bench_db; rm -rf "$WORK"' EXIT

# One command on the control socket $1; prints the answer (empty if none).
ask() {
  python3 - "$1" "$2" <<'EOF'
import socket, sys
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(sys.argv[1])
    s.sendall(sys.argv[2].encode())
    out = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
    print(out.decode())
except OSError:
    pass
EOF
}

fill() { # backend
  local b=$1
  if [ "$b" = postgresql ]; then
    pg -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
    pg -d postgres -c "CREATE DATABASE $DB"
    "$ADMIN" db-init pgsql -h 127.0.0.1 -u postgres -n "$DB" >/dev/null
    # Triggers off for the fill (1M row-by-row stat updates crawl), then the
    # stat tables built as Kea's triggers would have them.
    pg -d "$DB" -c "SET session_replication_role = replica;
      INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id,
        fqdn_fwd, fqdn_rev, hostname, state, user_context)
      SELECT 167772160 + i, '\x020000000000'::bytea, ''::bytea, 3600, now() + interval '1 hour',
        1 + i % 100, false, false, '', CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, ''
      FROM generate_series(1, $ROWS) AS i;
      INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id, pref_lifetime,
        lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, state, hwaddr, hwtype,
        hwaddr_source, user_context)
      SELECT '2001:db8:0:0:0:0:' || to_hex(i >> 16) || ':' || to_hex(i & 65535),
        '\x000100010203040506070809'::bytea, 3600, now() + interval '1 hour', 1 + i % 100, 1800,
        0, i, 128, false, false, '', CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, NULL, 0, 0, NULL
      FROM generate_series(1, $ROWS) AS i;
      DELETE FROM lease4_stat; DELETE FROM lease6_stat;
      INSERT INTO lease4_stat (subnet_id, state, leases)
        SELECT subnet_id, state, count(*) FROM lease4 GROUP BY subnet_id, state;
      INSERT INTO lease6_stat (subnet_id, lease_type, state, leases)
        SELECT subnet_id, lease_type, state, count(*) FROM lease6 GROUP BY subnet_id, lease_type, state"
  else
    my -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
    "$ADMIN" db-init mysql -h 127.0.0.1 -u root -p "" -n "$DB" >/dev/null
    # Kea's triggers keep lease4_stat / lease6_stat during the fill.
    my "$DB" -e "SET SESSION max_recursive_iterations = $ROWS;
      INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id,
        fqdn_fwd, fqdn_rev, hostname, state, user_context)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
      SELECT 167772160 + i, X'020000000000', NULL, 3600, NOW() + INTERVAL 1 HOUR, 1 + i % 100,
        0, 0, '', CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, NULL FROM n;
      INSERT INTO lease6 (address, duid, valid_lifetime, expire, subnet_id, pref_lifetime,
        lease_type, iaid, prefix_len, fqdn_fwd, fqdn_rev, hostname, state, hwaddr, hwtype,
        hwaddr_source, user_context)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $ROWS)
      SELECT CONCAT('2001:db8:0:0:0:0:', LOWER(HEX(i >> 16)), ':', LOWER(HEX(i & 65535))),
        X'000100010203040506070809', 3600, NOW() + INTERVAL 1 HOUR, 1 + i % 100, 1800,
        0, i, 128, 0, 0, '', CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, NULL, 0, 0, NULL FROM n"
  fi
}

config() { # family backend socket
  local f=$1 b=$2 sock=$3 user=postgres subnets="" k
  [ "$b" = mysql ] && user=root
  for k in $(seq 1 100); do
    if [ "$f" = 4 ]; then subnets+="{\"id\": $k, \"subnet\": \"10.$k.0.0/16\"},"
    else subnets+="{\"id\": $k, \"subnet\": \"2001:db8:$(printf %x "$k")::/64\"},"; fi
  done
  local datadir=""
  [ "$f" = 6 ] && datadir="\"data-directory\": \"$WORK\","
  cat <<EOF
{"Dhcp$f": {
  "interfaces-config": {"interfaces": []}, $datadir
  "lease-database": {"type": "$b", "name": "$DB", "host": "127.0.0.1", "user": "$user"},
  "control-socket": {"socket-type": "unix", "socket-name": "$sock"},
  "subnet$f": [${subnets%,}]
}}
EOF
}

run() { # bin_dir family backend
  local dir=$1 f=$2 b=$3 sock="$WORK/ctl-$f-$b.sock" conf="$WORK/dhcp$f-$b.json" stat
  config "$f" "$b" "$sock" >"$conf"
  rm -f "$sock"
  local t0 t1="" pid answer="" i
  t0=$(ms)
  "$dir/ruru-dhcp$f" -c "$conf" -p $((20000 + RANDOM % 20000)) >"$WORK/log-$f-$b" 2>&1 &
  pid=$!
  for i in $(seq 1 3000); do # 300 s at most
    if [ -S "$sock" ]; then
      [ "$f" = 4 ] && stat='subnet[2].assigned-addresses' || stat='subnet[2].assigned-nas'
      answer=$(ask "$sock" "{\"command\": \"statistic-get\", \"arguments\": {\"name\": \"$stat\"}}")
      if [ -n "$answer" ]; then t1=$(ms); break; fi
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  local rss assigned
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "?")
  assigned=$(printf '%s' "$answer" | python3 -c 'import json,sys
try:
    a = json.load(sys.stdin)["arguments"]
    print(next(iter(a.values()))[0][0])
except Exception:
    print("?")')
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local took=fail
  [ -n "$t1" ] && took=$((t1 - t0))
  echo "STARTUP bin=$dir backend=$b family=$f rows=$ROWS startup_ms=$took peak_rss_kb=$rss assigned=$assigned"
  [ -n "$t1" ] || tail -3 "$WORK/log-$f-$b" >&2
}

for b in $BACKENDS; do
  ADMIN="$1/ruru-admin"
  t0=$(ms); fill "$b"; echo "FILL backend=$b rows=$ROWS (v4 and v6) ms=$(( $(ms) - t0 ))"
  for dir in "$@"; do
    for f in $FAMILIES; do run "$dir" "$f" "$b"; done
  done
done
