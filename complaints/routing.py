"""Where a complaint goes, and why: pure rules over plain data (no Flask, no session).

One rule decides who may never be handed a complaint (`forbidden_establishers`): the government
that set up the office, and every government below it. Intake, transfers, copies, escalation
and the supervisors' access all ask it.
"""

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


def N_(message: str) -> str:
    """Mark a message for the catalog; the service that shows it translates it (this module
    stays free of Flask)."""
    return message


OWN_SIDE = N_(
    "This complaint is about an office of that government or of a government above it, so it "
    "cannot handle the complaint. Choose a government outside the office's own side."
)
NOBODY_ELSE = N_("No government supervises this office.")


class RoutingError(PortalError):
    """The facts do not allow a routing decision; `field` names the form field concerned.
    The message is the English text (marked with N_): the caller translates it."""


@dataclass(frozen=True)
class GovernmentFacts:
    """What routing needs to know of a government.

    `province_id` is the provincial government the government belongs to (itself for a
    province, None for the national level); `parent_id` is None only at the top of the tree.
    `above` lists every government above it up to the top, nearest first (a province's only
    one is the top, which the rule below never counts, so for a province it may stay empty).
    """

    id: int
    parent_id: int | None
    province_id: int | None
    above: tuple[int, ...] = ()


def forbidden_establishers(receiver: GovernmentFacts) -> frozenset[int]:
    """The governments whose offices `receiver` may never be handed a complaint about.

    That is the receiver itself and every government above it, except the top of the tree:
    a complaint must not reach the government that set up the office (with its departments,
    which are part of it), nor any government below that one, which answers to it. Everyone
    is below the top, so for an office of the top of the tree only the top itself is excluded.
    """
    return frozenset((receiver.id, *receiver.above[:-1]))


def may_receive(establishing_id: int | None, receiver: GovernmentFacts) -> bool:
    """Whether `receiver` may be handed a complaint about an office set up by
    `establishing_id` (None: an office not in the registry, whose runner is unknown)."""
    return establishing_id is None or establishing_id not in forbidden_establishers(receiver)


def check_receiver(establishing_id: int | None, receiver: GovernmentFacts, field: str) -> None:
    """Raise RoutingError (OWN_SIDE, on `field`) unless `receiver` may have the complaint."""
    if not may_receive(establishing_id, receiver):
        raise RoutingError(OWN_SIDE, field=field)


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
    of the tree has no parent: its office goes to the host province. Every route obeys
    `may_receive`: nobody is routed a complaint about its own office or its superiors' offices.

    Raises RoutingError (NOBODY_ELSE) when the host province is the establishing government
    and it has no parent (there is then nobody else to supervise the office).
    """
    host = GovernmentFacts(host_province_id, None, host_province_id)
    if establishing.parent_id is not None:
        parent = GovernmentFacts(
            establishing.parent_id, None, establishing.province_id, establishing.above[1:]
        )
        primary = Route(parent.id, True, PARENT_OF_ESTABLISHING)
        check_receiver(establishing.id, parent, "office")
    elif may_receive(establishing.id, host):
        primary = Route(host_province_id, True, TOP_LEVEL_HOST_PROVINCE)
    else:
        raise RoutingError(NOBODY_ELSE, field="office")
    routes = [primary]
    outside_own_province = establishing.province_id != host_province_id
    if (
        outside_own_province
        and host_province_id != primary.government_id
        and may_receive(establishing.id, host)
    ):
        routes.append(Route(host_province_id, False, HOST_PROVINCE_COPY))
    return RoutingDecision(tuple(routes))


def route_unlisted_office(host_province_id: int | None) -> RoutingDecision:
    """Route a complaint about an office that is not in the registry: to the host province.

    The host provincial government approves offices in its capital, so an office it has not
    listed is its business. Raises RoutingError when the province is not given.
    """
    if host_province_id is None:
        raise RoutingError(
            N_("Choose the province where the office is."), field="unlisted_province"
        )
    return RoutingDecision((Route(host_province_id, True, UNLISTED_HOST_PROVINCE),))
