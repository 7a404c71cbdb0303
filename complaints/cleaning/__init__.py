"""Cleaning attachments of personal metadata: images, Word documents, PDFs (one module each).

The cleaners take bytes that already passed the type check and return bytes without anything
that could identify the person who made the file or the device it came from. They raise
`Refusal` (with a code that `complaints.attachments` turns into a message) for a file they will
not clean, and let any parser error through: the caller treats that as a damaged file.
"""

from __future__ import annotations


class Refusal(Exception):
    """A file a cleaner will not accept; `code` is one of the codes of
    `complaints.attachments.refusal_message`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
