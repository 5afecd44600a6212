#!/usr/bin/env bash
# Builds the applicants' WASM bundle beside the full one cargo-leptos built: the same app
# compiled with the feature `applicant-bundle`, which leaves out the staff and admin pages.
# Visitors and applicants load it; staff load the full bundle (src/app.rs chooses per request).
# Run after `cargo leptos build --release`, with the same environment (CARGO_TARGET_DIR,
# LEPTOS_SITE_ROOT, PATH with wasm-bindgen and wasm-opt). Writes
#   $LEPTOS_SITE_ROOT/pkg/poshtiban-applicant.<hash>.{js,wasm}
#   $CARGO_TARGET_DIR/release/hash-applicant.txt   (the names' hashes, read by the server)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
site=${LEPTOS_SITE_ROOT:-$target/site}
name=poshtiban-applicant
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Its own target directory: other features and flags than the full bundle's, so neither
# rebuilds the other's dependencies. Same flags as cargo-leptos (`always-erase-components`).
RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=$name \
  cargo build --lib --target wasm32-unknown-unknown --profile wasm-release \
  --no-default-features --features applicant-bundle \
  --target-dir "$target/front-applicant"
wasm="$target/front-applicant/wasm32-unknown-unknown/wasm-release/poshtiban.wasm"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$out/${name}_bg.wasm" -o "$out/$name.wasm"

hash_of() { sha256sum "$1" | cut -c1-22; }
wasm_hash=$(hash_of "$out/$name.wasm")
# The script imports nothing by name that changes with the WASM, but its hash is its own.
js_hash=$(hash_of "$out/$name.js")
mkdir -p "$site/pkg"
rm -f "$site/pkg/$name".*
cp "$out/$name.wasm" "$site/pkg/$name.$wasm_hash.wasm"
cp "$out/$name.js" "$site/pkg/$name.$js_hash.js"
mkdir -p "$target/release"
printf 'js: %s\nwasm: %s\n' "$js_hash" "$wasm_hash" > "$target/release/hash-applicant.txt"
echo "applicants' bundle: $site/pkg/$name.$wasm_hash.wasm"
