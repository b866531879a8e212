#!/usr/bin/env python3
"""Issue 11's P4 in one run: position writes through two instances on one PostgreSQL database.

    bench/two-instances.py target/release/secretariat
    ROUNDS=3 DURATION=10s CONNECTIONS=32 DOCUMENTS=24 bench/two-instances.py target/release/secretariat

Makes a fresh database on `POSTGRES` (dropped afterwards) and starts two servers on it: A with the demo
(`serve --demo`), B on the same database (`serve`). Through A's API, as the demo's officer, it drafts and circulates
DOCUMENTS statements of the CSTO's Council of Foreign Ministers, and finds the member states that may take positions
on them (from the organisation's overview). Then, ROUNDS times and in turn:

- one instance: `wrk -t1 -c CONNECTIONS` against A alone, each request `POST /api/v1/documents/{id}/positions` with
  the next document, state and position of a fixed cycle (support, no objection, a reservation with its text);
- two instances: two wrk processes at once, CONNECTIONS/2 each, one against A and one against B.

Each wrk counts the answers by class (2xx, 4xx, 5xx, socket errors). It prints, and writes to
`bench/results/two-instances-<date>.txt`, the writes/s of each round (2xx answers over the run's time), the
medians, and the ratio two instances / one instance. Then:

- none lost: the audit log's `position` entries written during the load equal the 2xx answers, one for one, and
  `secretariat audit verify` finds the chain intact;
- freshness: PROBES times a position is written on one instance and the other instance's
  `GET /api/v1/documents/{id}` is read every 5 ms until it shows it; the median and the worst delay (goal: <= 1 s).

Goal (P4): >= 2,000 position writes/s with two instances together, none lost, no 5xx. Needs wrk and psql.
Python 3, standard library only. See bench/README.md.
"""

import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
A, B = "127.0.0.1:18380", "127.0.0.1:18381"
POSTGRES = os.environ.get("POSTGRES", "postgres://postgres@127.0.0.1:5432")
ROUNDS = int(os.environ.get("ROUNDS", "3"))
DURATION = int(os.environ.get("DURATION", "10s").rstrip("s"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
DOCUMENTS = int(os.environ.get("DOCUMENTS", "24"))
PROBES = int(os.environ.get("PROBES", "20"))
GOAL = 2000

# wrk's script: the next (document, state, position) of the cycle on each request; answers counted by class.
LUA = """
local documents = {%(documents)s}
local states = {%(states)s}
local bodies = {'{"state": "%%s", "position": "support"}', '{"state": "%%s", "position": "no_objection"}',
                '{"state": "%%s", "position": "reservation", "text": "%%s reads the second paragraph as binding."}'}
local headers = {["Authorization"] = "Bearer %(token)s", ["Content-Type"] = "application/json"}
local n = %(offset)d
ok, client, server = 0, 0, 0
function request()
  n = n + 1
  local document = documents[n %% #documents + 1]
  local state = states[math.floor(n / #documents) %% #states + 1]
  local body = string.format(bodies[math.floor(n / (#documents * #states)) %% #bodies + 1], state, state)
  return wrk.format("POST", "/api/v1/documents/" .. document .. "/positions", headers, body)
end
function response(status, headers, body)
  if status < 300 then ok = ok + 1 elseif status < 500 then client = client + 1 else server = server + 1 end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local o, c, s = 0, 0, 0
  for _, t in ipairs(threads) do o = o + t:get("ok"); c = c + t:get("client"); s = s + t:get("server") end
  local e = summary.errors
  io.write(string.format("COUNTS %%d %%d %%d %%d %%d\\n", o, c, s, e.connect + e.read + e.write + e.timeout,
                         latency:percentile(99)))
end
"""


def say(*args):
    print("==>", *args, flush=True)


def call(method, url, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def psql(dbname, sql):
    out = subprocess.run(["psql", f"{POSTGRES}/{dbname}", "-Atqc", sql], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def start(binary, database, addr, demo, work):
    log = open(os.path.join(work, f"{addr.replace(':', '-')}.log"), "w")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETARIAT_") and k != "RUST_LOG"}
    empty = os.path.join(work, "empty.toml")
    open(empty, "w").close()
    args = [binary, "--config", empty, "--database", database, "serve", "--addr", addr] + (["--demo"] if demo else [])
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    for _ in range(240):
        if process.poll() is not None:
            sys.exit(f"bench: the server on {addr} exited; see {log.name}")
        try:
            urllib.request.urlopen(f"http://{addr}/healthz", timeout=5).read()
            return process, log.name
        except OSError:
            time.sleep(0.25)
    sys.exit(f"bench: the server on {addr} did not answer")


def wrk(addr, connections, script):
    return subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{DURATION}s", "--timeout", "30s", "-s", script, f"http://{addr}/"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def counts(process):
    out = process.communicate()[0]
    line = re.search(r"^COUNTS (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    if not line:
        sys.exit(f"bench: wrk printed no counts:\n{out}")
    ok, client, server, sockets, p99_us = map(int, line.groups())
    return {"ok": ok, "4xx": client, "5xx": server, "socket": sockets, "p99_ms": p99_us / 1000}


def freshness(token, document, states, writer, reader, n):
    """Seconds from a write's answer on `writer` until `reader` shows it."""
    text = f"probe {n} through {writer}: a reservation read back on the other instance"
    state = states[n % len(states)]
    call("POST", f"http://{writer}/api/v1/documents/{document}/positions", token,
         {"state": state, "position": "reservation", "text": text})
    written = time.monotonic()
    while time.monotonic() - written < 10:
        view = call("GET", f"http://{reader}/api/v1/documents/{document}", token)
        if any(p.get("text") == text for p in view.get("positions", [])):
            return time.monotonic() - written
        time.sleep(0.005)
    return float("inf")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    for tool in ["wrk", "psql"]:
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is needed but not installed")
    work = tempfile.mkdtemp(prefix="secretariat-p4.")
    dbname = f"bench_p4_{os.getpid()}"
    subprocess.run(["psql", f"{POSTGRES}/postgres", "-qc", f"CREATE DATABASE {dbname}"], check=True)
    database = f"{POSTGRES}/{dbname}"
    servers = []
    try:
        first, log = start(binary, database, A, True, work)
        servers.append(first)
        with open(log) as f:
            token = re.search(r"API token of the officer: (\S+)", f.read()).group(1)
        servers.append(start(binary, database, B, False, work)[0])
        say(f"two servers on {dbname}: {A} (with the demo) and {B}")

        overview = call("GET", f"http://{A}/api/v1/organisations/CSTO/overview", token)
        states = [m["state"] for m in overview["members"] if m["kind"] == "member"]
        documents = []
        for i in range(DOCUMENTS + 1):
            draft = call("POST", f"http://{A}/api/v1/documents", token, {
                "key": f"bench-p4-{i}", "organisation": "CSTO", "body": "CFM", "kind": "statement",
                "title": {"en": f"Statement {i} of the write benchmark", "ru": f"Заявление {i} для замера записи"},
                "sponsors": [states[0]], "original_language": "en", "visibility": "members",
                "texts": {"en": "The ministers of foreign affairs state their common position."}})
            call("POST", f"http://{A}/api/v1/documents/{draft['id']}/transitions", token, {"to": "circulated"})
            documents.append(draft["id"])
        probe, documents = documents[0], documents[1:]
        say(f"{len(documents)} circulated statements, positions of {', '.join(states)}")

        def script(offset):
            path = os.path.join(work, f"positions-{offset}.lua")
            with open(path, "w") as f:
                f.write(LUA % {"documents": ", ".join(map(str, documents)),
                               "states": ", ".join(f'"{s}"' for s in states), "token": token, "offset": offset})
            return path

        entries_before = int(psql(dbname, "SELECT count(*) FROM audit_log WHERE action = 'position'"))
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=HERE).stdout.strip()
        report = [
            f"Position writes through two instances on one PostgreSQL (issue 11, P4) — "
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}",
            f"commit:  {commit}",
            f"machine: {os.cpu_count()} cores, load {load} at the start; "
            f"{psql(dbname, 'SHOW server_version')} on {POSTGRES}",
            f"load:    POST /api/v1/documents/{{id}}/positions as the officer, {len(documents)} documents x "
            f"{len(states)} states x 3 positions in a cycle; wrk -t1 -d{DURATION}s, {CONNECTIONS} connections "
            f"to one instance, or {CONNECTIONS // 2} to each of two; {ROUNDS} rounds each, in turn",
            "",
            f"{'round':<7}{'instances':<11}{'2xx':>8}{'4xx':>6}{'5xx':>6}{'socket':>8}{'writes/s':>10}{'p99':>10}",
        ]
        print("\n".join(report), flush=True)
        ok_total, rates = 0, {1: [], 2: []}
        bad = 0
        for round_ in range(1, ROUNDS + 1):
            for instances in (1, 2):
                if instances == 1:
                    runs = [wrk(A, CONNECTIONS, script(0))]
                else:
                    runs = [wrk(A, CONNECTIONS // 2, script(0)), wrk(B, CONNECTIONS // 2, script(7919))]
                results = [counts(r) for r in runs]
                total = {k: sum(r[k] for r in results) for k in ("ok", "4xx", "5xx", "socket")}
                p99 = max(r["p99_ms"] for r in results)
                ok_total += total["ok"]
                bad += total["5xx"] + total["socket"]
                rate = total["ok"] / DURATION
                rates[instances].append(rate)
                line = (f"{round_:<7}{instances:<11}{total['ok']:>8}{total['4xx']:>6}{total['5xx']:>6}"
                        f"{total['socket']:>8}{rate:>10.0f}{p99:>8.1f}ms")
                print(line, flush=True)
                report.append(line)
        one, two = statistics.median(rates[1]), statistics.median(rates[2])
        # The requests of the connections still open when each run's time is up: written, but not counted by wrk.
        in_flight = ROUNDS * 2 * CONNECTIONS
        entries = int(psql(dbname, "SELECT count(*) FROM audit_log WHERE action = 'position'")) - entries_before
        started = time.monotonic()
        verify = subprocess.run([binary, "--database", database, "audit", "verify"], capture_output=True, text=True)
        verify_s = time.monotonic() - started
        delays = []
        for n in range(PROBES):
            writer, reader = (A, B) if n % 2 == 0 else (B, A)
            delays.append(freshness(token, probe, states, writer, reader, n))
        report += [
            "",
            f"median  one instance   {one:>8.0f} writes/s",
            f"median  two instances  {two:>8.0f} writes/s   (two / one = {two / one:.2f}; "
            f"{'meets' if two >= GOAL else 'below'} the goal of {GOAL})",
            f"lost:   {ok_total} answers 2xx, {entries} position entries in the audit log during the load: "
            f"{'none lost' if ok_total <= entries <= ok_total + in_flight else 'MISMATCH'} (wrk drops the answers "
            f"still in flight when a run ends: at most {in_flight}); {bad} answers 5xx or socket errors",
            f"chain:  secretariat audit verify: exit {verify.returncode} in {verify_s:.1f} s: "
            f"{(verify.stdout or verify.stderr).strip().splitlines()[-1] if (verify.stdout or verify.stderr) else ''}",
            f"fresh:  {PROBES} writes read back on the other instance: median {statistics.median(delays) * 1000:.0f} ms, "
            f"worst {max(delays) * 1000:.0f} ms (goal <= 1000 ms)",
        ]
        with open("/proc/loadavg") as f:
            report.append(f"load at the end: {' '.join(f.read().split()[:3])}")
        print("\n".join(report[-7:]), flush=True)
        os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
        day = datetime.date.today().isoformat()
        path, n = os.path.join(HERE, "results", f"two-instances-{day}.txt"), 2
        while os.path.exists(path):
            path, n = os.path.join(HERE, "results", f"two-instances-{day}-{n}.txt"), n + 1
        with open(path, "w") as f:
            f.write("\n".join(report) + "\n")
        say(f"written to {os.path.relpath(path)}")
        if not ok_total <= entries <= ok_total + in_flight or bad or verify.returncode:
            sys.exit(1)
    finally:
        for process in servers:
            process.terminate()
            process.wait()
        subprocess.run(["psql", f"{POSTGRES}/postgres", "-qc", f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
