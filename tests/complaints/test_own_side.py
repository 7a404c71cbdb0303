"""A complaint never reaches the government it is about: routing, transfer, copy, escalation.

The attack: a provincial supervisor (or a national account) transfers a complaint about an
office set up by Shenzhen to Shenzhen, or to a district below it, whose supervisors could then
read the complainant's name and phone. One rule (routing.forbidden_establishers) refuses it on
every path.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from complaints import routing, supervision
from complaints.escalation import escalate_overdue
from complaints.models import ComplaintRoute, RouteRole
from complaints.routing import GovernmentFacts, forbidden_establishers, may_receive
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_government, make_office

OWN_SIDE = "This complaint is about an office of that government or of a government above it"

# Pure facts: the national top (1), Guangdong (44), Shenzhen (4403), Luohu under Shenzhen.
TOP = GovernmentFacts(1, None, None)
GUANGDONG = GovernmentFacts(44, 1, 44, (1,))
SHENZHEN = GovernmentFacts(4403, 44, 44, (44, 1))
LUOHU = GovernmentFacts(440303, 4403, 44, (4403, 44, 1))
JILIN = GovernmentFacts(22, 1, 22, (1,))


@pytest.mark.parametrize(
    ("establishing", "receiver", "allowed"),
    [
        (SHENZHEN, SHENZHEN, False),  # the government that set up the office
        (SHENZHEN, LUOHU, False),  # a district below it
        (SHENZHEN, GUANGDONG, True),  # the province above it supervises it
        (SHENZHEN, JILIN, True),  # another province
        (SHENZHEN, TOP, True),
        (GUANGDONG, SHENZHEN, False),  # a city below the province that set up the office
        (TOP, TOP, False),  # an office of the top: not to the top itself…
        (TOP, JILIN, True),  # …but everyone else is below the top, so the host may have it
    ],
)
def test_the_one_rule(establishing, receiver, allowed):
    assert may_receive(establishing.id, receiver) is allowed
    assert (establishing.id not in forbidden_establishers(receiver)) is allowed
    assert may_receive(None, receiver)  # an unlisted office: its runner is unknown


@pytest.mark.parametrize("establishing", [TOP, GUANGDONG, SHENZHEN, LUOHU, JILIN])
@pytest.mark.parametrize("host", [22, 44])
def test_intake_routes_and_copies_never_reach_the_own_side(establishing, host):
    try:
        decision = routing.route_listed_office(establishing, host)
    except routing.RoutingError:
        return  # nobody may supervise it: nothing is routed at all
    facts = {f.id: f for f in (TOP, GUANGDONG, SHENZHEN, LUOHU, JILIN)}
    for route in decision.routes:
        assert may_receive(establishing.id, facts[route.government_id])


@pytest.fixture
def shenzhen_complaint(app, db, registry):
    """A complaint about Shenzhen's office in Changchun: Guangdong handles it, Jilin is copied."""
    complaint, _ = file_complaint(app, db, office="shenzhen-in-changchun")
    registry.luohu = make_government(
        db, "440303", "罗湖区", "Luohu District", "county", registry.shenzhen
    )
    db.commit()
    assert complaint.primary_government_id == registry.guangdong.id
    return complaint


def transfer(client, complaint, code):
    return client.post(
        f"/supervise/complaints/{complaint.reference}/transfer",
        data={"government": code, "reason": "They know the office best."},
    )


@pytest.mark.parametrize("code", ["440300", "440303"])
def test_a_provincial_supervisor_cannot_transfer_to_shenzhen_or_below(
    client, db, login, registry, shenzhen_complaint, code
):
    client.set_cookie("lang", "en")
    login(Role.SUPERVISOR, government=registry.guangdong)
    response = transfer(client, shenzhen_complaint, code)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    # On the transfer form's government field, where the person typed the code.
    assert f'id="transfer-government-error">{OWN_SIDE}' in page.replace("&#39;", "'")
    db.expire_all()
    assert shenzhen_complaint.primary_government_id == registry.guangdong.id
    receivers = {route.government_id for route in shenzhen_complaint.routes}
    assert receivers == {registry.guangdong.id, registry.jilin.id}


def test_a_national_account_cannot_transfer_to_shenzhen_either(
    client, db, login, registry, shenzhen_complaint
):
    client.set_cookie("lang", "zh")
    login(Role.NATIONAL, government=registry.national)
    response = transfer(client, shenzhen_complaint, "440300")
    assert response.status_code == 400
    assert "不能办理" in response.get_data(as_text=True)
    db.expire_all()
    assert shenzhen_complaint.primary_government_id == registry.guangdong.id


def test_the_service_refuses_on_the_government_field(db, login, registry, shenzhen_complaint):
    national = login(Role.NATIONAL, government=registry.national)
    with pytest.raises(supervision.SupervisionError) as refused:
        supervision.transfer(db, shenzhen_complaint, national, registry.shenzhen.id, "reason")
    assert refused.value.field == "government"
    # A transfer outside the office's own side still works.
    supervision.transfer(db, shenzhen_complaint, national, registry.hebei.id, "reason")
    assert shenzhen_complaint.primary_government_id == registry.hebei.id


def test_a_copy_to_the_own_side_gives_it_nothing(client, db, login, registry, shenzhen_complaint):
    """Even a route written by other means (old data, a hand-made copy) opens nothing to
    Shenzhen: its supervisors get the same 404 as any outsider, and an empty queue."""
    db.add(
        ComplaintRoute(
            complaint=shenzhen_complaint,
            government_id=registry.shenzhen.id,
            role=RouteRole.COPY,
            rule=routing.HOST_PROVINCE_COPY,
            active=True,
            created_at=datetime.now(UTC),
        )
    )
    db.commit()
    login(Role.SUPERVISOR, government=registry.shenzhen)
    base = f"/supervise/complaints/{shenzhen_complaint.reference}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/contact").status_code == 404
    assert shenzhen_complaint.reference not in client.get("/supervise/").get_data(as_text=True)


def test_escalation_never_climbs_to_the_government_that_set_up_the_office(
    app, db, client, login, registry
):
    """An office of the top of the tree goes to its host province; when that province misses
    its deadlines the complaint stays there, and national accounts never see it."""
    make_office(db, "national-in-changchun", registry.national, registry.jilin)
    db.commit()
    filed_at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    complaint, _ = file_complaint(app, db, office="national-in-changchun", when=filed_at)
    assert complaint.primary_government_id == registry.jilin.id
    escalate_overdue(db, datetime(2026, 6, 1, tzinfo=UTC))
    db.commit()
    db.expire_all()
    assert complaint.escalation_level == 2  # both deadlines missed and recorded…
    assert complaint.primary_government_id == registry.jilin.id  # …but not sent up
    routes = db.scalars(select(ComplaintRoute.government_id)).all()
    assert registry.national.id not in routes
    login(Role.NATIONAL, government=registry.national)
    assert client.get(f"/supervise/complaints/{complaint.reference}").status_code == 404
    assert complaint.reference not in client.get("/supervise/").get_data(as_text=True)


def test_an_ordinary_escalation_still_climbs(app, db, registry):
    filed_at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    complaint, _ = file_complaint(app, db, office="shenzhen-in-changchun", when=filed_at)
    escalate_overdue(db, datetime(2026, 3, 20, tzinfo=UTC))
    assert complaint.primary_government_id == registry.national.id
