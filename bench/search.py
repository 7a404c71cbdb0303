"""Search benchmark (run by hand, never in tests): Whoosh, tantivy and a SQLite FTS5 peer.

    .venv/bin/python bench/search.py --database sqlite:////tmp/search_bench.sqlite3 \
        --index-dir /tmp/search_bench_index [--generate 220000] [--serve] [--built]

Reads every document from the database (the `full` demo) once, or generates an equivalent
corpus with --generate N. For each engine, in its own process (so peak memory is its own):
build time (segmentation included), index size, peak RSS, then the latency (p50, p95, max)
of the same >= 200 distinct queries, each run once, cold (single term, two terms, phrase,
Chinese, provider name, credit code; each with and without a province filter; all with facet
counts), then of the same queries sorted and filtered (newest, oldest, amount, date and amount
ranges, a rule, over the standard: `sorted_and_filtered`). With --built, Whoosh and tantivy
time the indexes `flask search rebuild` left in --index-dir (its own output gives the build
figures), instead of building their own in one process. With --serve, gunicorn (2 workers) serves each engine's index on 127.0.0.1 and a
bounded local load test measures search pages per second. Prints one JSON summary.
The corpus and the query set come from `bench/search_corpus.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

# A sibling module, found because Python puts this script's directory on sys.path.
from search_corpus import generate_documents, load_documents, make_queries, refine, url_args

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(p / 100 * (len(ordered) - 1))), len(ordered) - 1)]


def summary(latencies: list[float]) -> dict:
    ms = [v * 1000 for v in latencies]
    return {
        "queries": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
    }


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# -- engines -------------------------------------------------------------------------------
def run_engine(
    name: str, documents: list, queries: list, index_dir: Path, built: bool = False
) -> dict:
    from search import analysis
    from search.engine import Filters
    from search.query_language import QueryError, parse_query
    from search.runtime import make_engine

    engine = make_engine(name, str(index_dir))
    for document in documents:
        analysis.add_words(document.names)
    if built:  # the index `flask search rebuild` made (its own figures are its own output)
        count, build, build_cpu = len(documents), None, None
    else:
        shutil.rmtree(engine.root, ignore_errors=True)
        started, started_cpu = time.monotonic(), time.process_time()
        count = engine.rebuild(iter(documents), 0)
        build, build_cpu = time.monotonic() - started, time.process_time() - started_cpu
    # Opening the generation (Whoosh builds its per-segment arrays then) is timed on its own:
    # a server does it once, at its first search, not once per query.
    started = time.monotonic()
    engine.store.reader(engine)
    opened = time.monotonic() - started
    latencies, cpu, totals = [], [], []
    for text, province in queries:
        try:
            parsed = parse_query(text)
        except QueryError:
            continue
        started, started_cpu = time.monotonic(), time.process_time()
        page = engine.query(parsed, Filters(host=province), 1, 20)
        latencies.append(time.monotonic() - started)
        cpu.append(time.process_time() - started_cpu)
        totals.append(page.total)
    refined, refined_cpu = [], []
    for text, refinement in refine(queries):
        try:
            parsed = parse_query(text)
        except QueryError:
            continue
        sort = refinement.get("sort", "relevance")
        filters = Filters(**{k: v for k, v in refinement.items() if k != "sort"})
        started, started_cpu = time.monotonic(), time.process_time()
        engine.query(parsed, filters, 1, 20, sort)
        refined.append(time.monotonic() - started)
        refined_cpu.append(time.process_time() - started_cpu)
    return {
        "engine": name,
        "documents": count,
        "build_s": build and round(build, 1),
        "build_cpu_s": build_cpu and round(build_cpu, 1),
        "open_s": round(opened, 2),
        "index_bytes": dir_size(engine.store.current_path()),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "latency": summary(latencies),
        "cpu": summary(cpu),
        "mean_hits": round(sum(totals) / max(len(totals), 1)),
        "sorted_and_filtered": {"latency": summary(refined), "cpu": summary(refined_cpu)},
    }


def run_fts5(documents: list, queries: list, index_dir: Path) -> dict:
    """The peer a careful engineer would build: FTS5 over the same segmented text."""
    import sqlite3

    from search.analysis import index_tokens, phrase_terms, query_terms

    path = index_dir / "fts5.sqlite3"
    index_dir.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(text, host, year, kind UNINDEXED, "
        "est UNINDEXED, title UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')"
    )
    started = time.monotonic()
    rows = []
    for document in documents:
        units: dict[int, str] = {}
        for token in index_tokens(document.text):
            units[token.position] = token.text  # the finest unit at each position
        text = " ".join(units[p] for p in sorted(units))
        rows.append(
            (
                text,
                document.host or "-",
                document.year or "-",
                document.kind,
                document.est or "-",
                document.title_zh,
            )
        )
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    connection.commit()
    build = time.monotonic() - started
    latencies, cpu = [], []

    def fts_query(text: str, province: str | None) -> str:
        parts = []
        for piece in text.split():
            if piece.startswith('"'):
                terms = phrase_terms(piece.strip('"'))
                parts.append('"' + " ".join(terms).replace('"', "") + '"')
            else:
                fine = []
                for word in query_terms(piece):
                    fine.append('"' + " ".join(phrase_terms(word)).replace('"', "") + '"')
                parts.extend(fine)
        match = "text: (" + " AND ".join(parts) + ")" if parts else 'text: "x"'
        return match + (f' AND host: "{province}"' if province else "")

    for text, province in queries:
        match = fts_query(text, province)
        started, started_cpu = time.monotonic(), time.process_time()
        connection.execute(
            "SELECT rowid, title, bm25(docs, 1.0, 0.0, 0.0) AS score FROM docs "
            "WHERE docs MATCH ? ORDER BY score LIMIT 20",
            (match,),
        ).fetchall()
        for column in ("kind", "host", "est", "year"):
            connection.execute(
                f"SELECT {column}, count(*) FROM docs WHERE docs MATCH ? GROUP BY {column}",  # noqa: S608
                (match,),
            ).fetchall()
        latencies.append(time.monotonic() - started)
        cpu.append(time.process_time() - started_cpu)
    connection.close()
    return {
        "engine": "fts5",
        "documents": len(rows),
        "build_s": round(build, 1),
        "index_bytes": path.stat().st_size,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "latency": summary(latencies),
        "cpu": summary(cpu),
    }


def child(args) -> None:
    documents = (
        generate_documents(args.generate) if args.generate else load_documents(args.database)
    )
    queries = make_queries(documents)
    index_dir = Path(args.index_dir)
    if args.only == "fts5":
        result = run_fts5(documents, queries, index_dir)
    else:
        result = run_engine(args.only, documents, queries, index_dir, args.built)
    result["distinct_queries"] = len(queries)
    print(json.dumps(result))


# -- pages per second under gunicorn ----------------------------------------------------------
def load_test(port: int, paths: list[str], seconds: float, clients: int) -> dict:
    import http.client
    import threading

    done, errors, latencies = [0], [0], []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = offset
        while time.monotonic() < deadline:
            started = time.monotonic()
            connection.request("GET", paths[n % len(paths)])
            response = connection.getresponse()
            response.read()
            with lock:
                latencies.append(time.monotonic() - started)
                if response.status == 200:
                    done[0] += 1
                else:
                    errors[0] += 1
            n += clients
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "pages_per_s": round(done[0] / elapsed, 1),
        "ok": done[0],
        "errors": errors[0],
        "clients": clients,
        "seconds": round(elapsed, 1),
        **summary(latencies),
    }


def serve(args, engine: str, port: int, paths: list[str]) -> dict:
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": args.database,
        "PORTAL_SEARCH_ENGINE": engine,
        "PORTAL_SEARCH_INDEX_DIR": args.index_dir,
        "PORTAL_SEARCH_SYNC": "external",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(4)
        load_test(port, paths[:20], 3, 2)  # warm the workers (open searchers, jieba)
        return {"engine": engine, **load_test(port, paths, args.seconds, args.clients)}
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite:////tmp/search_bench.sqlite3")
    parser.add_argument("--index-dir", default="/tmp/search_bench_index")
    parser.add_argument("--generate", type=int, default=0)
    parser.add_argument("--engines", default="whoosh,tantivy,fts5")
    parser.add_argument("--only", help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--serve-engines", default="whoosh,tantivy")
    parser.add_argument("--no-build", action="store_true", help="serve indexes built earlier")
    parser.add_argument(
        "--built",
        action="store_true",
        help="time queries on the indexes in --index-dir that `flask search rebuild` built",
    )
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    if args.only:
        child(args)
        return
    results = []
    for engine in [] if args.no_build else args.engines.split(","):
        command = [
            sys.executable,
            __file__,
            "--only",
            engine,
            "--database",
            args.database,
            "--index-dir",
            args.index_dir,
            "--generate",
            str(args.generate),
            *(["--built"] if args.built else []),
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    report = {"corpus": "generated" if args.generate else args.database, "engines": results}
    if args.serve and not args.generate:
        documents = load_documents(args.database)
        from urllib.parse import urlencode

        queries = make_queries(documents)
        paths = [
            "/search?" + urlencode({"q": q, **({"province": p} if p else {})}) for q, p in queries
        ]
        paths += ["/search?" + urlencode({"q": q, **url_args(r)}) for q, r in refine(queries)]
        report["gunicorn"] = [
            serve(args, engine, 5116 + n, paths)
            for n, engine in enumerate(args.serve_engines.split(","))
        ]
    whoosh = next((r for r in results if r["engine"] == "whoosh"), None)
    fts5 = next((r for r in results if r["engine"] == "fts5"), None)
    if whoosh and fts5:
        for measure in ("latency", "cpu"):
            report[f"whoosh_over_fts5_p95_{measure}"] = round(
                whoosh[measure]["p95_ms"] / max(fts5[measure]["p95_ms"], 0.01), 1
            )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
