"""The office directory's query: what a visitor asked for, parsed and checked, and turned back into links."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from flask_babel import gettext as _

from portal.errors import BadQuery
from portal.labels import ORDER_LABELS, SORT_LABELS
from portal.models import GovernmentLevel, OfficeKind, OfficeStatus
from portal.params import page_number
from portal.rule_texts import RULES

MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class DirectoryQuery:
    """What a visitor asked the office directory for. Empty strings mean "any".

    `rule` (R1…) narrows `findings` to that rule's findings: `?rule=R3` lists the offices with
    an R3 finding, `?rule=R3&findings=no` those without one.
    """

    host: str = ""
    origin: str = ""
    level: GovernmentLevel | None = None
    status: OfficeStatus | None = None
    kind: OfficeKind | None = None
    findings: str = ""
    rule: str = ""
    q: str = ""
    sort: str = "name"
    order: str = "asc"
    page: int = 1

    def args(self, **changes: Any) -> dict[str, str]:
        """The query string for this query (with changes), leaving out defaults."""
        query = replace(self, **changes)
        result: dict[str, str] = {}
        for spec in fields(query):
            value = getattr(query, spec.name)
            if value is None or value == "" or value == spec.default:
                continue
            result[spec.name] = str(value)
        return result

    def filter_args(self) -> dict[str, str]:
        """The filters alone (no sort, no page): what an export must honour."""
        return {k: v for k, v in self.args().items() if k not in ("sort", "order", "page")}

    @property
    def is_filtered(self) -> bool:
        return bool(self.filter_args())


class DirectoryQueryError(BadQuery):
    """Bad directory parameters: every problem, each with its field, and what could be kept."""

    def __init__(self, errors: dict[str, str], partial: DirectoryQuery) -> None:
        super().__init__(" ".join(errors.values()), field=next(iter(errors)))
        self.errors = errors
        self.partial = partial


def _enum(value: str, enum_cls, message: str, field: str, errors: dict[str, str]):
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        errors[field] = message
        return None


def parse_directory_query(
    args: Mapping[str, str],
    province_codes: set[str],
    *,
    paged: bool = True,
    rule_codes: Collection[str] = RULES,
) -> DirectoryQuery:
    """Read and check the directory's parameters.

    `province_codes` are the division codes of the provincial governments in the registry;
    `rule_codes` the rules one may filter on (the circular's, by default).
    Raises DirectoryQueryError naming every bad parameter, with a message for a person.
    """
    errors: dict[str, str] = {}
    get = lambda name: (args.get(name) or "").strip()  # noqa: E731

    host, origin = get("host"), get("origin")
    if host and host not in province_codes:
        errors["host"] = _("There is no province with the code “%(code)s”.", code=host[:20])
        host = ""
    if origin and origin not in province_codes:
        errors["origin"] = _("There is no province with the code “%(code)s”.", code=origin[:20])
        origin = ""
    level = _enum(get("level"), GovernmentLevel, _("Unknown government level."), "level", errors)
    status = _enum(get("status"), OfficeStatus, _("Unknown office status."), "status", errors)
    kind = _enum(get("kind"), OfficeKind, _("Unknown kind of office."), "kind", errors)
    findings = get("findings")
    if findings not in ("", "yes", "no"):
        errors["findings"] = _("“Findings” must be “with findings” or “without findings”.")
        findings = ""
    rule = get("rule").upper()
    if rule and rule not in rule_codes:
        errors["rule"] = _("There is no rule “%(code)s”.", code=rule[:20])
        rule = ""
    q = get("q")
    if len(q) > MAX_NAME_LENGTH:
        errors["q"] = _(
            "The name to look for may be at most %(count)d characters long.", count=MAX_NAME_LENGTH
        )
        q = q[:MAX_NAME_LENGTH]
    sort = get("sort") or "name"
    if sort not in SORT_LABELS:
        errors["sort"] = _("Unknown sort order.")
        sort = "name"
    order = get("order") or "asc"
    if order not in ORDER_LABELS:
        errors["order"] = _("The order must be ascending or descending.")
        order = "asc"
    page = 1
    if paged:
        try:
            page = page_number(get("page"))
        except BadQuery as error:
            errors["page"] = str(error)
    query = DirectoryQuery(
        host=host,
        origin=origin,
        level=level,
        status=status,
        kind=kind,
        findings=findings,
        rule=rule,
        q=q,
        sort=sort,
        order=order,
        page=page,
    )
    if errors:
        raise DirectoryQueryError(errors, query)
    return query
