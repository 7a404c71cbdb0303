"""Starting texts for public outcome summaries (issue 16 item 13): the supervisor picks the
outcome, starts from its template and replaces the bracketed parts. Public Markdown, so no
template asks for a name, an address or anything else personal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from complaints.models import ComplaintOutcome

OUTCOME_TEMPLATES = {
    ComplaintOutcome.UPHELD: _l(
        "**Upheld.** We checked [what: records, invoices, a visit] and found that [what was "
        "wrong]. The office has been told to [correct it: repay, close, publish] by [date], "
        "and [who] will check that it did."
    ),
    ComplaintOutcome.PARTLY_UPHELD: _l(
        "**Partly upheld.** We checked [what] and found that [the part that was wrong]. "
        "[The other part] was within the rules because [reason]. The office has been told "
        "to [correct it] by [date]."
    ),
    ComplaintOutcome.NOT_UPHELD: _l(
        "**Not upheld.** We checked [what: records, invoices, a visit] and found no breach of "
        "the rules: [what the records show]."
    ),
    ComplaintOutcome.OUTSIDE_REMIT: _l(
        "**Outside our remit.** The complaint concerns [subject], which is for [body] to "
        "decide. [We passed it on to them / You can reach them at ...]."
    ),
}


def starting_text(outcome: str, typed: str | None) -> str | None:
    """The outcome's template, after what was already typed (nothing typed is lost); None for
    an unknown outcome."""
    try:
        template = str(OUTCOME_TEMPLATES[ComplaintOutcome(outcome)])
    except ValueError:
        return None
    typed = (typed or "").strip()
    return f"{typed}\n\n{template}" if typed else template
