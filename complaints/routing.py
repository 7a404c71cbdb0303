"""Where a complaint goes, and why: pure rules over plain data (no Flask, no session)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.errors import PortalError

PARENT_OF_ESTABLISHING = "parent_of_establishing"
HOST_PROVINCE_COPY = "host_province_copy"
UNLISTED_HOST_PROVINCE = "unlisted_host_province"
TOP_LEVEL_HOST_PROVINCE = "top_level_host_province"

RULES = (
    PARENT_OF_ESTABLISHING,
    HOST_PROVINCE_COPY,
    UNLISTED_HOST_PROVINCE,
    TOP_LEVEL_HOST_PROVINCE,
)
"""Every rule code a routing decision can carry (stored on each route, explained on the pages)."""

ESCALATED_OVERDUE = "escalated_overdue"
TRANSFERRED = "transferred"
LATER_RULES = (ESCALATED_OVERDUE, TRANSFERRED)
"""Rule codes of routes added after intake: by escalation (escalation.py) and by a transfer."""


class RoutingError(PortalError):
    """The facts do not allow a routing decision; `field` names the form field concerned."""


@dataclass(frozen=True)
class GovernmentFacts:
    """What routing needs to know of a government.

    `province_id` is the provincial government the government belongs to (itself for a
    province, None for the national level); `parent_id` is None only at the top of the tree.
    """

    id: int
    parent_id: int | None
    province_id: int | None


@dataclass(frozen=True)
class Route:
    """One government a complaint goes to: `primary` handles it, a copy follows it."""

    government_id: int
    primary: bool
    rule: str


@dataclass(frozen=True)
class RoutingDecision:
    """The routes of a complaint, the primary one first."""

    routes: tuple[Route, ...]

    @property
    def primary(self) -> Route:
        return self.routes[0]

    @property
    def copies(self) -> tuple[Route, ...]:
        return self.routes[1:]


def route_listed_office(establishing: GovernmentFacts, host_province_id: int) -> RoutingDecision:
    """Route a complaint about an office of the registry.

    The parent of the establishing government is primary (county → prefecture → province →
    national). An office hosted outside its own province also copies the host provincial
    government, which approves and supervises offices in its capital. A government at the top
    of the tree has no parent: its office goes to the host province. Nobody is routed a
    complaint about its own office.

    Raises RoutingError when the host province is the establishing government and it has no
    parent (there is then nobody else to supervise the office).
    """
    if establishing.parent_id is not None:
        primary = Route(establishing.parent_id, True, PARENT_OF_ESTABLISHING)
    elif host_province_id != establishing.id:
        primary = Route(host_province_id, True, TOP_LEVEL_HOST_PROVINCE)
    else:
        raise RoutingError("No government supervises this office.", field="office")
    routes = [primary]
    outside_own_province = establishing.province_id != host_province_id
    if (
        outside_own_province
        and host_province_id != primary.government_id
        and host_province_id != establishing.id
    ):
        routes.append(Route(host_province_id, False, HOST_PROVINCE_COPY))
    return RoutingDecision(tuple(routes))


def route_unlisted_office(host_province_id: int | None) -> RoutingDecision:
    """Route a complaint about an office that is not in the registry: to the host province.

    The host provincial government approves offices in its capital, so an office it has not
    listed is its business. Raises RoutingError when the province is not given.
    """
    if host_province_id is None:
        raise RoutingError("Choose the province where the office is.", field="unlisted_province")
    return RoutingDecision((Route(host_province_id, True, UNLISTED_HOST_PROVINCE),))
