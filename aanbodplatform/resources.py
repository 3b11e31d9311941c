"""Where the templates, translations and migrations are: the source tree, or the installed wheel.

The folders stay at the top of the repository (several people edit them); a wheel carries a
copy under ``aanbodplatform/_bundle/``, made by the build step in ``setup.py``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE.parent
BUNDLE = PACKAGE / "_bundle"
#: What the wheel bundles, by name (folders and files at the top of the repository).
BUNDLED = ("templates", "translations", "migrations", "alembic.ini")


def resource_path(name: str) -> Path:
    """Return the folder or file `name`: from the source tree when there, else from the wheel."""
    # A source checkout has its pyproject.toml beside the package; site-packages has not.
    if (SOURCE_ROOT / "pyproject.toml").is_file() and (SOURCE_ROOT / name).exists():
        return SOURCE_ROOT / name
    return BUNDLE / name
