"""Which provincial-level divisions the circular addresses: the 31 of the mainland.

Taiwan (71), Hong Kong (81) and Macao (82) are in the division register but outside the
circular: they owe no progress report, count in no national figure and are shown as "not
applicable" wherever the provinces are listed.
"""

from __future__ import annotations

OUTSIDE_THE_CIRCULAR = frozenset({"71", "81", "82"})
"""The first two digits (GB/T 2260) of the divisions the circular does not address."""


def under_the_circular(division_code: str) -> bool:
    """Whether the circular addresses the province of a division code (any level)."""
    return division_code[:2] not in OUTSIDE_THE_CIRCULAR
