"""Sign-in and sign-out pages."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from portal import bp
from portal.auth import sign_out


@bp.route("/login", methods=["GET", "POST"])
def login():
    return render_template("portal/login.html")


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("portal.home"))
