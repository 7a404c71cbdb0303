"""CLI groups of the portal: accounts, compliance, demo (each defined in its own module)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the portal's click groups to the app."""
    from portal.cli_accounts import accounts
    from portal.cli_compliance import compliance
    from portal.cli_demo import demo

    for group in (accounts, compliance, demo):
        app.cli.add_command(group)
