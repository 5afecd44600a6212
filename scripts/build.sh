#!/usr/bin/env bash
# The release build: the server and the full WASM bundle (cargo-leptos), the applicants' bundle
# beside it (scripts/applicant-bundle.sh), and the compressed copies of the site's files.
set -euo pipefail
cd "$(dirname "$0")/.."
# The applicants' bundle compiles while cargo-leptos builds (its own target directory): each
# WASM's final optimisation runs on one core, and cargo-leptos builds its two parts one after
# the other, so on two cores the bundle's build costs little of the run's time.
scripts/applicant-bundle.sh build &
applicant=$!
trap 'kill "$applicant" 2>/dev/null || true' EXIT
cargo leptos build --release
wait "$applicant"
scripts/applicant-bundle.sh install
scripts/precompress.sh "$LEPTOS_SITE_ROOT"
