"""Flask extensions shared by every package, created unbound and initialised in create_app."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from portal.database import database
from portal.security import client_key, unlimited_public_page

migrate = Migrate(directory="migrations")
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=client_key, default_limits=[], headers_enabled=False)
limiter.request_filter(unlimited_public_page)

__all__ = ["babel", "csrf", "database", "limiter", "migrate"]
