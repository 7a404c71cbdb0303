"""The portal's pages, one module per audience; importing them registers their routes on `bp`.

`public` serves everyone (home, the office directory and its exports, office and government
pages, `/healthz`); `account` serves people with an account (sign-in, the one-time code,
sign-out, password and two-step sign-in). The registry's labels become template filters here.
"""

from portal import bp
from portal.labels import LABEL_FILTERS, register_label_filters
from portal.views import account, public  # noqa: F401

register_label_filters(bp, LABEL_FILTERS)
