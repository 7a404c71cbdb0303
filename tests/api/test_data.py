"""The data catalogue (page and DCAT), robots.txt and the sitemap."""

from __future__ import annotations

from xml.etree import ElementTree as ET

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_the_catalogue_lists_every_dataset_with_licence_and_dictionary(client, disclosed):
    page = client.get("/data/?lang=en").get_data(as_text=True)
    assert "CC BY 4.0" in page and 'id="ocds"' in page and 'id="open311"' in page
    for dataset in ("offices", "contracts", "receptions", "summary", "complaint-statistics"):
        assert f'id="{dataset}"' in page
    assert "<code>amount_fen</code>" in page and "Integer fen (1/100 yuan)." in page
    assert "<code>single_source</code>" in page  # a codelist, from the schema's enum
    assert "2024-03-01 00:00 UTC" in page  # the last publication


def test_the_dcat_catalogue_names_datasets_in_both_languages(client, disclosed):
    response = client.get("/data/catalog.jsonld")
    assert response.mimetype == "application/ld+json"
    catalogue = response.get_json()
    assert catalogue["@type"] == "dcat:Catalog"
    contracts = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "contracts")
    assert {t["@language"] for t in contracts["dct:title"]} == {"zh", "en"}
    assert contracts["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    urls = [d.get("dcat:downloadURL", d.get("dcat:accessURL"))["@id"]
            for d in contracts["dcat:distribution"]]  # fmt: skip
    assert "http://127.0.0.1:5000/api/v1/contracts" in urls
    assert "http://127.0.0.1:5000/disclosures/export/contracts.ocds.json" in urls
    assert contracts["dct:modified"]["@value"].startswith("2024-03-01")


def test_robots_keep_crawlers_out_of_private_and_search_pages(client, registry):
    robots = client.get("/robots.txt").get_data(as_text=True)
    for path in ("/login", "/supervise/", "/editor/", "/search"):
        assert f"Disallow: {path}" in robots
    assert "Sitemap: http://127.0.0.1:5000/sitemap.xml" in robots


def test_the_sitemap_lists_every_public_page_in_both_languages(client, registry):
    index = ET.fromstring(client.get("/sitemap.xml").get_data())
    files = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert files == ["http://127.0.0.1:5000/sitemaps/1.xml"]
    urlset = ET.fromstring(client.get("/sitemaps/1.xml").get_data())
    locations = [loc.text for loc in urlset.iter(f"{SITEMAP}loc")]
    assert "http://127.0.0.1:5000/offices/laishui-in-shijiazhuang?lang=zh" in locations
    assert "http://127.0.0.1:5000/offices/laishui-in-shijiazhuang?lang=en" in locations
    assert "http://127.0.0.1:5000/governments/130623?lang=en" in locations
    assert not [loc for loc in locations if "/supervise" in loc or "/login" in loc]
    assert client.get("/sitemaps/2.xml").status_code == 404


def test_a_large_register_is_split_at_50000_addresses(app, db, registry, monkeypatch):
    from api import sitemap

    monkeypatch.setattr(sitemap, "PER_FILE", 10)  # five pages (ten addresses) per file
    with app.test_request_context():
        pages = sum(1 for _ in sitemap.addresses(db))
        assert pages > 10 and sitemap.file_count(db) == -(-pages // 5)
        assert len(sitemap.chunk(db, 1)) == 5 and sitemap.chunk(db, sitemap.file_count(db))
