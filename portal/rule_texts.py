"""How every page explains the circular's rules R1–R11: titles, plain words and quotes, in both languages."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "data" / "rule_texts.toml"


@dataclass(frozen=True)
class RuleText:
    """How every page explains a rule: a title, plain words, and the circular's sentence."""

    code: str
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    quote_zh: str
    quote_en: str

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_zh

    def explanation(self, language: str) -> str:
        return self.explanation_en if language == "en" else self.explanation_zh

    def quote(self, language: str) -> str:
        return self.quote_en if language == "en" else self.quote_zh


def _load_rule_texts() -> dict[str, RuleText]:
    with TEXTS.open("rb") as handle:
        raw = tomllib.load(handle)
    return {code: RuleText(code=code, **texts) for code, texts in raw.items()}


RULES: dict[str, RuleText] = _load_rule_texts()
"""R1–R11 explained; the English quotes are verbatim from the circular's English release."""
