"""`make mutation`: mutation testing of the pure modules with mutmut, and the score per module.

    python -m tests.mutation [--dir DIR] [--jobs 1] [--survivors] [MUTANT_PATTERN ...]

The checkout's files (tracked and new, as they are on disk) are copied to DIR and mutmut runs
there, so a long run never writes into the checkout (mutmut writes `mutants/` beside the code).
The modules and the tests each one is judged by are `[tool.mutmut]` in pyproject.toml; the
figures and the surviving mutants are explained in docs/testing.md.

    python -m tests.mutation --score-only --dir DIR [--survivors]

prints the score of an earlier run again (with `--survivors`, each surviving mutant's diff).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_DIR = Path("/tmp/liaison-portal-mutation")

# mutmut's exit codes (mutmut/stats.py): a mutant is killed when a test failed or timed out.
KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout"}
SURVIVED = {0: "survived", 5: "no tests", 33: "no tests"}


def copy_checkout(target: Path) -> None:
    """Copy the files git knows or would add (not the ignored ones) to an empty `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    if target.exists():
        shutil.rmtree(target)
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def compile_translations(target: Path) -> None:
    for catalogs in sorted(target.glob("*/translations")):
        if catalogs.is_dir():
            subprocess.run(
                [BIN / "pybabel", "compile", "-d", str(catalogs.relative_to(target))],
                cwd=target,
                check=True,
                capture_output=True,
            )


def run_mutmut(target: Path, jobs: int, patterns: list[str]) -> int:
    log = target / "mutmut.log"
    print(f"mutmut runs in {target} ({jobs} worker(s)); its output goes to {log}", flush=True)
    # The selected tests need no third-party pytest plugin, and loading them (schemathesis,
    # hypothesis …) for every mutant costs more than most mutants' tests.
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    with log.open("w") as out:
        return subprocess.run(
            [BIN / "mutmut", "run", "--max-children", str(jobs), *patterns],
            cwd=target,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        ).returncode


def results(target: Path) -> dict[str, dict[str, int | None]]:
    """Mutant name -> exit code, per module (from mutmut's `.meta` files)."""
    by_module = {}
    for meta in sorted((target / "mutants").rglob("*.py.meta")):
        module = meta.relative_to(target / "mutants").as_posix().removesuffix(".meta")
        by_module[module] = json.loads(meta.read_text())["exit_code_by_key"]
    return by_module


def status(code: int | None) -> str:
    if code is None:
        return "not checked"
    return KILLED.get(code) or SURVIVED.get(code) or f"suspicious ({code})"


def print_scores(target: Path, show_survivors: bool) -> bool:
    """Print one line per module; True when every module reaches 90% of its mutants killed."""
    by_module = results(target)
    if not by_module:
        print(f"No mutmut results under {target / 'mutants'}.")
        return False
    print(
        f"{'module':<28} {'mutants':>7} {'killed':>7} {'survived':>8} {'unchecked':>9} {'score':>7}"
    )
    all_good = True
    survivors = []
    for module, codes in by_module.items():
        counts = Counter(status(code) for code in codes.values())
        checked = len(codes) - counts["not checked"]
        killed = counts["killed"] + counts["timeout"]
        score = killed / checked if checked else 0.0
        if checked:  # a run limited to some mutants (patterns) judges only those modules
            all_good &= score >= 0.9
        print(
            f"{module:<28} {len(codes):>7} {killed:>7} {checked - killed:>8} "
            f"{counts['not checked']:>9} {score:>7.1%}"
        )
        survivors += [
            name
            for name, code in codes.items()
            if code is not None and status(code) not in KILLED.values()
        ]
    if show_survivors:
        for name in survivors:
            print()
            shown = subprocess.run(
                [BIN / "mutmut", "show", name], cwd=target, capture_output=True, text=True
            )
            print(shown.stdout.rstrip() or name)
    return all_good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="*", help='mutants to run, e.g. "portal.rules.*"')
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    parser.add_argument("--score-only", action="store_true")
    args = parser.parse_args(argv)
    target = args.dir.resolve()
    if target == ROOT or ROOT in target.parents:
        parser.error("--dir must be outside the checkout: mutmut writes beside the code it mutates")
    if not args.score_only:
        copy_checkout(target)
        compile_translations(target)
        code = run_mutmut(target, args.jobs, args.patterns)
        if code != 0:
            print((target / "mutmut.log").read_text()[-3000:])
            print(f"mutmut exited with {code}")
            return code
    return 0 if print_scores(target, args.survivors) else 1


if __name__ == "__main__":
    sys.exit(main())
