"""Flask extensions shared by every package, created unbound and initialised in create_app."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from portal.database import database
from portal.security import client_key

migrate = Migrate(directory="migrations")
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=client_key, default_limits=[], headers_enabled=False)

__all__ = ["babel", "csrf", "database", "limiter", "migrate"]
