"""Bulk downloads: one ZIP per year and one for everything, built by `flask data bundle`.

Each bundle holds, for every dataset the API serves, its records as JSON (exactly the API's
objects) and as CSV (flattened, through `portal.csv`), the data dictionary, a README, a manifest
and `SHA256SUMS`. The records are read by calling the API's own views page by page (one logic
layer: no query is written again here). A bundle is written to a temporary file beside the old
one and renamed over it only when complete, so an interrupted run (Ctrl-C) leaves the old bundle
intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import force_locale
from marshmallow import validate

from api.bundle_texts import readme
from api.catalogue import DATASETS, LICENCE_NAME, LICENCE_URL, dictionary
from api.spec import OPERATIONS, openapi_document
from portal.atom import public_base
from portal.clock import today_in_china, utcnow
from portal.csv import csv_chunks

PREFIX = "portal-open-data-"
EVERYTHING = "all"
NAME = re.compile(r"^portal-open-data-(all|[0-9]{4})\.zip$")
PAGE_SIZE = 100

YEAR_FIELDS = {
    "budgets": "year",
    "provider-listings": "year",
    "contracts": "year",
    "services": "year",
    "receptions": "year",
    "reception-standards": "year",
    "approvals": "submitted_on",
    "inspections": "inspected_on",
}
"""The datasets a year's bundle splits, and the field that gives a record's year."""
REFERENCE = ("offices", "findings", "governments", "rules", "providers")
"""Datasets every year's bundle holds whole (what the yearly records refer to). The others
(reports, the national summary, complaint statistics) are figures as of the bundle's day: only
in the bundle of everything."""


@dataclass(frozen=True)
class Part:
    """One dataset of a bundle: its identifier, titles and the API operation that serves it."""

    id: str
    endpoint: str
    titles: tuple[str, str]

    @property
    def operation(self):
        return next(op for op in OPERATIONS if op.endpoint == self.endpoint)

    @property
    def schema_name(self) -> str:
        return self.operation.response.__name__.removesuffix("Schema")


def parts() -> list[Part]:
    """Every dataset of the catalogue, then the rules and providers the records refer to."""
    found = []
    for dataset in DATASETS:
        titles = []
        for language in ("zh", "en"):
            with force_locale(language):
                titles.append(str(dataset.title))
        found.append(Part(dataset.id, dataset.api_endpoint, (titles[0], titles[1])))
    found.append(Part("rules", "api.rules", ("通知的规则", "Rules of the circular")))
    found.append(Part("providers", "api.providers", ("服务提供者", "Providers")))
    return found


def bundle_directory(app: Flask | None = None) -> Path:
    """Where bundles are written and served from: PORTAL_DATA_BUNDLE_DIR, else instance/bundles."""
    app = app or current_app
    configured = app.config.get("DATA_BUNDLE_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "bundles"


def bundle_name(year: int | None) -> str:
    return f"{PREFIX}{year if year is not None else EVERYTHING}.zip"


def page_size(op) -> int:
    """The largest page the operation's `limit` accepts (its range's top, or its fixed size)."""
    limit = op.params._declared_fields["limit"]
    for rule in limit.validators:
        if isinstance(rule, validate.Range) and rule.max is not None:
            return min(int(rule.max), PAGE_SIZE)
        if isinstance(rule, validate.Equal):
            return int(rule.comparable)
    return PAGE_SIZE


def read_dataset(app: Flask, part: Part) -> Any:
    """A dataset as the API serves it: a list (every page, following `next`) or one object."""
    op = part.operation
    view = app.view_functions[part.endpoint]
    address: str | None = f"{op.rule}?lang=zh" + (
        f"&limit={page_size(op)}" if op.many and op.paged else ""
    )
    items: list[Any] = []
    origin = urlsplit(public_base())  # the configured host, which TRUSTED_HOSTS admits
    while address:
        with app.test_request_context(address, base_url=f"{origin.scheme}://{origin.netloc}"):
            response = view()
        if response.status_code != 200:
            raise RuntimeError(f"{address} answered {response.status_code}")
        document = json.loads(response.get_data())
        if not op.many:
            return document
        items.extend(document["data"])
        following = document.get("next")
        address = None
        if following:
            parts_ = urlsplit(following)
            address = f"{parts_.path}?{parts_.query}"
    return items


def year_of(part_id: str, record: dict[str, Any]) -> int | None:
    value = record.get(YEAR_FIELDS[part_id])
    if value is None:
        return None
    return int(str(value)[:4])


def flat(record: Any, prefix: str = "") -> dict[str, Any]:
    """A record as one CSV row: nested objects as `parent.child` columns, lists of objects as
    JSON text (lists of plain values are joined by `portal.csv`)."""
    if not isinstance(record, dict):
        return {prefix or "value": record}
    row: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            row.update(flat(value, name) if value else {name: None})
        elif isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
            row[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            row[name] = value
    return row


def csv_text(part_id: str, data: Any) -> str:
    """The CSV of a dataset: a list's records, the summary's provinces and national total, or
    one row for another single object."""
    if isinstance(data, list):
        records = data
    elif part_id == "summary":
        records = [*data["provinces"], data["national"]]
    else:
        records = [data]
    rows = [flat(record) for record in records]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return "".join(csv_chunks(list(columns), rows))


def _dump(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


@dataclass
class Plan:
    """What the bundles will hold: every dataset read once, the years found, the day."""

    data: dict[str, Any]
    titles: dict[str, tuple[str, str]]
    schemas: dict[str, str]
    years: list[int]
    as_of: date
    generated_at: datetime


def read_everything(app: Flask, progress: Callable[[str], None] = lambda _step: None) -> Plan:
    """Read every dataset through the API's views (one step of progress each)."""
    data, titles, schemas = {}, {}, {}
    for part in parts():
        data[part.id] = read_dataset(app, part)
        titles[part.id], schemas[part.id] = part.titles, part.schema_name
        progress(part.id)
    years = sorted(
        {year for part_id in YEAR_FIELDS for r in data[part_id] if (year := year_of(part_id, r))}
    )
    return Plan(data, titles, schemas, years, today_in_china(), utcnow())


def selection(plan: Plan, year: int | None) -> dict[str, Any]:
    """The datasets of one bundle: everything, or one year's records and the reference data."""
    if year is None:
        return plan.data
    chosen = {}
    for part_id, data in plan.data.items():
        if part_id in YEAR_FIELDS:
            chosen[part_id] = [r for r in data if year_of(part_id, r) == year]
        elif part_id in REFERENCE:
            chosen[part_id] = data
    return chosen


def bundle_files(plan: Plan, year: int | None) -> Iterable[tuple[str, bytes]]:
    """Every file of one bundle but the checksums, in a stable order."""
    chosen = selection(plan, year)
    document = openapi_document(public_base() + "/api/v1")
    dictionaries = {part_id: dictionary(document, plan.schemas[part_id]) for part_id in chosen}
    manifest = {
        "title": "Liaison Office Transparency Portal: open data",
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "source": public_base() + "/data/",
        "as_of": plan.as_of.isoformat(),
        "generated_at": plan.generated_at.isoformat(),
        "year": year,
        "datasets": [
            {
                "id": part_id,
                "title_zh": plan.titles[part_id][0],
                "title_en": plan.titles[part_id][1],
                "records": len(data) if isinstance(data, list) else 1,
                "files": [f"data/{part_id}.json", f"data/{part_id}.csv"],
            }
            for part_id, data in chosen.items()
        ],
    }
    yield "README.md", readme(manifest).encode("utf-8")
    yield "manifest.json", _dump(manifest)
    yield "dictionary.json", _dump(dictionaries)
    fields = [
        {"dataset": part_id, **field, "codes": field["codes"]}
        for part_id, rows in dictionaries.items()
        for field in rows
    ]
    columns = ["dataset", "name", "type", "format", "codes", "description"]
    yield "dictionary.csv", "".join(csv_chunks(columns, fields)).encode("utf-8")
    for part_id, data in chosen.items():
        yield f"data/{part_id}.json", _dump(data)
        yield f"data/{part_id}.csv", csv_text(part_id, data).encode("utf-8")


def write_bundle(
    directory: Path, plan: Plan, year: int | None, progress: Callable[[str], None]
) -> Path:
    """Write one bundle atomically: a temporary file in the same directory, renamed over the old
    bundle when complete; on any interruption the temporary file is removed and the old bundle
    stays as it was."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / bundle_name(year)
    stamp = plan.generated_at.timetuple()[:6]
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".part")
    try:
        sums = []
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in bundle_files(plan, year):
                zf.writestr(zipfile.ZipInfo(name, stamp), content, zipfile.ZIP_DEFLATED)
                sums.append(f"{hashlib.sha256(content).hexdigest()}  {name}\n")
                progress(name)
            zf.writestr(zipfile.ZipInfo("SHA256SUMS", stamp), "".join(sums), zipfile.ZIP_DEFLATED)
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; a public download is readable by all
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def steps(plan: Plan) -> int:
    """How many progress steps writing every bundle takes (files per bundle, for the bar)."""
    return sum(4 + 2 * len(selection(plan, year)) for year in [None, *plan.years])


def build_bundles(directory: Path, plan: Plan, progress: Callable[[str], None]) -> list[Path]:
    """The bundle of everything, then one per year found in the data."""
    return [write_bundle(directory, plan, year, progress) for year in [None, *plan.years]]


@dataclass(frozen=True)
class BundleFile:
    """A bundle on disk, as the catalogue lists it."""

    name: str
    year: int | None
    size: int
    modified: datetime
    sha256: str


def available(directory: Path) -> list[BundleFile]:
    """The bundles in the directory: everything first, then the years, newest first."""
    found = []
    for path in directory.glob(f"{PREFIX}*.zip") if directory.is_dir() else []:
        match = NAME.fullmatch(path.name)
        if match is None:
            continue
        stat = path.stat()
        found.append(
            BundleFile(
                name=path.name,
                year=None if match[1] == EVERYTHING else int(match[1]),
                size=stat.st_size,
                modified=datetime.fromtimestamp(stat.st_mtime, tz=UTC),
                sha256=file_digest(str(path), stat.st_mtime_ns, stat.st_size),
            )
        )
    return sorted(found, key=lambda b: (b.year is not None, -(b.year or 0)))


@lru_cache(maxsize=64)
def file_digest(path: str, mtime_ns: int, size: int) -> str:
    """The SHA-256 of a bundle, computed once per version of the file (its time and size)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
