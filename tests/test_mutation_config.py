"""`make mutation` copies the checkout for mutmut: every package the app imports must be copied,
or every mutant "survives" an import error (docs/testing.md)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_the_app_imports_is_copied_for_mutation_testing():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    local = {name for name in imported if (ROOT / name / "__init__.py").exists()}
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    copied = set(config["source_paths"]) | set(config["also_copy"])
    assert local, "app.py imports no package of this repository?"
    assert local - copied == set()
