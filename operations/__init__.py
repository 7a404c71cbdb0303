"""Operations: the periodic jobs (`flask jobs run`), their runs for administrators, and
`flask backup` / `flask restore` (issue 20)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask

bp = Blueprint("operations", __name__)


def init_app(app: Flask) -> None:
    """Register the models, the administrators' jobs page, the commands, the catalog and the
    answer to a database out of reach (operations/faults.py)."""
    # Imported here, not at the top: the views import `bp` from this module.
    from operations import (
        models,  # noqa: F401 - the tables join the metadata
        views,  # noqa: F401 - the views register their routes on bp
    )
    from operations.cli import backup_command, jobs, restore_command
    from operations.faults import init_faults

    app.register_blueprint(bp)
    init_faults(app)
    app.cli.add_command(jobs)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    registry = app.extensions["portal_registry"]
    registry.add_catalog(str(Path(__file__).parent / "translations"))
