#!/usr/bin/env bash
# Starts bin/healthgrid in demo mode on a scratch data dir and a free port,
# runs the Playwright walk of the console against it, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
./bin/healthgrid serve --demo --data "$data" --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 900); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { echo "server did not become ready"; tail -50 "$data/server.log"; exit 1; }
cd web && HEALTHGRID_URL="http://127.0.0.1:$port" HEALTHGRID_DATA="$data" npm run e2e
