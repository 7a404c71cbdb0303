"""A record's name in the page's language: one rule, for every model that has two names.

Chinese is the register's language, so every record has a Chinese name; an English name is
optional. English pages show the English name when there is one and fall back to the Chinese.
"""

from __future__ import annotations


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
