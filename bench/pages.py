#!/usr/bin/env python3
"""Issue 11's P1 and P2 in one run: the public pages and their API twins against nginx serving the same bytes.

    bench/pages.py target/release/secretariat                         # both engines, anonymous and the officer
    ENGINES=sqlite VIEWERS=anonymous ROUNDS=3 DURATION=5s bench/pages.py target/release/secretariat

For each engine (a fresh SQLite file, or a fresh PostgreSQL database on `POSTGRES`, dropped afterwards) it serves the
demo with the given binary; for each viewer (anonymous, or signed in as the demo's officer: the session cookie for a
page, the officer's API token for the API) and each path of `PATHS` (the meeting page, the organisation page, the
document page and the register, and their API twins), it fetches the answer, checks it is the same bytes twice, and
gives those bytes to nginx as a static file. Then, for each path, `wrk -t1 -c CONNECTIONS --latency` runs against
Secretariat and against nginx in turn, ROUNDS rounds each, so that a burst of noise hits both.

It prints, and writes to `bench/results/pages-<date>.txt`, each path's median requests/s on both servers, their ratio
(P1: >= 0.8 for a public page, >= 0.5 signed in) and Secretariat's p99 latency, the median and the worst of the
rounds (P2: <= 10 ms). A round with a socket error or a non-2xx answer stops the run.

Needs wrk, nginx and (for PostgreSQL) psql. Python 3, standard library only. See bench/README.md.
"""

import datetime
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

HERE = os.path.dirname(os.path.abspath(__file__))
APP = "127.0.0.1:18080"
NGINX = "127.0.0.1:18081"
ENGINES = os.environ.get("ENGINES", "sqlite,postgres").split(",")
VIEWERS = os.environ.get("VIEWERS", "anonymous,officer").split(",")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
DURATION = os.environ.get("DURATION", "5s")
WARMUP = os.environ.get("WARMUP", "1s")
CONNECTIONS = os.environ.get("CONNECTIONS", "64")
POSTGRES = os.environ.get("POSTGRES", "postgres://postgres@127.0.0.1:5432")
# A page and its API twin, by the page's name.
PATHS = [
    p.split("=", 1)
    for p in os.environ.get(
        "PATHS",
        "meeting=/meetings/cfm-2018-06-almaty,"
        "meeting API=/api/v1/meetings/cfm-2018-06-almaty,"
        "organisation=/organisations/CSTO,"
        "organisation API=/api/v1/organisations/CSTO/overview,"
        "document=/documents/cfm-2018-inf-statement,"
        "document API=/api/v1/documents/cfm-2018-inf-statement,"
        "register=/documents,"
        "register API=/api/v1/documents",
    ).split(",")
]
P1_PUBLIC, P1_SIGNED_IN, P2_MS = 0.8, 0.5, 10.0


def say(*args):
    print("==>", *args, flush=True)


def get(url, headers, opener=None):
    request = urllib.request.Request(url, headers=headers)
    with (opener or urllib.request.build_opener()).open(request, timeout=30) as answer:
        return answer.read()


def wait_for(url, process):
    for _ in range(240):
        if process.poll() is not None:
            sys.exit(f"bench: {url} exited before answering")
        try:
            get(url, {})
            return
        except OSError:
            time.sleep(0.25)
    sys.exit(f"bench: {url} did not answer")


def sign_in(base):
    """The officer's session cookie, through the sign-in form as a browser does it."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = get(base + "/sign-in", {}, opener).decode()
    csrf = re.search(r'name="csrf" value="([^"]*)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrf": csrf, "username": "officer", "password": "officer-demo-2018", "next": "/"}
    ).encode()
    opener.open(urllib.request.Request(base + "/sign-in", data=data), timeout=30).read()
    session = [c.value for c in jar if c.name == "secretariat_session"]
    if not session:
        sys.exit("bench: signing in as the officer gave no session")
    return session[0]


def wrk(url, headers, duration):
    """One wrk run: (requests/s, p50 ms, p99 ms)."""
    args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}", "--latency"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [url], check=True, text=True, capture_output=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"bench: errors during the run against {url}:\n{out}")

    def ms(label):
        value = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        number, unit = float(value.group(1)), value.group(2)
        return number * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M).group(1))
    return rps, ms("50%"), ms("99%")


class Nginx:
    """nginx serving a folder of files, one worker, no access log: the ceiling for the same bytes."""

    def __init__(self, work):
        self.root = os.path.join(work, "www")
        os.makedirs(os.path.join(work, "nginx", "tmp"), exist_ok=True)
        os.makedirs(self.root, exist_ok=True)
        conf = os.path.join(work, "nginx", "nginx.conf")
        tmp = os.path.join(work, "nginx", "tmp")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1;
daemon off;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    keepalive_requests 1000000;
    default_type "text/html; charset=utf-8";
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{ listen {NGINX}; root {self.root}; }}
}}
""")
        os.chmod(work, 0o755)
        self.process = subprocess.Popen(["nginx", "-p", f"{work}/nginx", "-e", f"{work}/nginx/error.log", "-c", conf])

    def serve(self, name, body):
        """Serves `body` at /name and checks nginx answers those very bytes."""
        path = os.path.join(self.root, name)
        with open(path, "wb") as f:
            f.write(body)
        os.chmod(path, 0o644)
        url = f"http://{NGINX}/{name}"
        for _ in range(40):
            try:
                if get(url, {}) == body:
                    return url
            except OSError:
                pass
            time.sleep(0.25)
        sys.exit(f"bench: nginx does not serve the bytes of {name}")

    def stop(self):
        self.process.terminate()
        self.process.wait()


def serve(binary, database, work, engine):
    log = open(os.path.join(work, f"secretariat-{engine}.log"), "w")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETARIAT_") and k != "RUST_LOG"}
    empty = os.path.join(work, "empty.toml")
    open(empty, "w").close()
    process = subprocess.Popen(
        [binary, "--config", empty, "--database", database, "serve", "--demo", "--addr", APP],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    wait_for(f"http://{APP}/healthz", process)
    with open(log.name) as f:
        token = re.search(r"API token of the officer: (\S+)", f.read())
    if not token:
        sys.exit("bench: the demo printed no officer's token")
    return process, token.group(1)


def measure_engine(binary, engine, work, nginx, report):
    database = os.path.join(work, "bench.db")
    dbname = f"bench_pages_{os.getpid()}"
    if engine == "postgres":
        subprocess.run(["psql", POSTGRES + "/postgres", "-qc", f"CREATE DATABASE {dbname}"], check=True)
        database = f"{POSTGRES}/{dbname}"
    process, token = serve(binary, database, work, engine)
    rows = []
    try:
        base = f"http://{APP}"
        for viewer in VIEWERS:
            session = sign_in(base) if viewer == "officer" else None
            for label, path in PATHS:
                api = path.startswith("/api/")
                headers = {"Cookie": "lang=en"}
                if viewer == "officer":
                    if api:
                        headers["Authorization"] = f"Bearer {token}"
                    else:
                        headers["Cookie"] += f"; secretariat_session={session}"
                body = get(base + path, headers)
                if get(base + path, headers) != body:
                    sys.exit(f"bench: {path} is not the same bytes twice")
                if viewer == "officer" and not api and b"sign-out" not in body:
                    sys.exit(f"bench: {path} fetched with the session is not a signed-in page")
                name = f"{engine}-{viewer}-{len(rows)}"
                reference = nginx.serve(name, body)
                wrk(base + path, headers, WARMUP)
                wrk(reference, headers, WARMUP)
                app, ref = [], []
                for _ in range(ROUNDS):
                    app.append(wrk(base + path, headers, DURATION))
                    ref.append(wrk(reference, headers, DURATION))
                app_rps = statistics.median(r[0] for r in app)
                ref_rps = statistics.median(r[0] for r in ref)
                p99s = [r[2] for r in app]
                row = (engine, viewer, label, path, len(body), app_rps, ref_rps, app_rps / ref_rps,
                       statistics.median(p99s), max(p99s), [r[0] for r in app], [r[0] for r in ref])
                rows.append(row)
                line = format_row(row)
                print(line, flush=True)
                report.append(line)
    finally:
        process.terminate()
        process.wait()
        if engine == "postgres":
            subprocess.run(["psql", POSTGRES + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {dbname}"])
    return rows


HEADER = (f"{'engine':<9}{'viewer':<10}{'page':<17}{'bytes':>7}{'app req/s':>11}{'nginx req/s':>12}{'ratio':>7}"
          f"{'P1':>6}{'p99 med':>9}{'p99 max':>9}{'P2':>5}")


def format_row(row):
    engine, viewer, label, _path, size, app, ref, ratio, p99, p99_max, _, _ = row
    p1 = "" if "API" in label else ("meets" if ratio >= (P1_SIGNED_IN if viewer == "officer" else P1_PUBLIC) else "below")
    p2 = "meets" if p99 <= P2_MS else "below"
    return (f"{engine:<9}{viewer:<10}{label:<17}{size:>7}{app:>11.0f}{ref:>12.0f}{ratio:>7.3f}{p1:>6}"
            f"{p99:>8.1f}ms{p99_max:>7.1f}ms {p2:>5}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    for tool in ["wrk", "nginx"] + (["psql"] if "postgres" in ENGINES else []):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is needed but not installed")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    report = [
        f"Pages and their API twins against nginx (issue 11, P1 and P2) — {datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}",
        f"commit:  {commit}",
        f"machine: {os.cpu_count()} cores, load {load} at the start",
        f"load:    wrk -t1 -c{CONNECTIONS} -d{DURATION}, {ROUNDS} rounds each, alternating secretariat/nginx",
        f"goals:   P1 ratio >= {P1_PUBLIC} public, >= {P1_SIGNED_IN} signed in (pages); P2 p99 <= {P2_MS:.0f} ms",
        "",
        HEADER,
    ]
    print("\n".join(report), flush=True)
    work = tempfile.mkdtemp(prefix="secretariat-pages.")
    nginx = Nginx(work)
    rows = []
    try:
        for engine in ENGINES:
            rows += measure_engine(binary, engine, work, nginx, report)
    finally:
        nginx.stop()
        shutil.rmtree(work, ignore_errors=True)
    report += ["", "rounds (secretariat req/s | nginx req/s):"]
    report += [f"  {r[0]} {r[1]} {r[2]}: {r[10]} | {r[11]}" for r in rows]
    with open("/proc/loadavg") as f:
        report.append(f"load at the end: {' '.join(f.read().split()[:3])}")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    day = datetime.date.today().isoformat()
    path, n = os.path.join(HERE, "results", f"pages-{day}.txt"), 2
    while os.path.exists(path):
        path, n = os.path.join(HERE, "results", f"pages-{day}-{n}.txt"), n + 1
    with open(path, "w") as f:
        f.write("\n".join(report) + "\n")
    say(f"written to {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
