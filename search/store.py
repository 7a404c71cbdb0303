"""Index directories: generations, the atomic swap, the writer lock, the per-process reader cache.

Also the two errors an index can raise (IndexUnavailable, WriterBusy): they are defined here,
below `search.engine`, because this module raises them and the engine only passes them on.

Layout under SEARCH_INDEX_DIR/<engine>/:
    current        a symlink to the live generation (replaced atomically by os.replace)
    g-<time>-<rnd>  generations: the live one, the previous one (readers may still hold it open)
    write.lock     fcntl lock: one writer (sync or swap) at a time, across processes
A generation also holds `dictionary.txt`, the user dictionary its text was segmented with, and
`schema.txt`, the engine and version of its fields: a generation of another version reads as
"outdated" (the indexer rebuilds it; queries answer IndexUnavailable meanwhile).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from search import analysis

DICTIONARY = "dictionary.txt"
SCHEMA = "schema.txt"
_thread_lock = threading.Lock()


# Not PortalError: neither is a request a person can correct. Views answer both with 503 and
# the indexer retries; they carry the index's state, not a message and a form field.
def is_index_damage(error: BaseException) -> bool:
    """Whether a failure while reading or writing the index is the index's fault: any
    Exception, or a panic in tantivy's Rust code. pyo3's PanicException derives from
    BaseException, so `except Exception` lets it through, and it ended gunicorn requests with a
    500 and the search follower with it when an open index's bytes were damaged (issue 20)."""
    return isinstance(error, Exception) or type(error).__name__ == "PanicException"


class IndexUnavailable(Exception):
    """The index is missing or corrupt: search is down until `flask search rebuild`."""

    def __init__(self, state: str, detail: str = "") -> None:
        super().__init__(f"search index {state}: {detail}")
        self.state = state
        self.detail = detail


class WriterBusy(Exception):
    """Another process held the index's writer lock for longer than the timeout."""


class IndexStore:
    """The directory of one engine's index, shared by every process of a machine."""

    def __init__(self, root: Path, lock_timeout: float, schema: str = "") -> None:
        self.root = root
        self.lock_timeout = lock_timeout
        self.schema = schema
        self._local = threading.local()
        self._dictionary_seen: dict[str, float] = {}

    # -- generations ----------------------------------------------------------------------
    def current_path(self) -> Path | None:
        link = self.root / "current"
        try:
            target = os.readlink(link)
        except OSError:
            return None
        path = self.root / target
        return path if path.is_dir() else None

    def new_generation(self) -> Path:
        """A new, empty generation directory (named by the machine's time, for people reading
        `ls`; the random part keeps two rebuilds in the same second apart)."""
        self.root.mkdir(parents=True, exist_ok=True)
        name = f"g-{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(4)}"
        path = self.root / name
        path.mkdir()
        return path

    def mark_schema(self, path: Path) -> None:
        """Record in a new generation the version of the fields it is built with."""
        (path / SCHEMA).write_text(self.schema, encoding="utf-8")

    def _check_schema(self, path: Path) -> None:
        try:
            found = (path / SCHEMA).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            found = ""
        except (OSError, ValueError) as error:
            raise IndexUnavailable("corrupt", f"{SCHEMA}: {error}"[:200]) from error
        if found != self.schema:
            raise IndexUnavailable(
                "outdated", f"built as {found or 'unknown'!r}, not {self.schema!r}"
            )

    def discard(self, path: Path) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def swap(self, path: Path) -> None:
        """Point `current` at `path` atomically; keep the previous generation, drop older ones."""
        previous = self.current_path()
        (path / DICTIONARY).write_text("\n".join(analysis.dictionary_words()), encoding="utf-8")
        temporary = self.root / f".current-{secrets.token_hex(4)}"
        os.symlink(path.name, temporary)
        os.replace(temporary, self.root / "current")
        keep = {path.name, previous.name if previous else ""}
        for child in self.root.iterdir():
            if child.is_dir() and child.name.startswith("g-") and child.name not in keep:
                # The file system's clock, not portal.clock: a frozen test clock must not
                # make a generation another process is still building look old.
                age = time.time() - child.stat().st_mtime
                if age > 60:  # a rebuild running beside us made it recently
                    shutil.rmtree(child, ignore_errors=True)

    def save_dictionary(self) -> None:
        """Store the user dictionary beside the live generation (after a sync added names)."""
        path = self.current_path()
        if path is not None:
            target = path / DICTIONARY
            temporary = path / f".{DICTIONARY}.{secrets.token_hex(4)}"
            temporary.write_text("\n".join(analysis.dictionary_words()), encoding="utf-8")
            os.replace(temporary, target)

    def _load_dictionary(self, path: Path) -> None:
        target = path / DICTIONARY
        try:
            stamp = target.stat().st_mtime
        except OSError:
            return
        if self._dictionary_seen.get(str(path)) != stamp:
            try:
                words = target.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise IndexUnavailable("corrupt", f"{DICTIONARY}: {error}"[:200]) from error
            analysis.add_words(words)
            self._dictionary_seen[str(path)] = stamp

    # -- the writer lock -----------------------------------------------------------------
    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """Hold the index's writer lock, waiting up to the timeout (retrying every 50 ms)."""
        self.root.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_timeout
        with _thread_lock, open(self.root / "write.lock", "a+") as handle:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise WriterBusy(str(self.root)) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # -- readers: one per thread, reopened when the generation changes -------------------
    def reader(self, engine: Any) -> Any:
        """A reader for the live generation, reused until a commit or a swap changes it.

        Never Whoosh's `Searcher.refresh()`: a new reader is opened instead (see README).
        """
        path = self.current_path()
        if path is None:
            raise IndexUnavailable("missing", str(self.root))
        try:
            marker = (str(path), engine.generation(path))
        except OSError as error:
            raise IndexUnavailable("corrupt", str(error)[:200]) from error
        cached = getattr(self._local, "cached", None)
        if cached is not None and cached[0] == marker:
            return cached[1]
        self._check_schema(path)
        self._load_dictionary(path)
        try:
            reader = engine.open_reader(path)
        except BaseException as error:
            if not is_index_damage(error):
                raise
            raise IndexUnavailable("corrupt", str(error)[:200]) from error
        self._close(cached)
        self._local.cached = (marker, reader)
        return reader

    def forget(self) -> None:
        """Drop this thread's reader (after it failed), so the next query reopens."""
        self._close(getattr(self._local, "cached", None))
        self._local.cached = None

    @staticmethod
    def _close(cached: Any) -> None:
        if cached is not None and hasattr(cached[1], "close"):
            with contextlib.suppress(Exception):
                cached[1].close()
