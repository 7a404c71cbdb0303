"""Bulk downloads over the small demo: `flask data bundle` writes a ZIP for everything and one
per year (CSV, JSON, dictionary, README, SHA-256 sums) atomically, /data/ serves them with an
ETag, the catalogue links them, and docs/recompute_summary.py recomputes every figure of the
national summary from the bundle of everything."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess  # nosec B404 - runs the documented script with this interpreter
import sys
import zipfile
from pathlib import Path

import pytest

from api.bundles import PREFIX, parts, read_everything, write_bundle
from portal.clock import frozen, today_in_china

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "recompute_summary.py"


@pytest.fixture(scope="module")
def day():
    return today_in_china()


@pytest.fixture(scope="module")
def bundles(demo_app, tmp_path_factory, day):
    """The bundles of the demo, written by the command (progress bar and all)."""
    directory = tmp_path_factory.mktemp("bundles")
    demo_app.config["DATA_BUNDLE_DIR"] = str(directory)
    with frozen(day):
        result = demo_app.test_cli_runner().invoke(args=["data", "bundle"])
    assert result.exit_code == 0, result.output
    assert "Writing the bundles" in result.output
    return directory


def _zip(directory: Path, which: str = "all") -> zipfile.ZipFile:
    return zipfile.ZipFile(directory / f"{PREFIX}{which}.zip")


def test_the_script_recomputes_every_figure_of_the_summary(demo_app, bundles, day):
    done = subprocess.run(  # nosec B603 - our own script, no shell
        [sys.executable, str(SCRIPT), str(bundles / f"{PREFIX}all.zip")],
        capture_output=True,
        check=True,
        text=True,
    )
    recomputed = json.loads(done.stdout)
    with frozen(day):
        published = demo_app.test_client().get("/reports/summary.json").get_json()
    assert published["national"]["offices_now"] > 0, "the demo has offices"
    assert published["national"]["complaints_received"], "the demo has complaints"
    assert sum(published["national"][f"findings_{rule}"] for rule in published["rules"]) > 0
    assert recomputed["rules"] == published["rules"]
    for mine, theirs in zip(recomputed["provinces"], published["provinces"], strict=True):
        assert mine == theirs, theirs["province_code"]
    assert recomputed == published


def test_every_file_is_listed_with_its_checksum(bundles):
    with _zip(bundles) as bundle:
        names = set(bundle.namelist())
        for part in parts():
            assert {f"data/{part.id}.json", f"data/{part.id}.csv"} <= names
        assert {"README.md", "manifest.json", "dictionary.json", "dictionary.csv"} <= names
        sums = bundle.read("SHA256SUMS").decode().splitlines()
        listed = {}
        for line in sums:
            digest, name = line.split("  ", 1)
            listed[name] = digest
        assert set(listed) == names - {"SHA256SUMS"}
        for name, digest in listed.items():
            assert hashlib.sha256(bundle.read(name)).hexdigest() == digest, name
        readme = bundle.read("README.md").decode()
        assert "CC BY 4.0" in readme and "recompute_summary.py" in readme


def test_the_json_is_the_api_and_the_csv_the_same_records(demo_app, bundles):
    with _zip(bundles) as bundle:
        offices = json.loads(bundle.read("data/offices.json"))
        table = bundle.read("data/offices.csv").decode("utf-8")
    assert table.startswith("\ufeff"), "Excel needs the byte-order mark for Chinese"
    rows = list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))))
    assert [row["slug"] for row in rows] == [office["slug"] for office in offices]
    assert rows[0]["establishing_government.code"] == offices[0]["establishing_government"]["code"]
    first = demo_app.test_client().get("/api/v1/offices?limit=100&lang=zh").get_json()["data"]
    assert offices[: len(first)] == first


def test_a_year_holds_that_years_records(bundles):
    with _zip(bundles) as everything:
        manifest = json.loads(everything.read("manifest.json"))
        contracts = json.loads(everything.read("data/contracts.json"))
    years = sorted({c["year"] for c in contracts})
    assert len(years) > 1, "the demo spans several years"
    counted = 0
    for year in years:
        with _zip(bundles, str(year)) as bundle:
            yearly = json.loads(bundle.read("data/contracts.json"))
            assert {c["year"] for c in yearly} == {year}
            assert "data/offices.json" in bundle.namelist()
            assert "data/summary.json" not in bundle.namelist()
            assert json.loads(bundle.read("manifest.json"))["year"] == year
        counted += len(yearly)
    assert counted == len(contracts)
    assert manifest["as_of"] and manifest["licence"]["name"] == "CC BY 4.0"


def test_an_interrupted_run_leaves_the_old_bundle_intact(demo_app, bundles, day):
    old = (bundles / f"{PREFIX}all.zip").read_bytes()
    with demo_app.test_request_context(), frozen(day):
        plan = read_everything(demo_app)
    written = []

    def interrupt_after_three(name: str) -> None:
        written.append(name)
        if len(written) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), demo_app.test_request_context():
        write_bundle(bundles, plan, None, interrupt_after_three)
    assert (bundles / f"{PREFIX}all.zip").read_bytes() == old
    assert not list(bundles.glob(".*.part")), "the temporary file is removed"


def test_bundles_are_served_with_an_etag_and_listed(demo_app, bundles):
    client = demo_app.test_client()
    address = f"/data/bundles/{PREFIX}all.zip"
    expected = hashlib.sha256((bundles / f"{PREFIX}all.zip").read_bytes()).hexdigest()
    with client.get(address) as response:
        assert response.status_code == 200
        assert response.mimetype == "application/zip"
        assert response.get_etag()[0] == expected
        assert response.get_data() == (bundles / f"{PREFIX}all.zip").read_bytes()
    with client.get(address, headers={"If-None-Match": f'"{expected}"'}) as again:
        assert again.status_code == 304
    for wrong in (f"/data/bundles/{PREFIX}1999.zip", "/data/bundles/..%2Fsecret_key"):
        assert client.get(wrong).status_code == 404
    page = client.get("/data/?lang=en").get_data(as_text=True)
    assert address in page and expected[:16] in page
    catalogue = client.get("/data/catalog.jsonld").get_json()
    bulk = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == "bundles")
    urls = {d["dcat:downloadURL"]["@id"] for d in bulk["dcat:distribution"]}
    assert f"http://127.0.0.1:5000{address}" in urls
