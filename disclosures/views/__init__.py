"""The disclosures' pages, one module per audience; importing them registers their routes on `bp`.

`public` serves everyone (office disclosures, providers, publications, exports, the feed);
`editor` serves an office's editors (drafts, imports, publication, corrections); `standards`
the published reception standards.
"""

from disclosures.views import editor, public, standards  # noqa: F401
