"""A bounded load test of a running portal with issue 20's mix (never asserted in a test).

    .venv/bin/python bench/load.py --url https://127.0.0.1:8443 --cafile instance/scaled/tls/localhost.pem \
        --seconds 60 --threads 16

The mix, drawn at random per request: 70% browsing (home, office directory, an office, its
disclosures, providers), 20% search, 5% exports and API (CSV and JSON exports, /api/v1/...),
5% complaint submissions (GET the form, POST it with its token: one "submission", timed whole;
a 303 to the receipt is a success). Every response that is not 2xx/3xx, and every connection
error, is an error. The run is bounded: at most --seconds (<= 600) and --max-requests; only
127.0.0.1 is ever contacted. Prints requests per second and p50/p95/p99 per kind, and the
errors by kind and status. The portal under test must allow the submissions: start it with
PORTAL_COMPLAINT_RATE_LIMIT="100000 per hour" (the default, 5 per hour per client, would turn
all but five into 429s, which count as errors), and with the demo loaded.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import re
import secrets
import ssl
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field

KINDS = (("browse", 70), ("search", 20), ("export_api", 5), ("complaint", 5))
SEARCHES = ["河北", "Hebei", "酒店", "办事处", "Shijiazhuang", "接待", "budget", "吉林", "宾馆"]
REFERENCE = re.compile(r'id="reference">\s*([^<\s]+)\s*<')
TOKEN = re.compile(
    r'name="(csrf_token|nonce)"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="(csrf_token|nonce)"'
)


@dataclass
class Tally:
    """What the threads measured (each thread appends under the lock)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    receipts: list[str] | None = None  # references shown on receipt pages (--receipts)
    retried: int = 0  # submissions posted a second time (--retry)
    photos: list[bytes] = field(default_factory=list)  # attached to every submission (--attach)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors[(kind, error)] += 1
            else:
                self.times[kind].append(seconds)


class Client:
    """One keep-alive connection per thread, reopened after an error."""

    def __init__(self, url: str, context: ssl.SSLContext | None) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.hostname != "127.0.0.1":
            raise SystemExit("bench/load.py loads 127.0.0.1 only")
        self.https = parts.scheme == "https"
        self.port = parts.port or (443 if self.https else 80)
        self.context = context
        self.origin = f"{parts.scheme}://127.0.0.1:{self.port}"
        self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        if self.connection is None:
            if self.https:
                self.connection = http.client.HTTPSConnection(
                    "127.0.0.1", self.port, context=self.context, timeout=30
                )
            else:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            raise
        return response.status, response.headers, data


def discover(client: Client) -> list[str]:
    status, _, data = client.request("GET", "/api/v1/offices?limit=100&lang=en")
    if status != 200:
        raise SystemExit(f"/api/v1/offices answered {status}: is the demo loaded?")
    slugs = [row["slug"] for row in json.loads(data)["data"] if row.get("slug")]
    if not slugs:
        raise SystemExit("no offices: load the demo first (flask demo load)")
    return slugs


def browse_path(slugs: list[str]) -> str:
    slug = random.choice(slugs)
    return random.choice(
        ["/", "/offices/", f"/offices/{slug}", f"/offices/{slug}/disclosures", "/providers/"]
    )


def export_path(slugs: list[str]) -> str:
    return random.choice(
        [
            "/offices/export.csv",
            "/offices/export.json",
            "/api/v1/offices?limit=20",
            "/api/v1/providers",
        ]
    )


FORM = "application/x-www-form-urlencoded"


def noise_photo(side: int = 100) -> bytes:
    """A PNG of random pixels (about 30 KB at 100 x 100: it does not compress)."""
    from PIL import Image  # the portal's own dependency, needed only with --attach

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def multipart(fields: dict[str, str], photos: list[bytes]) -> tuple[bytes, str]:
    """The form as multipart/form-data with the photos as its `attachments`."""
    boundary = f"----load{secrets.token_hex(12)}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for n, photo in enumerate(photos):
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
                f'filename="photo{n}.png"\r\nContent-Type: image/png\r\n\r\n')  # fmt: skip
        parts.append(head.encode() + photo + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def submit_complaint(client: Client, slugs: list[str], tally, retry=False) -> int:
    receipts = tally.receipts
    status, headers, data = client.request("GET", "/complaints/new?lang=en")
    if status != 200:
        return status
    fields = {}
    for match in TOKEN.finditer(data.decode("utf-8", "replace")):
        name = match.group(1) or match.group(4)
        fields[name] = match.group(2) or match.group(3)
    cookie = "; ".join(
        value.split(";", 1)[0] for key, value in headers.items() if key.lower() == "set-cookie"
    )
    fields.update(
        office=random.choice(slugs),
        category="reception_over_standard",
        body="Load test: a dinner for twelve guests at the Grand Hotel, three work meals a day.",
        occurred_where="Shijiazhuang",
    )
    if tally.photos:
        body, content_type = multipart(fields, tally.photos)
    else:
        body, content_type = urllib.parse.urlencode(fields).encode(), FORM
    form_headers = {
        "Content-Type": content_type,
        "Cookie": cookie,
        "Referer": f"{client.origin}/complaints/new?lang=en",  # HTTPS: CSRF checks the referrer
    }
    try:
        status, headers, _ = client.request("POST", "/complaints/new?lang=en", body, form_headers)
    except (OSError, http.client.HTTPException):
        if not retry:
            raise
        status = 0
    if retry and status in (0, 502, 503, 504):
        # The same form again (same nonce), as a person pressing "send" again would: the
        # portal must give back the receipt of the complaint it may already have stored.
        with tally.lock:
            tally.retried += 1
        status, headers, _ = client.request("POST", "/complaints/new?lang=en", body, form_headers)
    if status == 303 and receipts is not None:
        session = "; ".join(
            value.split(";", 1)[0] for key, value in headers.items() if key.lower() == "set-cookie"
        )
        found = _receipt_reference(client, session, retry)
        receipts.append(found or "?")  # "?": the receipt page could not be read, even again
    return status


def _receipt_reference(client: Client, session: str, retry: bool) -> str | None:
    """The reference on the receipt page; with `retry`, the page is asked for once more when
    its answer was lost (as a person reloads it: the session cookie still holds the receipt)."""
    for _attempt in range(2 if retry else 1):
        try:
            _, _, page = client.request(
                "GET", "/complaints/receipt?lang=en", None, {"Cookie": session}
            )
        except (OSError, http.client.HTTPException):
            continue
        found = REFERENCE.search(page.decode("utf-8", "replace"))
        if found:
            return found.group(1)
    return None


def worker(url, context, slugs, deadline, budget, tally: Tally, options) -> None:
    client = Client(url, context)
    names, weights = zip(*KINDS, strict=True)
    if options.only:
        names, weights = (options.only,), (1,)
    while time.monotonic() < deadline and budget.acquire(blocking=False):
        kind = random.choices(names, weights)[0]
        started = time.perf_counter()
        try:
            if kind == "complaint":
                status = submit_complaint(client, slugs, tally, options.retry)
            else:
                path = {
                    "browse": lambda: browse_path(slugs),
                    "search": lambda: f"/search?q={urllib.parse.quote(random.choice(SEARCHES))}",
                    "export_api": lambda: export_path(slugs),
                }[kind]()
                status = client.request("GET", path)[0]
            error = None if 200 <= status < 400 else str(status)
        except (OSError, http.client.HTTPException) as failure:
            error = type(failure).__name__
        tally.record(kind, time.perf_counter() - started, error)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="https://127.0.0.1:8443")
    parser.add_argument("--cafile", help="the certificate to trust (make scaled's self-signed one)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--only", choices=[name for name, _ in KINDS], help="one kind only")
    parser.add_argument(
        "--receipts", help="write the reference of every receipt page to this file, one a line"
    )
    parser.add_argument("--attach", type=int, default=0, help="photos attached to each complaint")
    parser.add_argument(
        "--retry", action="store_true", help="post a submission's form again once if it fails"
    )
    options = parser.parse_args()
    seconds = min(options.seconds, 600)
    context = ssl.create_default_context(cafile=options.cafile) if options.cafile else None
    slugs = discover(Client(options.url, context))
    tally = Tally(receipts=[] if options.receipts else None)
    tally.photos = [noise_photo() for _ in range(min(options.attach, 5))]
    budget = threading.Semaphore(options.max_requests)
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=worker,
            args=(options.url, context, slugs, started + seconds, budget, tally, options),
            daemon=True,
        )
        for _ in range(options.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = sum(len(times) for times in tally.times.values())
    errors = sum(tally.errors.values())
    print(f"{total + errors} requests in {elapsed:.1f} s with {options.threads} threads: "
          f"{total / elapsed:.1f} successful per second, {errors} errors")  # fmt: skip
    print("| kind | share | per second | p50 | p95 | p99 |\n|---|---|---|---|---|---|")
    for kind, _weight in KINDS:
        times = tally.times.get(kind, [])
        print(
            f"| {kind} | {len(times) / max(total, 1):.0%} | {len(times) / elapsed:.1f} | "
            + " | ".join(f"{percentile(times, q) * 1000:.0f} ms" for q in (0.5, 0.95, 0.99))
            + " |"
        )
    for (kind, error), count in sorted(tally.errors.items()):
        print(f"error: {kind} {error} x{count}")
    if options.receipts:
        with open(options.receipts, "w", encoding="utf-8") as out:
            out.writelines(f"{reference}\n" for reference in tally.receipts)
        print(f"{len(tally.receipts)} receipts written to {options.receipts}")
    if options.retry:
        print(f"{tally.retried} submissions posted again after a failed answer")


if __name__ == "__main__":
    main()
