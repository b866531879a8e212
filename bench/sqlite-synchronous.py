#!/usr/bin/env python3
"""The write cost of SQLite's `synchronous = FULL` against `NORMAL`, in one run.

For each setting, by turns (FULL, NORMAL, FULL, NORMAL, ...), on a fresh SQLite file on the disk of the working
folder (not /tmp, which may be in memory): starts `secretariat serve --demo` with SECRETARIAT_SQLITE_SYNCHRONOUS,
then creates WRITES people through the API with the officer's token, one writer after the other (each commit's
own latency) and then from CONCURRENCY writers at once. Prints writes per second and the median latency of each
round, the median of each setting, and the ratio NORMAL / FULL.

    bench/sqlite-synchronous.py [path/to/secretariat]     (default: target/release/secretariat)

Standard library only, so that it runs wherever Python 3 does.
"""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

WRITES = int(os.environ.get("WRITES", "1000"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "8"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))


def serve(binary, db, mode):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SECRETARIAT_")}
    env.update(SECRETARIAT_SQLITE_SYNCHRONOUS=mode, RUST_LOG="warn")
    child = subprocess.Popen(
        [binary, "--database", db, "serve", "--demo", "--addr", "127.0.0.1:0"],
        stdout=subprocess.PIPE, text=True, env=env)
    addr, token = None, None
    for line in child.stdout:
        if line.startswith("Secretariat is serving http://"):
            addr = line.split()[3].removeprefix("http://").rstrip("/")
        if line.startswith("API token of the officer: "):
            token = line.split(": ", 1)[1].strip()
            break
    threading.Thread(target=lambda: [None for _ in child.stdout], daemon=True).start()
    return child, addr, token


def write_many(addr, token, prefix, count, latencies):
    host, port = addr.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port))
    for n in range(count):
        body = json.dumps({"key": f"{prefix}-{n}", "names": [{"name": {"en": f"Person {prefix} {n}"}}]})
        started = time.perf_counter()
        conn.request("POST", "/api/v1/people", body,
                     {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 201:
            raise SystemExit(f"a write was refused: {response.status}")
    conn.close()


def measure(addr, token, tag, writers):
    latencies = []
    threads = [threading.Thread(target=write_many, args=(addr, token, f"{tag}-{w}", WRITES // writers, latencies))
               for w in range(writers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, statistics.median(latencies) * 1000


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/secretariat"
    results = {(m, w): [] for m in ("full", "normal") for w in (1, CONCURRENCY)}
    folder = tempfile.mkdtemp(prefix="bench-sync-", dir=os.getcwd())
    try:
        for r in range(ROUNDS):
            for mode in ("full", "normal"):
                child, addr, token = serve(binary, os.path.join(folder, f"{mode}-{r}.db"), mode)
                try:
                    for writers in (1, CONCURRENCY):
                        rate, median = measure(addr, token, f"{r}-{writers}", writers)
                        results[(mode, writers)].append(rate)
                        print(f"round {r} {mode:<6} {writers} writer(s): {rate:7.1f} writes/s, median {median:6.2f} ms")
                finally:
                    child.kill()
                    child.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for writers in (1, CONCURRENCY):
        full = statistics.median(results[("full", writers)])
        normal = statistics.median(results[("normal", writers)])
        print(f"{writers} writer(s): FULL {full:.1f} writes/s, NORMAL {normal:.1f} writes/s, "
              f"NORMAL / FULL = {normal / full:.2f}")


if __name__ == "__main__":
    main()
