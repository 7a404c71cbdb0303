"""The search benchmark's corpus and query set: the documents it indexes, the queries it times.

`load_documents` reads every document of a loaded demo through the indexer's own code;
`generate_documents` invents an equivalent corpus; `make_queries` draws the same >= 200
distinct queries from either (fixed seeds, so every engine and every run gets the same set);
`refine` pairs those queries with the orders and filters of issue 17 (newest, oldest, amount,
date and amount ranges, a rule, over the standard), the second set the benchmark times.
Used by `bench/search.py`; the imports of the portal are inside the functions because that
script puts the repository on sys.path first.
"""

from __future__ import annotations

import random


def load_documents(database: str) -> list:
    from app import create_app
    from portal.database import database as db_ext
    from search import kinds  # noqa: F401 - registers the document kinds
    from search.documents import Places, all_documents

    app = create_app({"DATABASE_URL": database, "SEARCH_SYNC": "external"})
    with app.app_context(), app.test_request_context("/bench"):
        session = db_ext.session
        return list(all_documents(session, Places(session)))


def generate_documents(count: int) -> list:
    """An equivalent corpus when the demo is not loaded (real place names, invented rest)."""
    from search.documents import Document

    rng = random.Random(7)
    provinces = [
        ("130000", "河北省", "Hebei", "石家庄市"),
        ("220000", "吉林省", "Jilin", "长春市"),
        ("360000", "江西省", "Jiangxi", "南昌市"),
        ("440000", "广东省", "Guangdong", "广州市"),
        ("430000", "湖南省", "Hunan", "长沙市"),
        ("510000", "四川省", "Sichuan", "成都市"),
    ]
    counties = ["涞水县", "延吉市", "深圳市", "保定市", "赣州市", "湘潭市", "绵阳市", "吉安市"]
    words = ["招商洽谈", "考察", "学习交流", "农民工", "法律援助", "应急", "会议", "住宿", "餐饮"]
    documents = []
    for n in range(count):
        host, est = rng.choice(provinces), rng.choice(provinces)
        county = rng.choice(counties)
        office = f"{county}人民政府驻{host[3]}办事处"
        kind = rng.choices(["reception", "contract", "office", "provider"], [80, 14, 3, 3])[0]
        text = f"{office} {county}{rng.choice(words)} {rng.choice(words)} {host[2]} {n}"
        year = rng.randint(2013, 2024)
        dated = kind in ("reception", "contract")
        documents.append(
            Document(
                kind,
                str(n),
                office,
                f"{county} Office {n}",
                text,
                office_ref=f"o-{n % 3000}",
                host=host[0],
                est=est[0],
                year=str(year),
                names=(county, office),
                day=year * 10000 + rng.randint(1, 12) * 100 + rng.randint(1, 28) if dated else 0,
                amount=rng.randint(10_000, 50_000_000) if dated else -1,
                rules=("R6",) if kind == "reception" and rng.random() < 0.1 else (),
            )
        )
    return documents


def make_queries(documents: list, count: int = 240) -> list[tuple[str, str | None]]:
    """Distinct queries of every type, each with and without a province filter."""
    from search.analysis import query_terms

    rng = random.Random(42)
    providers = [d for d in documents if d.kind == "provider"] or documents
    chinese_words: list[str] = []
    english_words: list[str] = []
    for document in rng.sample(documents, min(3000, len(documents))):
        for term in query_terms(document.title_zh):
            if len(term) >= 2 and not term.isascii():
                chinese_words.append(term)
        english_words += [w for w in document.title_en.split() if w.isalpha() and len(w) > 3]
    chinese_words = sorted(set(chinese_words))
    english_words = sorted(set(english_words)) or ["office"]
    base: list[str] = []
    kinds = {
        "single": lambda: rng.choice(chinese_words),
        "two": lambda: f"{rng.choice(chinese_words)} {rng.choice(english_words)}",
        "phrase": lambda: '"' + rng.choice(documents).title_zh[:8] + '"',
        "chinese": lambda: rng.choice(documents).title_zh[:6],
        "provider": lambda: rng.choice(providers).title_zh[:10],
        "code": lambda: rng.choice(providers).ref or rng.choice(providers).title_zh[:4],
    }
    for _round in range(count):
        for make in kinds.values():
            query = make().strip()
            if query and query not in base:
                base.append(query)
        if len(base) >= count // 2:
            break
    provinces = sorted({d.host for d in documents if d.host})
    queries = [(q, None) for q in base] + [(q, rng.choice(provinces)) for q in base]
    return queries


REFINEMENTS = (
    {"sort": "newest"},
    {"sort": "oldest"},
    {"sort": "amount"},
    {"day_from": 20180101, "day_to": 20201231},
    {"amount_min": 100_000, "amount_max": 10_000_000},
    {"rule": "R6"},
    {"over": "yes"},
    {"kind": "reception", "sort": "amount"},
)
"""The orders and filters of issue 17, in `search.engine.Filters` terms (amounts in fen)."""

URL_NAMES = {"day_from": "from", "day_to": "to", "amount_min": "min", "amount_max": "max"}


def refine(queries: list[tuple[str, str | None]]) -> list[tuple[str, dict]]:
    """Each query without a province paired with one refinement, in turn."""
    plain = [text for text, province in queries if province is None]
    return [(text, REFINEMENTS[n % len(REFINEMENTS)]) for n, text in enumerate(plain)]


def url_args(refinement: dict) -> dict:
    """A refinement as the search page's parameters (dates as YYYY-MM-DD, amounts in yuan)."""
    args = {}
    for name, value in refinement.items():
        if name.startswith("day_"):
            value = f"{value // 10000}-{value // 100 % 100:02d}-{value % 100:02d}"
        elif name.startswith("amount_"):
            value = str(value // 100)
        args[URL_NAMES.get(name, name)] = value
    return args
