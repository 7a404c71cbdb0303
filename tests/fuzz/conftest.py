"""Hypothesis profiles of the fuzz tests (issue 20, item 7).

`make test` runs the "ci" profile: a few hundred examples a property, no example database
written into the checkout, no deadline (the machine is shared). The large runs whose counts
are in bench/RELIABILITY.md use the "large" profile, by hand:

    HYPOTHESIS_PROFILE=large .venv/bin/pytest -q -p no:cacheprovider tests/fuzz
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=300, deadline=None, database=None, print_blob=True)
settings.register_profile(
    "large",
    max_examples=int(os.environ.get("HYPOTHESIS_LARGE_EXAMPLES", "20000")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
