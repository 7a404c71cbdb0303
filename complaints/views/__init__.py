"""The complaints blueprint's pages, one module per audience; importing them registers the routes."""

from complaints.views import outcomes, performance, public, receipt, supervise, track  # noqa: F401
