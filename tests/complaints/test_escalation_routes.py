"""Who sees a complaint after an escalation or a transfer: the routes set_primary leaves behind.

An escalation keeps the earlier government copied; a transfer takes it off the complaint. Either
way the copy of the host province (which approves offices in its capital) stays, and a
government already on the complaint is promoted rather than routed twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from complaints import supervision
from complaints.escalation import escalate_overdue
from complaints.models import RouteRole
from portal.clock import frozen
from portal.models import Role
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_account

FILED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
LATE = datetime(2026, 3, 20, 2, 0, tzinfo=UTC)  # acknowledgement (due 17 March) missed


def routes(complaint) -> dict[int, tuple[RouteRole, bool, str]]:
    return {r.government_id: (r.role, r.active, r.rule) for r in complaint.routes}


def test_an_escalation_keeps_the_old_primary_and_the_host_province_copied(app, db, registry):
    complaint, _ = file_complaint(app, db, office="baoding-in-guangzhou", when=FILED)
    assert routes(complaint) == {
        registry.hebei.id: (RouteRole.PRIMARY, True, "parent_of_establishing"),
        registry.guangdong.id: (RouteRole.COPY, True, "host_province_copy"),
    }
    with frozen(FILED):  # the clock is behind: escalation goes by the `now` it is given
        assert escalate_overdue(db, LATE) == [complaint]
    assert routes(complaint) == {
        registry.national.id: (RouteRole.PRIMARY, True, "escalated_overdue"),
        registry.hebei.id: (RouteRole.COPY, True, "parent_of_establishing"),
        registry.guangdong.id: (RouteRole.COPY, True, "host_province_copy"),
    }
    (new,) = [r for r in complaint.routes if r.government_id == registry.national.id]
    assert new.created_at == LATE


def test_a_transfer_drops_only_the_old_primary(app, db, registry):
    complaint, _ = file_complaint(app, db, office="baoding-in-guangzhou", when=FILED)
    hebei = make_account(db, Role.SUPERVISOR, government=registry.hebei)
    supervision.acknowledge(db, complaint, hebei, now=FILED + timedelta(hours=1))
    supervision.transfer(db, complaint, hebei, registry.national.id, "National matter.", now=LATE)
    db.commit()
    assert routes(complaint) == {
        registry.national.id: (RouteRole.PRIMARY, True, "transferred"),
        registry.hebei.id: (RouteRole.COPY, False, "parent_of_establishing"),
        registry.guangdong.id: (RouteRole.COPY, True, "host_province_copy"),
    }


def test_a_transfer_to_a_copied_government_promotes_its_route(app, db, registry):
    complaint, _ = file_complaint(app, db, office="baoding-in-guangzhou", when=FILED)
    hebei = make_account(db, Role.SUPERVISOR, government=registry.hebei)
    supervision.acknowledge(db, complaint, hebei, now=FILED + timedelta(hours=1))
    supervision.transfer(db, complaint, hebei, registry.guangdong.id, "Host matter.", now=LATE)
    db.commit()
    assert routes(complaint) == {
        registry.guangdong.id: (RouteRole.PRIMARY, True, "transferred"),
        registry.hebei.id: (RouteRole.COPY, False, "parent_of_establishing"),
    }
    assert complaint.primary_government_id == registry.guangdong.id
