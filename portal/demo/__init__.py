"""Demonstration data: real divisions, invented offices and accounts, and the progress helper.

`flask demo load [--scale small|full]` runs the portal's own step (governments from
portal/data, seeded invented offices, demo accounts), then every step that a package registered
with `app.extensions["portal_registry"].add_demo_step(order, name, step)`, in order.

A step is `step(db, scale, progress)`:

- `db` is the SQLAlchemy session. The step adds and flushes, and never commits: the command
  commits each step whole, and rolls it back whole if it fails or is interrupted (Ctrl-C).
- `scale` is "small" (make run: a few hundred offices) or "full" (thousands).
- A step must be deterministic (seed its own `random.Random`, e.g. with f"{name}-{scale}") and
  idempotent: a second run adds nothing and changes nothing (match existing rows by natural key).
- `progress` is a `portal.demo.Progress`; show a bar with counts for any long loop:

      with progress("Budgets", total=len(offices)) as bar:
          for office in offices:
              ...
              bar.update(1)

      for office in progress.iter(offices, "Reception records"):  # the same, as an iterator
          ...

      progress.echo("Published 412 budgets.")   # one plain line

  `Progress(enabled=False)` shows nothing; use it when calling a step from a test. Other long
  commands (imports, index rebuilds) may use `Progress()` in the same way.
"""

from __future__ import annotations

from portal.demo.progress import Bar, Progress

__all__ = ["Bar", "Progress"]
