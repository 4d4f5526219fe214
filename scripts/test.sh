#!/usr/bin/env bash
# The README's test command (npm test): install what is missing, type-check, lint, start a real
# PostgreSQL and a real Temporal dev server, then run every test file. Args narrow the files:
#   npm test -- test/unit            (a folder)     npm test -- test/unit/map/map.test.ts
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -d node_modules/@temporalio/worker ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
bash scripts/ensure-compose.sh

echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== lint"; npx eslint .

cleanup() {
  [ -n "${TEMPORAL_PID:-}" ] && kill "$TEMPORAL_PID" 2>/dev/null || true
  [ -n "${STARTED_PG_DATADIR:-}" ] && bash scripts/ensure-postgres.sh stop "$STARTED_PG_DATADIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  eval "$(bash scripts/ensure-postgres.sh)"
  STARTED_PG_DATADIR=$PG_TEST_DATADIR
fi
export TEST_DATABASE_URL

if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  .tools/bin/temporal server start-dev --headless --ip 127.0.0.1 --port "$port" --log-level error \
    --search-attribute IstCustomerId=Keyword --search-attribute IstRunStatus=Keyword >/dev/null 2>&1 &
  TEMPORAL_PID=$!
  for _ in $(seq 1 300); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  export TEMPORAL_ADDRESS="127.0.0.1:$port"
fi
echo "== tests (Temporal $TEMPORAL_ADDRESS, Postgres $TEST_DATABASE_URL)"

paths=("$@"); [ ${#paths[@]} -eq 0 ] && paths=(test)
mapfile -t files < <(find "${paths[@]}" -name '*.test.ts' | sort)
node --import tsx --test --test-concurrency=2 --test-force-exit --test-reporter=spec "${files[@]}"
