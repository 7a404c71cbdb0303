"""The security checks of `make test`: bandit in `make lint`, pip-audit in `make audit`."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")
PROBE = "https://pypi.org/pypi/pip/25.3/json"


def bandit(target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BANDIT), "-c", str(ROOT / "pyproject.toml"), "-r", str(target), "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def make(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", *arguments], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_lint_runs_bandit_with_the_projects_configuration():
    assert "bandit -c pyproject.toml -r ." in make("-n", "lint").stdout
    assert "pip-audit --strict" in make("-n", "test").stdout


def test_a_new_markup_call_fails_bandit_until_it_says_why(tmp_path):
    package = tmp_path / "feature"
    package.mkdir()
    module = package / "view.py"
    module.write_text(
        "from markupsafe import Markup\n\n\ndef greet(name):\n    return Markup(name)\n"
    )
    found = bandit(package)
    assert found.returncode == 1
    assert "B704" in found.stdout
    module.write_text(
        "from markupsafe import Markup, escape\n\n\ndef greet(name):\n"
        "    return Markup(escape(name))  # nosec B704  # escaped just here\n"
    )
    assert bandit(package).returncode == 0


def test_the_accepted_markup_uses_each_say_why():
    """Every `# nosec` in the code names the check it silences and gives a reason after it."""
    marked = subprocess.run(
        ["grep", "-rn", "--include=*.py", "nosec", "."], capture_output=True, text=True, cwd=ROOT
    ).stdout.splitlines()
    marked = [line for line in marked if not line.startswith(("./.venv", "./tests"))]
    assert len(marked) >= 8
    for line in marked:
        comment = line.split("# nosec", 1)[1]
        check, _, reason = comment.partition("#")
        assert check.strip().startswith("B"), line
        assert len(reason.strip()) > 10, line


def test_audit_says_plainly_when_the_advisory_database_cannot_be_reached():
    result = make("audit", "AUDIT_PROBE=http://127.0.0.1:9/pypi/pip/25.3/json")
    assert result.returncode == 0
    assert "pip-audit: NOT RUN" in result.stdout
    assert "requirements.lock was NOT checked for known vulnerabilities" in result.stdout


def test_audit_fails_when_a_pin_cannot_be_checked(tmp_path):
    """A database that answers for projects but not for our pins is not a pass (--strict)."""
    lock = tmp_path / "lock.txt"
    lock.write_text("flask==3.1.3\n")
    probe = "https://pypi.org/pypi/flask/json"
    if not _answers(probe, "vulnerabilities"):
        pytest.skip("PyPI's JSON API cannot be reached from here")
    if _answers("https://pypi.org/pypi/flask/3.1.3/json", "vulnerabilities"):
        pytest.skip("the per-version API answers here: nothing is left unchecked")
    result = make("audit", f"AUDIT_PROBE={probe}", f"AUDIT_LOCK={lock}")
    assert result.returncode != 0
    assert "could not be audited" in result.stderr


def test_audit_fails_on_a_known_vulnerability(tmp_path):
    """Flask 0.12.2 has published advisories (e.g. PYSEC-2019-179, a denial of service)."""
    if not _answers(PROBE, "vulnerabilities"):
        pytest.skip(f"PyPI's advisory database ({PROBE}) cannot be reached from here")
    lock = tmp_path / "lock.txt"
    lock.write_text("flask==0.12.2\n")
    result = make("audit", f"AUDIT_LOCK={lock}")
    assert result.returncode != 0
    assert "flask" in result.stdout.lower()


def _answers(address: str, key: str) -> bool:
    try:
        with urllib.request.urlopen(address, timeout=15) as response:
            return key in json.load(response)
    except Exception:
        return False
