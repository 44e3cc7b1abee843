# Sourced by the database benchmarks: the machine's own PostgreSQL (postgres,
# trust, 5432) and MariaDB/MySQL (root, no password, 3306) as `pg` / `my`,
# a millisecond clock, and `drop_bench_db` for the script's database `$DB`
# (run at exit).
ms() { date +%s%3N; }
pg() { psql -h 127.0.0.1 -U postgres -q -v ON_ERROR_STOP=1 "$@"; }
my() { mysql -h 127.0.0.1 -u root "$@"; }
drop_bench_db() {
  pg -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  my -e "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
