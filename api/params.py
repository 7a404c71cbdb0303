"""Query parameters of the API: one marshmallow schema per list, which validates the query string
and documents it. Each field carries the message a client gets when its value is wrong."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, fields, validate

from api.schemas.common import described

MAX_LIMIT = 100
PROVINCE_PATTERN = r"^[0-9]{6}$"
YEAR_MESSAGE = _l("The year must be written with four digits, for example 2016.")


class Params(Schema):
    """Parameters every operation accepts; unknown parameters are ignored."""

    class Meta:
        unknown = EXCLUDE

    lang = fields.String(
        validate=validate.OneOf(["zh", "en"]),
        metadata=described(
            "Language of error messages and labels: zh (default) or en.",
            error=_l("“lang” must be zh or en."),
        ),
    )


class ListParams(Params):
    """Parameters of every list: page size and the cursor of the next page."""

    limit = fields.Integer(
        load_default=25,
        validate=validate.Range(1, MAX_LIMIT),
        metadata=described(
            "How many items a page holds (1 to 100).",
            error=_l("“limit” must be a whole number from 1 to %(max)d.", max=MAX_LIMIT),
        ),
    )
    cursor = fields.String(
        validate=validate.Length(max=200),
        metadata=described(
            "Opaque: copy it from the `next` address of the previous page.",
            error=_l("This cursor is not valid for these filters: start again without a cursor."),
        ),
    )


def province_param(description: str) -> fields.String:
    return fields.String(
        validate=validate.Regexp(PROVINCE_PATTERN),
        metadata=described(
            description, error=_l("A province is given by its 6-digit code, e.g. 130000.")
        ),
    )


def year_param(description: str = "Only this year.") -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(1990, 2100),
        metadata=described(description, error=YEAR_MESSAGE),
    )


PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
"""Text without control characters (PostgreSQL refuses NUL in a string, and no name has one)."""


def text_param(description: str, max_length: int = 100) -> fields.String:
    return fields.String(
        validate=[validate.Length(max=max_length), validate.Regexp(PRINTABLE)],
        metadata=described(
            description,
            error=_l(
                "A text may be at most %(count)d characters long, without control characters.",
                count=max_length,
            ),
        ),
    )


def choice_param(values: list[str], description: str) -> fields.String:
    """One of fixed codes; the message lists them."""
    return fields.String(
        validate=validate.OneOf(values),
        metadata=described(
            description, error=_l("Choose one of: %(values)s.", values=", ".join(values))
        ),
    )
