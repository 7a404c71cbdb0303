"""Pages per second of the portal beside a hello-world Flask app, in one run (issue 14's table).

Both apps run under the same gunicorn (sync workers, `--workers`, default 2) from the same
virtual environment; wrk loads each address with `--connections` keep-alive connections for
`--seconds` seconds (default 8 and 8) after a short warm-up, one address at a time. The ratio of
each page to hello-world's requests per second is what the targets are stated in.

    .venv/bin/python bench/pages.py --database sqlite:////abs/path/full.sqlite3
    .venv/bin/python bench/pages.py --database … --postgresql postgresql+psycopg://… --write

The database must hold a loaded demo (`flask demo load --scale full`, which also fills the
findings table; `flask compliance rebuild` after an upgrade). `--postgresql URL` measures the
portal's pages a second time on PostgreSQL (`--pg-workers`, default 4: the scaled mode).
`--write` appends the tables, with the date and the machine's load, to bench/README.md.
Never run it beside other work: the figures are only worth something on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"

HELLO = """from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
"""

TARGETS = {
    "/offices/<slug>": (0.15, None),
    "/offices/": (0.15, None),
    "/providers/": (0.15, None),
    "/offices/<slug>/disclosures": (0.15, None),
    "/": (0.2, 100.0),
    "/reports/summary": (0.2, 100.0),
    "/offices/<slug> (304)": (0.5, None),
}
"""page → (least ratio to hello-world, greatest p99 in ms or None): the issue's targets."""


@dataclass
class Measure:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(target: str, port: int, workers: int, cwd: Path, env: dict) -> subprocess.Popen:
    # An empty configuration file: the repository's gunicorn.conf.py (access log on standard
    # output) would otherwise apply to the portal alone.
    config = Path(tempfile.gettempdir()) / "bench-pages-gunicorn.conf.py"
    config.write_text("")
    command = [sys.executable, "-m", "gunicorn", "--config", str(config)]
    command += ["--workers", str(workers)]
    command += ["--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return subprocess.Popen([*command, target], cwd=cwd, env=env)


def wait_for(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url: str, seconds: float, connections: int, headers: list[str]) -> Measure:
    command = ["wrk", "--threads", "2", "--connections", str(connections)]
    command += ["--duration", f"{seconds:g}s", "--latency"]
    for header in headers:
        command += ["--header", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(n) for n in socket_errors.groups())
    return Measure("", rate, p50, p99, count)


def measure(base: str, path: str, label: str, args, headers: list[str] | None = None) -> Measure:
    headers = headers or []
    run_wrk(base + path, min(2.0, args.seconds), args.connections, headers)  # warm-up
    result = run_wrk(base + path, args.seconds, args.connections, headers)
    result.label = label
    print(f"  {label:<32} {result.requests_per_second:>9,.0f}/s  p99 {result.p99_ms:>8.1f} ms")
    return result


def demo_addresses(database: str) -> dict[str, str]:
    """An operating office with published disclosures (the office and disclosures pages)."""
    os.environ.setdefault("PORTAL_SEARCH_SYNC", "external")
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import exists, func, select

    from app import create_app
    from disclosures.models import Publication
    from portal.database import database as extension
    from portal.findings_models import FindingState
    from portal.models import Office, OfficeStatus

    app = create_app({"DATABASE_URL": database, "COMPLIANCE_SYNC": "external"})
    with app.app_context():
        db = extension.session
        if not db.scalar(select(FindingState.evaluated_on)):
            print("warning: the findings table was never filled: run `flask compliance rebuild`")
        published = exists().where(Publication.office_id == Office.id)
        slug = db.scalar(
            select(Office.slug)
            .where(Office.status == OfficeStatus.OPERATING, published)
            .order_by(Office.id)
            .offset(100)
        ) or db.scalar(select(Office.slug).order_by(Office.id))
        offices = db.scalar(select(func.count()).select_from(Office))
        extension.session.remove()
        extension.engine.dispose()
    if slug is None:
        raise SystemExit("The database holds no office: load the demo first.")
    print(f"{offices} offices; the office page measured: {slug}")
    return {"slug": slug}


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        etag = response.headers.get("ETag")
    if not etag:
        raise SystemExit(f"{url} has no ETag: is it an anonymous public page?")
    request = urllib.request.Request(url, headers={"If-None-Match": etag})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as answer:
        if answer.code == 304:
            return etag
        raise
    raise SystemExit(f"{url} did not answer 304 to its own ETag")


def portal_pages(base: str, slug: str, args) -> list[Measure]:
    pages = [
        ("/healthz", "/healthz"),
        ("/", "/"),
        ("/offices/", "/offices/"),
        (f"/offices/{slug}", "/offices/<slug>"),
        (f"/offices/{slug}/disclosures", "/offices/<slug>/disclosures"),
        ("/providers/", "/providers/"),
        ("/complaints/new", "/complaints/new"),
        ("/reports/summary", "/reports/summary"),
    ]
    results = [measure(base, path, label, args) for path, label in pages]
    etag = etag_of(f"{base}/offices/{slug}")
    header = [f"If-None-Match: {etag}"]
    results.append(measure(base, f"/offices/{slug}", "/offices/<slug> (304)", args, header))
    return results


def serve_and_measure(database: str, workers: int, slug: str, args) -> tuple[Measure, list]:
    """hello-world, then the portal, each under gunicorn with `workers` sync workers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    portal_env = {
        **env,
        "PORTAL_DATABASE_URL": database,
        "PORTAL_SEARCH_SYNC": "external",
        "PORTAL_COMPLIANCE_SYNC": "embedded",
        # One release for both workers, whatever happens to the files while they start.
        "PORTAL_RELEASE": "bench",
    }
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "hello_app.py").write_text(HELLO)
        port = free_port()
        server = start_gunicorn("hello_app:app", port, workers, Path(folder), env)
        try:
            wait_for(f"http://127.0.0.1:{port}/")
            print(f"hello-world, {workers} sync workers:")
            hello = measure(f"http://127.0.0.1:{port}", "/", "hello-world", args)
        finally:
            stop(server)
    port = free_port()
    server = start_gunicorn("app:create_app()", port, workers, ROOT, portal_env)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        print(f"portal ({database.split(':')[0]}), {workers} sync workers:")
        pages = portal_pages(f"http://127.0.0.1:{port}", slug, args)
    finally:
        stop(server)
    return hello, pages


def verdict(measure_: Measure, ratio: float) -> str:
    target = TARGETS.get(measure_.label)
    if target is None:
        return ""
    least, p99 = target
    wanted = f"≥ {least:g}" + (f", p99 < {p99:g} ms" if p99 else "")
    met = ratio >= least and (p99 is None or measure_.p99_ms < p99)
    return f"{wanted}: {'met' if met else 'MISSED'}"


def table(title: str, hello: Measure, pages: list[Measure]) -> str:
    lines = [
        f"#### {title}",
        "",
        "| page | requests/s | p50 | p99 | ratio to hello-world | errors | target |",
        "|---|---|---|---|---|---|---|",
        f"| hello-world | {hello.requests_per_second:,.0f} | {hello.p50_ms:.1f} ms "
        f"| {hello.p99_ms:.1f} ms | 1 | {hello.errors} | |",
    ]
    for page in pages:
        ratio = page.requests_per_second / hello.requests_per_second
        lines.append(
            f"| `{page.label}` | {page.requests_per_second:,.0f} | {page.p50_ms:.1f} ms "
            f"| {page.p99_ms:.1f} ms | {ratio:.3f} | {page.errors} | {verdict(page, ratio)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of the demo database")
    parser.add_argument("--postgresql", help="also measure on this PostgreSQL URL")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg-workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="append the tables to README.md")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    slug = demo_addresses(args.database)["slug"]
    runs = [(f"SQLite, {args.workers} sync workers", args.database, args.workers)]
    if args.postgresql:
        runs.append(
            (f"PostgreSQL, {args.pg_workers} sync workers", args.postgresql, args.pg_workers)
        )
    tables = []
    for title, database, workers in runs:
        if database != args.database:
            slug = demo_addresses(database)["slug"]
        hello, pages = serve_and_measure(database, workers, slug, args)
        tables.append(table(title, hello, pages))
    load_after = os.getloadavg()
    header = (
        f"### Pages: {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}; load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; wrk {args.connections} "
        f"connections, {args.seconds:g} s per page"
    )
    report = "\n\n".join([header, *tables]) + "\n"
    print()
    print(report)
    if args.write:
        with README.open("a", encoding="utf-8") as handle:
            handle.write("\n" + report)


if __name__ == "__main__":
    main()
