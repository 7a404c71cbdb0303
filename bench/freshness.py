"""How long a newly published disclosure takes to become searchable (issue 20 item 3: "a new
disclosure searchable on every replica within 2 s"). Never asserted in a test.

    PORTAL_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/portal_scaled \\
        .venv/bin/python bench/freshness.py --search http://127.0.0.1:8001 --times 10

Run beside a portal whose search follows the outbox (`make scaled`: gunicorn on 127.0.0.1:8001,
`flask search sync --follow`) with the same environment as it (the database URL and data key).
Each round publishes a correction of one office's service listing whose first title carries a
word that exists nowhere else, commits (the moment counted as "published"), then asks the
running portal's /search.json for that word every 20 ms until it is found. Prints each delay
and their median and maximum. Only 127.0.0.1 is ever contacted. Each correction is a real
revision (it stays in the database, as a correction with the reason "freshness benchmark").
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import string
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import select

# The portal's packages, not this folder's scripts (bench/search.py would shadow `search`).
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from app import create_app  # noqa: E402
from disclosures.models import DisclosureKind, Publication, PublicationStatus  # noqa: E402
from disclosures.publication import publish_items  # noqa: E402
from portal.database import database  # noqa: E402
from portal.models import Office  # noqa: E402


def unique_word() -> str:
    return "fresh" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def found(search: str, word: str) -> bool:
    query = urllib.parse.urlencode({"q": word})
    with urllib.request.urlopen(f"{search}/search.json?{query}", timeout=5) as response:  # nosec B310 # 127.0.0.1 only, checked
        return json.load(response).get("total", 0) > 0


def one_round(search: str, limit: float) -> float:
    db = database
    word = unique_word()
    latest = db.session.scalars(
        select(Publication)
        .where(
            Publication.kind == DisclosureKind.SERVICES,
            Publication.status == PublicationStatus.PUBLISHED,
        )
        .order_by(Publication.id.desc())
        .limit(1)
    ).one()
    items = [dict(item) for item in latest.content["items"]]
    items[0]["title"] = f"{items[0]['title'].split(' fresh')[0]} {word}"
    office = db.session.get(Office, latest.office_id)
    numbered = list(enumerate(items, start=1))
    publish_items(
        db.session, office, latest.kind, latest.year, numbered, None, "freshness benchmark"
    )
    db.session.commit()
    published = time.monotonic()
    while time.monotonic() - published < limit:
        if found(search, word):
            return time.monotonic() - published
        time.sleep(0.02)
    return float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--search", default="http://127.0.0.1:8001")
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--limit", type=float, default=30.0, help="seconds before giving up")
    options = parser.parse_args()
    if urllib.parse.urlsplit(options.search).hostname != "127.0.0.1":
        raise SystemExit("bench/freshness.py asks 127.0.0.1 only")
    delays = []
    with create_app().app_context():
        for n in range(1, min(options.times, 100) + 1):
            delay = one_round(options.search, options.limit)
            delays.append(delay)
            print(f"round {n}: searchable after {delay * 1000:.0f} ms", flush=True)
            time.sleep(0.5)
    print(
        f"{len(delays)} rounds: median {statistics.median(delays) * 1000:.0f} ms, "
        f"max {max(delays) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
