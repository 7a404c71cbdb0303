"""The API's routes: set up the blueprint's HTTP behaviour once, then import every view module."""

from __future__ import annotations

from api import bp, http, problems

http.init_blueprint(bp)
problems.init_blueprint(bp)

from api.views import (  # noqa: E402 - each module registers its routes on the set-up blueprint
    disclosures,
    docs,
    oversight,
    registry,
    statistics,
)

__all__ = ["disclosures", "docs", "oversight", "registry", "statistics"]
