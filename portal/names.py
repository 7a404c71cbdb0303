"""A record's name in the page's language: one rule, for every model that has two names.

Chinese is the register's language, so every record has a Chinese name; an English name is
optional. English pages show the English name when there is one and fall back to the Chinese.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapped, mapped_column

SORT_KEY_LENGTH = 1000
"""The length of a stored sort key (`Office.name_sort`, `Provider.name_sort`)."""
_SYLLABLE = re.compile(r"[a-zü]+[1-5]")


def name_in(name_zh: str, name_en: str | None, language: str) -> str:
    """The name to show in `language` ("zh" or "en"), falling back to the Chinese name."""
    return name_en if language == "en" and name_en else name_zh


class BilingualName:
    """For models with `name_zh` and `name_en` columns: `record.name(language)`."""

    name_zh: str
    name_en: str | None

    def name(self, language: str) -> str:
        """The name in `language`, falling back to the Chinese name."""
        return name_in(self.name_zh, self.name_en, language)


def _characters(text: str) -> list[str]:
    return list(text)


def pinyin_sort_key(name_zh: str | None) -> str:
    """A key that sorts Chinese names by pinyin, syllable by syllable, then by tone.

    Each Chinese character becomes its syllable (pypinyin reads polyphonic characters from the
    words around them: 重庆 is chong qing) padded to six places with "0", then its tone (1–4, 5
    for the neutral tone): 西安 is "xi0000" "1" "an0000" "1", so it sorts before 先 ("xian00"
    "1"). Latin letters and digits are kept, lowercased and padded the same way; punctuation and
    spaces are left out. Only the letters a–z and digits remain, so every database collation
    orders the keys alike. Stored in a column (filled on write) so that lists paged in SQL can
    order by it.
    """
    from pypinyin import Style, pinyin  # its dictionaries take a second to load: only when used

    parts = []
    for (item,) in pinyin(
        name_zh or "", style=Style.TONE3, neutral_tone_with_five=True, errors=_characters
    ):
        if _SYLLABLE.fullmatch(item):
            syllable = item[:-1].replace("ü", "v")
            parts.append(syllable.ljust(6, "0") + item[-1])
        elif item.isascii() and item.isalnum():
            parts.append(item.lower().ljust(7, "0"))
    return "".join(parts)[:SORT_KEY_LENGTH]


def _default_sort_key(context: Any) -> str:
    return pinyin_sort_key(context.get_current_parameters().get("name_zh"))


def name_sort_column() -> Mapped[str]:
    """The `name_sort` column of a model with a Chinese name: its pinyin sort key, filled on
    every insert (ORM or Core) from `name_zh`, indexed for lists paged in SQL."""
    return mapped_column(String(SORT_KEY_LENGTH), default=_default_sort_key, index=True)


def keep_name_sort(model: type) -> type:
    """Class decorator: an ORM update that renames the record (`name_zh`) renews its sort key
    (inserts get it from the column default; Core updates of a name must set it themselves)."""

    @event.listens_for(model, "before_update")
    def _renamed(_mapper, _connection, target) -> None:
        if inspect(target).attrs.name_zh.history.has_changes():
            target.name_sort = pinyin_sort_key(target.name_zh)

    return model


def backfill_name_sort(connection: sa.Connection, table_name: str) -> int:
    """Fill `name_sort` of every row of a table with `id` and `name_zh` columns, in batches of
    1,000 (the migrations that add the column); returns how many rows it wrote."""
    table = sa.table(
        table_name, sa.column("id", sa.Integer), sa.column("name_zh"), sa.column("name_sort")
    )
    rows = connection.execute(sa.select(table.c.id, table.c.name_zh)).all()
    for start in range(0, len(rows), 1000):
        connection.execute(
            table.update().where(table.c.id == sa.bindparam("row_id")),
            [
                {"row_id": row_id, "name_sort": pinyin_sort_key(name)}
                for row_id, name in rows[start : start + 1000]
            ],
        )
    return len(rows)


def add_name_sort(op: Any, table_name: str) -> None:
    """A migration's upgrade: add `name_sort`, fill it, then make it NOT NULL and index it."""
    column_type = sa.String(length=SORT_KEY_LENGTH)
    with op.batch_alter_table(table_name) as batch:
        batch.add_column(sa.Column("name_sort", column_type, nullable=True))
    backfill_name_sort(op.get_bind(), table_name)
    with op.batch_alter_table(table_name) as batch:
        batch.alter_column("name_sort", existing_type=column_type, nullable=False)
        batch.create_index(f"ix_{table_name}_name_sort", ["name_sort"], unique=False)


def drop_name_sort(op: Any, table_name: str) -> None:
    """A migration's downgrade: the index and the column go."""
    with op.batch_alter_table(table_name) as batch:
        batch.drop_index(f"ix_{table_name}_name_sort")
        batch.drop_column("name_sort")
