"""On any tree of governments, every office gets a lead government that did not set it up and
is not below the one that did (complaints/routing.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from complaints.routing import GovernmentFacts, RoutingError, route_listed_office

TOP = 1


@st.composite
def trees(draw):
    """{id: parent id} with the top (1), at least one province, and up to five levels."""
    parents: dict[int, int | None] = {TOP: None}
    depth = {TOP: 0}
    provinces = draw(st.integers(1, 5))
    for _ in range(provinces):
        node = len(parents) + 1
        parents[node], depth[node] = TOP, 1
    for _ in range(draw(st.integers(0, 25))):
        node = len(parents) + 1
        candidates = sorted(n for n in parents if 1 <= depth[n] <= 3)
        parent = draw(st.sampled_from(candidates))
        parents[node], depth[node] = parent, depth[parent] + 1
    return parents


def above(parents: dict[int, int | None], node: int) -> tuple[int, ...]:
    chain, current = [], parents[node]
    while current is not None:
        chain.append(current)
        current = parents[current]
    return tuple(chain)


def facts(parents, node: int) -> GovernmentFacts:
    chain = above(parents, node)
    province = None if node == TOP else (chain[-2] if len(chain) >= 2 else node)
    return GovernmentFacts(node, parents[node], province, chain)


@given(st.data())
def test_every_office_gets_a_lead_that_did_not_set_it_up(data):
    parents = data.draw(trees())
    establishing = data.draw(st.sampled_from(sorted(parents)))
    host = data.draw(st.sampled_from(sorted(n for n, p in parents.items() if p == TOP)))
    try:
        decision = route_listed_office(facts(parents, establishing), host)
    except RoutingError:
        # only when nobody else could supervise: the top's office hosted by... nobody
        assert establishing == TOP and parents[host] == TOP and host == establishing
        return
    assert decision.primary.primary and all(not r.primary for r in decision.copies)
    for route in decision.routes:
        assert route.government_id in parents
        assert route.government_id != establishing
        if establishing != TOP:  # below the top, nobody answering to the establisher either
            assert establishing not in above(parents, route.government_id)
    if parents[establishing] is not None:
        assert decision.primary.government_id == parents[establishing]
    assert len({r.government_id for r in decision.routes}) == len(decision.routes)
