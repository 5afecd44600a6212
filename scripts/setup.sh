#!/usr/bin/env bash
# Installs what building, running and testing Poshtiban needs, skipping whatever is already
# there (a second run takes seconds). Nothing here downloads a prebuilt binary from outside the
# package registries: cargo-leptos is built with `no_downloads`, wasm-bindgen from crates.io at
# the exact version in Cargo.lock, wasm-opt comes from npm's `binaryen`.
#
#   scripts/setup.sh          # build tools (for `make run`)
#   scripts/setup.sh --test   # also Chromium and PostgreSQL (for `make test`)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo >/dev/null || { echo "cargo not found: install the Rust toolchain (rustup) first" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Debian packages: node/npm for build tools, brotli for size figures, fontTools (with brotli's
# Python module, for woff2) to subset the font, and for tests the browser and the database server.
apt_pkgs=()
command -v npm >/dev/null || apt_pkgs+=(nodejs npm)
command -v brotli >/dev/null || apt_pkgs+=(brotli)
/usr/bin/python3 -c 'import fontTools.subset, brotli' 2>/dev/null || apt_pkgs+=(python3-fonttools python3-brotli)
command -v pkg-config >/dev/null || apt_pkgs+=(pkg-config)
command -v curl >/dev/null || apt_pkgs+=(curl)
if [ "$want_test" = 1 ]; then
  [ -x /usr/bin/chromium ] || apt_pkgs+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_pkgs+=(postgresql)
  command -v python3 >/dev/null || apt_pkgs+=(python3)
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_pkgs+=(python3-venv)
  command -v sqlite3 >/dev/null || apt_pkgs+=(sqlite3)
fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  log "installing Debian packages: ${apt_pkgs[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null
fi

if ! cargo leptos --version 2>/dev/null | grep -q "0.3.10"; then
  log "building cargo-leptos 0.3.10 (about 15 minutes, once)"
  cargo install cargo-leptos@0.3.10 --locked --features no_downloads
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb_version"; then
  log "building wasm-bindgen-cli $wb_version (about 2 minutes, once)"
  # Without --locked: its own lockfile names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli@"$wb_version" --force
fi

# The tests' SMTP server (Python's aiosmtpd from PyPI, in a private virtual environment).
if [ "$want_test" = 1 ]; then
  venv="${CARGO_TARGET_DIR:-$HOME/.cache/poshtiban/target}/../venv"
  if ! "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    log "installing aiosmtpd 1.4.6 (the tests' SMTP server) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q aiosmtpd==1.4.6
  fi
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "installing npm tools (binaryen, Vazirmatn, Playwright without browsers)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# The font, subset into the site's assets (public/fonts), where cargo-leptos picks it up.
scripts/fonts.sh
log "tools ready"
