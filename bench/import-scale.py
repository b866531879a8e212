#!/usr/bin/env python3
"""Times `secretariat import` of generated records of growing sizes, on SQLite and (if asked) PostgreSQL.

    bench/import-scale.py target/release/secretariat                    # 1k, 10k and 100k documents, SQLite
    SIZES=1000,10000 ENGINES=sqlite,postgres bench/import-scale.py target/release/secretariat

For each size: the file is made by `generate-record.py --scale un` with that many documents, a tenth as many
meetings and ten positions per document (the proportions of the UN-sized record), kept in `WORK` (default
`target/bench-import`) for the next run. Then, ROUNDS times (default 3), a fresh database is made (a new SQLite
file in WORK; a new PostgreSQL database on `POSTGRES`, default postgres://postgres@127.0.0.1:5432, dropped
afterwards) and the import is run under `/usr/bin/time -v`: its wall time (reading and parsing the file included)
gives documents/s, and its maximum resident set size the importer's peak memory. Prints each round and the median
of each size and engine, and writes it all to `bench/results/import-<date>.txt`.

Python 3, standard library only; needs /usr/bin/time (Debian: `time`) and, for PostgreSQL, psql.
"""

import datetime
import os
import platform
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


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


def timed_import(binary, database, path):
    """Runs the import; gives (seconds, peak RSS in MiB, what it printed)."""
    out = subprocess.run(["/usr/bin/time", "-v", binary, "--database", database, "import", path], text=True,
                         capture_output=True, env={**os.environ, "RUST_LOG": "warn"})
    if out.returncode != 0:
        sys.exit(f"import failed:\n{out.stdout}\n{out.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", out.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) / 1024, out.stdout.strip()


def psql(url, sql):
    sh("psql", url, "-qtAc", sql)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    sizes = [int(s) for s in os.environ.get("SIZES", "1000,10000,100000").split(",")]
    engines = os.environ.get("ENGINES", "sqlite").split(",")
    rounds = int(os.environ.get("ROUNDS", "3"))
    postgres = os.environ.get("POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    work = os.path.abspath(os.environ.get("WORK", os.path.join(HERE, "..", "target", "bench-import")))
    os.makedirs(work, exist_ok=True)
    commit = sh("git", "-C", HERE, "rev-parse", "--short", "HEAD").stdout.strip()
    lines = [f"# bench/import-scale.py {sys.argv[1]} ({commit}), sizes {sizes}, engines {engines}, {rounds} rounds",
             f"# {platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores; "
             f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]
    for line in lines:
        print(line, flush=True)
    summary = []
    for documents in sizes:
        path = generate(work, documents)
        size = os.path.getsize(path) / 2**20
        for engine in engines:
            runs = []
            for r in range(rounds):
                if engine == "sqlite":
                    database = os.path.join(work, f"import-{documents}-{r}.db")
                    for suffix in ("", "-wal", "-shm"):
                        if os.path.exists(database + suffix):
                            os.remove(database + suffix)
                else:
                    name = f"bench_import_{documents}_{r}"
                    psql(f"{postgres}/postgres", f"DROP DATABASE IF EXISTS {name}")
                    psql(f"{postgres}/postgres", f"CREATE DATABASE {name}")
                    database = f"{postgres}/{name}"
                seconds, rss, printed = timed_import(binary, database, path)
                if engine == "sqlite":
                    for suffix in ("", "-wal", "-shm"):
                        if os.path.exists(database + suffix):
                            os.remove(database + suffix)
                else:
                    psql(f"{postgres}/postgres", f"DROP DATABASE IF EXISTS {name}")
                runs.append((seconds, rss))
                line = (f"{engine:8} {documents:>9} documents ({size:,.0f} MiB) round {r}: {seconds:8.1f} s, "
                        f"{documents / seconds:9,.0f} documents/s, peak RSS {rss:7,.0f} MiB; {printed}")
                lines.append(line)
                print(line, flush=True)
            median = statistics.median(s for s, _ in runs)
            peak = statistics.median(m for _, m in runs)
            summary.append(f"{engine:8} {documents:>9} documents: median {median:8.1f} s, "
                           f"{documents / median:9,.0f} documents/s, peak RSS {peak:7,.0f} MiB")
    lines += summary
    for line in summary:
        print(line)
    name = os.environ.get("RESULT", f"import-{datetime.date.today().isoformat()}.txt")
    with open(os.path.join(HERE, "results", name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
