#!/usr/bin/env bash
# Kea 2.2 and ruru side by side, same config, same machine, same run.
#
#   bench/dhcp4-compare.sh [-b memfile|postgresql|mysql] [-T KEA_THREADS] [-p SECONDS] [-n REPS] [RATE ...]
#
# For each RATE (0 = unlimited: saturation) runs perfdhcp DORA against Kea and
# then ruru (release build) with ../shared/tools/dhcp-bench/bench.sh (network
# namespaces, perfdhcp as relay, lease pool 10.64.0.0/10) and prints the
# RESULT/MEDIAN lines of both. Needs root. Default: memfile, -p 10, -n 3,
# rates "0 2700 8100" (Kea's sustainable rate here and three times it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BENCH=${BENCH:-$root/../shared/tools/dhcp-bench/bench.sh}
[ -x "$BENCH" ] || BENCH=/work/shared/tools/dhcp-bench/bench.sh
BACKEND=memfile PERIOD=10 REPS=3 THREADS=0
while getopts "b:T:p:n:h" o; do
  case "$o" in
    b) BACKEND=$OPTARG ;; T) THREADS=$OPTARG ;; p) PERIOD=$OPTARG ;; n) REPS=$OPTARG ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
RATES=("$@")
[ ${#RATES[@]} -gt 0 ] || RATES=(0 2700 8100)

RURU=${RURU:-$root/target/release/ruru-dhcp4}
[ -x "$RURU" ] || { echo "build first: cargo build --release" >&2; exit 2; }

for rate in "${RATES[@]}"; do
  echo "# rate=$rate (0 = unlimited) backend=$BACKEND period=${PERIOD}s reps=$REPS"
  "$BENCH" -4 -b "$BACKEND" -T "$THREADS" -p "$PERIOD" -n "$REPS" -r "$rate" -L kea-2.2 2>/dev/null | grep -E '^(RESULT|MEDIAN)'
  # ruru accepts Kea's multi-threading map; -T only sizes Kea's thread pool.
  "$BENCH" -4 -b "$BACKEND" -T "$THREADS" -p "$PERIOD" -n "$REPS" -r "$rate" -L ruru \
    -s "$RURU -c \"\$BENCH_CONF\"" 2>/dev/null | grep -E '^(RESULT|MEDIAN)'
done
