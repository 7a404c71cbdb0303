"""The registry and the public face: governments, offices, accounts, rules, shared infrastructure."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask

from portal.config import configure

bp = Blueprint("portal", __name__)


def init_app(app: Flask) -> None:
    """Bind the shared extensions and register the portal's blueprint, hooks and CLI groups."""
    from portal import auth, cli, compliance, errors, models, views  # noqa: F401
    from portal.database import init_database, init_migrations
    from portal.extensions import babel, csrf, limiter, migrate
    from portal.findings_runtime import init_findings
    from portal.i18n import init_i18n, select_locale
    from portal.params import init_params
    from portal.registry import init_registry
    from portal.security import init_security

    # The portal's catalog (portal/oversight's strings live in it); packages add theirs through
    # the registry.
    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).parent / "translations")
    )
    init_params(app)  # before any blueprint's routes are registered: bounded <int:…>
    init_database(app)
    init_migrations(app, migrate)
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    init_security(app)
    init_i18n(app)
    registry = init_registry(app)
    registry.add_rule_check(compliance.check_offices)
    init_findings(app)  # the findings table: outbox events, when it is applied, the demo step
    auth.init_auth(app)
    errors.init_errors(app)
    app.register_blueprint(bp)
    cli.register(app)


__all__ = ["bp", "configure", "init_app"]
