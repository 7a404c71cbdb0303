"""The API's operations, declared once: each route's parameter schema (which validates the query
string) and response schema (which serialises the answer) also write its OpenAPI 3.1 entry.

`operation(...)` registers a view on the blueprint and in `OPERATIONS`; `openapi_document()`
builds the document from `OPERATIONS` with apispec's marshmallow plugin, so the published
description cannot drift from what the code validates and returns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, request
from flask_babel import force_locale
from marshmallow import Schema, ValidationError, fields

from api import cursor, http, problems
from api.schemas.common import ProblemSchema, page_schema

API_VERSION = "1.0.0"
LICENCE = {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}
MAX_ID = 2**31 - 1


@dataclass
class Result:
    """What a view returns: the data (objects or records), and for lists whether a page follows."""

    data: Any
    last_modified: datetime | None = None
    has_next: bool = False


@dataclass
class Operation:
    """One documented GET route."""

    rule: str
    endpoint: str
    summary: Any  # a lazy_gettext string: English in the document, translated on /api/
    description: str
    tag: str
    response: type[Schema]
    params: type[Schema] | None
    many: bool
    paged: bool = True
    path_params: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: tuple[int, ...] = (400, 404)
    content_type: str = http.JSON_TYPE

    @property
    def path(self) -> str:
        """The OpenAPI path: Flask's `<int:id>` becomes `{id}`."""
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)


OPERATIONS: list[Operation] = []

PATH_PARAMETERS: dict[str, dict[str, Any]] = {
    "slug": {"type": "string", "minLength": 1, "maxLength": 120, "pattern": "^[a-z0-9-]+$"},
    "code": {"type": "string", "pattern": "^[0-9]{6}$"},
    "province_code": {"type": "string", "pattern": "^[0-9]{6}$"},
    "uscc": {"type": "string", "pattern": "^[0-9A-Z]{18}$"},
    "rule_code": {"type": "string", "pattern": "^R[0-9]{1,2}$"},
    "round_code": {"type": "string", "minLength": 1, "maxLength": 20},
    "application_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "inspection_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}


def load_params(schema: type[Schema] | None) -> dict[str, Any]:
    """The query string, validated by the operation's parameter schema (400 naming each field)."""
    if schema is None:
        return {}
    instance = schema()
    try:
        return instance.load(request.args)
    except ValidationError as error:
        messages = {name: str(f.metadata.get("error", "")) for name, f in instance.fields.items()}
        raise _Invalid(problems.from_validation_error(error, messages)) from None


class _Invalid(Exception):
    def __init__(self, response) -> None:
        self.response = response


def operation(
    bp: Blueprint,
    rule: str,
    *,
    summary: Any,
    tag: str,
    response: type[Schema],
    params: type[Schema] | None = None,
    many: bool = False,
    paged: bool = True,
    description: str = "",
    errors: tuple[int, ...] = (400, 404),
) -> Callable:
    """Register `view(args, **path_values) -> Result` as a documented GET route.

    A list (`many`) is answered as `{"data": [...], "next": url or null}`. When it is `paged`,
    `args["limit"]` and `args["cursor"]` choose the page: the view receives it as
    `args["window"]` and returns `Result(items, has_next=…)`, and `next` (also a
    `Link: rel="next"` header) names the following page. An unpaged list is short and whole.
    """

    def decorate(view: Callable[..., Result]) -> Callable:
        names = re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule)
        op = Operation(
            rule=rule,
            endpoint=f"{bp.name}.{view.__name__}",
            summary=summary,
            description=description or (view.__doc__ or "").strip(),
            tag=tag,
            response=response,
            params=params,
            many=many,
            paged=paged,
            path_params={name: PATH_PARAMETERS[name] for name in names},
            errors=errors,
        )
        OPERATIONS.append(op)
        dumper = (page_schema(response) if many else response)()

        @functools.wraps(view)
        def handle(**path_values):
            try:
                args = load_params(params)
            except _Invalid as invalid:
                return invalid.response
            if many and paged:
                page = cursor.decode(args.get("cursor"), request.args)
                args["window"] = cursor.Window(page, args["limit"])
            result = view(args, **path_values)
            if isinstance(result, Response):
                return result  # a problem the view chose (a 503 while search is rebuilt)
            links: dict[str, str] = {}
            if many:
                following = None
                if paged and result.has_next:
                    following = cursor.next_url(args["window"].page, request.args)
                    links["next"] = following
                document = dumper.dump({"data": result.data, "next": following})
            else:
                document = dumper.dump(result.data)
            return http.public_json(document, last_modified=result.last_modified, links=links)

        bp.add_url_rule(rule, view.__name__, handle, methods=["GET"])
        return handle

    return decorate


def _responses(op: Operation) -> dict[str, Any]:
    schema = page_schema(op.response) if op.many else op.response
    headers = {
        "ETag": {
            "description": "Digest of the body; send it back in If-None-Match.",
            "schema": {"type": "string"},
        },
        "Cache-Control": {"schema": {"type": "string"}},
    }
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": headers,
            "content": {op.content_type: {"schema": schema}},
        },
        "304": {"description": "Not modified since the ETag or date you sent."},
        "429": _problem("Too many requests; Retry-After says when to try again."),
    }
    for status in op.errors:
        responses[str(status)] = _problem(PROBLEM_DESCRIPTIONS.get(status, "Error"))
    return responses


PROBLEM_DESCRIPTIONS = {
    400: "A parameter is wrong; `errors` names each one.",
    404: "Nothing at this address.",
    503: "Temporarily unavailable (the search index is being rebuilt).",
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {problems.PROBLEM_TYPE: {"schema": ProblemSchema}},
    }


def openapi_document(server_url: str) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every registered operation, in English."""
    with force_locale("en"):
        return _document(server_url)


def _document(server_url: str) -> dict[str, Any]:
    spec = APISpec(
        title="Liaison Office Transparency Portal API",
        version=API_VERSION,
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Read-only open data of the portal: liaison offices and the rules they break, "
                "governments and their complaint channels, disclosures, oversight and "
                "statistics. Money is in integer fen (1/100 yuan) with an exact yuan string "
                "beside it; dates are ISO 8601, China calendar days; instants are UTC. "
                "Demonstration data."
            ),
            "license": LICENCE,
        },
        servers=[{"url": server_url}],
    )
    spec.components.schema("Problem", schema=ProblemSchema)
    for op in OPERATIONS:
        parameters: list[dict[str, Any]] = [
            {"in": "path", "name": name, "required": True, "schema": schema}
            for name, schema in op.path_params.items()
        ]
        if op.params is not None:
            parameters.append({"in": "query", "schema": op.params})
        spec.path(
            path=op.path,
            operations={
                "get": {
                    "operationId": op.endpoint.replace(".", "_"),
                    "summary": str(op.summary),
                    "description": op.description,
                    "tags": [op.tag],
                    "parameters": parameters,
                    "responses": _responses(op),
                }
            },
        )
    return spec.to_dict()


def describe(field_: fields.Field) -> str:
    """A parameter's description for the human page."""
    return str(field_.metadata.get("description", ""))
