"""Where feature packages plug into the portal without the portal importing them.

The one door: each package's `init_app(app)` registers here its compliance rules, demo-data
steps, office-page sections, navigation links, translation catalog, figures for the national
summary, health checks and watchers of the findings table, so that `flask compliance check`, `flask demo load`, the office page,
the menu, the summary and `/healthz` cover every package while `portal` names none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, url_for

SummarySource = Callable[[Any, Any], Mapping[str, tuple[int, int]]]
HealthCheck = Callable[[], dict[str, Any]]
FindingsWatcher = Callable[[Any, set[int]], None]


@dataclass
class PortalRegistry:
    """What the packages of one app contributed (see the module docstring)."""

    app: Flask | None = None

    rule_checks: list[Callable] = field(default_factory=list)
    demo_steps: list[tuple[int, str, Callable]] = field(default_factory=list)
    office_sections: list[Callable] = field(default_factory=list)
    nav_items: list[tuple[int, str, Any]] = field(default_factory=list)
    catalogs: list[str] = field(default_factory=list)
    summary_sources: dict[str, SummarySource] = field(default_factory=dict)
    health_checks: dict[str, HealthCheck] = field(default_factory=dict)
    findings_watchers: list[FindingsWatcher] = field(default_factory=list)

    def add_rule_check(self, check: Callable) -> None:
        """check(db, today, office_ids=None) -> Iterable[Finding]: every rule of one package.

        `office_ids`, when given, limits the check to those offices (the office page asks for
        one); a check must then run a bounded number of queries, whatever the data size.
        """
        if check not in self.rule_checks:
            self.rule_checks.append(check)

    def add_demo_step(self, order: int, name: str, step: Callable) -> None:
        """step(db, scale, progress) loads one package's demo data; steps run by `order`."""
        if all(existing[1] != name for existing in self.demo_steps):
            self.demo_steps.append((order, name, step))
            self.demo_steps.sort(key=lambda item: item[0])

    def add_office_section(self, section: Callable) -> None:
        """section(office) -> Markup | None: a block a feature package adds to the office page."""
        if section not in self.office_sections:
            self.office_sections.append(section)

    def add_nav_item(self, order: int, endpoint: str, label: Any) -> None:
        """A link in the main navigation; `label` is a lazy_gettext string."""
        if all(existing[1] != endpoint for existing in self.nav_items):
            self.nav_items.append((order, endpoint, label))
            self.nav_items.sort(key=lambda item: item[0])

    def add_catalog(self, directory: str) -> None:
        """A package's `translations/` folder; Flask-Babel merges every registered catalog.

        So one msgid must mean the same in every package (a test finds clashes).
        """
        if directory in self.catalogs:
            return
        self.catalogs.append(directory)
        if self.app is not None and "babel" in self.app.extensions:
            self.app.extensions["babel"].translation_directories.append(directory)

    def add_summary_source(self, name: str, source: SummarySource) -> None:
        """source(db, today) -> {province code: (count, of which in time)}: figures a package
        adds to the national summary (the complaints package: received, handled in time)."""
        self.summary_sources[name] = source

    def add_health_check(self, name: str, check: HealthCheck) -> None:
        """check() -> {"state": "ok" | "degraded" | "unavailable", …}: a part of `/healthz`.

        A check must answer quickly and never raise; `/healthz` reports it under `name`.
        """
        self.health_checks[name] = check

    def add_findings_watcher(self, watcher: FindingsWatcher) -> None:
        """watcher(db, office_ids): told, inside the transaction that wrote them, which offices'
        rows of the `finding` table changed (search re-indexes them; a watcher flushes only)."""
        if watcher not in self.findings_watchers:
            self.findings_watchers.append(watcher)


def extra_nav_items() -> list[dict[str, str]]:
    """The navigation links the packages registered, resolved for the current request."""
    return [
        {"url": url_for(endpoint), "label": str(label)}
        for _order, endpoint, label in get_registry().nav_items
    ]


def init_registry(app: Flask) -> PortalRegistry:
    registry = PortalRegistry(app=app)
    app.extensions["portal_registry"] = registry
    app.jinja_env.globals["extra_nav_items"] = extra_nav_items
    return registry


def get_registry() -> PortalRegistry:
    return current_app.extensions["portal_registry"]


def run_rule_checks(db, today, office_ids=None) -> Iterable:
    """Every finding of every registered package, in registration order."""
    for check in get_registry().rule_checks:
        yield from check(db, today, office_ids)
