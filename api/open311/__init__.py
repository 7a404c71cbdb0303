"""Open311 GeoReport v2 at /open311/v2/: complaint categories as services, complaints filed by
partner apps holding an API key (through the complaints intake service), and their public status."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("open311", __name__)
