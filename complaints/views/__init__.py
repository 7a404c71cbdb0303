"""The complaints blueprint's pages, one module per audience; importing them registers the routes."""

from complaints.views import (  # noqa: F401
    bulk,
    outcomes,
    performance,
    public,
    receipt,
    supervise,
    track,
    unsubscribe,
)
