#!/usr/bin/env bash
# Writes .br and .gz beside the site's static files once, at build time, so the server sends
# them compressed at the best ratio without spending CPU per request.
set -euo pipefail
site=${1:?usage: precompress.sh SITE_ROOT}
find "$site" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' -o -name '*.txt' \) |
while read -r f; do
  if [ ! -f "$f.br" ] || [ "$f" -nt "$f.br" ]; then
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -9 -k -f "$f"
  fi
done
