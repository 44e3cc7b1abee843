#!/usr/bin/env bash
# Database outages under DHCP load: the soak benchmark of ruru's recovery.
#
#   bench/db-soak.sh [-b postgresql|mysql] [-r RATE] [-d SECONDS] [-N OUTAGES]
#                    [-o ON_FAIL] [-w WAIT_MS] [-t TRIES] [-S SEED] [-k]
#
# perfdhcp runs DORA at a fixed RATE for SECONDS against ruru-dhcp4 (release
# build) while the lease database is stopped and started OUTAGES times at
# random moments (alternately a clean stop and a crash: SIGKILL / immediate).
# The database is a private instance started by this script inside the server
# network namespace (TCP 127.0.0.1 there), so the machine's own PostgreSQL and
# MariaDB are never touched. Afterwards it prints one SOAK line and one OUTAGE
# line per outage:
#   acks          ACKs ruru sent (DHCP4_LEASE_ALLOC lines = pkt4-ack-sent)
#   perf_acks     ACKs perfdhcp received
#   in_db         of those ACKed leases, how many are in lease4 (must = acks)
#   dup_addr      addresses ACKed to two different clients (must be 0)
#   back_to_ack   ms from "database accepts connections again" to the first
#                 ACK after it (target <= reconnect-wait-time + 200 ms)
# Needs root, perfdhcp (kea-admin package) and the release binary.
# Defaults: postgresql, 200/s, 60 s, 5 outages, stop-retry-exit, 1000 ms, 30.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BACKEND=postgresql RATE=200 DURATION=60 OUTAGES=5 ON_FAIL=stop-retry-exit
WAIT_MS=1000 TRIES=30 SEED=$RANDOM KEEP=0
while getopts "b:r:d:N:o:w:t:S:kh" o; do
  case "$o" in
    b) BACKEND=$OPTARG ;; r) RATE=$OPTARG ;; d) DURATION=$OPTARG ;; N) OUTAGES=$OPTARG ;;
    o) ON_FAIL=$OPTARG ;; w) WAIT_MS=$OPTARG ;; t) TRIES=$OPTARG ;; S) SEED=$OPTARG ;;
    k) KEEP=1 ;; *) sed -n '2,22p' "$0"; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "must run as root (network namespaces)" >&2; exit 2; }
[ "$DURATION" -le 600 ] || { echo "-d is capped at 600 s" >&2; exit 2; }
[ "$OUTAGES" -le 50 ] || { echo "-N is capped at 50" >&2; exit 2; }
RURU=${RURU:-$root/target/release/ruru-dhcp4}
ADMIN=${ADMIN:-$(dirname "$RURU")/ruru-admin}
[ -x "$RURU" ] && [ -x "$ADMIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v perfdhcp >/dev/null || { echo "perfdhcp missing: apt-get install kea-admin" >&2; exit 2; }
RANDOM=$SEED

W=$(mktemp -d /tmp/ruru-soak.XXXXXX)
chmod 755 "$W"
NS_S=rsoaks$$ NS_C=rsoakc$$
PGBIN=/usr/lib/postgresql/15/bin
log() { echo "soak: $*" >&2; }
now_ms() { date +%s%3N; }
in_s() { ip netns exec "$NS_S" "$@"; }

cleanup() {
  set +e
  [ -f "$W/ruru.pid" ] && kill -TERM "$(cat "$W/ruru.pid")" 2>/dev/null
  db_stop fast >/dev/null 2>&1
  sleep 0.5
  ip netns pids "$NS_S" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
  ip netns pids "$NS_C" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
  ip netns del "$NS_S" 2>/dev/null; ip netns del "$NS_C" 2>/dev/null
  if [ "$KEEP" = 1 ]; then log "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ network
ip netns add "$NS_S"; ip netns add "$NS_C"
ip -n "$NS_S" link set lo up; ip -n "$NS_C" link set lo up
ip link add veth-s netns "$NS_S" type veth peer name veth-c netns "$NS_C"
ip -n "$NS_S" addr add 10.250.0.1/24 dev veth-s
ip -n "$NS_C" addr add 10.250.0.2/24 dev veth-c
ip -n "$NS_S" link set veth-s up; ip -n "$NS_C" link set veth-c up

# ------------------------------------------------------------------ database
case "$BACKEND" in
  postgresql)
    PORT=5432
    mkdir -p "$W/pg"; chown postgres "$W/pg"
    runuser -u postgres -- "$PGBIN/initdb" -A trust -U postgres -D "$W/pg/data" >/dev/null 2>&1
    db_start() {
      in_s runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg/data" -l "$W/pg/log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$W/pg -c shared_buffers=32MB ${PG_EXTRA:-}" \
        start >/dev/null
    }
    db_stop() {  # $1 = fast | crash
      local mode=fast; [ "$1" = crash ] && mode=immediate
      in_s runuser -u postgres -- "$PGBIN/pg_ctl" -D "$W/pg/data" -m "$mode" -w -t 30 stop >/dev/null
    }
    db_ready() { in_s "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }
    db_sql() { in_s psql -qtAX -F " " -h 127.0.0.1 -p "$PORT" -U postgres -d soak -c "$1"; }
    db_create() { in_s psql -qX -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE DATABASE soak" >/dev/null; }
    LEASES_SQL="SELECT address, encode(hwaddr,'hex') FROM lease4"
    ADMIN_TYPE=pgsql USER_=postgres PASS_=
    ;;
  mysql)
    PORT=3306
    mkdir -p "$W/my"
    mariadb-install-db --no-defaults --datadir="$W/my/data" --user=root \
      --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
    db_start() {
      ( setsid ip netns exec "$NS_S" /usr/sbin/mariadbd --no-defaults --datadir="$W/my/data" \
        --user=root --bind-address=127.0.0.1 --port="$PORT" --socket="$W/my/sock" \
        --pid-file="$W/my/pid" --log-error="$W/my/log" --innodb-buffer-pool-size=64M \
        --skip-name-resolve </dev/null >/dev/null 2>&1 & )
      for _ in $(seq 1 300); do db_ready && return 0; sleep 0.1; done
      log "mariadbd did not start"; return 1
    }
    db_stop() {
      local pid; pid=$(cat "$W/my/pid" 2>/dev/null) || return 0
      if [ "$1" = crash ]; then kill -KILL "$pid"; else kill -TERM "$pid"; fi
      for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || { rm -f "$W/my/pid"; return 0; }; sleep 0.1; done
    }
    db_ready() { mysqladmin --no-defaults --socket="$W/my/sock" -uroot ping >/dev/null 2>&1; }
    db_sql() { mysql --no-defaults -N -B --socket="$W/my/sock" -uroot soak -e "$1"; }
    db_create() {  # a TCP user of its own (install-db's root is socket-only)
      mysql --no-defaults --socket="$W/my/sock" -uroot -e "CREATE DATABASE soak;
        CREATE USER 'soak'@'%' IDENTIFIED BY 'soak'; GRANT ALL ON soak.* TO 'soak'@'%'"
    }
    LEASES_SQL="SELECT address, HEX(hwaddr) FROM lease4"
    ADMIN_TYPE=mysql USER_=soak PASS_=soak
    ;;
  *) echo "-b postgresql|mysql" >&2; exit 2 ;;
esac
db_start
db_create
in_s "$ADMIN" db-init "$ADMIN_TYPE" -h 127.0.0.1 -P "$PORT" -u "$USER_" ${PASS_:+-p "$PASS_"} -n soak >/dev/null

# ------------------------------------------------------------------ ruru
cat >"$W/ruru.json" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "veth-s" ] },
    "control-socket": { "socket-type": "unix", "socket-name": "$W/ruru.sock" },
    "lease-database": { "type": "$BACKEND", "name": "soak", "host": "127.0.0.1",
        "port": $PORT, "user": "$USER_", "password": "$PASS_", "connect-timeout": 2,
        "on-fail": "$ON_FAIL", "max-reconnect-tries": $TRIES,
        "reconnect-wait-time": $WAIT_MS },
    "valid-lifetime": 7200,
    "subnet4": [ { "id": 1, "subnet": "10.64.0.0/10",
        "relay": { "ip-addresses": [ "10.250.0.2" ] },
        "pools": [ { "pool": "10.64.0.1 - 10.127.255.254" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "INFO" } ]
} }
EOF
setsid ip netns exec "$NS_S" "$RURU" -c "$W/ruru.json" </dev/null >"$W/ruru.log" 2>&1 &
echo $! >"$W/ruru.pid"
for _ in $(seq 1 100); do [ -S "$W/ruru.sock" ] && break; sleep 0.1; done
[ -S "$W/ruru.sock" ] || { log "ruru did not start:"; tail -20 "$W/ruru.log" >&2; exit 1; }

# ------------------------------------------------------------------ load + outages
log "backend=$BACKEND rate=$RATE/s duration=${DURATION}s outages=$OUTAGES on-fail=$ON_FAIL wait=${WAIT_MS}ms tries=$TRIES seed=$SEED"
ip netns exec "$NS_C" timeout $((DURATION + 30)) perfdhcp -4 -R 100000000 -r "$RATE" \
  -p "$DURATION" -W 1000000 -l 10.250.0.2 10.250.0.1 >"$W/perf.out" 2>&1 &
perf=$!
(
  slot=$((DURATION * 1000 / (OUTAGES + 1)))
  t0=$(now_ms)
  for i in $(seq 1 "$OUTAGES"); do
    # outage i starts at a random moment in the middle half of its slot
    start=$((t0 + i * slot - slot / 4 + RANDOM % (slot / 2 + 1)))
    while [ "$(now_ms)" -lt "$start" ]; do sleep 0.05; done
    mode=fast; [ $((i % 2)) = 0 ] && mode=crash
    down_ms=$((1000 + RANDOM % 3000))
    t_stop=$(now_ms); db_stop "$mode"
    sleep "$(awk -v ms="$down_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    db_start
    for _ in $(seq 1 300); do db_ready && break; sleep 0.01; done
    echo "$i $mode $t_stop $(now_ms)" >>"$W/outages"
  done
) &
outages=$!
wait "$perf" || true
wait "$outages" || true

acks_stat=$(printf '{"command":"statistic-get","arguments":{"name":"pkt4-ack-sent"}}' |
  python3 -c '
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.stdin.buffer.read())
buf = b""
while True:
    c = s.recv(65536)
    if not c: break
    buf += c
    try: r = json.loads(buf); break
    except ValueError: pass
print(r["arguments"]["pkt4-ack-sent"][0][0])' "$W/ruru.sock")
alive=yes; kill -0 "$(cat "$W/ruru.pid")" 2>/dev/null || alive=no
kill -TERM "$(cat "$W/ruru.pid")" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$(cat "$W/ruru.pid")" 2>/dev/null || break; sleep 0.1; done
rm -f "$W/ruru.pid"
db_sql "$LEASES_SQL" >"$W/leases"

python3 - "$W" "$acks_stat" "$alive" "$BACKEND" "$RATE" "$DURATION" "$ON_FAIL" "$WAIT_MS" <<'PY'
import datetime, ipaddress, re, sys
w, acks_stat, alive, backend, rate, dur, on_fail, wait_ms = sys.argv[1:]
alloc = re.compile(r"^(\S+ \S+) .*DHCP4_LEASE_ALLOC \[hwaddr=([0-9a-f:]*)\].*lease (\S+) has been allocated")
acks = []  # (ms since epoch, hwaddr hex, address)
for line in open(f"{w}/ruru.log", errors="replace"):
    m = alloc.search(line)
    if m:
        t = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").astimezone()
        acks.append((t.timestamp() * 1000, m.group(2).replace(":", ""), m.group(3)))
db = {}
for line in open(f"{w}/leases"):
    addr, hw = line.split()
    db[str(ipaddress.IPv4Address(int(addr)))] = hw.lower()
owners = {}
for _, hw, addr in acks:
    owners.setdefault(addr, set()).add(hw)
dup = sum(1 for s in owners.values() if len(s) > 1)
in_db = sum(1 for _, hw, addr in acks if db.get(addr) == hw)
perf_acks = 0
for line in open(f"{w}/perf.out"):
    m = re.match(r"\s*received packets: (\d+)", line)
    if m:
        perf_acks = int(m.group(1))  # the second block is REQUEST-ACK
print(f"SOAK backend={backend} rate={rate} duration_s={dur} on_fail={on_fail} wait_ms={wait_ms} "
      f"acks={len(acks)} acks_stat={acks_stat} perf_acks={perf_acks} in_db={in_db} "
      f"leases_in_db={len(db)} dup_addr={dup} server_alive={alive}")
worst = 0
for line in open(f"{w}/outages"):
    i, mode, t_stop, t_ready = line.split()
    t_stop, t_ready = int(t_stop), int(t_ready)
    after = [t for t, _, _ in acks if t >= t_ready]
    back = round(after[0] - t_ready) if after else None
    last_before = max((t for t, _, _ in acks if t < t_stop), default=None)
    worst = max(worst, back or 0)
    print(f"OUTAGE {i} mode={mode} down_ms={t_ready - t_stop} back_to_ack_ms={back}")
print(f"WORST back_to_ack_ms={worst} target<={int(wait_ms) + 200}")
PY
