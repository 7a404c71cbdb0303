"""Routing rules, on the tree of tests/factories.py: every branch, never to the office's own side."""

from __future__ import annotations

import pytest

from complaints import routing
from complaints.intake import government_facts, route_office
from complaints.routing import GovernmentFacts, RoutingError
from tests.factories import make_office

# office slug -> [(government attribute of the tree, primary?, rule)]
EXPECTED = {
    "laishui-in-shijiazhuang": [("baoding", True, routing.PARENT_OF_ESTABLISHING)],
    "baoding-in-guangzhou": [
        ("hebei", True, routing.PARENT_OF_ESTABLISHING),
        ("guangdong", False, routing.HOST_PROVINCE_COPY),
    ],
    "yanji-in-changchun": [("yanbian", True, routing.PARENT_OF_ESTABLISHING)],
    "shenzhen-in-changchun": [
        ("guangdong", True, routing.PARENT_OF_ESTABLISHING),
        ("jilin", False, routing.HOST_PROVINCE_COPY),
    ],
    "shenzhen-in-shijiazhuang": [
        ("guangdong", True, routing.PARENT_OF_ESTABLISHING),
        ("hebei", False, routing.HOST_PROVINCE_COPY),
    ],
}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_offices_of_the_tree_are_routed_by_the_rules(registry, db, slug):
    from portal.models import Office

    office = db.query(Office).filter_by(slug=slug).one()
    decision = route_office(db, office)
    expected = [
        (getattr(registry, name).id, primary, rule) for name, primary, rule in EXPECTED[slug]
    ]
    assert [(r.government_id, r.primary, r.rule) for r in decision.routes] == expected
    assert office.establishing_government_id not in {r.government_id for r in decision.routes}


def test_a_provincial_office_in_another_capital_goes_to_the_nation_and_copies_the_host(
    registry, db
):
    office = make_office(db, "hebei-in-guangzhou", registry.hebei, registry.guangdong)
    decision = route_office(db, office)
    assert [(r.government_id, r.rule) for r in decision.routes] == [
        (registry.national.id, routing.PARENT_OF_ESTABLISHING),
        (registry.guangdong.id, routing.HOST_PROVINCE_COPY),
    ]


def test_a_provincial_office_in_its_own_capital_is_not_copied_to_itself(registry, db):
    office = make_office(db, "hebei-in-shijiazhuang", registry.hebei, registry.hebei)
    decision = route_office(db, office)
    assert [r.government_id for r in decision.routes] == [registry.national.id]


def test_a_top_level_government_office_goes_to_the_host_province(registry, db):
    office = make_office(db, "national-in-changchun", registry.national, registry.jilin)
    decision = route_office(db, office)
    assert [(r.government_id, r.primary, r.rule) for r in decision.routes] == [
        (registry.jilin.id, True, routing.TOP_LEVEL_HOST_PROVINCE)
    ]


def test_province_of_a_county_is_found_through_its_prefecture(registry, db):
    facts = government_facts(db, registry.laishui)
    assert facts == GovernmentFacts(
        registry.laishui.id,
        registry.baoding.id,
        registry.hebei.id,
        (registry.baoding.id, registry.hebei.id, registry.national.id),
    )


def test_an_unlisted_office_goes_to_the_host_province():
    decision = routing.route_unlisted_office(220000)
    assert decision.routes == (routing.Route(220000, True, routing.UNLISTED_HOST_PROVINCE),)
    assert decision.copies == ()


def test_an_unlisted_office_without_a_province_cannot_be_routed():
    with pytest.raises(RoutingError) as raised:
        routing.route_unlisted_office(None)
    assert raised.value.field == "unlisted_province"


def test_a_government_is_never_routed_its_own_office():
    top = GovernmentFacts(1, None, None)
    with pytest.raises(RoutingError):
        routing.route_listed_office(top, 1)


def test_the_copy_is_never_the_primary():
    # A prefecture of province 10 with an office in province 10's capital: the parent is the host.
    prefecture = GovernmentFacts(11, 10, 10)
    decision = routing.route_listed_office(prefecture, 10)
    assert [r.government_id for r in decision.routes] == [10]


# Pure rules: plain facts in, a decision out; no app, no database.
NATIONAL, HEBEI, GUANGDONG, BAODING, LAISHUI, SHENZHEN = 1, 13, 44, 1306, 130623, 4403
FACTS = {
    "national": GovernmentFacts(NATIONAL, None, None),
    "hebei": GovernmentFacts(HEBEI, NATIONAL, HEBEI),
    "baoding": GovernmentFacts(BAODING, HEBEI, HEBEI),
    "laishui": GovernmentFacts(LAISHUI, BAODING, HEBEI),
    "shenzhen": GovernmentFacts(SHENZHEN, GUANGDONG, GUANGDONG),
}


@pytest.mark.parametrize(
    ("establishing", "host", "expected"),
    [
        # A county's office in its own province's capital: its prefecture, nobody copied.
        ("laishui", HEBEI, [(BAODING, True, routing.PARENT_OF_ESTABLISHING)]),
        # A prefecture's office in another province: its province, and the host is copied.
        (
            "shenzhen",
            HEBEI,
            [
                (GUANGDONG, True, routing.PARENT_OF_ESTABLISHING),
                (HEBEI, False, routing.HOST_PROVINCE_COPY),
            ],
        ),
        # A province's office in another province: the nation, and the host is copied.
        (
            "hebei",
            GUANGDONG,
            [
                (NATIONAL, True, routing.PARENT_OF_ESTABLISHING),
                (GUANGDONG, False, routing.HOST_PROVINCE_COPY),
            ],
        ),
        # A province's office in its own capital: the nation only (never a copy to itself).
        ("hebei", HEBEI, [(NATIONAL, True, routing.PARENT_OF_ESTABLISHING)]),
        # The top of the tree has no parent: the host province handles it, and is not copied.
        ("national", GUANGDONG, [(GUANGDONG, True, routing.TOP_LEVEL_HOST_PROVINCE)]),
        # A prefecture's office in its own province: the province is primary, not also a copy.
        ("baoding", HEBEI, [(HEBEI, True, routing.PARENT_OF_ESTABLISHING)]),
    ],
)
def test_pure_routing_table(establishing, host, expected):
    decision = routing.route_listed_office(FACTS[establishing], host)
    assert [(r.government_id, r.primary, r.rule) for r in decision.routes] == expected
    assert decision.primary == decision.routes[0] and decision.copies == decision.routes[1:]
    assert FACTS[establishing].id not in {r.government_id for r in decision.routes}
    assert set(routing.RULES) >= {r.rule for r in decision.routes}


def test_routing_errors_are_portal_errors_with_their_field():
    from portal.errors import PortalError

    with pytest.raises(PortalError) as raised:
        routing.route_listed_office(FACTS["national"], NATIONAL)
    assert isinstance(raised.value, RoutingError) and raised.value.field == "office"
    assert str(raised.value) == "No government supervises this office."


def test_later_rule_codes_are_explained_like_the_routing_ones(app):
    from complaints.labels import RULE_EXPLANATIONS

    assert set(routing.RULES) | set(routing.LATER_RULES) == set(RULE_EXPLANATIONS)


class TestATreeThatContradictsItself:
    """A register with a loop in it (a government recorded below its own office's supervisor)
    must never make the office's own side its judge: the parent is checked like every other
    receiver, and a refusal names the office field."""

    def test_a_parent_recorded_below_the_establishing_government_is_refused(self):
        # 7 says its parent is 9, and 9's own chain of superiors runs through 7: a loop.
        looped = GovernmentFacts(7, 9, HEBEI, (9, 7, HEBEI, NATIONAL))
        with pytest.raises(RoutingError) as raised:
            routing.route_listed_office(looped, HEBEI)
        assert (raised.value.field, str(raised.value)) == ("office", routing.OWN_SIDE)

    def test_a_government_recorded_as_its_own_parent_is_refused(self):
        itself = GovernmentFacts(7, 7, HEBEI, (7, HEBEI, NATIONAL))
        with pytest.raises(RoutingError) as raised:
            routing.route_listed_office(itself, GUANGDONG)
        assert raised.value.field == "office"

    def test_a_consistent_parent_is_never_refused(self):
        decision = routing.route_listed_office(FACTS["laishui"], GUANGDONG)
        assert decision.primary == routing.Route(BAODING, True, routing.PARENT_OF_ESTABLISHING)
