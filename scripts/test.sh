#!/usr/bin/env bash
# Everything `make test` checks, in order, failing fast. Run through `make test` (which sets up
# the tools and the environment first).
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's heading says how long the run has taken so far (CI keeps the whole run well
# under 40 minutes; this shows where the time goes).
step() { printf '\n\033[1m==> [%dm%02ds] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
pg_dir=""
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$pg_dir" ] && scripts/pg.sh stop "$pg_dir" || true
}
trap cleanup EXIT

# The SMTP server the notification tests start and stop (installed by setup.sh --test).
export AIOSMTPD_PYTHON="${CARGO_TARGET_DIR:-$HOME/.cache/poshtiban/target}/../venv/bin/python"

step "font: every character of the copy in the first-visit subset, within 40 KB"
scripts/fonts.sh --check

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (server and browser builds, -D warnings)"
cargo clippy --features ssr --all-targets -- -D warnings
cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

# Each test run is bounded (they take a few minutes): a test that hangs fails the run here, with
# the harness's "running for over 60 seconds" lines naming it, instead of holding CI.
step "unit and integration tests on SQLite"
env -u TEST_DATABASE_URL cargo build --features ssr --tests
env -u TEST_DATABASE_URL timeout 1200 cargo test --features ssr

step "integration tests on PostgreSQL (a throwaway cluster on loopback)"
eval "$(scripts/pg.sh start)"
pg_dir=$PG_TEST_DIR
# The tests of several instances on one database are ignored on SQLite (reported as skipped);
# here they run too.
TEST_DATABASE_URL=$TEST_DATABASE_URL timeout 1200 cargo test --features ssr --test api --test multi_instance \
  --test payment_processes -- --include-ignored

step "release build (server, the staff and the applicants' WASM bundles)"
scripts/build.sh

step "browser tests in headless Chromium (desktop, 360 px phone, JavaScript disabled)"
e2e_dir=$(mktemp -d /tmp/poshtiban-e2e.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The SLA scheduler runs every second here, so a breach shows up within the test's patience;
# the live-breach test ages its request in this database file (E2E_SQLITE) with sqlite3.
# The applicants' browsers each give their own address (X-Forwarded-For, as a deployment's proxy
# would): the limits per address and hour are for one person's machine, not the whole suite's.
DATABASE_URL="sqlite:$e2e_dir/e2e.db" SEED_DEMO=true SLA_TICK_SECONDS=1 PAYMENT_SIMULATOR=127.0.0.1:0 LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
  TRUST_PROXY_HEADERS=true \
  "$CARGO_TARGET_DIR/release/poshtiban" serve >"$e2e_dir/server.log" 2>&1 &
server_pid=$!
E2E_SQLITE="$e2e_dir/e2e.db" E2E_BIN="$CARGO_TARGET_DIR/release/poshtiban" BASE_URL="http://127.0.0.1:$port" \
  node end2end/run.mjs
step "done"
