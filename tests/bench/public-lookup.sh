#!/usr/bin/env bash
# Throughput and latency of the public look-up, GET /api/v1/public/certificates/{number},
# against PostgreSQL's own speed at one indexed read, measured in the same run:
#
#   1. a database of its own (roles of deploy/postgres/roles.sql), migrated, with one body of
#      10,000 certificates (certa admin seed-bench), signed (certa admin publish-certificates);
#   2. `certa serve` (release build) with its look-up cache, then without it
#      (CERTA_PUBLIC_CACHE_MIB=0), each loaded by wrk for a while with random numbers of the
#      body; the peak rate is what wrk reaches with CONNECTIONS connections;
#   3. pgbench -S -M prepared (one indexed read per transaction) at the same concurrency and
#      duration on a pgbench database in the same cluster;
#   4. p99 latency at half the peak rate (wrk paced by a per-connection delay).
#
# Prints the rates, the ratio certa / pgbench with and without the cache, and the p99 at half
# the peak. Everything listens on 127.0.0.1 and runs for a bounded time; the databases are
# dropped at the end. On one machine the server, wrk and PostgreSQL share the cores, as
# pgbench and PostgreSQL do: compare the ratios, not the absolute figures.
#
#   tests/bench/public-lookup.sh               # release build of certa first
#
# Variables: CERTA_BENCH_DATABASE_URL (a superuser; default postgres://postgres@127.0.0.1:5432/
# postgres), CERTA_BENCH_CONNECTIONS (16), CERTA_BENCH_SECONDS (10 per run),
# CERTA_BENCH_CERTIFICATES (10000), CERTA_BIN (default: cargo build --release, then its binary).
# Needs psql, pgbench (postgresql client), wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."

ADMIN_URL=${CERTA_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
CONNECTIONS=${CERTA_BENCH_CONNECTIONS:-16}
SECONDS_PER_RUN=${CERTA_BENCH_SECONDS:-10}
CERTIFICATES=${CERTA_BENCH_CERTIFICATES:-10000}
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)
for tool in psql wrk curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk postgresql-client curl)"; exit 2; }
done
[[ -x $PGBENCH ]] || { echo "pgbench is missing (apt-get install postgresql-contrib)"; exit 2; }

if [[ -z ${CERTA_BIN:-} ]]; then
  cargo build --release --locked -p certa --quiet
  CERTA_BIN="${CARGO_TARGET_DIR:-target}/release/certa"
fi

RUN=$$
DB=certa_bench_public_$RUN
PGDB=certa_bench_pgbench_$RUN
WORK=$(mktemp -d)
HOSTPART=${ADMIN_URL#postgres://}
HOSTPART=${HOSTPART#*@}
HOSTPART=${HOSTPART%%/*}
# The superuser on another database of the same cluster.
as_admin() { echo "${ADMIN_URL%/*}/$1"; }
SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "setting up: $CERTIFICATES certificates in $DB"
psql -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -f deploy/postgres/roles.sql >/dev/null
psql -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE $DB OWNER certa_owner" >/dev/null
export CERTA_DATA_DIR=$WORK
export CERTA_DATABASE_URL="postgres://certa_app@$HOSTPART/$DB"
export CERTA_DATABASE_OWNER_URL="postgres://certa_owner@$HOSTPART/$DB"
export CERTA_SECRET_KEY="public-lookup-bench-secret-key-of-this-run-$RUN"
export CERTA_PUBLIC_RATE_PER_MINUTE=1000000000
export RUST_LOG=warn
"$CERTA_BIN" migrate >/dev/null
"$CERTA_BIN" admin create-tenant --slug bench --name "Benchmark Certification" >/dev/null
CLIENTS=$(( (CERTIFICATES + 2) / 3 ))
started=$(date +%s)
"$CERTA_BIN" admin seed-bench --tenant bench --clients "$CLIENTS" --audits 0 --auditors 1 \
  --certificates "$CERTIFICATES" >/dev/null
"$CERTA_BIN" admin publish-certificates --tenant bench
echo "seeded and signed in $(( $(date +%s) - started )) s"
psql -q -v ON_ERROR_STOP=1 "$(as_admin "$DB")" -c "ANALYZE" >/dev/null

# The numbers, as a Lua table wrk picks from at random.
psql -qAt "$(as_admin "$DB")" -c "SELECT number FROM public_certificates" >"$WORK/numbers"
{
  echo "local numbers = {"
  sed 's/.*/"&",/' "$WORK/numbers"
  echo "}"
  cat <<'LUA'
local delay_ms = tonumber(os.getenv("CERTA_BENCH_DELAY_MS") or "0")
math.randomseed(os.time())
request = function()
  local n = numbers[math.random(#numbers)]
  return wrk.format("GET", "/api/v1/public/certificates/" .. n)
end
delay = function()
  return delay_ms
end
LUA
} >"$WORK/lookup.lua"

PORT=$(( 20000 + RUN % 20000 ))
serve() {
  CERTA_BIND="127.0.0.1:$PORT" CERTA_PUBLIC_URL="http://127.0.0.1:$PORT" "$CERTA_BIN" serve --no-worker \
    >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "certa serve did not start:"; cat "$WORK/serve.log"; exit 1
}
stop() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}
# wrk's requests per second (and the p99 in ms) for the current server.
load() {
  local out
  out=$(CERTA_BENCH_DELAY_MS=${1:-0} wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
    -s "$WORK/lookup.lua" "http://127.0.0.1:$PORT" 2>&1)
  if grep -q "Non-2xx" <<<"$out"; then
    echo "$out"; echo "FAIL: answers other than 200"; exit 1
  fi
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

serve
curl -fsS "http://127.0.0.1:$PORT/api/v1/public/certificates/$(head -n 1 "$WORK/numbers")" >/dev/null
load 0 >/dev/null # warm-up: every number read once into the cache
read -r CACHED CACHED_P99 < <(load 0)
# Half the peak: each connection waits between requests so that all together send about
# half the rate. wrk's delay counts whole milliseconds: at peaks above 2,000 a second per
# connection the delay stays 1 ms and fewer connections share the half rate.
read -r DELAY HALF_CONNECTIONS < <(awk -v c="$CONNECTIONS" -v r="$CACHED" 'BEGIN {
  d = int(2 * c * 1000 / r); if (d < 1) d = 1
  n = int(r / 2 * d / 1000 + 0.5); if (n < 2) n = 2; if (n > c) n = c
  print d, n }')
read -r HALF HALF_P99 < <(CONNECTIONS=$HALF_CONNECTIONS load "$DELAY")
# Each request's own time adds to the delay: when that left the rate well under half the
# peak, once more with proportionally more connections.
HALF_CONNECTIONS_2=$(awk -v n="$HALF_CONNECTIONS" -v r="$CACHED" -v h="$HALF" -v c="$CONNECTIONS" 'BEGIN {
  if (h >= 0.4 * r) { print n; exit }
  m = int(n * (r / 2) / h + 0.5); if (m > 4 * c) m = 4 * c; print m }')
if [[ $HALF_CONNECTIONS_2 != "$HALF_CONNECTIONS" ]]; then
  HALF_CONNECTIONS=$HALF_CONNECTIONS_2
  read -r HALF HALF_P99 < <(CONNECTIONS=$HALF_CONNECTIONS load "$DELAY")
fi
stop
CERTA_PUBLIC_CACHE_MIB=0 serve
read -r UNCACHED UNCACHED_P99 < <(load 0)
stop

psql -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE $PGDB" >/dev/null
"$PGBENCH" -q -i -s 1 "$(as_admin "$PGDB")" >/dev/null 2>&1
PG_TPS=$("$PGBENCH" -S -M prepared -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" \
  "$(as_admin "$PGDB")" 2>/dev/null | awk '/^tps/ {print $3; exit}')

echo
echo "$CONNECTIONS connections, $SECONDS_PER_RUN s per run, $CERTIFICATES certificates"
printf '%-34s %12s %10s\n' "" "req/s" "p99 ms"
printf '%-34s %12.0f %10.2f\n' "certa, cached" "$CACHED" "$CACHED_P99"
printf '%-34s %12.0f %10.2f\n' "certa, uncached" "$UNCACHED" "$UNCACHED_P99"
printf '%-34s %12.0f %10.2f\n' "certa, cached, at half the peak" "$HALF" "$HALF_P99"
echo "(half the peak: $HALF_CONNECTIONS connections, each waiting $DELAY ms between requests)"
printf '%-34s %12.0f %10s\n' "pgbench -S -M prepared" "$PG_TPS" "-"
awk -v c="$CACHED" -v u="$UNCACHED" -v p="$PG_TPS" -v h="$HALF_P99" 'BEGIN {
  printf "ratio certa/pgbench: %.2f cached (goal >= 1.0), %.2f uncached (goal >= 0.5)\n", c / p, u / p
  printf "p99 at half the peak: %.2f ms (goal < 5 ms)\n", h
}'
