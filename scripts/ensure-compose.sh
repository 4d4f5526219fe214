#!/usr/bin/env bash
# A real compose implementation for the test command, without a container engine: Debian's `docker-compose`
# package (1.29) parses, validates and normalizes docker-compose.yml (`docker-compose config`), which
# test/unit/deploy/deploy-files.test.ts reads. Installed once when missing (root, like ensure-postgres.sh).
set -euo pipefail
if command -v docker-compose >/dev/null 2>&1; then exit 0; fi
echo "ensure-compose: installing Debian package docker-compose" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends docker-compose >&2 2>/dev/null; then
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends docker-compose >&2
fi
command -v docker-compose >/dev/null
