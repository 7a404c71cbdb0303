"""`flask compliance`: see the foundation issue."""

from __future__ import annotations

from flask.cli import AppGroup

compliance = AppGroup("compliance", help="Compliance.")
