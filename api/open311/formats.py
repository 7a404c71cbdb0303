"""GeoReport v2's two formats: the same documents as JSON or as the specification's XML."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET  # nosec B405  # builds XML to send, never parses any

from flask import Response

# The XML element of each list's items, as the specification's examples name them.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}


def _element(name: str, value: Any) -> ET.Element:
    element = ET.Element(name)
    if isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, list):
        for item in value:
            element.append(_element(ITEMS.get(name, "item"), item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def render(document: Any, root: str, fmt: str, status: int = 200) -> Response:
    """`document` (a list or an object) as JSON, or as XML under the element `root`."""
    if fmt == "xml":
        tree = _element(root, document)
        body = ET.tostring(tree, encoding="utf-8", xml_declaration=True)
        return Response(body, status=status, content_type="text/xml; charset=utf-8")
    body = json.dumps(document, ensure_ascii=False)
    return Response(body, status=status, content_type="application/json; charset=utf-8")


def errors(status: int, description: str, fmt: str, headers: dict | None = None) -> Response:
    """The specification's error list: [{"code": status, "description": …}]."""
    response = render([{"code": status, "description": str(description)}], "errors", fmt, status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
