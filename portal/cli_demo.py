"""`flask demo`: see the foundation issue."""

from __future__ import annotations

from flask.cli import AppGroup

demo = AppGroup("demo", help="Demo.")
