#!/usr/bin/env python3
"""Times the pages, lists and search of a large record against the same pages of the demo, and the server's memory.

    bench/scale-pages.py target/release/secretariat                         # 100,000 documents, SQLite
    DOCUMENTS=10000 ROUNDS=3 bench/scale-pages.py target/release/secretariat
    ENGINES=sqlite,postgres bench/scale-pages.py target/release/secretariat
    IMPORT=cached bench/scale-pages.py target/release/secretariat          # reuse the last SQLite import

Issue 11's goal P3, for a UN-sized record: every page and list within 1.5x of its time on the demo, search p95 <=
50 ms, the server's RSS <= 200 MB. In one run:

1. The record is made once by `generate-record.py --scale un --documents N --meetings N/10 --positions 10N`
   (N = `DOCUMENTS`, default 100,000) and kept in `WORK` (default target/bench-scale). It is imported with the
   binary into a fresh SQLite database (and, with `ENGINES=sqlite,postgres`, a fresh PostgreSQL database on
   `POSTGRES`, dropped afterwards); the import's wall time is printed. `IMPORT=cached` copies the SQLite database
   of the last fresh import instead (the server applies any newer migration when it opens it).
2. Two servers are started with the rendered-view cache off (`SECRETARIAT_CACHE_SIZE_MIB=0`, so that each request
   does its work): `serve` on the large record and `serve --demo` on a fresh database, the reference.
3. The paths are found, not written in: the organisation, body, meeting and document keys come from the API lists
   (`/api/v1/meetings`, `/api/v1/documents`) and the organisation's page. On each server the same kind of path is
   measured: the start page, the organisation page, a body's page, the organisation's calendar (the list of
   meetings), a meeting's public page, a document's page, the register `/documents` (first page, and the last
   page: on the demo that is the first), the API lists and their twins of one meeting and one document. The lists
   show a full page on the large record (50 rows of the register, 100 items of the API) and all there is on the
   demo (13 documents, 3 meetings): the API lists are measured once more with `limit` 3 and 10, so that the same
   number of items is compared.
4. Each path is requested sequentially over one kept-alive connection, REQUESTS times per round (default 100,
   after 5 unmeasured), for ROUNDS rounds (default 3), demo and large in turn (A/B/A/B), anonymously. Median and
   p95 of all the samples per path and server, and the ratio large/demo of the medians (goal <= 1.5).
5. Search: a set of distinct queries (English and Russian words of the generator's lists, inflected forms,
   two-word queries, one word found nowhere), each SEARCH_REPEAT times (default 5) per round on both `/search?q=`
   and `GET /api/v1/search?q=`; p95 over all of them (goal <= 50 ms on the large record).
6. The large server's memory from /proc/PID/status: VmRSS after start and VmHWM and VmRSS after the load (goal
   <= 200 MB).

Prints a table and writes bench/results/scale-pages-<date>.txt (or RESULT) with the commit, machine and load
average. Python 3, standard library only; needs psql for PostgreSQL.
"""

import datetime
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO_PORT = 18280
LARGE_PORT = 18281

# Words of generate-record.py's lists (TOPICS, KINDS, SENTENCES), in several forms, and two-word queries.
QUERIES = [
    "terrorism", "security", "statement", "statements", "cooperation", "climate", "migration", "budget",
    "peacekeeping", "cybercrime", "delegations", "consultations", "information security", "climate change",
    "border security", "energy security", "weapons destruction", "reaffirm importance",
    "заявление", "заявления", "заявлением", "безопасность", "безопасности", "сотрудничество", "сотрудничества",
    "терроризм", "терроризмом", "климата", "миграции", "бюджет", "бюджета", "наркотиков", "киберпреступностью",
    "информационной безопасности", "изменения климата", "экономического сотрудничества", "делегаций",
    "консультации", "qwertyuiop",
]


def sh(*args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw)


def generate(work, documents):
    path = os.path.join(work, f"un-{documents}.scenario.json")
    if not os.path.exists(path):
        print(f"generating {path}", flush=True)
        sh(sys.executable, os.path.join(HERE, "generate-record.py"), "--scale", "un", "--documents", str(documents),
           "--meetings", str(max(1, documents // 10)), "--positions", str(documents * 10), "--output", path + ".part")
        os.replace(path + ".part", path)
    return path


def remove_sqlite(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def psql(url, sql):
    sh("psql", url, "-qtAc", sql)


def run_import(binary, database, scenario):
    start = time.monotonic()
    out = subprocess.run([binary, "--database", database, "import", scenario], text=True, capture_output=True,
                         env={**os.environ, "RUST_LOG": "warn"})
    if out.returncode != 0:
        sys.exit(f"import failed:\n{out.stdout}\n{out.stderr}")
    return time.monotonic() - start


class Server:
    """A `secretariat serve` of its own, stopped by its process id."""

    def __init__(self, binary, database, port, demo, log):
        self.port = port
        env = {**os.environ, "SECRETARIAT_CACHE_SIZE_MIB": "0", "RUST_LOG": os.environ.get("SERVER_LOG", "warn")}
        args = [binary, "--database", database, "serve", "--addr", f"127.0.0.1:{port}"] + (["--demo"] if demo else [])
        self.log = open(log, "w", encoding="utf-8")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.connection = None
        for _ in range(600):
            if self.process.poll() is not None:
                sys.exit(f"the server on port {port} stopped; see {log}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                self.connection = None
            time.sleep(0.1)
        sys.exit(f"the server on port {port} did not answer; see {log}")

    def get(self, path):
        """One request on the kept-alive connection: (status, body, seconds)."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - start

    def json(self, path):
        status, body, _ = self.get(path)
        if status != 200:
            sys.exit(f"GET {path} on port {self.port} answered {status}")
        return json.loads(body)

    def memory(self):
        """VmRSS and VmHWM in MiB."""
        with open(f"/proc/{self.process.pid}/status", encoding="utf-8") as f:
            status = f.read()
        return {k: int(re.search(rf"{k}:\s+(\d+) kB", status).group(1)) / 1024 for k in ("VmRSS", "VmHWM")}

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


def paths_of(server):
    """The paths of each kind on one server, found from the API and the organisation's page."""
    meetings = server.json("/api/v1/meetings?limit=100")["items"]
    documents = server.json("/api/v1/documents?limit=100")["items"]
    organisation = meetings[0]["organisation"]
    # A meeting in the middle of the first page, and the first public document that belongs to a body.
    meeting = meetings[len(meetings) // 2]
    document = next((d for d in documents if d.get("body") and d.get("visibility") == "public"), documents[0])
    _, page, _ = server.get(f"/organisations/{organisation}")
    bodies = re.findall(rf'href="/organisations/{organisation}/bodies/([^"/?]+)"', page.decode())
    _, register, _ = server.get("/documents")
    # The register links to the next page only; the last page follows from the count it prints (50 a page).
    count = re.search(r'id="register-count"[^>]*>([\d,.\u00a0\u202f ]+) documents', register.decode())
    last = -(-int(re.sub(r"\D", "", count.group(1))) // 50) if count else 1
    paths = [
        ("start page", "/"),
        ("organisation page", f"/organisations/{organisation}"),
        ("body page", f"/organisations/{organisation}/bodies/{bodies[0]}" if bodies else None),
        ("meetings list (calendar)", f"/organisations/{organisation}/calendar"),
        ("meeting page", f"/meetings/{meeting['key']}"),
        ("document page", f"/documents/{document['key']}"),
        ("register, first page", "/documents"),
        ("register, last page", f"/documents?page={last}" if last > 1 else "/documents"),
        ("API meetings list", "/api/v1/meetings"),
        ("API meetings list, 3", "/api/v1/meetings?limit=3"),
        ("API meeting", f"/api/v1/meetings/{meeting['key']}"),
        ("API documents list", "/api/v1/documents"),
        ("API documents list, 10", "/api/v1/documents?limit=10"),
        ("API document", f"/api/v1/documents/{document['key']}"),
    ]
    return [(kind, path) for kind, path in paths if path]


def measure(server, path, requests, warmup):
    for _ in range(warmup):
        server.get(path)
    samples = []
    for _ in range(requests):
        status, _, seconds = server.get(path)
        if status != 200:
            sys.exit(f"GET {path} on port {server.port} answered {status}")
        samples.append(seconds * 1000)
    return samples


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def bench_engine(engine, binary, scenario, documents, work, settings, lines):
    postgres = settings["postgres"]
    database = name = None
    import_note = ""
    if engine == "sqlite":
        cached = os.path.join(work, f"un-{documents}.imported.db")
        database = os.path.join(work, f"scale-{documents}.db")
        remove_sqlite(database)
        if settings["import"] == "cached" and os.path.exists(cached):
            shutil.copyfile(cached, database)
            import_note = f"copied from {os.path.basename(cached)} (IMPORT=cached)"
        else:
            seconds = run_import(binary, database, scenario)
            import_note = f"imported in {seconds:.1f} s"
            remove_sqlite(cached + ".part")
            sh("sqlite3", database, f".backup {cached}.part") if shutil.which("sqlite3") else \
                shutil.copyfile(database, cached + ".part")
            os.replace(cached + ".part", cached)
    else:
        name = f"bench_scale_{documents}"
        psql(f"{postgres}/postgres", f"DROP DATABASE IF EXISTS {name}")
        psql(f"{postgres}/postgres", f"CREATE DATABASE {name}")
        database = f"{postgres}/{name}"
        seconds = run_import(binary, database, scenario)
        import_note = f"imported in {seconds:.1f} s"
    demo_db = os.path.join(work, f"demo-{engine}.db")
    remove_sqlite(demo_db)
    if engine == "postgres":
        psql(f"{postgres}/postgres", "DROP DATABASE IF EXISTS bench_scale_demo")
        psql(f"{postgres}/postgres", "CREATE DATABASE bench_scale_demo")
        demo_db = f"{postgres}/bench_scale_demo"
    header = f"## {engine}: {documents:,} documents, {import_note}"
    print(header, flush=True)
    lines.append(header)
    demo = large = None
    try:
        demo = Server(binary, demo_db, DEMO_PORT, True, os.path.join(work, f"demo-{engine}.log"))
        large = Server(binary, database, LARGE_PORT, False, os.path.join(work, f"large-{engine}.log"))
        started = large.memory()
        demo_paths, large_paths = paths_of(demo), paths_of(large)
        kinds = [k for k, _ in large_paths if k in dict(demo_paths)]
        samples = {(k, s): [] for k in kinds for s in ("demo", "large")}
        search = {(kind, s): [] for kind in ("page", "API") for s in ("demo", "large")}
        for r in range(settings["rounds"]):
            for kind in kinds:
                for side, server, paths in (("demo", demo, demo_paths), ("large", large, large_paths)):
                    samples[(kind, side)] += measure(server, dict(paths)[kind], settings["requests"], 5)
            for q in QUERIES:
                quoted = urllib.parse.quote(q)
                for kind, path in (("page", f"/search?q={quoted}"), ("API", f"/api/v1/search?q={quoted}")):
                    for side, server in (("demo", demo), ("large", large)):
                        search[(kind, side)] += measure(server, path, settings["search_repeat"], 1 if r == 0 else 0)
            print(f"round {r + 1} of {settings['rounds']} done", flush=True)
        loaded = large.memory()
        table = [f"{'path':26} {'demo path':44} {'large path':44} {'demo med':>9} {'p95':>7} "
                 f"{'large med':>9} {'p95':>7} {'ratio':>6}"]
        worst = 0.0
        for kind in kinds:
            d, g = samples[(kind, "demo")], samples[(kind, "large")]
            ratio = statistics.median(g) / statistics.median(d)
            worst = max(worst, ratio)
            table.append(f"{kind:26} {dict(demo_paths)[kind][:44]:44} {dict(large_paths)[kind][:44]:44} "
                         f"{statistics.median(d):7.2f}ms {p95(d):5.2f}ms {statistics.median(g):7.2f}ms "
                         f"{p95(g):5.2f}ms {ratio:6.2f}{'' if ratio <= 1.5 else '  MISSES 1.5x'}")
        for kind in ("page", "API"):
            d, g = search[(kind, "demo")], search[(kind, "large")]
            ratio = statistics.median(g) / statistics.median(d)
            table.append(f"{'search ' + kind + f' ({len(QUERIES)} queries)':26} {'/search?q=…' if kind == 'page' else '/api/v1/search?q=…':44} "
                         f"{'(same queries)':44} {statistics.median(d):7.2f}ms {p95(d):5.2f}ms "
                         f"{statistics.median(g):7.2f}ms {p95(g):5.2f}ms {ratio:6.2f}"
                         f"{'' if p95(g) <= 50 else '  MISSES p95 50 ms'}")
        slow = sorted(((statistics.median(v[1]), v[0]) for v in per_query(large, settings)), reverse=True)[:5] \
            if settings["slowest"] else []
        table.append(f"large server memory: VmRSS {started['VmRSS']:.0f} MiB after start; after the load "
                     f"VmHWM {loaded['VmHWM']:.0f} MiB, VmRSS {loaded['VmRSS']:.0f} MiB "
                     f"(goal <= 200 MB){'' if loaded['VmHWM'] * 2**20 <= 200e6 else '  MISSES 200 MB'}")
        table.append(f"worst page ratio {worst:.2f} (goal <= 1.5); search p95 page "
                     f"{p95(search[('page', 'large')]):.1f} ms, API {p95(search[('API', 'large')]):.1f} ms "
                     f"(goal <= 50 ms)")
        for median, q in slow:
            table.append(f"slowest search query on large: {q!r} median {median:.1f} ms")
        for line in table:
            print(line, flush=True)
        lines += table
    finally:
        for server in (large, demo):
            if server:
                server.stop()
        if engine == "postgres":
            psql(f"{postgres}/postgres", f"DROP DATABASE IF EXISTS {name}")
            psql(f"{postgres}/postgres", "DROP DATABASE IF EXISTS bench_scale_demo")
        else:
            remove_sqlite(database)
            remove_sqlite(demo_db)


def per_query(server, settings):
    """The API search time of each query alone on one server, to name the slowest."""
    out = []
    for q in QUERIES:
        out.append((q, measure(server, f"/api/v1/search?q={urllib.parse.quote(q)}", settings["search_repeat"], 0)))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    documents = int(os.environ.get("DOCUMENTS", "100000"))
    engines = os.environ.get("ENGINES", "sqlite").split(",")
    settings = {
        "rounds": int(os.environ.get("ROUNDS", "3")),
        "requests": int(os.environ.get("REQUESTS", "100")),
        "search_repeat": int(os.environ.get("SEARCH_REPEAT", "5")),
        "postgres": os.environ.get("POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/"),
        "import": os.environ.get("IMPORT", "fresh"),
        "slowest": os.environ.get("SLOWEST", "1") == "1",
    }
    work = os.path.abspath(os.environ.get("WORK", os.path.join(HERE, "..", "target", "bench-scale")))
    os.makedirs(work, exist_ok=True)
    for port in (DEMO_PORT, LARGE_PORT):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
            sys.exit(f"something already listens on 127.0.0.1:{port}; stop it first")
        except OSError:
            pass
    commit = sh("git", "-C", HERE, "rev-parse", "--short", "HEAD").stdout.strip()
    dirty = " (uncommitted changes)" if sh("git", "-C", HERE, "status", "--porcelain", "--untracked-files=no").stdout \
        else ""
    lines = [f"# bench/scale-pages.py {sys.argv[1]} ({commit}{dirty}), {documents:,} documents, engines {engines}, "
             f"{settings['rounds']} rounds of {settings['requests']} requests per path, search "
             f"{len(QUERIES)} queries x {settings['search_repeat']}, cache off",
             f"# {platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores; "
             f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
             f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"]
    for line in lines:
        print(line, flush=True)
    scenario = generate(work, documents)
    for engine in engines:
        bench_engine(engine, binary, scenario, documents, work, settings, lines)
    lines.append(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(lines[-1])
    name = os.environ.get("RESULT", f"scale-pages-{datetime.date.today().isoformat()}.txt")
    with open(os.path.join(HERE, "results", name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
