"""`flask oversight`: reporting rounds (the rounds are data, added here) and the national summary."""

from __future__ import annotations

import json
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy.exc import IntegrityError

from portal.clock import today_in_china
from portal.database import database
from portal.oversight.models import ReportingRound
from portal.oversight.reports import round_by_code, rounds
from portal.oversight.summary import national_summary, summary_json

oversight = AppGroup("oversight", help="Oversight: reporting rounds and the national summary.")

CIRCULAR_DAY = "2015-03-16"


@oversight.command("rounds")
def list_rounds() -> None:
    """List the reporting rounds."""
    for round_ in rounds(database.session):
        click.echo(
            f"{round_.code:<8} due before {round_.due_before}  figures as of {round_.period_end}"
            f"  baseline {round_.baseline_on}  {round_.name_zh} / {round_.name_en or ''}"
        )


@oversight.command("add-round")
@click.argument("code")
@click.option("--name-zh", required=True, help="Chinese name, e.g. 2017年进展报告.")
@click.option("--name-en", default=None, help="English name.")
@click.option("--due-before", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--period-end", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option(
    "--baseline", type=click.DateTime(["%Y-%m-%d"]), default=CIRCULAR_DAY, show_default=True
)
def add_round(code, name_zh, name_en, due_before, period_end, baseline) -> None:
    """Define a reporting round: reports are on time when submitted before DUE-BEFORE."""
    db = database.session
    if round_by_code(db, code) is not None:
        raise click.ClickException(f"A round with the code {code!r} exists already.")
    round_ = ReportingRound(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        baseline_on=baseline.date(),
        period_end=period_end.date(),
        due_before=due_before.date(),
    )
    db.add(round_)
    try:
        db.commit()
    except IntegrityError as error:
        db.rollback()
        raise click.ClickException(
            "The dates do not fit: the period must end on or after the baseline, and the"
            " deadline must come after the baseline."
        ) from error
    click.echo(f"Round {code} added: reports due before {round_.due_before}.")


@oversight.command("summary")
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="As of a day.")
def summary(day) -> None:
    """Print the national summary as JSON."""
    today: date = day.date() if day else today_in_china()
    data = summary_json(national_summary(database.session, today))
    click.echo(json.dumps(data, ensure_ascii=False, indent=1))
