"""`flask disclosures`, the package's one command group: import files, set standards, templates."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from disclosures.importing import import_file
from disclosures.items import COLUMNS, ItemsRejected
from disclosures.models import DisclosureKind
from disclosures.money import MoneyError, parse_yuan
from disclosures.publication import PublicationError
from disclosures.standards import StandardError, set_reception_standard
from portal.csv import csv_text
from portal.database import database
from portal.i18n import format_fen
from portal.queries import office_by_slug

group = AppGroup(
    "disclosures", help="Disclosures: budgets, providers, contracts, services, receptions."
)
KINDS = click.Choice([kind.value for kind in DisclosureKind])


@group.command("import")
@click.option("--kind", type=KINDS, required=True, help="What the file holds.")
@click.option("--office", "slug", required=True, help="The office's slug.")
@click.option(
    "--year", type=click.IntRange(2000, 2100), help="The year, when the file has no year column."
)
@click.option("--append", is_flag=True, help="Add to the drafts instead of replacing them.")
@click.option("--publish", is_flag=True, help="Publish at once (a correction needs --reason).")
@click.option("--reason", help="Why a published disclosure is corrected.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.argument("file", type=click.File("rb"))
def import_command(kind, slug, year, append, publish, reason, lang, file) -> None:
    """Import a CSV or XLSX FILE: the whole file, or nothing when any row has a problem."""
    db = database.session
    with current_app.test_request_context(f"/?lang={lang}"):
        office = office_by_slug(db, slug)
        if office is None:
            raise click.ClickException(_("There is no office with the slug “%(slug)s”.", slug=slug))
        data = file.read()
        with click.progressbar(length=1, label=_("Reading rows"), file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            try:
                result = import_file(
                    db,
                    office,
                    kind,
                    data,
                    year=year,
                    append=append,
                    publish=publish,
                    reason=reason,
                    progress=progress,
                )
            except ItemsRejected as rejected:
                db.rollback()
                click.echo(_("Nothing was imported. Problems:"), err=True)
                for problem in rejected.problems:
                    click.echo(
                        _(
                            "row %(row)d, column “%(column)s”: %(message)s",
                            row=problem.row,
                            column=problem.column,
                            message=str(problem.message),
                        ),
                        err=True,
                    )
                sys.exit(1)
            except PublicationError as error:
                db.rollback()
                raise click.ClickException(str(error)) from None
        db.commit()
        verb = _("published") if publish else _("saved as a draft")
        for item_year, count in sorted(result.years.items()):
            click.echo(
                _("%(year)d: %(count)d rows %(verb)s.", year=item_year, count=count, verb=verb)
            )


@group.command("standard")
@click.option("--province", required=True, help="The province's six-digit division code.")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
@click.option("--night", required=True, help="Cap per guest per night, in yuan.")
@click.option("--meal", required=True, help="Cap per person per meal, in yuan.")
@click.option("--reference", help="The document that sets the standard.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def standard_command(province, year, night, meal, reference, lang) -> None:
    """Set a province's reception standard for a year (rule R6 judges receptions by it)."""
    db = database.session
    with current_app.test_request_context(f"/?lang={lang}"):
        try:
            standard = set_reception_standard(
                db,
                province,
                year,
                night_cap_fen=parse_yuan(night),
                meal_cap_fen=parse_yuan(meal),
                reference=reference,
            )
        except (StandardError, MoneyError) as error:
            db.rollback()
            raise click.ClickException(str(error)) from None
        db.commit()
        click.echo(
            _(
                "%(province)s %(year)d: %(night)s per guest per night, %(meal)s per person per meal.",
                province=standard.province.name(lang),
                year=year,
                night=format_fen(standard.night_cap_fen, lang),
                meal=format_fen(standard.meal_cap_fen, lang),
            )
        )


@group.command("template")
@click.option("--kind", type=KINDS, required=True)
def template_command(kind) -> None:
    """Print the CSV header of a kind of disclosure (with the BOM Excel needs for Chinese)."""
    click.echo(csv_text(list(COLUMNS[DisclosureKind(kind)]), []), nl=False)
