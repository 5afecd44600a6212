#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests.
#   eval "$(scripts/pg.sh start)"   # prints export TEST_DATABASE_URL=… and PG_TEST_DIR=…
#   scripts/pg.sh stop "$PG_TEST_DIR"
# PG_SHARED_BUFFERS sets the server's cache (default 128MB, PostgreSQL's own default; the
# benchmarks at a million requests give it 2GB, as a server holding such a table would have).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/poshtiban-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=${PG_SHARED_BUFFERS:-128MB}" \
      start >/dev/null
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE ROLE poshtiban LOGIN CREATEDB" >/dev/null
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE poshtiban OWNER poshtiban" >/dev/null
    echo "export PG_TEST_DIR=$dir"
    echo "export TEST_DATABASE_URL=postgres://poshtiban@127.0.0.1:$port/poshtiban"
    ;;
  stop)
    dir=${2:?usage: pg.sh stop DIR}
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
