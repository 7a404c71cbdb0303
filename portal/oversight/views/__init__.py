"""Oversight's pages, one module per audience; importing them registers their routes on `bp`.

`public` serves everyone (approvals, inspections, their Atom feeds, the office page's section);
`supervise` serves supervisors (the workspace, recording inspections, applying and deciding);
`reports` the progress reports and the national summary; `exports` the lists' CSV and JSON.
The oversight labels and the findings' Markdown become template filters here.
"""

from portal.labels import register_label_filters
from portal.markdown import render_markdown
from portal.oversight import bp
from portal.oversight.labels import LABEL_FILTERS
from portal.oversight.views import exports, public, reports, supervise  # noqa: F401

register_label_filters(bp, LABEL_FILTERS)
bp.add_app_template_filter(render_markdown, "findings_html")
