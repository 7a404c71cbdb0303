"""`flask compliance check`: every finding of every registered rule, as text or JSON."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import click
from flask.cli import AppGroup

from portal.compliance import all_findings
from portal.database import database

compliance = AppGroup("compliance", help="The circular's rules, run over the data.")


@compliance.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of findings.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge as on this date (YYYY-MM-DD); default: today.",
)
@click.option(
    "--language",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the messages in the text output.",
)
def check(as_json: bool, today, language: str) -> None:
    """Print every finding of every package's rules. Exits 0: findings are data, not errors."""
    day = today.date() if today else date.today()
    findings = all_findings(database.session, day)
    findings.sort(key=lambda f: (_rule_number(f.rule), f.office_slug or ""))
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    for finding in findings:
        click.echo(
            f"{finding.rule:<4} {finding.severity.value:<9} {finding.office_slug or '-'}: "
            f"{finding.message(language)}"
        )
    by_rule = Counter(f.rule for f in findings)
    summary = ", ".join(
        f"{rule} {count}"
        for rule, count in sorted(by_rule.items(), key=lambda i: _rule_number(i[0]))
    )
    offices = len({f.office_slug for f in findings if f.office_slug})
    click.echo(
        f"{len(findings)} findings about {offices} offices as of {day.isoformat()}"
        + (f" ({summary})." if summary else ".")
    )


def _rule_number(code: str) -> tuple[int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 10_000, code)
