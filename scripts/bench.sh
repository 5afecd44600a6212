#!/usr/bin/env bash
# Prints Poshtiban's figures (run through `make bench`): the size of what a browser downloads,
# the applicant's first page load (bytes, and time to interactive under throttling), Lighthouse's
# mobile scores, the server's memory at idle, load (filing, pages, search, paying fees) and the
# SLA and finance reports at scale. Budgets are read here, not
# asserted in timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh >/dev/null 2>&1 || scripts/build.sh
# The benchmark helpers (seeding, baseline) live in their own binary, outside the app.
cargo build --release --features bench --bin poshtiban-bench
site="$LEPTOS_SITE_ROOT"

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
row() {
  local f=$1 raw gz br
  raw=$(stat -c %s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  br=$(brotli -c -q 11 "$f" | wc -c)
  printf '%-34s %12s %12s %12s\n' "$(basename "$f")" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")"
  echo "$br" >> "$tmp/br"
  echo "$raw" >> "$tmp/raw"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true' EXIT

echo "== Release assets (what the browser downloads) =="
printf '%-34s %12s %12s %12s\n' file raw gzip brotli
: > "$tmp/br"
# Names carry a content hash (poshtiban.<hash>.wasm), listed beside the server binary: the
# staff bundle in hash.txt, the applicants' (what visitors and applicants load) in
# hash-applicant.txt. The stylesheet is one for both.
hash_of() { awk -v k="$2:" '$1 == k { print $2 }' "$CARGO_TARGET_DIR/release/$1"; }
echo "staff bundle:"
row "$site/pkg/poshtiban.$(hash_of hash.txt wasm).wasm"
row "$site/pkg/poshtiban.$(hash_of hash.txt js).js"
staff_br=$(awk '{ s += $1 } END { print s }' "$tmp/br")
: > "$tmp/br"
echo "applicants' bundle and the stylesheet:"
row "$site/pkg/poshtiban-applicant.$(hash_of hash-applicant.txt wasm).wasm"
row "$site/pkg/poshtiban-applicant.$(hash_of hash-applicant.txt js).js"
css="$site/pkg/poshtiban.$(hash_of hash.txt css).css"
row "$css"
css_br=$(brotli -c -q 11 "$css" | wc -c)
code_br=$(awk '{ s += $1 } END { print s }' "$tmp/br")
# Fonts are woff2 (already compressed) and sent as they are: their raw size is what travels.
# The core files (Persian, digits, Basic Latin, the UI's characters) are what a first visit
# downloads; a rest file only for a page showing one of its characters (scripts/fonts.sh).
: > "$tmp/raw"
for f in "$site"/fonts/*-core.woff2; do row "$f"; done
core_raw=$(awk '{ s += $1 } END { print s }' "$tmp/raw")
: > "$tmp/raw"
for f in "$site"/fonts/*-rest.woff2; do row "$f"; done
rest_raw=$(awk '{ s += $1 } END { print s }' "$tmp/raw")
printf '%-34s %38s\n' "applicant: WASM + JS + CSS (brotli)" "$(kb "$code_br") (budget: 250 KB)"
printf '%-34s %38s\n' "staff: WASM + JS + CSS (brotli)" "$(kb $((staff_br + css_br)))"
printf '%-34s %38s\n' "fonts, core (a first visit, woff2)" "$(kb "$core_raw") (budget: 40 KB)"
printf '%-34s %38s\n' "fonts, rest (on demand, woff2)" "$(kb "$rest_raw")"

echo
echo "== Applicant first load and idle memory =="
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATABASE_URL="sqlite:$tmp/bench.db" SEED_DEMO=true PAYMENT_SIMULATOR=127.0.0.1:0 LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/poshtiban" serve >"$tmp/server.log" 2>&1 &
pid=$!
mb() { awk '/VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status"; }
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.2; done
sleep 1
echo "server memory at idle, just started: $(mb)"
BASE_URL="http://127.0.0.1:$port" node end2end/first-load.mjs
# Lighthouse (pinned in tools/lighthouse, installed there on first use), its mobile run on `/`
# and `/requests/new`: performance at least 90, accessibility 100.
echo
echo "== Lighthouse, mobile (its simulated slow 4G and 4× slower CPU) =="
if [ ! -d tools/lighthouse/node_modules ]; then
  echo "installing Lighthouse from npm (once)"
  npm ci --prefix tools/lighthouse --no-audit --no-fund >/dev/null
fi
BASE_URL="http://127.0.0.1:$port" node tools/lighthouse/run.mjs
sleep 2
echo "server memory at idle, after the loads above (one password check included): $(mb)"

kill "$pid" 2>/dev/null || true
pid=""

# The load benchmark at scale (BENCH_REQUESTS, default 100,000), on SQLite and on PostgreSQL.
n=${BENCH_REQUESTS:-100000}
if ! command -v oha >/dev/null; then
  echo "installing the load tool oha 1.16.0 from crates.io (once, a few minutes)"
  cargo install oha@1.16.0 --locked >/dev/null
fi
echo
echo "== Load at ${n} requests (oha $(oha --version | awk '{print $2}')) =="
python3 scripts/bench_load.py sqlite "sqlite:$tmp/load.db" "$n"
# PostgreSQL with a cache fit for the million-request tables below (its default is 128 MB).
eval "$(PG_SHARED_BUFFERS=2GB scripts/pg.sh start)"
pg_dir=$PG_TEST_DIR
trap 'rm -rf "$tmp"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true; scripts/pg.sh stop "$pg_dir"' EXIT
python3 scripts/bench_load.py postgres "$TEST_DATABASE_URL" "$n"

# The SLA benchmarks (BENCH_SLA_REQUESTS, default 1,000,000 requests over twelve months, about
# 100,000 of them open): recomputing the open requests after a holiday, and the dashboard; and
# the finance report over BENCH_PAYMENTS payments (default 1,000,000) seeded on them. (The load
# benchmark above also pays fees through the gateway simulator: verified payments per second.)
echo
echo "== SLA at ${BENCH_SLA_REQUESTS:-1000000} requests, finance at ${BENCH_PAYMENTS:-1000000} payments =="
python3 scripts/bench_sla.py sqlite "sqlite:$tmp/sla.db"
psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE poshtiban_sla" >/dev/null
python3 scripts/bench_sla.py postgres "${TEST_DATABASE_URL%/*}/poshtiban_sla"
