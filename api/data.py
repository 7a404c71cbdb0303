"""The data catalogue page, its DCAT twin, robots.txt and the sitemap (discovery for crawlers)."""

from __future__ import annotations

from xml.sax.saxutils import escape  # nosec B406  # escapes text into XML, parses none

from flask import Blueprint, Response, abort, render_template, send_file

from api.bundles import NAME, available, bundle_directory, file_digest
from api.catalogue import (
    DATASETS,
    LICENCE_NAME,
    LICENCE_URL,
    api_url,
    dcat_catalogue,
    dictionary,
    download_url,
)
from api.http import public_json
from api.queries import last_publication_at
from api.sitemap import chunk, file_count
from api.views.docs import cached_document
from portal.atom import public_base
from portal.database import database

bp = Blueprint("data", __name__)

PRIVATE = ("/login", "/account/", "/supervise/", "/editor/", "/oversight/", "/search",
           "/complaints/track", "/approvals/new", "/inspections/new")  # fmt: skip
"""What crawlers are kept out of: sign-in, the supervisors' and editors' pages, search results."""


@bp.get("/data/")
def catalogue():
    document = cached_document()
    return render_template(
        "api/data.html",
        datasets=[
            {
                "dataset": dataset,
                "api": api_url(dataset),
                "downloads": [(d, url) for d in dataset.downloads if (url := download_url(d))],
                "fields": dictionary(document, dataset.schema),
            }
            for dataset in DATASETS
        ],
        modified=last_publication_at(database.session),
        bundles=available(bundle_directory()),
        licence_name=LICENCE_NAME,
        licence_url=LICENCE_URL,
    )


@bp.get("/data/catalog.jsonld")
def catalogue_jsonld():
    return public_json(
        dcat_catalogue(last_publication_at(database.session), available(bundle_directory())),
        content_type="application/ld+json",
    )


BUNDLE_CACHE_SECONDS = 3600


@bp.get("/data/bundles/<name>")
def bundle_download(name: str):
    """A bulk download (`flask data bundle`), with a strong ETag (its SHA-256) and 304s."""
    path = bundle_directory() / name
    if NAME.fullmatch(name) is None or not path.is_file():
        abort(404)
    stat = path.stat()
    return send_file(
        path,
        mimetype="application/zip",
        as_attachment=True,
        download_name=name,
        etag=file_digest(str(path), stat.st_mtime_ns, stat.st_size),
        conditional=True,
        max_age=BUNDLE_CACHE_SECONDS,
    )


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE), "",
             f"Sitemap: {public_base()}/sitemap.xml", ""]  # fmt: skip
    return Response("\n".join(lines), content_type="text/plain; charset=utf-8")


def _xml(body: str) -> Response:
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body,
        content_type="application/xml; charset=utf-8",
    )


@bp.get("/sitemap.xml")
def sitemap_index():
    base = public_base()
    entries = "".join(
        f"<sitemap><loc>{base}/sitemaps/{n}.xml</loc></sitemap>"
        for n in range(1, file_count(database.session) + 1)
    )
    return _xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
                "</sitemapindex>")  # fmt: skip


@bp.get("/sitemaps/<int:number>.xml")
def sitemap(number: int):
    pairs = chunk(database.session, number) if number >= 1 else []
    if not pairs:
        abort(404)
    urls = []
    for zh, en in pairs:
        alternates = (
            f'<xhtml:link rel="alternate" hreflang="zh-CN" href="{escape(zh)}"/>'
            f'<xhtml:link rel="alternate" hreflang="en" href="{escape(en)}"/>'
        )
        urls += [f"<url><loc>{escape(url)}</loc>{alternates}</url>" for url in (zh, en)]
    return _xml(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">' + "".join(urls) + "</urlset>"
    )
