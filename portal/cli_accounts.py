"""`flask accounts`: see the foundation issue."""

from __future__ import annotations

from flask.cli import AppGroup

accounts = AppGroup("accounts", help="Accounts.")
