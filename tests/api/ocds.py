"""Validation of OCDS release packages against the official 1.1.5 schema and codelists, read
from ../shared/standards/ocds-1.1.5/ beside the repository (as CI lays it out)."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT4

STANDARD = Path(__file__).resolve().parents[2] / ".." / "shared" / "standards" / "ocds-1.1.5"


def _load(name: str) -> dict[str, Any]:
    return json.loads((STANDARD / name).read_text("utf-8"))


@functools.cache
def package_validator() -> jsonschema.Draft4Validator:
    """The release-package schema, its releases resolved to the local release schema."""
    if not STANDARD.is_dir():
        pytest.fail(f"The OCDS 1.1.5 standard is not at {STANDARD} (shared/ beside the clone).")
    registry = Registry()
    for name in ("release-package-schema.json", "release-schema.json"):
        schema = _load(name)
        registry = registry.with_resource(schema["id"], DRAFT4.create_resource(schema))
    return jsonschema.Draft4Validator(
        _load("release-package-schema.json"),
        registry=registry,
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )


@functools.cache
def codes(codelist: str) -> frozenset[str]:
    with (STANDARD / "codelists" / codelist).open(encoding="utf-8") as handle:
        return frozenset(row["Code"] for row in csv.DictReader(handle))


def _codelist_errors(schema: dict, value: Any, path: str) -> list[str]:
    """Every value, at any depth, outside the codelist its field names (open or closed)."""
    if value is None:
        return []
    if "codelist" in schema:
        values = value if isinstance(value, list) else [value]
        allowed = codes(schema["codelist"])
        return [f"{path}: {v!r} is not in {schema['codelist']}" for v in values if v not in allowed]
    errors: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in schema.get("properties", {}):
                errors += _codelist_errors(schema["properties"][key], item, f"{path}/{key}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for number, item in enumerate(value):
            errors += _codelist_errors(schema["items"], item, f"{path}/{number}")
    return errors


def problems(package: dict[str, Any]) -> list[str]:
    """Schema errors and codelist errors of a release package; [] when it is valid."""
    found = [
        f"/{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in package_validator().iter_errors(package)
    ]
    release_schema = _release_schema()
    for number, release in enumerate(package.get("releases", [])):
        found += _codelist_errors(release_schema, release, f"/releases/{number}")
    return found


@functools.cache
def _release_schema() -> dict[str, Any]:
    return _load("dereferenced-release-schema.json")
