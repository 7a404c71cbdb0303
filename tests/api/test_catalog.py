"""The API's own catalog: every string a person reads is in Chinese, and none clashes with the
same English in another package's catalog."""

from portal.catalogs import conflicting_translations, missing_translations


def test_the_api_catalog_is_complete_in_chinese():
    assert missing_translations("api", "zh") == []


def test_no_message_is_translated_two_ways_across_packages():
    packages = ("portal", "disclosures", "complaints", "search", "api")
    assert conflicting_translations(packages) == {}
