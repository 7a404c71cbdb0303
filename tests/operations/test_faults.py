"""Faults (issue 20 item 4), as tests: the database out of reach, Redis stopped, the disk full.

The search index deleted or corrupt is tests/search/test_faults.py; truncated or with flipped
bytes, repaired by the follower, is test_index_damage.py beside this file.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import create_engine, func, select, text

from app import create_app
from complaints.models import Complaint
from complaints.receipts import new_nonce
from portal.database import database
from tests.conftest import POSTGRES_URL, USE_POSTGRES, base_config, stop_background_work


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@pytest.fixture
def own_app():
    """own_app(config) -> a second app of the test's own; its connections closed afterwards."""
    made = []

    def make(config):
        made.append(create_app(config))
        return made[-1]

    yield make
    for app in made:
        stop_background_work(app)
        with app.app_context():
            database.session.remove()
            database.engine.dispose()


PAGES = ["/", "/offices/", "/complaints/new", "/providers/"]


def test_the_database_out_of_reach_gives_a_503_in_the_pages_language(tmp_path, own_app):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/nowhere"
    app = own_app({**base_config(tmp_path), "DATABASE_URL": url, "TESTING": False})
    client = app.test_client()
    for path in PAGES:
        chinese, english = client.get(f"{path}?lang=zh"), client.get(f"{path}?lang=en")
        assert (chinese.status_code, english.status_code) == (503, 503), path
        assert "暂时无法连接数据库" in chinese.text and "Traceback" not in chinese.text
        assert "The database cannot be reached just now" in english.text
        assert english.headers["Retry-After"] == "10"
    api = client.get("/api/v1/offices")
    assert api.status_code == 503 and api.get_json()["status"] == 503
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "unavailable"
    assert "127.0.0.1" not in health.text  # a public check names no host or port of the database


@pytest.mark.skipif(not USE_POSTGRES, reason="cutting connections is a PostgreSQL fault")
def test_connections_cut_by_the_server_recover_on_their_own(client, db, registry):
    """pg_terminate_backend on this test's own database (never the server: others use it)."""
    assert client.get("/offices/").status_code == 200
    db.rollback()
    killer = create_engine(POSTGRES_URL)
    with killer.connect() as connection:
        cut = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    killer.dispose()
    assert cut >= 1
    statuses = [client.get(f"/offices/?n={n}").status_code for n in range(3)]
    assert set(statuses) <= {200, 503} and statuses[-1] == 200, statuses


def test_with_redis_stopped_the_rate_limits_fall_back_to_each_worker(app_config, own_app):
    """Chosen: in-memory per worker (README, "The scaled mode"), never a 500 and never open."""
    app = own_app(
        {
            **app_config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{closed_port()}/0",
            "API_RATE_LIMIT": "3 per minute",
        }
    )
    client = app.test_client()
    statuses = [client.get(f"/api/v1/offices?n={n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
def test_the_limits_go_back_to_redis_when_it_returns(app_config, tmp_path, own_app):
    port = closed_port()
    app = own_app(
        {
            **app_config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{port}/0",
            "API_RATE_LIMIT": "100 per minute",
        }
    )
    client = app.test_client()
    assert client.get("/api/v1/offices?n=0").status_code == 200  # Redis down: in memory
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        import redis

        store = redis.Redis(port=port)
        for _ in range(100):
            try:
                store.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        keys: list = []
        for n in range(1, 60):  # the limiter checks the storage again every few seconds
            assert client.get(f"/api/v1/offices?n={n}").status_code == 200
            keys = store.keys("*")
            if keys:
                break
            time.sleep(0.2)
        assert keys, "the limiter never went back to Redis"
    finally:
        server.terminate()
        server.wait(10)


def noise_png(side: int) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs for the uploads (needs the right to mount, as root in CI has)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture
def app_config(app_config, request):
    if "tiny_disk" in request.fixturenames:
        folder = request.getfixturevalue("tiny_disk")
        return {**app_config, "UPLOAD_DIR": str(folder / "uploads")}
    return app_config


def file_with_three_photos(client):
    return client.post(
        "/complaints/new?lang=en",
        data={
            "nonce": new_nonce(),
            "office": "laishui-in-shijiazhuang",
            "category": "reception_over_standard",
            "body": "Dinner for twelve guests at the Grand Hotel with three work meals a day.",
            "occurred_where": "Shijiazhuang",
            "attachments": [(io.BytesIO(noise_png(96)), f"photo{n}.png") for n in range(3)],
        },
        content_type="multipart/form-data",
    )


def fill(disk: Path) -> None:
    (disk / "uploads").mkdir()
    (disk / "filler").write_bytes(b"\0" * (256 * 1024 - 40 * 1024))  # 40 KiB left: one photo


def test_the_disk_full_for_uploads_gives_a_clear_message_and_no_complaint(
    tiny_disk, client, db, registry
):
    fill(tiny_disk)
    before = db.scalar(select(func.count()).select_from(Complaint))
    db.rollback()
    response = file_with_three_photos(client)
    assert response.status_code == 507
    assert "no room to store your files just now. Nothing was saved" in response.text
    assert "Traceback" not in response.text
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Complaint)) == before


def test_the_disk_full_for_uploads_leaves_no_file_behind(tiny_disk, client, registry):
    fill(tiny_disk)
    assert file_with_three_photos(client).status_code == 507
    assert [path.name for path in (tiny_disk / "uploads").rglob("*") if path.is_file()] == []
