"""Fixtures of the operations tests: every file a job writes stays in the test's own folder."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_config(app_config, tmp_path):
    return {
        **app_config,
        "COMPLAINT_MAIL_LOG": str(tmp_path / "instance" / "mail.log"),
        "DATA_BUNDLE_DIR": str(tmp_path / "bundles"),
    }
