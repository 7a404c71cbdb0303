"""Which translatable strings of a package lack a Chinese translation (used by a test and the CLI)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
SHARED_TEMPLATES = ("base.html", "_macros.html")


def _source_dirs(package: str) -> list[Path]:
    dirs = [ROOT / package, ROOT / "templates" / package]
    if package == "portal":
        dirs += [ROOT / "templates" / "errors", ROOT / "templates" / "oversight"]
    return [d for d in dirs if d.is_dir()]


def extracted_messages(package: str) -> set[str]:
    """Every msgid (singular and plural) used in the package's code and templates.

    A message with a context (pgettext) is named "context\x04msgid", as gettext keys it.
    """
    found: set[str] = set()
    sources = [(d, METHODS) for d in _source_dirs(package)]
    if package == "portal":
        sources.append((ROOT / "templates", [(name, "jinja2") for name in SHARED_TEMPLATES]))
    for directory, methods in sources:
        for _file, _line, message, _comments, context in extract_from_dir(
            directory, methods, keywords=KEYWORDS
        ):
            for part in message if isinstance(message, tuple) else (message,):
                if part:
                    found.add(f"{context}\x04{part}" if context else part)
    return found


def missing_translations(package: str, language: str = "zh") -> list[str]:
    """Messages with no (or a fuzzy) translation in the package's catalog for `language`."""
    path = ROOT / package / "translations" / language / "LC_MESSAGES" / "messages.po"
    translated: set[str] = set()
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(strings):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                prefix = f"{message.context}\x04" if message.context else ""
                translated.update(prefix + part for part in ids)
    return sorted(extracted_messages(package) - translated)


def fill_translations(package: str, translations: dict[str, str], language: str = "zh") -> int:
    """Write translations into the package's catalog, adding entries that are missing.

    Used by developers as `python -m portal.catalogs PACKAGE FILE.json` after `make messages`.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = ROOT / package / "translations" / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle)
    else:
        catalog = Catalog(locale=language, project=package, fuzzy=False)
    for key, msgstr in translations.items():
        context, _sep, msgid = key.rpartition("\x04")
        message = catalog.get(msgid, context=context or None)
        if message is None:
            catalog.add(msgid, msgstr, context=context or None)
        else:
            message.string = msgstr
            message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)
    return len(translations)


if __name__ == "__main__":
    import json
    import sys

    if len(sys.argv) == 2:
        print("\n".join(missing_translations(sys.argv[1])))
    else:
        count = fill_translations(sys.argv[1], json.loads(Path(sys.argv[2]).read_text("utf-8")))
        print(f"{count} translations written; still missing: {missing_translations(sys.argv[1])}")


def conflicting_translations(packages, language: str = "zh") -> dict[str, dict[str, str]]:
    """Messages that two catalogs translate differently.

    Flask-Babel merges every package's catalog into one, so such a message would show one
    package's wording on the other's pages; a message that means different things needs a
    context (pgettext) or a distinct msgid.
    """
    seen: dict[str, dict[str, str]] = {}
    for package in packages:
        path = ROOT / package / "translations" / language / "LC_MESSAGES" / "messages.po"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not message.id or not message.string:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                if message.context:
                    key = f"{message.context}\x04{key}"
                seen.setdefault(key, {})[package] = str(message.string)
    return {
        key: by_package for key, by_package in seen.items() if len(set(by_package.values())) > 1
    }
