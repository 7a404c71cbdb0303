"""Publication with history: a correction is a new revision with a reason; the old one stays."""

import pytest
from sqlalchemy import select

from disclosures.items import ItemsRejected, read_row
from disclosures.models import Budget, DisclosureKind, Publication, PublicationStatus
from disclosures.publication import (
    PublicationError,
    open_draft,
    publish_draft,
    publish_items,
    put_draft_item,
)
from disclosures.revisions import history_with_diffs, publication_history, revision_diff

BUDGET_ROWS = [
    {"category": "accommodation", "planned": "120,000", "actual": "98,000.50"},
    {"category": "dining", "planned": "40000", "actual": ""},
]


def budget_items(rows, year=2023):
    return [
        (number, read_row(DisclosureKind.BUDGETS, row, year)[1])
        for number, row in enumerate(rows, 2)
    ]


def test_first_publication_makes_the_budget_public(db, registry):
    office = registry.laishui_office
    publication = publish_items(
        db, office, DisclosureKind.BUDGETS, 2023, budget_items(BUDGET_ROWS), None
    )
    db.commit()
    assert publication.revision == 1 and publication.status is PublicationStatus.PUBLISHED
    budget = db.scalar(select(Budget).where(Budget.office_id == office.id, Budget.year == 2023))
    lines = {line.category.value: (line.planned_fen, line.actual_fen) for line in budget.lines}
    assert lines == {"accommodation": (12_000_000, 9_800_050), "dining": (4_000_000, None)}


def test_a_correction_is_a_new_revision_and_the_old_one_is_unchanged(db, registry, request_context):
    office = registry.laishui_office
    first = publish_items(db, office, DisclosureKind.BUDGETS, 2023, budget_items(BUDGET_ROWS), None)
    db.commit()
    first_content = dict(first.content)

    draft = open_draft(db, office, DisclosureKind.BUDGETS, 2023)
    assert draft.revision == 2 and draft.content == first_content  # starts from what is public
    corrected = read_row(DisclosureKind.BUDGETS, {"category": "dining", "planned": "45000"}, 2023)[
        1
    ]
    put_draft_item(db, draft, corrected)
    with pytest.raises(PublicationError) as refused:
        publish_draft(db, draft, None, reason="  ")
    assert refused.value.field == "reason"
    publish_draft(db, draft, None, reason="The dining budget was mistyped.")
    db.commit()

    history = publication_history(db, office, DisclosureKind.BUDGETS, 2023)
    assert [p.revision for p in history] == [1, 2]
    assert history[0].content == first_content and history[0].reason is None
    assert history[1].reason == "The dining budget was mistyped."
    diff = revision_diff(history[0], history[1])
    assert not diff.added and not diff.removed
    [change] = diff.changed
    assert change.key == "dining"
    assert [(f.name, f.before, f.after) for f in change.fields] == [
        ("planned_fen", 4_000_000, 4_500_000)
    ]
    budget = db.scalar(select(Budget).where(Budget.office_id == office.id, Budget.year == 2023))
    assert budget.publication_id == history[1].id
    assert {line.category.value: line.planned_fen for line in budget.lines}["dining"] == 4_500_000
    [(r1, d1), (r2, d2)] = history_with_diffs(db, office.id, "budgets", 2023)
    assert len(d1.added) == 2 and d2.changed


def test_a_correction_that_changes_nothing_is_refused(db, registry):
    office = registry.laishui_office
    publish_items(db, office, DisclosureKind.BUDGETS, 2023, budget_items(BUDGET_ROWS), None)
    draft = open_draft(db, office, DisclosureKind.BUDGETS, 2023)
    with pytest.raises(PublicationError):
        publish_draft(db, draft, None, reason="Nothing really")


def test_published_revisions_cannot_be_edited(db, registry):
    office = registry.laishui_office
    first = publish_items(db, office, DisclosureKind.BUDGETS, 2023, budget_items(BUDGET_ROWS), None)
    with pytest.raises(PublicationError):
        put_draft_item(db, first, {"category": "other", "planned_fen": 1, "actual_fen": None})


def test_a_correction_without_reason_is_refused_by_the_database_too(db, registry):
    office = registry.laishui_office
    db.add(
        Publication(
            office_id=office.id,
            kind=DisclosureKind.BUDGETS,
            year=2023,
            revision=2,
            status=PublicationStatus.PUBLISHED,
            content={"items": []},
            published_at=__import__("portal.database", fromlist=["utcnow"]).utcnow(),
        )
    )
    with pytest.raises(Exception, match="(?i)check|constraint"):
        db.flush()
    db.rollback()


def test_duplicate_rows_are_named(db, registry, request_context):
    office = registry.laishui_office
    rows = BUDGET_ROWS + [{"category": "dining", "planned": "1"}]
    with pytest.raises(ItemsRejected) as rejected:
        publish_items(db, office, DisclosureKind.BUDGETS, 2023, budget_items(rows), None)
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (4, "category")
    assert "row 3" in str(problem.message)


def test_diff_names_added_removed_and_changed_items():
    from disclosures.revisions import diff_items

    before = [{"reference": "A", "guests": 2}, {"reference": "B", "guests": 3}]
    after = [{"reference": "B", "guests": 4}, {"reference": "C", "guests": 1}]
    diff = diff_items(DisclosureKind.RECEPTIONS, before, after)
    assert [i["reference"] for i in diff.added] == ["C"]
    assert [i["reference"] for i in diff.removed] == ["A"]
    assert [(c.key, [(f.name, f.before, f.after) for f in c.fields]) for c in diff.changed] == [
        ("B", [("guests", 3, 4)])
    ]
    assert diff_items(DisclosureKind.RECEPTIONS, before, before).is_empty
