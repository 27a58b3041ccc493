#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshots) with headless Chromium against a fresh server.
# Usage: scripts/readme_screenshots.sh   (needs .build/debug/athletiq, chromium, playwright)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
TILE_PORT=$((PORT + 1))
python3 scripts/tile_standin.py $TILE_PORT &
TILES=$!
(cd "$WORK" && env -i PATH="$PATH" HOME="$WORK" PORT=$PORT MAP_TILE_URL="http://127.0.0.1:$TILE_PORT/{z}/{x}/{y}.png" \
    "$ROOT/.build/debug/athletiq" serve >"$WORK/server.log" 2>&1) &
SERVER=$!
trap 'kill $SERVER $TILES 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
python3 scripts/readme_screenshots.py "http://127.0.0.1:$PORT" "$ROOT/Tests/Fixtures/fit/fitparse-activity-small-fenix2-run.fit" \
    "$ROOT/Tests/Fixtures/fit/fitparse-Edge810-Vector-2013-08-16-15-35-10.fit" "$ROOT/docs/screenshots"
