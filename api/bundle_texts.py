"""The README of a bulk-download bundle, in Chinese and English (a file read outside the portal,
so both languages are written into it)."""

from __future__ import annotations

from typing import Any

README = """# 驻省会办事机构公开平台：开放数据 / Liaison Office Transparency Portal: open data

{scope_zh}
{scope_en}

- 数据日期 / As of (China day): {as_of}
- 生成时间 / Generated (UTC): {generated_at}
- 许可 / Licence: {licence} <{licence_url}>：可自由再利用，须注明来源为本平台 /
  reuse freely, naming the portal as the source.
- 来源 / Source: {source}
- 演示数据：行政区划真实，其余均为虚构 / Demonstration data: the administrative divisions are
  real, everything else is invented.

## 文件 / Files

- `data/<数据集>.json`：与 API（/api/v1/）返回的对象完全相同 / exactly the API's objects.
- `data/<数据集>.csv`：同样的记录，嵌套字段展开为 `上级.下级` 列，对象列表为 JSON 文本 /
  the same records; nested fields as `parent.child` columns, lists of objects as JSON text.
- `dictionary.json`, `dictionary.csv`：每个字段的类型、格式、代码和含义 / each field's type,
  format, codes and meaning.
- `manifest.json`：数据集、记录数和日期 / datasets, record counts and dates.
- `SHA256SUMS`：校验 / checksums — `sha256sum -c SHA256SUMS`.

金额为整数"分"（1/100 元），旁附精确的元金额；日期为中国日历日（ISO 8601）；时刻为 UTC。 /
Money is integer fen (1/100 yuan) with the exact yuan amount beside it; dates are China calendar
days (ISO 8601); instants are UTC.

## 数据集 / Datasets

{datasets}

## 重新计算全国汇总 / Recompute the national summary

用全部数据的压缩包 / from the bundle of everything:

    python recompute_summary.py portal-open-data-all.zip

脚本见平台代码库 `docs/recompute_summary.py`（只用 Python 标准库），说明见 `docs/open-data.md`。 /
The script is `docs/recompute_summary.py` in the portal's repository (Python's standard library
only); `docs/open-data.md` explains it.
"""


def readme(manifest: dict[str, Any]) -> str:
    """The README of one bundle, from its manifest."""
    year = manifest["year"]
    if year is None:
        scope_zh = "本压缩包包含平台公开的全部数据集。"
        scope_en = "This bundle holds every dataset the portal publishes."
    else:
        scope_zh = f"本压缩包包含 {year} 年的年度记录，以及它们引用的机构、发现问题、政府、规则和服务提供者。"
        scope_en = (
            f"This bundle holds the yearly records of {year}, with the offices, findings, "
            "governments, rules and providers they refer to."
        )
    datasets = "\n".join(
        f"- `{d['id']}`: {d['title_zh']} / {d['title_en']} ({d['records']})"
        for d in manifest["datasets"]
    )
    return README.format(
        scope_zh=scope_zh,
        scope_en=scope_en,
        as_of=manifest["as_of"],
        generated_at=manifest["generated_at"],
        licence=manifest["licence"]["name"],
        licence_url=manifest["licence"]["url"],
        source=manifest["source"],
        datasets=datasets,
    )
