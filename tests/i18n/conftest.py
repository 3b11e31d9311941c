"""Fixtures for the language tests: the real catalogs, compiled once into a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from aanbodplatform import create_app
from aanbodplatform.extensions import db
from aanbodplatform.i18n_tools import TRANSLATIONS
from tests.conftest import IsolatedClient, test_env


@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compile the project's catalogs (whatever `make i18n-compile` did or not)."""
    out = tmp_path_factory.mktemp("translations")
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        target = out / po_path.parent.parent.name / "LC_MESSAGES"
        target.mkdir(parents=True)
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with (target / "messages.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return out


@pytest.fixture
def app(instance: Path, compiled_translations: Path) -> Iterator:
    """Return an app that reads the real catalogs."""
    application = create_app(test_env(instance, TRANSLATIONS_DIR=str(compiled_translations)))
    application.config["WTF_CSRF_ENABLED"] = False
    application.test_client_class = IsolatedClient
    with application.app_context():
        yield application
    db.session.remove()
    db.engine.dispose()
