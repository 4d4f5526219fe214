#!/usr/bin/env bash
# Create the compose stack's secrets (docker-compose.yml `secrets:`) with random values, once, in ${SECRETS_DIR:-./secrets}
# (git- and docker-ignored). Existing files are kept: rotate one by deleting it and running this again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=${SECRETS_DIR:-./secrets}
mkdir -p "$dir" && chmod 700 "$dir"
put() { [ -s "$dir/$1" ] || { printf '%s\n' "$2" > "$dir/$1"; chmod 600 "$dir/$1"; echo "created $dir/$1"; }; }
rand() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
put store_db_password "$(rand 24)"
put database_url "postgres://ist_export:$(cat "$dir/store_db_password")@store-db:5432/ist_export"
put temporal_db_password "$(rand 24)"
put civicno_key "$(rand 32)"                      # 64 hex digits: CIVICNO_KEY
put payload_codec_keys "k1:$(head -c 32 /dev/urandom | base64)"   # key-id:base64, first encrypts
put codec_server_token "$(rand 24)"
put api_token_signing_key "$(rand 32)"
put ist_demo_client_secret demo-secret            # the simulator's client secret (--profile simulator)
