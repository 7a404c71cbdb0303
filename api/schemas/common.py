"""Schemas shared by every resource: problems, list pages, references to governments and offices,
findings, and the kinds of field the API repeats (codes, money)."""

from __future__ import annotations

import functools

from marshmallow import Schema, fields

from disclosures.money import fen_to_yuan_text


def described(description: str, **extra) -> dict:
    """A field's metadata: its description in the OpenAPI document and on the API page."""
    return {"description": description, **extra}


def code_field(description: str = "6-digit GB/T 2260 division code.", **kwargs) -> fields.String:
    return fields.String(
        metadata=described(description, pattern="^[0-9]{6}$", example="130000"), **kwargs
    )


def enum_field(enum_cls, description: str = "", **kwargs) -> fields.Enum:
    """An enum by its value (the codes listed in the data dictionary)."""
    return fields.Enum(enum_cls, by_value=True, metadata=described(description), **kwargs)


class YuanField(fields.Field):
    """The amount of another field (integer fen) as an exact yuan string ("1234.50").

    It reads `source` itself rather than through `attribute`, which marshmallow reserves for one
    field per attribute."""

    def __init__(self, source: str, **kwargs) -> None:
        super().__init__(dump_only=True, **kwargs)
        self.source = source

    def get_value(self, obj, attr, accessor=None, default=None):
        return super().get_value(obj, self.source, accessor, default)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else fen_to_yuan_text(int(value))


def yuan_field(source: str, description: str = "The same amount in yuan, exact.") -> YuanField:
    return YuanField(
        source,
        allow_none=True,
        metadata=described(description, type="string", pattern=r"^-?[0-9]+\.[0-9]{2}$"),
    )


class ProblemParameterSchema(Schema):
    parameter = fields.String(required=True, metadata=described("The query parameter at fault."))
    detail = fields.String(required=True, metadata=described("What is wrong and what to send."))


class ProblemSchema(Schema):
    """An error (RFC 9457 problem details)."""

    type = fields.String(required=True, metadata=described("Always about:blank."))
    title = fields.String(required=True, metadata=described("The HTTP status phrase."))
    status = fields.Integer(required=True)
    detail = fields.String(required=True, metadata=described("For a person, in ?lang=."))
    instance = fields.String(required=True, metadata=described("The path asked for."))
    errors = fields.List(fields.Nested(ProblemParameterSchema))


@functools.cache
def page_schema(item: type[Schema]) -> type[Schema]:
    """The envelope of one page of a list: its items and the address of the next page."""
    name = item.__name__.removesuffix("Schema") + "PageSchema"
    return Schema.from_dict(
        {
            "data": fields.List(fields.Nested(item), required=True),
            "next": fields.String(
                required=True,
                allow_none=True,
                metadata=described(
                    "The next page's address (null on the last page).", format="uri"
                ),
            ),
        },
        name=name,
    )


class GovernmentRefSchema(Schema):
    """A government, briefly."""

    code = code_field(required=True)
    name_zh = fields.String(required=True)
    name_en = fields.String(allow_none=True)
    level = fields.String(
        attribute="level.value",
        metadata=described(
            "national, provincial, prefectural or county.",
            enum=["national", "provincial", "prefectural", "county"],
        ),
    )


class OfficeRefSchema(Schema):
    """An office, briefly."""

    slug = fields.String(required=True, metadata=described("The office's permanent identifier."))
    name_zh = fields.String(required=True)
    name_en = fields.String(allow_none=True)


class FindingSchema(Schema):
    """A rule of the circular broken (or at risk), with the facts that show it (dumped from
    `Finding.as_dict()`, whose facts are already plain JSON values)."""

    rule = fields.String(required=True, metadata=described("The rule's code, e.g. R1."))
    severity = fields.String(
        required=True,
        metadata=described("info, warning or violation.", enum=["info", "warning", "violation"]),
    )
    office = fields.String(allow_none=True, metadata=described("The office's slug."))
    message_zh = fields.String(required=True)
    message_en = fields.String(required=True)
    facts = fields.Dict(
        keys=fields.String(),
        metadata=described("The facts the rule read (dates ISO 8601, codes, counts)."),
    )
