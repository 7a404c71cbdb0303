"""Money typed by people (yuan, with separators and symbols) parsed into integer fen."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from portal.errors import PortalError

MAX_FEN = 10**15
_STRIP = re.compile(r"[\s,，¥￥]|元$|CNY|RMB", re.IGNORECASE)


class MoneyError(PortalError):
    """An amount that cannot be read as a non-negative sum of yuan with at most two decimals."""


def parse_yuan(raw: str | int | float | Decimal | None, *, field: str | None = None) -> int:
    """Turn "1,234.56", "¥1234.5", "1234.56 元" or a spreadsheet number into fen (123456).

    Raises MoneyError for empty, negative, non-numeric amounts or more than two decimals.
    Spreadsheet floats are read through their shortest decimal text, so 0.1 stays 10 fen.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise MoneyError(_l("An amount is required."), field)
    if isinstance(raw, bool):
        raise MoneyError(_l("“%(value)s” is not an amount of money.", value=str(raw)), field)
    text = repr(raw) if isinstance(raw, float) else str(raw)
    text = _STRIP.sub("", text.strip())
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise MoneyError(
            _l("“%(value)s” is not an amount of money.", value=str(raw)[:40]), field
        ) from None
    if not amount.is_finite():
        raise MoneyError(_l("“%(value)s” is not an amount of money.", value=str(raw)[:40]), field)
    if amount < 0:
        raise MoneyError(_l("An amount cannot be negative."), field)
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise MoneyError(_l("An amount has at most two decimals (fen)."), field)
    if fen > MAX_FEN:
        raise MoneyError(_l("This amount is too large."), field)
    return int(fen)


def fen_to_yuan_text(fen: int) -> str:
    """Fen as plain yuan text for forms and exports ("1234.56"), the inverse of parse_yuan."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{rest:02d}"
