#!/usr/bin/env bash
# Runs the browser journey against a fresh server (SQLite in a temporary directory).
# Usage: scripts/browser_journey.sh [screenshot-dir]   (needs .build/debug/athletiq, chromium, playwright)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${1:-$ROOT/.build/journey}
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
TILE_PORT=$((PORT + 1))
# Map tiles come from a local stand-in (no internet here), over real HTTP like a tile server.
python3 scripts/tile_standin.py $TILE_PORT &
TILES=$!
(cd "$WORK" && env -i PATH="$PATH" HOME="$WORK" PORT=$PORT MAP_TILE_URL="http://127.0.0.1:$TILE_PORT/{z}/{x}/{y}.png" \
    "$ROOT/.build/debug/athletiq" serve >"$WORK/server.log" 2>&1) &
SERVER=$!
trap 'kill $SERVER $TILES 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
python3 scripts/browser_journey.py "http://127.0.0.1:$PORT" "$ROOT/Tests/Fixtures/fit/fitparse-activity-small-fenix2-run.fit" "$OUT" \
    || { echo "--- server log"; tail -n 50 "$WORK/server.log"; exit 1; }
