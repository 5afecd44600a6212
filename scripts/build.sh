#!/usr/bin/env bash
# The release build: the server and the full WASM bundle (cargo-leptos), the applicants' bundle
# beside it (scripts/applicant-bundle.sh), and the compressed copies of the site's files.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo leptos build --release
scripts/applicant-bundle.sh
scripts/precompress.sh "$LEPTOS_SITE_ROOT"
