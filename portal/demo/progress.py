"""Progress bars with counts for long commands (`flask demo load`, imports, rebuilds)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

T = TypeVar("T")


class Bar:
    """One task's progress: call `update(n)` as items are done."""

    def __init__(self, bar: Any | None = None) -> None:
        self._bar = bar
        self.done = 0

    def update(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)


class Progress:
    """Shows a click progress bar with counts for each task of a long command.

    Usage (the interface every demo step receives as `progress`):

        with progress("Offices", total=len(rows)) as bar:
            for row in rows:
                ...
                bar.update(1)
        for item in progress.iter(items, "Budgets"):   # wraps an iterable (len() or total=)
            ...
        progress.echo("Loaded 12 budgets.")           # one plain line

    `Progress(enabled=False)` shows nothing (tests, library calls); `tasks` records
    (label, total, done) for each finished task, so a caller can summarise.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.tasks: list[tuple[str, int, int]] = []

    @contextmanager
    def __call__(self, label: str, total: int) -> Iterator[Bar]:
        if not self.enabled:
            bar = Bar()
            yield bar
        else:
            with click.progressbar(
                length=max(total, 0), label=label, show_pos=True, show_percent=True
            ) as click_bar:
                bar = Bar(click_bar)
                yield bar
        self.tasks.append((label, total, bar.done))

    def iter(self, items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
        """Yield `items`, advancing a bar of `total` (default: len(items)) as they are used."""
        if total is None:
            items = list(items)
            total = len(items)
        with self(label, total) as bar:
            for item in items:
                yield item
                bar.update(1)

    def echo(self, message: str) -> None:
        if self.enabled:
            click.echo(message)
