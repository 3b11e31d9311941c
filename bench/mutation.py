"""`make mutation`: run mutmut on the modules that hold the PNT rules, one module at a time.

Each module gets its own fast test selection; the whole suite would take hours per module.
mutmut reads the shared settings from `[tool.mutmut]` in pyproject.toml; this driver only
narrows `only_mutate` and the test selection per module, runs, and tallies the results from
mutmut's own `.meta` files. Results are printed and written to build/mutation/<module>.json;
docs/testing.md records them by hand with the date.

    python -m bench.mutation                 # all modules, smallest first
    python -m bench.mutation normalize       # one module
    python -m bench.mutation mutmut moderation show <mutant>   # mutmut, set up for a module
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

# name -> (file to mutate, tests that exercise it)
MODULES: dict[str, tuple[str, list[str]]] = {
    "normalize": ("search_index/normalize.py", ["tests/search/test_normalize.py"]),
    "moderation": (
        "aanbodplatform/services/moderation.py",
        [
            "tests/unit/test_moderation_rules.py",
            "tests/unit/test_moderation_details.py",
            "tests/unit/test_moderation_pending_edits.py",
            "tests/unit/test_moderation_mail.py",
            "tests/web/test_moderation.py",
            "tests/web/test_offer_gone.py",
        ],
    ),
    "handovers": (
        "aanbodplatform/services/handovers.py",
        ["tests/unit/test_handovers.py", "tests/unit/test_handover_reach.py"],
    ),
    "proofs": ("aanbodplatform/services/proofs.py", ["tests/unit/test_proofs.py"]),
}

# mutmut's exit codes, grouped as docs/testing.md counts them.
KILLED = {1, 3, 37}
SURVIVED = {0}
TIMEOUT = {24, -24, 36, 152, 255}
NO_TESTS = {5, 33}
OUT = Path("build/mutation")


def tally(source: str) -> dict[str, object]:
    """Return the counts for one mutated file from mutmut's results file."""
    meta = json.loads(Path("mutants", source + ".meta").read_text("utf-8"))
    codes: dict[str, int | None] = meta["exit_code_by_key"]
    counts = Counter()
    survivors = []
    for name, code in codes.items():
        if code in KILLED or code in TIMEOUT:  # a mutant that hangs the tests is caught too
            counts["killed"] += 1
        elif code in SURVIVED:
            counts["survived"] += 1
            survivors.append(name)
        elif code in NO_TESTS:
            counts["no_tests"] += 1
            survivors.append(name)
        else:
            counts["other"] += 1
    total = sum(counts.values())
    return {
        "file": source,
        "mutants": total,
        **counts,
        "killed_share": round(counts["killed"] / total, 3) if total else None,
        "survivors": sorted(survivors),
    }


def configure(name: str) -> None:
    """Point mutmut's settings at one module and its tests."""
    from mutmut import configuration

    source, tests = MODULES[name]
    base = configuration._load_config()
    configuration._config = dataclasses.replace(
        base, only_mutate=[source], pytest_add_cli_args_test_selection=list(tests)
    )


def run_module(name: str, max_children: int) -> dict[str, object]:
    """Mutate one module against its test selection and return its tally."""
    from mutmut.__main__ import cli

    source, tests = MODULES[name]
    shutil.rmtree("mutants", ignore_errors=True)  # the stats of another selection must not leak in
    configure(name)
    started = datetime.now(UTC)
    try:
        cli(["run", "--max-children", str(max_children)], standalone_mode=False)
    except SystemExit as exc:  # mutmut exits after a failed clean run
        if exc.code not in (0, None):
            raise
    result = tally(source)
    result.update(
        module=name,
        tests=tests,
        started=started.isoformat(timespec="seconds"),
        minutes=round((datetime.now(UTC) - started).total_seconds() / 60, 1),
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(result, indent=2), "utf-8")
    return result


def main(argv: list[str]) -> int:
    """Run the named modules (all when none are named) and print one line each."""
    if argv[:1] == ["mutmut"] and len(argv) >= 3 and argv[1] in MODULES:
        from mutmut.__main__ import cli

        configure(argv[1])
        cli(argv[2:], standalone_mode=False)
        return 0
    names = argv or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; choose from {', '.join(MODULES)}")
        return 2
    for name in names:
        r = run_module(name, max_children=2)
        print(
            f"{name}: {r['mutants']} mutants, {r.get('killed', 0)} killed, "
            f"{r.get('survived', 0)} survived, {r.get('no_tests', 0)} without tests, "
            f"killed share {r['killed_share']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
