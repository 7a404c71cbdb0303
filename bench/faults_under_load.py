"""Issue 20 item 4: break one part of a running `make scaled` while bench/load.py loads it, and
say what the users saw (never asserted in a test; the behaviour of each fault is tested in
tests/operations/).

    PORTAL_COMPLAINT_RATE_LIMIT="100000 per hour" make scaled          # in one terminal
    .venv/bin/python bench/faults_under_load.py kill-workers           # or restart-postgres,
                                                                        # stop-redis, damage-index

- kill-workers: complaint intake only (`--only complaint --retry --receipts`) while one gunicorn
  worker is killed with SIGKILL every second for 30 s; then every reference shown on a receipt
  is looked up in the database (exactly once each), and the complaints stored during the run
  are counted (a complaint stored whose answer was lost with its worker has no receipt: the
  person's retry with the same form gets it).
- restart-postgres: the whole mix; PostgreSQL restarted 10 s in (pg_ctlcluster); a probe asks
  gunicorn's /healthz every 100 ms: the statuses seen, and how long after the restart returned
  the first healthy answer came.
- stop-redis: the whole mix; Redis shut down 10 s in and started again 15 s later (the command
  this machine's services are started with); the statuses seen.
- disk-full: complaint intake only, three photos each, against a `make scaled` whose
  PORTAL_UPLOAD_DIR is on a small tmpfs (`mount -t tmpfs -o size=4m tmpfs /mnt/tiny`, then
  `PORTAL_UPLOAD_DIR=/mnt/tiny/uploads make scaled`) that fills during the run; then every
  attachment stored during the run is checked against its file (there, same SHA-256) and every
  file against its row (no file without one).
- damage-index: the whole mix; the bytes of every file of the scaled instance's search index
  inverted 10 s in; the probe shows /healthz "degraded" and when the follower made it whole.

Contacts 127.0.0.1 only. Prints load.py's table, the probe's statuses by second, and the checks.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess  # nosec B404 # our own scripts and this machine's service commands, lists
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SCALED = ROOT / "instance" / "scaled"
GUNICORN = os.environ.get("SCALED_GUNICORN", "127.0.0.1:8001")
DATABASE = os.environ.get(
    "PORTAL_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/portal_scaled"
)
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


class Probe(threading.Thread):
    """GET /healthz on gunicorn every 100 ms; keeps (seconds since start, status, state)."""

    def __init__(self, started: float) -> None:
        super().__init__(daemon=True)
        self.started, self.seen, self.stop = started, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(f"http://{GUNICORN}/healthz", timeout=5) as answer:  # nosec B310 # asks 127.0.0.1 only, never another host
                    status, body = answer.status, answer.read()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
            except OSError:
                status, body = 0, b""
            try:
                state = json.loads(body).get("status", "?")
            except ValueError:
                state = "not json" if body else "no answer"
            self.seen.append((time.monotonic() - self.started, status, state))
            time.sleep(0.1)

    def by_second(self) -> str:
        rows: dict[int, Counter] = {}
        for moment, status, state in self.seen:
            rows.setdefault(int(moment), Counter())[f"{status} {state}"] += 1
        return "\n".join(f"  {s:3d} s: {dict(c)}" for s, c in sorted(rows.items()))

    def first_healthy_after(self, moment: float) -> float | None:
        return next((t - moment for t, s, state in self.seen if t > moment and s == 200 and state == "ok"), None)  # fmt: skip


def load(seconds: int, *extra: str) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "bench" / "load.py"), "--url", "https://127.0.0.1:8443",
               "--cafile", str(SCALED / "tls" / "localhost.pem"), "--seconds", str(seconds), *extra]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT)  # nosec B603 # our own script


def gunicorn_workers() -> list[int]:
    """The workers of the running gunicorn (setproctitle names them "gunicorn: worker")."""
    found = subprocess.run(  # nosec B603 B607 # pgrep from Debian, an argument list, no shell
        ["pgrep", "-f", "gunicorn: worker"], capture_output=True, text=True
    )
    return sorted(int(pid) for pid in found.stdout.split())


def kill_workers(threads: int) -> None:
    receipts = Path("/tmp/faults-receipts.txt")  # nosec B108 # a benchmark's scratch file
    engine = create_engine(DATABASE)
    with engine.connect() as connection:
        before = connection.scalar(text("SELECT count(*) FROM complaint"))
    runner = load(40, "--only", "complaint", "--retry", "--receipts", str(receipts), "--threads", str(threads))  # fmt: skip
    time.sleep(5)
    killed = 0
    for _ in range(30):
        workers = gunicorn_workers()
        if workers:
            os.kill(workers[killed % len(workers)], signal.SIGKILL)
            killed += 1
        time.sleep(1)
    runner.wait()
    lines = [line.strip() for line in receipts.read_text().splitlines() if line.strip()]
    shown = [line for line in lines if line != "?"]
    unread = len(lines) - len(shown)  # a receipt page lost twice with its worker
    with engine.connect() as connection:
        stored = connection.scalar(text("SELECT count(*) FROM complaint")) - before
        found = Counter(
            connection.scalars(
                text("SELECT reference FROM complaint WHERE reference = ANY(:refs)"),
                {"refs": shown},
            )
        )
    missing = [reference for reference in shown if found[reference] == 0]
    twice = [reference for reference, n in found.items() if n > 1]
    print(f"workers killed: {killed}; answers 303 to a receipt: {len(lines)}; receipts shown: "
          f"{len(shown)} ({len(set(shown))} distinct; {unread} receipt pages not read, even "
          f"again); complaints stored during the run: {stored}; receipts not in the database: "
          f"{len(missing)}; references stored more than once: {len(twice)}")  # fmt: skip


def disk_full(threads: int) -> None:
    uploads = Path(os.environ.get("PORTAL_UPLOAD_DIR", SCALED / "uploads"))
    receipts = Path("/tmp/faults-receipts.txt")  # nosec B108 # a benchmark's scratch file
    engine = create_engine(DATABASE)
    with engine.connect() as connection:
        since = connection.scalar(text("SELECT max(id) FROM complaint")) or 0
    files_before = {path.name for path in uploads.rglob("*") if path.is_file()}
    runner = load(30, "--only", "complaint", "--attach", "3", "--receipts", str(receipts), "--threads", str(threads))  # fmt: skip
    runner.wait()
    shown = {line.strip() for line in receipts.read_text().splitlines() if line.strip()}
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT reference, id FROM complaint WHERE id > :since"), {"since": since}).all())  # fmt: skip
        rows = connection.execute(
            text(
                "SELECT stored_name, sha256 FROM complaint_attachment WHERE complaint_id > :since"
            ),
            {"since": since},
        ).all()
    on_disk = {path.name: path for path in uploads.rglob("*") if path.is_file()}
    missing = [name for name, digest in rows if name not in on_disk
               or hashlib.sha256(on_disk[name].read_bytes()).hexdigest() != digest]  # fmt: skip
    orphans = set(on_disk) - files_before - {name for name, _digest in rows}
    print(f"complaints stored: {len(stored)}, receipts shown: {len(shown)}, receipts not stored: "
          f"{len(shown - set(stored))}, stored without a receipt: {len(set(stored) - shown)}; "
          f"attachments stored: {len(rows)}, without their file or with another one: "
          f"{len(missing)}; files without a row: {len(orphans)}")  # fmt: skip


def during_mix(threads: int, fault, repair=None, after: float = 15.0) -> None:
    started = time.monotonic()
    probe = Probe(started)
    probe.start()
    runner = load(45, "--threads", str(threads))
    time.sleep(10)
    fault()
    broken = time.monotonic() - started
    if repair is not None:
        time.sleep(after)
        repair()
    repaired = time.monotonic() - started
    runner.wait()
    deadline = time.monotonic() + 120  # the probe goes on (no load) until healthy, 2 min at most
    while probe.first_healthy_after(repaired) is None and time.monotonic() < deadline:
        time.sleep(0.5)
    probe.stop.set()
    probe.join()
    print(f"fault at {broken:.1f} s, over at {repaired:.1f} s; /healthz by second:")
    print(probe.by_second())
    back = probe.first_healthy_after(repaired)
    print(f"first healthy answer {back:.1f} s after the fault ended" if back is not None else "never healthy again")  # fmt: skip


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(  # nosec B603 B607 # this machine's pg_ctlcluster, an argument list, no shell
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def stop_redis() -> None:
    subprocess.run(  # nosec B603 B607 # this machine's redis-cli, an argument list, no shell
        ["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False
    )


def start_redis() -> None:
    subprocess.run(REDIS_START, check=True)  # nosec B603 B607 # this machine's own command


def damage_index() -> None:
    for path in (SCALED / "search-index").rglob("*"):
        if path.is_file() and path.stat().st_size:
            data = path.read_bytes()
            path.write_bytes(bytes(255 - b for b in data))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fault", choices=["kill-workers", "restart-postgres", "stop-redis", "damage-index", "disk-full"])  # fmt: skip
    parser.add_argument("--threads", type=int, default=8)
    options = parser.parse_args()
    if options.fault == "kill-workers":
        kill_workers(options.threads)
    elif options.fault == "disk-full":
        disk_full(options.threads)
    elif options.fault == "restart-postgres":
        during_mix(options.threads, restart_postgres, after=0.0)
    elif options.fault == "stop-redis":
        during_mix(options.threads, stop_redis, start_redis)
    else:
        during_mix(options.threads, damage_index, after=0.0)


if __name__ == "__main__":
    main()
