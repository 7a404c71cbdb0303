"""Every string a person reads has a Chinese translation; English is the source language."""

import pytest

from portal.catalogs import extracted_messages, missing_translations

PACKAGES_WITH_CATALOGS = (
    "portal",
    "disclosures",
    "complaints",
    "search",
    "api",
    "admin",
    "operations",
)


@pytest.mark.parametrize("package", PACKAGES_WITH_CATALOGS)
def test_chinese_catalog_is_complete(package):
    missing = missing_translations(package, "zh")
    assert missing == [], (
        f"{package}: {len(missing)} strings lack a Chinese translation: {missing[:20]}"
    )


def test_the_portal_has_strings_to_translate():
    assert "Skip to main content" in extracted_messages("portal")


def test_no_message_is_translated_two_ways():
    from portal.catalogs import conflicting_translations

    assert conflicting_translations(PACKAGES_WITH_CATALOGS) == {}
