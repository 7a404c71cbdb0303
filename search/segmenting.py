"""A full rebuild's segmentation spread over worker processes feeding the one writer.

jieba costs about 1 ms of CPU per document, in the process that also reads the database,
builds the documents and (with Whoosh) writes the index in pure Python. `segmented` hands the
texts of a rebuild to worker processes in chunks, in turn, and gives each document back to the
writer with its tokens (`Document.segmented`), in the original order; the engines then skip
their own segmentation. Small builds (tests, a sync) never start a worker.

The user dictionary grows while a rebuild reads names: each chunk carries the words added since
its worker's previous chunk (`analysis.words_added_since`), so every document is segmented with
at least the words a single process would have had (its own names and all earlier ones).
Workers are started with "spawn": the parent may run threads (the embedded indexer), and a
forked child could inherit a lock held by one of them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from queue import Empty

from search import analysis
from search.documents import Document

THRESHOLD = 2000
"""A rebuild starts its workers only after this many documents (below, one process is faster)."""
CHUNK = 250
IN_FLIGHT = 2
"""Chunks queued ahead per worker: each always has work while the parent writes."""
WAIT_SECONDS = 120
"""A worker that answers nothing for this long has failed: the rebuild stops (and is discarded)."""


def default_workers() -> int:
    """One worker per core beyond the writer's, at least two when there are two cores."""
    return max(min((os.cpu_count() or 1), 4), 1)


def _work(inbox, outbox) -> None:  # pragma: no cover - runs in the worker process
    analysis.tokenizer()
    while True:
        job = inbox.get()
        if job is None:
            return
        words, texts = job
        analysis.add_words(words)
        results = []
        for text in texts:
            tokens = analysis.index_tokens(text)
            # plain tuples: a named tuple is rebuilt one by one when unpickled, which cost the
            # writer more than the segmenting saved (a quarter of its time on the full demo)
            results.append(([tuple(token) for token in tokens], analysis.index_pairs(text, tokens)))
        outbox.put(results)


class SegmentingPool:
    """Worker processes, each with its own inbox and outbox, used in turn (order is kept)."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.inboxes = [context.Queue() for _ in range(workers)]
        self.outboxes = [context.Queue() for _ in range(workers)]
        self.known = [0] * workers
        self.processes = [
            context.Process(target=_work, args=(inbox, outbox), daemon=True, name="segmenter")
            for inbox, outbox in zip(self.inboxes, self.outboxes, strict=True)
        ]
        for process in self.processes:
            process.start()

    def run(self, documents: Iterator[Document]) -> Iterator[Document]:
        pending: deque[tuple[int, list[Document]]] = deque()
        turn = 0
        while chunk := list(islice(documents, CHUNK)):
            worker = turn % len(self.processes)
            words = analysis.words_added_since(self.known[worker])
            self.known[worker] += len(words)
            self.inboxes[worker].put((words, [document.text for document in chunk]))
            pending.append((worker, chunk))
            turn += 1
            while len(pending) >= len(self.processes) * IN_FLIGHT:
                yield from self._receive(*pending.popleft())
        while pending:
            yield from self._receive(*pending.popleft())

    def _receive(self, worker: int, chunk: list[Document]) -> Iterator[Document]:
        try:
            results = self.outboxes[worker].get(timeout=WAIT_SECONDS)
        except Empty:
            raise RuntimeError("a segmenting worker stopped answering") from None
        for document, segmented in zip(chunk, results, strict=True):
            document.segmented = segmented
            yield document

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
        for queue in (*self.inboxes, *self.outboxes):
            queue.close()
            queue.join_thread()


def segmented(documents: Iterable[Document], workers: int) -> Iterator[Document]:
    """The documents in order, those after the first THRESHOLD segmented by `workers`
    processes (none when `workers` < 2 or the build is small)."""
    source = iter(documents)
    yield from islice(source, THRESHOLD)
    if workers < 2:
        yield from source
        return
    first = next(source, None)
    if first is None:
        return
    pool = SegmentingPool(workers)
    try:
        yield from pool.run(_chain(first, source))
    finally:
        pool.close()


def _chain(first: Document, rest: Iterator[Document]) -> Iterator[Document]:
    yield first
    yield from rest
