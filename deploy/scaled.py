"""`make scaled`: the scaled mode's topology on this one machine, for trying it.

PostgreSQL and Redis as this machine runs them (127.0.0.1), gunicorn with 4 workers, the search
follower, the periodic jobs and Debian's nginx (TLS with a self-signed certificate made here,
under instance/scaled/, never committed) on a local port. Ctrl-C stops all of it; so does any
one of the processes ending. Every setting can be overridden by its environment variable.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess  # nosec B404 # starts the portal's own commands and nginx, argument lists
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from deploy.nginx_conf import APP_DIR, local_trial, nginx_command

INSTANCE = APP_DIR / "instance" / "scaled"
BIN = Path(sys.executable).parent
HTTPS_PORT = int(os.environ.get("SCALED_HTTPS_PORT", "8443"))
HTTP_PORT = int(os.environ.get("SCALED_HTTP_PORT", "8080"))
GUNICORN = os.environ.get("SCALED_GUNICORN", "127.0.0.1:8001")

DEFAULTS = {
    "PORTAL_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/portal_scaled",
    "PORTAL_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/3",
    "PORTAL_SEARCH_ENGINE": "tantivy",
    "PORTAL_SEARCH_SYNC": "external",
    "PORTAL_SEARCH_INDEX_DIR": str(INSTANCE / "search-index"),
    "PORTAL_UPLOAD_DIR": str(INSTANCE / "uploads"),
    "PORTAL_PROXY_COUNT": "1",
    # Mail goes out from the jobs process (every minute), as in deploy/portal.env.example.
    "PORTAL_COMPLAINT_DELIVER_AFTER_REQUEST": "false",
    "PORTAL_PUBLIC_URL": f"https://127.0.0.1:{HTTPS_PORT}",  # nginx redirects port 80 here
    "PORTAL_BIND": GUNICORN,
    "PORTAL_DEMO": "true",
    "WEB_CONCURRENCY": "4",
    "FLASK_APP": "app:create_app",
}


def environment() -> dict[str, str]:
    return {**DEFAULTS, **os.environ}


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database when it does not exist yet (never drops anything)."""
    target = make_url(url)
    if not target.drivername.startswith("postgresql"):
        return
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
            print(f"scaled: created the database {target.database}")
    engine.dispose()


def flask(*arguments: str, env: dict[str, str]) -> None:
    command = [str(BIN / "flask"), *arguments]
    subprocess.run(command, cwd=APP_DIR, env=env, check=True)  # nosec B603 # our venv's flask


def prepare(env: dict[str, str]) -> None:
    ensure_database(env["PORTAL_DATABASE_URL"])
    flask("db", "upgrade", "heads", env=env)
    if os.environ.get("SCALED_DEMO", "true") != "false":  # false: a database of your own
        flask("demo", "load", "--scale", os.environ.get("DEMO_SCALE", "small"), env=env)
    flask("search", "rebuild", env=env)


def start(env: dict[str, str]) -> dict[str, subprocess.Popen]:
    if shutil.which("nginx") is None:
        sys.exit("scaled: nginx is not installed: apt-get install -y nginx")
    conf, _certificate = local_trial(INSTANCE, GUNICORN, HTTP_PORT, HTTPS_PORT)
    commands = {
        "web": [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
        "search": [str(BIN / "flask"), "search", "sync", "--follow"],
        "jobs": [str(BIN / "flask"), "jobs", "run"],
        "nginx": nginx_command(conf),
    }
    return {
        name: subprocess.Popen(command, cwd=APP_DIR, env=env)  # nosec B603 # fixed lists above
        for name, command in commands.items()
    }


def stop(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(
                signal.SIGINT if process.args[-2:] == ["jobs", "run"] else signal.SIGTERM
            )
    for name, process in processes.items():
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            print(f"scaled: {name} did not stop in 30 s; killed", file=sys.stderr)
            process.kill()


def _interrupt(*_arguments) -> None:
    raise KeyboardInterrupt


def main() -> None:
    env = environment()
    INSTANCE.mkdir(parents=True, exist_ok=True)
    prepare(env)
    processes = start(env)
    print(
        f"scaled: https://127.0.0.1:{HTTPS_PORT}/ (self-signed certificate "
        f"{INSTANCE / 'tls' / 'localhost.pem'}); Ctrl-C stops everything",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        ended = [name for name, process in processes.items() if process.poll() is not None]
        print(f"scaled: {', '.join(ended)} ended; stopping the rest", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        stop(processes)


if __name__ == "__main__":
    main()
