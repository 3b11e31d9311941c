"""`make mutation`: run mutmut on the modules that hold the PNT rules, one module at a time.

Each module gets its own fast test selection; the whole suite would take hours per module.
mutmut reads the shared settings from `[tool.mutmut]` in pyproject.toml; this driver only
narrows `only_mutate` and the test selection per module, runs, and tallies the results from
mutmut's own `.meta` files. Results are printed and written to build/mutation/<module>.json;
docs/testing.md records them by hand with the date.

    python -m bench.mutation                 # all modules, smallest first
    python -m bench.mutation normalize       # one module
    python -m bench.mutation handovers --sample 300   # 300 of its mutants, drawn with a fixed seed
    python -m bench.mutation mutmut moderation show <mutant>   # mutmut, set up for a module
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import random
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
        [
            "tests/unit/test_handovers.py",
            "tests/unit/test_handover_details.py",
            "tests/unit/test_handover_reach.py",
            "tests/unit/test_clients.py",
            "tests/unit/test_counsellor_notice.py",
            "tests/unit/test_signed_link_reuse.py",
            "tests/web/test_handover_web.py",
            "tests/web/test_handover_link.py",
        ],
    ),
    "proofs": (
        "aanbodplatform/services/proofs.py",
        [
            "tests/unit/test_proofs.py",
            "tests/unit/test_proof_entries_details.py",
            "tests/unit/test_proof_signing_details.py",
            "tests/unit/test_counsellor_notice.py",
            "tests/unit/test_signed_link_reuse.py",
            "tests/web/test_proofs_web.py",
        ],
    ),
}
#: Seed of the mutant sample (`--sample N`): the same sample on every machine and run.
SAMPLE_SEED = 20261207

# mutmut's exit codes, grouped as docs/testing.md counts them.
KILLED = {1, 3, 37}
SURVIVED = {0}
TIMEOUT = {24, -24, 36, 152, 255}
NO_TESTS = {5, 33}
OUT = Path("build/mutation")


def tally(source: str, only: list[str] | None = None) -> dict[str, object]:
    """Return the counts for one mutated file (or for the mutants in `only`) from mutmut's results."""
    meta = json.loads(Path("mutants", source + ".meta").read_text("utf-8"))
    codes: dict[str, int | None] = meta["exit_code_by_key"]
    if only is not None:
        codes = {name: codes.get(name) for name in only}
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


def sample_of(names: list[str], size: int) -> list[str]:
    """Return `size` of the mutant names, drawn with the fixed seed (all when there are fewer)."""
    ordered = sorted(names)
    if size >= len(ordered):
        return ordered
    return sorted(random.Random(SAMPLE_SEED).sample(ordered, size))


def run_module(name: str, max_children: int, sample: int | None = None) -> dict[str, object]:
    """Mutate one module against its test selection and return its tally.

    With `sample`, only that many mutants drawn at random (fixed seed) are run: a module of
    1,700 mutants takes hours on two cores, and a random sample estimates the killed share
    with a known margin (reported beside it).
    """
    from mutmut.__main__ import cli, create_mutants

    source, tests = MODULES[name]
    shutil.rmtree("mutants", ignore_errors=True)  # the stats of another selection must not leak in
    # One migrated template database for the whole run (tests/conftest.py): built by the
    # clean run, before any mutant, so no mutant can shape it.
    template = (OUT / "template").resolve()
    shutil.rmtree(template, ignore_errors=True)
    os.environ["AANBOD_TEST_TEMPLATE_DIR"] = str(template)
    configure(name)
    started = datetime.now(UTC)
    chosen: list[str] | None = None
    args = ["run", "--max-children", str(max_children)]
    if sample is not None:
        create_mutants(max_children)
        meta = json.loads(Path("mutants", source + ".meta").read_text("utf-8"))
        chosen = sample_of(list(meta["exit_code_by_key"]), sample)
        args += chosen
    try:
        cli(args, standalone_mode=False)
    except SystemExit as exc:  # mutmut exits after a failed clean run
        if exc.code not in (0, None):
            raise
    result = tally(source, chosen)
    if chosen is not None:
        share = float(result["killed_share"] or 0)
        # Normal approximation of the 95 % interval of a sampled proportion.
        margin = 1.96 * math.sqrt(share * (1 - share) / len(chosen))
        result.update(sample_of_mutants=len(chosen), sample_seed=SAMPLE_SEED,
                      margin_95=round(margin, 3))  # fmt: skip
    result.update(
        module=name,
        tests=tests,
        started=started.isoformat(timespec="seconds"),
        minutes=round((datetime.now(UTC) - started).total_seconds() / 60, 1),
    )
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = f"-sample{sample}" if sample is not None else ""
    (OUT / f"{name}{suffix}.json").write_text(json.dumps(result, indent=2), "utf-8")
    return result


def main(argv: list[str]) -> int:
    """Run the named modules (all when none are named) and print one line each."""
    if argv[:1] == ["mutmut"] and len(argv) >= 3 and argv[1] in MODULES:
        from mutmut.__main__ import cli

        configure(argv[1])
        cli(argv[2:], standalone_mode=False)
        return 0
    sample = None
    if "--sample" in argv:
        at = argv.index("--sample")
        sample = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    names = argv or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; choose from {', '.join(MODULES)}")
        return 2
    if len(names) > 1:
        # mutmut keeps its statistics in module globals: a second module in the same process
        # would be matched against the first one's. One process per module.
        import subprocess

        extra = ["--sample", str(sample)] if sample is not None else []
        return max(
            subprocess.call([sys.executable, "-m", "bench.mutation", name, *extra]) for name in names
        )
    for name in names:
        r = run_module(name, max_children=2, sample=sample)
        print(
            f"{name}: {r['mutants']} mutants, {r.get('killed', 0)} killed, "
            f"{r.get('survived', 0)} survived, {r.get('no_tests', 0)} without tests, "
            f"killed share {r['killed_share']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
