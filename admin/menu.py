"""The role-aware menu a signed-in person sees on every page (issue 16 item 11, issue 19 item 7)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from portal.auth import current_account
from portal.models import Account, GovernmentLevel, Role

GOVERNMENT_ROLES = frozenset({Role.ADMIN, Role.NATIONAL, Role.SUPERVISOR})


@dataclass(frozen=True)
class MenuItem:
    endpoint: str
    label: object
    roles: frozenset[Role]
    provinces_only: bool = False
    """Only for a supervisor of a provincial government (the ones that must report)."""


MENU = (
    MenuItem("admin.dashboard", _l("Administration"), frozenset(Role)),
    MenuItem("admin.accounts", _l("Accounts"), GOVERNMENT_ROLES),
    MenuItem("complaints.supervise_queue", _l("Complaints queue"), GOVERNMENT_ROLES),
    MenuItem("oversight.workspace", _l("Oversight"), GOVERNMENT_ROLES),
    MenuItem("admin.progress_reports", _l("Progress reports"), frozenset({Role.SUPERVISOR}), True),
    MenuItem("disclosures.editor_home", _l("Disclosures to edit"), frozenset({Role.OFFICE_EDITOR})),
    MenuItem("portal.account", _l("My account"), frozenset(Role)),
)


def menu_for(account: Account, endpoints) -> list[MenuItem]:
    """The items the account's role may open, among the endpoints this app has."""
    return [
        item
        for item in MENU
        if account.role in item.roles
        and item.endpoint in endpoints
        and (
            not item.provinces_only
            or (
                account.government is not None
                and account.government.level == GovernmentLevel.PROVINCIAL
            )
        )
    ]


def account_menu() -> list[dict[str, object]]:
    """The signed-in person's menu for the current request: url, label, and whether it is the
    page being shown (for aria-current). Empty when nobody is signed in."""
    account = current_account()
    if account is None:
        return []
    items = []
    for item in menu_for(account, current_app.view_functions):
        url = url_for(item.endpoint)
        current = request.path == url or (
            url != "/" and item.endpoint != "admin.dashboard" and request.path.startswith(url)
        )
        items.append({"url": url, "label": str(item.label), "current": current})
    return items
