#!/usr/bin/env python3
"""Scale-out test: two `athletiq serve` instances and two `athletiq worker` processes on one
PostgreSQL, behind nginx, with the Strava simulator. A bounded mixed load (reads, uploads, Strava
connections, webhook events) runs while one worker is killed and restarted and one instance gets
SIGTERM and comes back. It checks: no failed request (beyond expected 429s), every Strava
activity stored once and enriched, streams fetched once per activity (but for a job interrupted by
the kill), the quota never exceeded (zero 429s from Strava), and rate limits shared by the
instances. Prints a JSON report; exits 1 on any failed check.

With `sqlite` instead of the PostgreSQL URL it runs the default deployment instead: one
`athletiq serve` on an SQLite file with the embedded worker's two lanes, no restarts, and also
checks that no log line says the database was locked.

Usage: scaleout.py BUILD_DIR POSTGRES_ADMIN_URL|sqlite FIT_FILE
"""
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BUILD, ADMIN_URL, FIT = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = tempfile.mkdtemp(prefix="athletiq-scaleout-")
processes = {}
failures = []
statuses = {}
lock = threading.Lock()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SQLITE = ADMIN_URL == "sqlite"
PORTS = {name: free_port() for name in ["sim", "app1", "app2", "nginx"]}
BASE = f"http://127.0.0.1:{PORTS['app1' if SQLITE else 'nginx']}"
SIM = f"http://127.0.0.1:{PORTS['sim']}"
READ_LIMIT = "600,6000"
# Reads count against the overall limit too: it must be raised with the read limit, or the
# overall window (Strava's default 200 per 15 minutes) is what runs out.
OVERALL_LIMIT = "1200,12000"
DB_NAME = f"athletiq_scaleout_{random.randint(0, 1 << 30)}"
DATABASE_URL = "sqlite://" + os.path.join(WORK, "athletiq.sqlite") if SQLITE else ADMIN_URL.replace("/postgres?", f"/{DB_NAME}?")


def query(sql_text):
    """Rows of a query as 'a|b|c' strings, on either database."""
    if SQLITE:
        with sqlite3.connect(DATABASE_URL[len("sqlite://"):], timeout=10) as connection:
            return ["|".join("" if value is None else str(value) for value in row) for row in connection.execute(sql_text)]
    return [row for row in subprocess.run(["psql", DATABASE_URL, "-At", "-c", sql_text], capture_output=True, text=True).stdout.split("\n") if row]


def request(method, url, body=None, headers=None, timeout=30):
    """One HTTP request (no redirects followed); returns (status, headers, body bytes)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = parts.path + ("?" + parts.query if parts.query else "")
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    all_headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        all_headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def record(kind, status):
    with lock:
        statuses.setdefault(kind, {}).setdefault(status, 0)
        statuses[kind][status] += 1
        if status >= 500 or (400 <= status < 500 and status not in (429,)) or status == 0:
            failures.append(f"{kind}: {status}")


def app(method, path, token=None, body=None, headers=None, kind=None, expect=None):
    all_headers = dict(headers or {})
    if token:
        all_headers["Authorization"] = "Bearer " + token
    try:
        status, response_headers, data = request(method, BASE + path, body, all_headers)
    except Exception as error:  # a refused or reset connection is a failed request
        status, response_headers, data = 0, {}, str(error).encode()
    if kind:
        record(kind, status)
    if expect and status not in expect:
        failures.append(f"{method} {path}: {status} {data[:200]!r}")
    return status, response_headers, data


def environment(extra=None):
    env = {
        "PATH": os.environ["PATH"], "HOME": WORK, "ENVIRONMENT": "development", "LOG_LEVEL": os.environ.get("SCALEOUT_LOG_LEVEL", "warning"),
        "DATABASE_URL": DATABASE_URL, "DB_POOL_SIZE": "8",
        "JWT_SECRET": "scaleout-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ENCRYPTION_KEY": "q2VZ0mTgWb8J3sX5nYc1Lk7Pd4Rf6Hu9Ae0Ib2Oj3Mw=",
        "PUBLIC_URL": BASE, "TRUSTED_PROXIES": "127.0.0.1", "AUTO_MIGRATE": "false",
        "STRAVA_CLIENT_ID": "12345", "STRAVA_CLIENT_SECRET": "simulated-client-secret",
        "STRAVA_API_URL": SIM + "/api/v3", "STRAVA_OAUTH_URL": SIM + "/oauth",
        "STRAVA_WEBHOOK_VERIFY_TOKEN": "scaleout-verify-token-0123", "STRAVA_READ_LIMIT": READ_LIMIT, "STRAVA_OVERALL_LIMIT": OVERALL_LIMIT,
        "STRAVA_WORKER": "off", "RATE_LIMIT_SIGNUP": "1000/1h", "RATE_LIMIT_USER": "100000/1m",
        "RATE_LIMIT_LOGIN": "5/1m",
    }
    env.update(extra or {})
    return env


def start(name, arguments, extra=None):
    log = open(os.path.join(WORK, name + ".log"), "ab")
    data_dir = os.path.join(WORK, "data-" + name.rstrip("0123456789"))
    os.makedirs(data_dir, exist_ok=True)
    processes[name] = subprocess.Popen([os.path.join(BUILD, arguments[0])] + arguments[1:], cwd=WORK,
                                       env=environment(dict(extra or {}, DATA_DIR=data_dir)), stdout=log, stderr=log)


def wait_http(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            status, _, _ = request("GET", url, timeout=2)
            if status < 500:
                return
        except Exception:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def nginx_config():
    proxy = open(os.path.join(ROOT, "deploy", "nginx-proxy.conf")).read()
    path = os.path.join(WORK, "nginx.conf")
    with open(path, "w") as handle:
        handle.write(f"""
user root;
pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {WORK}/nginx-body; proxy_temp_path {WORK}/nginx-proxy;
  fastcgi_temp_path {WORK}/nginx-fcgi; uwsgi_temp_path {WORK}/nginx-uwsgi; scgi_temp_path {WORK}/nginx-scgi;
  upstream athletiq {{ least_conn; server 127.0.0.1:{PORTS['app1']} max_fails=1 fail_timeout=2s;
                      server 127.0.0.1:{PORTS['app2']} max_fails=1 fail_timeout=2s; keepalive 32; }}
  server {{ listen 127.0.0.1:{PORTS['nginx']}; client_max_body_size 64m;
    location / {{ {proxy} proxy_pass http://athletiq; }} }}
}}""")
    return path


def main():
    if not SQLITE:
        subprocess.run(["psql", ADMIN_URL, "-q", "-c", f"CREATE DATABASE {DB_NAME}"], check=True)
    processes["sim"] = subprocess.Popen([os.path.join(BUILD, "strava-simulator"), "--port", str(PORTS["sim"]), "--athletes", "0",
                                         "--activities", "0", "--read-limit", READ_LIMIT, "--overall-limit", OVERALL_LIMIT],
                                        stdout=open(os.path.join(WORK, "sim.log"), "ab"), stderr=subprocess.STDOUT)
    wait_http(SIM + "/_sim/stats")
    subprocess.run([os.path.join(BUILD, "athletiq"), "migrate", "-y"], cwd=WORK, env=environment(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if SQLITE:
        start("app1", ["athletiq", "serve", "--port", str(PORTS["app1"])],
              {"PORT": str(PORTS["app1"]), "STRAVA_WORKER": "embedded", "STRAVA_WORKER_CONCURRENCY": "2"})
        wait_http(BASE + "/health")
    else:
        for name in ["app1", "app2"]:
            start(name, ["athletiq", "serve", "--port", str(PORTS[name])], {"PORT": str(PORTS[name])})
        for name in ["worker1", "worker2"]:
            start(name, ["athletiq", "worker"])
        for name in ["app1", "app2"]:
            wait_http(f"http://127.0.0.1:{PORTS[name]}/health")
        processes["nginx"] = subprocess.Popen(["nginx", "-c", nginx_config(), "-p", WORK, "-g", "daemon off;"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(BASE + "/health")
    # The webhook subscription, as an operator makes it (Strava checks the challenge through nginx).
    subprocess.run([os.path.join(BUILD, "athletiq"), "strava", "webhook", "subscribe", "--callback-url", BASE + "/api/v1/webhooks/strava"],
                   cwd=WORK, env=environment(), check=True, stdout=subprocess.DEVNULL)

    # Athletes sign up, import a file and connect Strava (the real redirects, through nginx).
    fit = open(FIT, "rb").read()
    users = []
    for index in range(6):
        email = f"scale{index}-{random.randint(0, 1 << 30)}@example.org"
        status, _, data = app("POST", "/api/v1/auth/signup", body={"full_name": f"Scale {index}", "email": email,
                                                                   "password": "scale out password"}, kind="signup", expect=[201])
        token = json.loads(data)["access_token"]
        app("POST", "/api/v1/activities/upload", token, body=fit + bytes([index]) * 0,
            headers={"X-Filename": "run.fit", "Content-Type": "application/octet-stream"}, kind="upload", expect=[200, 201, 202])
        athlete = 7000 + index
        request("POST", SIM + "/_sim/athletes", {"id": athlete, "activities": 10})
        request("POST", SIM + "/_sim/consent", {"athlete_id": athlete})
        _, headers, _ = app("GET", "/api/v1/auth/strava/login", token, kind="connect", expect=[302])
        _, headers, _ = request("GET", {key.lower(): value for key, value in headers.items()}["location"])
        callback = urllib.parse.urlsplit({key.lower(): value for key, value in headers.items()}["location"])
        _, headers, _ = app("GET", callback.path + "?" + callback.query, token, kind="connect", expect=[303])
        location = {key.lower(): value for key, value in headers.items()}.get("location", "")
        if not location.endswith("connected=1"):
            failures.append(f"connection of athlete {athlete} failed: {location}")
        users.append({"email": email, "token": token, "athlete": athlete})

    # A bounded mixed load while a worker is killed and an instance restarts.
    stop = threading.Event()

    def readers(user):
        paths = ["/api/v1/activities?per_page=20", "/api/v1/strava/status", "/api/v1/strava/queue", "/", "/api/v1/analytics/fitness"]
        while not stop.is_set():
            app("GET", random.choice(paths), user["token"], kind="read")

    def webhooks():
        while not stop.is_set():
            user = random.choice(users)
            request("POST", SIM + "/_sim/activities", {"athlete_id": user["athlete"], "deliver": True})
            time.sleep(0.3)

    threads = [threading.Thread(target=readers, args=(user,)) for user in users for _ in range(2)]
    threads.append(threading.Thread(target=webhooks))
    for thread in threads:
        thread.start()
    time.sleep(4)
    if SQLITE:
        time.sleep(11)
    else:
        processes["worker1"].send_signal(signal.SIGKILL)  # a crash: its leases must expire or be taken over
        processes["worker1"].wait()
        time.sleep(3)
        start("worker1", ["athletiq", "worker"])
        time.sleep(2)
        processes["app1"].send_signal(signal.SIGTERM)  # a deploy: requests in flight finish, nginx sends the rest to app2
        processes["app1"].wait(timeout=60)
        time.sleep(2)
        start("app1", ["athletiq", "serve", "--port", str(PORTS["app1"])], {"PORT": str(PORTS["app1"])})
        wait_http(f"http://127.0.0.1:{PORTS['app1']}/health")
        time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join()

    # Everything fetched? (A killed worker's job waits for its lease to run out: a minute.)
    deadline = time.time() + 240
    waiting = None
    while time.time() < deadline:
        waiting = 0
        for user in users:
            _, _, data = app("GET", "/api/v1/strava/status", user["token"])
            counts = json.loads(data).get("activities") or {}
            waiting += counts.get("waiting_for_enrichment", 0)
            _, _, data = app("GET", "/api/v1/strava/queue", user["token"])
            queue = json.loads(data)
            waiting += queue.get("pending", 0) + queue.get("running", 0)
        if waiting == 0:
            break
        time.sleep(2)

    _, _, data = request("GET", SIM + "/_sim/stats")
    sim = json.loads(data)
    simulated = set(sim["activities"])
    stored = 0
    for user in users:
        _, _, data = app("GET", "/api/v1/activities?per_page=200", user["token"])
        items = json.loads(data)["items"]
        strava_ids = [item.get("strava_id") for item in items if item.get("source") == "strava"]
        stored += len(strava_ids)
        if len(strava_ids) != len(set(strava_ids)):
            failures.append(f"{user['email']} has an activity stored twice")
    streams = sim["streams_by_activity"]
    refetched = {key: count for key, count in streams.items() if count > 1}
    unfetched = [key for key in simulated if key not in streams]

    # The shared quota counted what Strava counted (every process reserves in the same rows).
    _, _, data = app("GET", "/api/v1/strava/quota", users[0]["token"])
    windows = json.loads(data)["windows"]
    counted = next(window["used"] for window in windows if window["kind"] == "read" and window["period"] == "15min")
    jobs = query("SELECT status || ':' || kind || '=' || count(*) FROM strava_jobs GROUP BY status, kind ORDER BY 1")

    # Rate limits are shared: five wrong passwords for one account spread over both instances,
    # then the sixth attempt is refused whichever instance takes it.
    target = users[0]["email"]
    codes = [app("POST", "/api/v1/auth/login", body={"email": target, "password": "wrong password!"})[0] for _ in range(6)]

    # What is left, and why (printed with the report when something is still waiting).
    epoch = "CAST(strftime('%s', 'now') AS REAL)" if SQLITE else "extract(epoch from now())"
    leftover = query(f"SELECT kind, status, priority, attempts, round(run_after - {epoch}, 1), round(lease_until - {epoch}, 1),"
                     " leased_by, substr(last_error, 1, 80) FROM strava_jobs WHERE status IN ('pending', 'running')"
                     " ORDER BY priority DESC, run_after LIMIT 30")
    busy = [] if SQLITE else query(
        "SELECT state, wait_event_type || ':' || wait_event, round(extract(epoch from now() - query_start)::numeric, 1), left(query, 120)"
        " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'")
    # The app's own writers never met a lock (SQLite: one writer, two worker lanes, requests).
    logs = "".join(open(os.path.join(WORK, name), errors="replace").read() for name in os.listdir(WORK) if name.endswith(".log"))
    lock_errors = logs.count("database is locked") + logs.count("postponed: database busy")
    report = {
        "requests": statuses, "failed_requests": len(failures), "users": len(users), "simulated_activities": len(simulated),
        "stored_strava_activities": stored, "still_waiting": waiting, "streams_fetched_twice": len(refetched),
        "never_fetched": len(unfetched), "strava_429": sim["rate_limited"], "strava_over_limit": sim["over_limit"],
        "max_15min_read_usage": sim["max_short_read_usage"], "read_limit": READ_LIMIT, "login_codes": codes,
        "quota": [f"{w['kind']} {w['period']}: {w['used']}/{w['limit']}" for w in windows],
        "quota_counted_15min": counted, "strava_counted_15min": sim["read_usage"][0], "jobs": jobs,
        "database": "sqlite" if SQLITE else "postgresql", "lock_errors_in_logs": lock_errors,
        "left_in_queue (kind|status|priority|attempts|due in s|lease left s|worker|error)": [row for row in leftover if row],
        "busy_database_sessions (state|wait|seconds|query)": [row for row in busy if row],
    }
    print(json.dumps(report, indent=2))
    for failure in failures[:40]:
        print("failed:", failure)
    checks = [
        (not failures, "requests failed"),
        (waiting == 0, "activities still waiting for enrichment"),
        (stored == len(simulated), f"{stored} Strava activities stored for {len(simulated)} simulated"),
        (not unfetched, "some activities were never fetched"),
        (len(refetched) <= 2, "streams fetched twice for more than the job(s) the killed worker held"),
        (sim["rate_limited"] == 0 and sim["over_limit"] == 0, "the Strava quota was exceeded"),
        (counted >= sim["read_usage"][0], f"the shared quota counted {counted} reads, Strava {sim['read_usage'][0]}"),
        (codes[:5].count(401) == 5 and codes[5] == 429, f"login limits are not shared: {codes}"),
        (lock_errors == 0, f"{lock_errors} log lines say the database was locked"),
    ]
    problems = [message for ok, message in checks if not ok]
    for message in problems:
        print("FAIL:", message)
    return 1 if problems else 0


try:
    code = main()
except BaseException as error:
    print("FAIL:", error)
    code = 1
finally:
    for name, process in processes.items():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=20)
        except Exception:
            process.kill()
    if not SQLITE:
        subprocess.run(["psql", ADMIN_URL, "-q", "-c", f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"], check=False)
    if code:
        for name in ["app1", "app2", "worker1", "worker2", "sim"]:
            path = os.path.join(WORK, name + ".log")
            if os.path.exists(path):
                print(f"--- {name}.log"); print(open(path, errors="replace").read()[-3000:])
sys.exit(code)
