"""Set up the Open311 blueprint once and import the modules that add its routes."""

from __future__ import annotations

from api.open311 import bp, setup

setup.init_blueprint(bp)

from api.open311 import filing, views  # noqa: E402 - they register routes on the set-up bp

__all__ = ["filing", "views"]
