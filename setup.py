"""Build step that puts templates, compiled translations and migrations into the wheel.

They stay at the top of the repository (where people edit them); `pip install .` copies them
to ``aanbodplatform/_bundle/`` and compiles every ``messages.po`` to ``messages.mo``, so an
installed package runs without the source tree. Editable installs read the source folders.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("templates", "translations", "migrations", "alembic.ini")


class BuildWithBundle(build_py):
    """Copy the bundled folders into the build and compile the message catalogs."""

    def run(self) -> None:
        """Build the packages, then add the bundle beside them."""
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "aanbodplatform" / "_bundle"
        for name in BUNDLED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    target / name,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "glossary"),
                )
            elif source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
        self._compile_catalogs(target / "translations")

    @staticmethod
    def _compile_catalogs(folder: Path) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in folder.glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as handle:
                catalog = read_po(handle)
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)


setup(cmdclass={"build_py": BuildWithBundle})
