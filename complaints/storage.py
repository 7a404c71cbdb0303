"""Files and folders the complaints package writes under instance/ (uploads, the mail log):
readable by the portal's own user only, whatever the umask."""

from __future__ import annotations

import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

FOLDER_MODE = 0o700  # they identify people: no other user of the machine may list or read them
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """Create `path` (and any missing parents) with mode 0700, set explicitly.

    Folders that already exist keep their mode: they may not be this package's to change.
    """
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    for folder in missing:
        os.chmod(folder, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return path


def write_new_private_file(path: Path, data: bytes) -> None:
    """Write a new file (never an existing one) with mode 0600 from the first byte; all of it or
    nothing."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
    except BaseException:
        # A disk that filled (or Ctrl-C) mid-write: no file cut short stays behind. The file is
        # ours alone: O_EXCL created it above.
        path.unlink(missing_ok=True)
        raise


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A size-rotated log whose every file is 0600 (rotation renames, which keeps the mode)."""

    def _open(self):
        private_folder(Path(self.baseFilename).parent)
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.fchmod(descriptor, FILE_MODE)  # also tightens a log an earlier version left readable
        return os.fdopen(descriptor, "a", encoding=self.encoding or "utf-8")
