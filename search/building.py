"""A full rebuild's documents, read, built and segmented in worker processes feeding one writer.

The rebuild is cut into jobs: a kind and a range of its ids (`plan`). Each job is read, built
into Documents (search/kinds.py, unchanged) and segmented (`build_range`), giving `Ready`
values, which the writer only adds to the index. With one worker (tests, small builds) the
jobs run in the writer's own process, in order. With more, worker processes take the jobs from
one queue, each reading with its own database connection (its own app), and the writer puts
their answers back in the jobs' order, so both ways give the same index, document for document
(`tests/search/test_building.py`).

Every name the documents add to the user dictionary (`Document.names`) is read first, from the
kinds' `names` columns, and given to every worker before any text is segmented: each document
is segmented with the whole dictionary, whichever process builds it.

Workers are started with "spawn": the parent may run threads (the embedded indexer), and a forked
child could inherit a lock held by one of them. They ignore Ctrl-C: the writer stops them, and
`SearchEngine.rebuild` discards the half-built generation (the live index stays as it was).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle  # nosec B403 # only to test which config values a worker can be sent
import signal
import sys
import traceback
from collections.abc import Iterator
from queue import Empty
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal.database import database
from search import analysis
from search.documents import KINDS, Places, Ready, ready
from search.rows import read_plain

THRESHOLD = 50_000
"""A rebuild starts workers only for more rows than this. A worker costs about 5 s of CPU to
start (its own app, jieba's dictionary): the `small` demo (24,243 documents) took 16 s in one
process and 29 s with two workers on 2026-11-30 (a loaded 2-core machine), so it stays in one."""
CHUNK = 500
"""Ids per job."""
IN_FLIGHT = 3
"""Jobs queued ahead per worker: each always has work while the writer adds."""
WAIT_SECONDS = 300
"""A rebuild whose workers answer nothing for this long has failed (and is discarded)."""
READ_ONLY_PATH = "/search/_cli"
"""A GET request context: on SQLite, a worker's long read never takes the write lock."""

Job = tuple[str, int, int]
"""(kind, first id, last id)."""


def default_workers() -> int:
    """One worker per core, up to four (the writer mostly waits for them)."""
    return max(min((os.cpu_count() or 1), 4), 1)


def dictionary_names(db) -> list[str]:
    """Every name any document adds to the user dictionary, read from the kinds' columns."""
    words: list[str] = []
    for kind in KINDS.values():
        if kind.names:
            for row in db.execute(select(*kind.names)):
                words.extend(value for value in row if value)
    return words


def plan(db) -> tuple[list[Job], int]:
    """The jobs of a rebuild, in order (kind by kind, ids ascending), and how many rows."""
    size = CHUNK
    jobs: list[Job] = []
    rows = 0
    for kind in KINDS.values():
        ids = db.scalars(select(kind.model.id).order_by(kind.model.id)).all()
        rows += len(ids)
        jobs += [
            (kind.name, ids[start], ids[min(start + size, len(ids)) - 1])
            for start in range(0, len(ids), size)
        ]
    return jobs, rows


def build_range(db, places: Places, job: Job) -> list[Ready]:
    """The documents of one job, built and segmented (rows hidden from search left out)."""
    kind = KINDS[job[0]]
    model = kind.model
    if kind.plain is not None:
        rows = read_plain(
            db, model, kind.plain, job[1], job[2], places.cache.setdefault("rows", {})
        )
    else:
        statement = (
            select(model)
            .where(model.id >= job[1], model.id <= job[2])
            .order_by(model.id)
            .options(*kind.options)
        )
        rows = list(db.scalars(statement))
    if kind.prepare is not None:
        kind.prepare(db, rows, places)
    found = []
    for row in rows:
        document = kind.build(row, places)
        if document is not None:
            analysis.add_words(document.names)  # read already: adds nothing, kept for safety
            found.append(ready(document))
    return found


def _plain(value: Ready) -> tuple:
    """A Ready as a plain tuple (its tokens are plain already): a named tuple is rebuilt one by
    one when unpickled, which cost the writer more than the work it was spared (bench/README.md,
    13:40)."""
    return tuple(value)


def _work(factory, config, words, inbox, outbox) -> None:  # pragma: no cover - a worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        app = factory(config)
        analysis.add_words(words)
        with app.test_request_context(READ_ONLY_PATH):
            db = database.session
            places = Places(db)
            while (job := inbox.get()) is not None:
                number, *spec = job
                outbox.put((number, [_plain(v) for v in build_range(db, places, spec)], ""))
            db.rollback()
            database.session.remove()
            database.engine.dispose()
    except BaseException:
        outbox.put((-1, None, traceback.format_exc()))


class BuildingPool:
    """Worker processes taking jobs from one queue; their answers are given back in job order."""

    def __init__(self, workers: int, factory, config: dict, words: list[str]) -> None:
        context = multiprocessing.get_context("spawn")
        self.inbox = context.Queue()
        self.outbox = context.Queue()
        self.processes = [
            context.Process(
                target=_work,
                args=(factory, config, words, self.inbox, self.outbox),
                daemon=True,
                name="search-builder",
            )
            for _ in range(workers)
        ]
        for process in self.processes:
            process.start()

    def run(self, jobs: list[Job]) -> Iterator[Ready]:
        ahead = len(self.processes) * IN_FLIGHT
        sent = 0
        done: dict[int, list] = {}
        for number in range(len(jobs)):
            while sent < len(jobs) and sent < number + ahead:
                self.inbox.put((sent, *jobs[sent]))
                sent += 1
            while number not in done:
                got, values, _error = self._receive()
                done[got] = values
            for value in done.pop(number):
                yield Ready._make(value)

    def _receive(self) -> tuple[int, list, str]:
        waited = 0.0
        while True:
            try:
                got = self.outbox.get(timeout=1.0)
                break
            except Empty:
                waited += 1.0
                failed = [p.exitcode for p in self.processes if p.exitcode not in (None, 0)]
                if failed or waited > WAIT_SECONDS:
                    raise RuntimeError(f"a search build worker stopped (exit {failed})") from None
        if got[1] is None:
            raise RuntimeError(f"a search build worker failed:\n{got[2]}")
        return got

    def close(self, finished: bool) -> None:
        """Stop the workers: asked to when every job was answered, terminated otherwise."""
        if finished:
            for _process in self.processes:
                self.inbox.put(None)
        for process in self.processes:
            if finished:
                process.join(timeout=10)
            if process.is_alive():
                process.terminate()
            process.join(timeout=10)
        for queue in (self.inbox, self.outbox):
            if not finished:
                queue.cancel_join_thread()
            queue.close()


def _worker_app() -> tuple[Any, dict] | None:
    """The app factory and configuration a worker builds its own app from (None when a worker
    cannot reach this process's database: an in-memory SQLite)."""
    url = database.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    factory = getattr(sys.modules.get(current_app.import_name), "create_app", None)
    if factory is None:
        return None
    config = {}
    for key, value in current_app.config.items():
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001, S112 # nosec B112 # a value a worker cannot receive is left out
            continue
        config[key] = value
    config["SEARCH_SYNC"] = "external"  # a worker never starts the background indexer
    return factory, config


def processes_for(rows: int, workers: int) -> int:
    """How many processes a rebuild of `rows` rows uses: the workers asked for when it is large
    enough to repay their start-up, else one."""
    return workers if workers > 1 and rows > THRESHOLD else 1


def ready_documents(db, jobs: list[Job], workers: int) -> Iterator[Ready]:
    """The documents of `jobs`, ready to add, in order; built by `workers` processes when
    there are several and they can reach the database, else in this process."""
    words = dictionary_names(db)
    analysis.add_words(words)
    spec = _worker_app() if workers > 1 else None
    if spec is None:
        places = Places(db)
        for job in jobs:
            yield from build_range(db, places, job)
        return
    db.rollback()  # the workers read; this process holds no transaction meanwhile
    pool = BuildingPool(workers, *spec, analysis.dictionary_words())
    finished = False
    try:
        yield from pool.run(jobs)
        finished = True
    finally:
        pool.close(finished)


def cpu_seconds() -> float:
    """This process's CPU time and its finished children's (for a rebuild's report)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
