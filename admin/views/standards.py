"""A province's reception standards: a draft saved, then published with a reason; the
revisions published so far."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import bp
from admin.accounts import AdminError
from admin.forms import ReasonForm, StandardForm
from admin.standards import (
    draft_for,
    drafts_of,
    may_set_standard,
    publish_draft,
    revisions_of,
    save_draft,
    standard_for,
)
from disclosures.money import MoneyError, parse_yuan
from disclosures.standards import StandardError, standards_of_province
from portal.auth import current_account, login_required
from portal.clock import today_in_china
from portal.commit import commit_or_show
from portal.database import database
from portal.queries import load_government

ERRORS = (AdminError, MoneyError, StandardError)


def _province_or_404(code: str):
    db = database.session
    province = load_government(db, code) if code.isascii() and code.isdigit() else None
    if province is None or not may_set_standard(current_account(), province):
        abort(404)
    return province


def _publish_form(year: int, formdata=None) -> ReasonForm:
    return ReasonForm(prefix=f"publish{year}", formdata=formdata)


def _page(province, form, publish_forms=None, status=200):
    db = database.session
    drafts = drafts_of(db, province)
    publish_forms = publish_forms or {}
    for draft in drafts:
        publish_forms.setdefault(draft.year, _publish_form(draft.year))
    return render_template(
        "admin/standards.html",
        province=province,
        form=form,
        existing=standards_of_province(db, province),
        drafts=drafts,
        publish_forms=publish_forms,
        revisions=revisions_of(db, province),
    ), status


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


@bp.route("/admin/standards/<code>", methods=["GET", "POST"])
@login_required
def standards(code: str):
    """The province's standards, and the draft form (the coming year by default)."""
    db = database.session
    province = _province_or_404(code)
    form = StandardForm()
    if request.method == "GET":
        year = today_in_china().year + 1
        form.year.data = year
        known = draft_for(db, province, year) or standard_for(db, province, year)
        if known is not None:
            form.night_cap.data = _yuan(known.night_cap_fen)
            form.meal_cap.data = _yuan(known.meal_cap_fen)
            form.reference.data = known.reference
        return _page(province, form)
    if not form.validate_on_submit():
        return _page(province, form, status=422)

    def save():
        return save_draft(
            db,
            current_account(),
            province,
            form.year.data,
            night_cap_fen=parse_yuan(form.night_cap.data, field="night_cap"),
            meal_cap_fen=parse_yuan(form.meal_cap.data, field="meal_cap"),
            reference=form.reference.data or "",
        )

    if not commit_or_show(form, save, ERRORS)[0]:
        return _page(province, form, status=422)
    flash(
        _("The draft for %(year)d is saved; publish it when it is ready.", year=form.year.data),
        "success",
    )
    return redirect(url_for("admin.standards", code=province.code))


@bp.post("/admin/standards/<code>/<int:year>/publish")
@login_required
def publish_standard(code: str, year: int):
    """Publish the year's draft with a reason."""
    db = database.session
    province = _province_or_404(code)
    if draft_for(db, province, year) is None:
        abort(404)
    form = _publish_form(year, request.form)
    done = (
        form.validate_on_submit()
        and commit_or_show(
            form,
            lambda: publish_draft(db, current_account(), province, year, reason=form.reason.data),
            ERRORS,
        )[0]
    )
    if not done:
        return _page(province, StandardForm(formdata=None), {year: form}, 422)
    flash(_("The standard for %(year)d is published.", year=year), "success")
    return redirect(url_for("admin.standards", code=province.code))
