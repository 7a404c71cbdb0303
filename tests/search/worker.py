"""A process that writes offices and searches for them (run by test_processes.py)."""

from __future__ import annotations

import json
import sys


def main(config_json: str, prefix: str, count: int) -> int:
    from app import create_app
    from portal.database import database
    from portal.models import Government
    from search.engine import Filters
    from search.indexer import sync
    from search.query_language import parse_query
    from search.runtime import get_engine
    from search.store import WriterBusy
    from tests import factories

    app = create_app(json.loads(config_json))
    with app.app_context():
        db = database.session
        engine = get_engine(app)
        establishing = db.query(Government).filter_by(code="130623").one()
        host = db.query(Government).filter_by(code="220000").one()
        missing, busy = [], 0
        for number in range(count):
            name = f"{prefix}号办事处{number}"
            factories.make_office(db, f"{prefix}-{number}", establishing, host, name_zh=name)
            db.commit()
            try:
                with app.test_request_context("/search/_sync"):  # as the app's indexer does
                    sync(database.session, engine)
            except WriterBusy:
                busy += 1  # the other process held the lock too long: applied later
                continue
            page = engine.query(parse_query(f'"{name}"'), Filters(kind="office"))
            if name not in {hit.title_zh for hit in page.hits}:
                missing.append(name)
            db.rollback()
        database.session.remove()
        database.engine.dispose()
    print(json.dumps({"missing": missing, "busy": busy}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
