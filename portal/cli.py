"""CLI groups of the portal: accounts, compliance, demo."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the portal's click groups to the app."""
