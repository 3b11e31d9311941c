"""The CLI modules share their groups through cli_groups and never import one another."""

from __future__ import annotations

import ast
from pathlib import Path

import aanbodplatform

PACKAGE = Path(aanbodplatform.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_cli_module_imports_cli_py() -> None:
    # Function-level imports count too: that is how the cycle used to hide.
    modules = sorted(PACKAGE.glob("cli_*.py"))
    assert {m.name for m in modules} >= {"cli_offers.py", "cli_groups.py", "cli_handovers.py"}
    for module in modules:
        assert "aanbodplatform.cli" not in _imported_modules(module), module.name


def test_the_offers_group_gets_its_freshness_command(app) -> None:  # type: ignore[no-untyped-def]
    from aanbodplatform.cli_groups import offers_cli

    assert {"import", "freshness", "export", "import-uit"} <= set(offers_cli.commands)
    assert app.cli.commands["offers"] is offers_cli
