#!/usr/bin/env bash
# Load and soak: the release build under a fixed load, reporting throughput, latency percentiles
# and memory over time (it must stay flat). Optionally compares one and two instances on
# PostgreSQL behind nginx: as they come (every process shares every core), then with each
# instance given a core of its own (taskset), the way separate machines or containers with a
# CPU limit would give it.
#   scripts/load.sh [SECONDS] [CONNECTIONS]           # SQLite, one instance (default 60 s, 64 connections)
#   POSTGRES_URL=postgres://... scripts/load.sh 30    # also 1 vs 2 instances on PostgreSQL via nginx
# Needs wrk (and nginx for the PostgreSQL part).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_LOAD=${1:-60}
CONNECTIONS=${2:-64}
ACTIVITIES=${ACTIVITIES:-500}
swift build -c release --product athletiq >/dev/null 2>&1
swift build -c release --product athletiq-bench >/dev/null 2>&1
BIN=$ROOT/.build/release
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
COMMON=(PATH="$PATH" HOME="$WORK" LOG_LEVEL=error RATE_LIMIT_USER=100000000/1m RATE_LIMIT_LOGIN=100000/1m
        JWT_SECRET=load-test-jwt-secret-0123456789abcdefghijklmnopqrstu ENCRYPTION_KEY=q2VZ0mTgWb8J3sX5nYc1Lk7Pd4Rf6Hu9Ae0Ib2Oj3Mw=)

rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
wait_up() { for _ in $(seq 1 200); do curl -fs "$1/health" >/dev/null 2>&1 && return; sleep 0.1; done; echo "$1 did not start"; exit 1; }
token() {
    curl -fs -X POST "$1/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"email":"load@example.org","password":"load test password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
# wrk's summary as JSON: requests/s and latency percentiles in ms.
run_wrk() {
    wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency -H "Authorization: Bearer $3" "$1/api/v1/activities?per_page=20" > "$WORK/wrk.txt"
    python3 - "$WORK/wrk.txt" <<'PY'
import re, sys, json
text = open(sys.argv[1]).read()
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
out = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
for pct in ("50", "90", "99"):
    m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", text)
    out[f"p{pct}_ms"] = round(ms(m.group(1), m.group(2)), 2)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
out["non_2xx"] = int(errors.group(1)) if errors else 0
socket = re.search(r"Socket errors: (.*)", text)
out["socket_errors"] = socket.group(1) if socket else "none"
print(json.dumps(out))
PY
}

echo "== seeding $ACTIVITIES activities (synthetic Strava export) into SQLite"
"$BIN/athletiq-bench" make-export "$WORK/export.zip" "$ACTIVITIES"
mkdir -p "$WORK/sqlite"
(cd "$WORK/sqlite" && env -i "${COMMON[@]}" "$BIN/athletiq" migrate -y >/dev/null 2>&1
 cd "$WORK/sqlite" && env -i "${COMMON[@]}" "$BIN/athletiq" user create --email load@example.org --name Load --password "load test password" >/dev/null
 cd "$WORK/sqlite" && env -i "${COMMON[@]}" "$BIN/athletiq" import --user load@example.org "$WORK/export.zip" 2>/dev/null | tail -1)

PORT=$(free_port)
(cd "$WORK/sqlite" && exec env -i "${COMMON[@]}" PORT=$PORT "$BIN/athletiq" serve) & SERVER=$!; PIDS+=($SERVER)
wait_up "http://127.0.0.1:$PORT"
sleep 2
IDLE=$(rss $SERVER)
TOKEN=$(token "http://127.0.0.1:$PORT")
echo "== warm-up (5 s), then $SECONDS_LOAD s at $CONNECTIONS connections on GET /api/v1/activities (SQLite, one instance)"
run_wrk "http://127.0.0.1:$PORT" 5 "$TOKEN" >/dev/null
SAMPLES=()
( for _ in $(seq 1 "$SECONDS_LOAD"); do rss $SERVER; sleep 1; done ) > "$WORK/rss.txt" &
SAMPLER=$!
RESULT=$(run_wrk "http://127.0.0.1:$PORT" "$SECONDS_LOAD" "$TOKEN")
wait $SAMPLER || true
python3 - "$WORK/rss.txt" "$IDLE" "$RESULT" <<'PY'
import json, sys
samples = [int(line) for line in open(sys.argv[1]) if line.strip()]
idle, result = int(sys.argv[2]), json.loads(sys.argv[3])
third = max(1, len(samples) // 3)
first, last = sum(samples[:third]) / third, sum(samples[-third:]) / third
result.update({"idle_rss_mb": idle, "load_rss_mb_max": max(samples), "rss_first_third_mb": round(first, 1),
               "rss_last_third_mb": round(last, 1), "rss_growth_percent": round((last - first) / first * 100, 1)})
print(json.dumps(result))
PY
kill $SERVER; wait $SERVER 2>/dev/null || true

if [ -n "${POSTGRES_URL:-}" ]; then
    DB="athletiq_load_$RANDOM"
    psql "$POSTGRES_URL" -q -c "CREATE DATABASE $DB"
    PG="${POSTGRES_URL/\/postgres\?//$DB?}"
    mkdir -p "$WORK/pg"
    (cd "$WORK/pg" && env -i "${COMMON[@]}" DATABASE_URL="$PG" "$BIN/athletiq" migrate -y >/dev/null 2>&1
     cd "$WORK/pg" && env -i "${COMMON[@]}" DATABASE_URL="$PG" "$BIN/athletiq" user create --email load@example.org --name Load --password "load test password" >/dev/null
     cd "$WORK/pg" && env -i "${COMMON[@]}" DATABASE_URL="$PG" "$BIN/athletiq" import --user load@example.org "$WORK/export.zip" 2>/dev/null | tail -1)
    # Instances 1 and 2 share every core; instances 3 and 4 get core 0 and core 1 each.
    P1=$(free_port); P2=$(free_port); P3=$(free_port); P4=$(free_port)
    NGINX_TWO=$(free_port); NGINX_ONE=$(free_port); NGINX_TWO_PINNED=$(free_port); NGINX_ONE_PINNED=$(free_port)
    start_pg() { # PORT [taskset CPU list]
        local pin=(); [ -n "${2:-}" ] && pin=(taskset -c "$2")
        (cd "$WORK/pg" && exec "${pin[@]}" env -i "${COMMON[@]}" DATABASE_URL="$PG" DB_POOL_SIZE=16 PORT=$1 AUTO_MIGRATE=false "$BIN/athletiq" serve) & PIDS+=($!)
        wait_up "http://127.0.0.1:$1"
    }
    stop_pg() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; PIDS=(); }
    proxy() { echo "server { listen 127.0.0.1:$1; location / { include $ROOT/deploy/nginx-proxy.conf; proxy_pass http://$2; } }"; }
    cat > "$WORK/nginx.conf" <<CONF
user root; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log; worker_processes 1;
events { worker_connections 4096; }
http { access_log off;
  upstream two { server 127.0.0.1:$P1; server 127.0.0.1:$P2; keepalive 128; }
  upstream one { server 127.0.0.1:$P1; keepalive 128; }
  upstream two_pinned { server 127.0.0.1:$P3; server 127.0.0.1:$P4; keepalive 128; }
  upstream one_pinned { server 127.0.0.1:$P3; keepalive 128; }
  $(proxy "$NGINX_TWO" two) $(proxy "$NGINX_ONE" one) $(proxy "$NGINX_TWO_PINNED" two_pinned) $(proxy "$NGINX_ONE_PINNED" one_pinned) }
CONF
    nginx -c "$WORK/nginx.conf" -p "$WORK"
    measure() { # TITLE URL
        echo "== PostgreSQL, $1"
        run_wrk "$2" 5 "$TOKEN" >/dev/null
        run_wrk "$2" "$SECONDS_LOAD" "$TOKEN"
    }
    start_pg "$P1"; start_pg "$P2"
    TOKEN=$(token "http://127.0.0.1:$P1")
    measure "one instance direct" "http://127.0.0.1:$P1"
    measure "one instance behind nginx (the same proxy cost as two)" "http://127.0.0.1:$NGINX_ONE"
    measure "two instances behind nginx" "http://127.0.0.1:$NGINX_TWO"
    stop_pg
    # nginx, PostgreSQL and wrk stay free to use both cores, so the second instance competes
    # with them for its core: if anything, this favours the single instance.
    start_pg "$P3" 0; start_pg "$P4" 1
    measure "a core per instance: one instance (core 0) behind nginx" "http://127.0.0.1:$NGINX_ONE_PINNED"
    measure "a core per instance: two instances (cores 0 and 1) behind nginx" "http://127.0.0.1:$NGINX_TWO_PINNED"
    psql "$POSTGRES_URL" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true
fi
