#!/usr/bin/env bash
# The README's first command: install what is missing, then run the demo (src/bin/demo.ts).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d node_modules/@temporalio/worker ] || npm ci --no-audit --no-fund
bash scripts/ensure-tools.sh
exec node --import tsx src/bin/demo.ts "$@"
