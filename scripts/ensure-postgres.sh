#!/usr/bin/env bash
# Start a throwaway PostgreSQL (Debian's package) for the test suite and print `export` lines for
# TEST_DATABASE_URL and PG_TEST_DATADIR. Installs the package when no server binaries exist.
# Stop it with: scripts/ensure-postgres.sh stop "$PG_TEST_DATADIR"
set -euo pipefail

find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ "${1:-}" = "stop" ]; then
  pgbin=$(find_pgbin); datadir=$2
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$datadir" -m fast stop >&2 || true
  else "$pgbin/pg_ctl" -D "$datadir" -m fast stop >&2 || true; fi
  rm -rf "$(dirname "$datadir")"
  exit 0
fi

pgbin=$(find_pgbin)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "ensure-postgres: installing Debian package postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  pgbin=$(find_pgbin)
fi

port=${PG_TEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
# Outside the checkout: a CI clone may sit in a 0700 temp dir that the postgres user cannot enter.
base=$(mktemp -d /tmp/ist-export-pg.XXXXXX)
chmod 755 "$base"
datadir="$base/data"
run() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$base"; runuser -u postgres -- "$@"; else "$@"; fi; }
run "$pgbin/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
run "$pgbin/pg_ctl" -D "$datadir" -l "$base/server.log" -w \
  -o "-p $port -k $base -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >&2
echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
echo "export PG_TEST_DATADIR=$datadir"
