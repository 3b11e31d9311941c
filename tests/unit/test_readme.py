"""The README's "Try it" section names the demo accounts the seed really creates."""

from __future__ import annotations

from pathlib import Path

from aanbodplatform.seed.demo import DEMO_PASSWORD, seed_demo

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_lists_the_demo_accounts(session) -> None:  # type: ignore[no-untyped-def]
    report = seed_demo(session, offers=20, seed=1)
    text = README.read_text(encoding="utf-8")
    assert DEMO_PASSWORD in text
    for email in report.accounts.values():
        assert email in text, email


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    quickstart = text.split("## Quickstart", 1)[1]
    commands = [line.split("#")[0].strip() for line in quickstart.split("```")[1].splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
