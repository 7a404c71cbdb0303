"""The administration pages: the dashboard, progress reports (and, as they come, accounts and
the register). Thin: parse, call the service, commit once, redirect."""

from admin.views import (
    accounts,  # noqa: F401
    dashboard,  # noqa: F401 - registers its routes on admin.bp
    recovery,  # noqa: F401
    register,  # noqa: F401
    standards,  # noqa: F401
)
