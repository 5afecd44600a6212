#!/usr/bin/env bash
# Builds the applicants' WASM bundle beside the full one cargo-leptos builds: the same app
# compiled with the feature `applicant-bundle`, which leaves out the staff and admin pages.
# Visitors and applicants load it; staff load the full bundle (src/app.rs chooses per request).
#
#   applicant-bundle.sh build     compiles it, runs wasm-bindgen and wasm-opt into its own
#                                 folder; touches nothing of the site, so it can run while
#                                 cargo-leptos builds (scripts/build.sh does)
#   applicant-bundle.sh install   after `cargo leptos build --release`: puts the built files in
#                                 the site under their hashed names and lists the hashes
#   applicant-bundle.sh           both, one after the other
#
# With the same environment as cargo-leptos (CARGO_TARGET_DIR, LEPTOS_SITE_ROOT, PATH with
# wasm-bindgen and wasm-opt). Writes
#   $LEPTOS_SITE_ROOT/pkg/poshtiban-applicant.<hash>.{js,wasm}
#   $CARGO_TARGET_DIR/release/hash-applicant.txt   (the names' hashes, read by the server)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
site=${LEPTOS_SITE_ROOT:-$target/site}
name=poshtiban-applicant
# Its own target directory: other features and flags than the full bundle's, so neither
# rebuilds the other's dependencies.
dir="$target/front-applicant"
out="$dir/bundle"

build() {
  # Same flags as cargo-leptos (`always-erase-components`).
  RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=$name \
    cargo build --lib --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features applicant-bundle \
    --target-dir "$dir"
  local wasm="$dir/wasm32-unknown-unknown/wasm-release/poshtiban.wasm"
  rm -rf "$out"
  mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$out/${name}_bg.wasm" -o "$out/$name.wasm"
}

install() {
  [ -f "$out/$name.wasm" ] && [ -f "$out/$name.js" ] ||
    { echo "applicant-bundle.sh: nothing built in $out (run 'build' first)" >&2; exit 1; }
  hash_of() { sha256sum "$1" | cut -c1-22; }
  local wasm_hash js_hash
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
}

case "${1:-all}" in
  build) build ;;
  install) install ;;
  all) build && install ;;
  *) echo "usage: applicant-bundle.sh [build|install]" >&2; exit 2 ;;
esac
