"""Settings: defaults, refusal of bad values, secret key handling, production rules."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from aanbodplatform import create_app
from aanbodplatform.config import ConfigError, load_settings
from tests.conftest import PRODUCTION_ADDRESSES, TEST_SECRET, test_env


def test_defaults_give_the_embedded_setup(tmp_path: Path) -> None:
    settings = load_settings({"INSTANCE_PATH": str(tmp_path)})
    assert settings.app_env == "development"
    assert settings.search_engine == "sqlite"
    assert settings.geocoder == "offline"
    assert settings.database_url == f"sqlite:///{tmp_path / 'aanbodplatform.sqlite3'}"
    assert settings.search_index_path == tmp_path / "search.sqlite3"
    assert settings.instance_path.is_absolute()


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = load_settings({"INSTANCE_PATH": str(tmp_path)})
    with pytest.raises(AttributeError):
        settings.app_env = "production"  # type: ignore[misc]


def test_generated_secret_key_is_stored_and_reused(tmp_path: Path) -> None:
    first = load_settings({"INSTANCE_PATH": str(tmp_path)})
    second = load_settings({"INSTANCE_PATH": str(tmp_path)})
    assert first.secret_key_generated and len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_two_instances_get_different_keys(tmp_path: Path) -> None:
    a = load_settings({"INSTANCE_PATH": str(tmp_path / "a")})
    b = load_settings({"INSTANCE_PATH": str(tmp_path / "b")})
    assert a.secret_key != b.secret_key


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"APP_ENV": "staging"}, "APP_ENV"),
        ({"SEARCH_ENGINE": "elastic"}, "SEARCH_ENGINE"),
        ({"GEOCODER": "google"}, "GEOCODER"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"MEILI_URL": "localhost:7700"}, "MEILI_URL"),
        ({"SEARCH_ENGINE": "meilisearch"}, "MEILI_URL"),
        ({"MAIL_PORT": "seventy"}, "MAIL_PORT"),
        ({"MAIL_PORT": "70000"}, "MAIL_PORT"),
        ({"FLASK_DEBUG": "maybe"}, "FLASK_DEBUG"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"MEILI_INDEX": "bad index!"}, "MEILI_INDEX"),
    ],
)
def test_bad_values_stop_start_up_naming_the_variable(
    tmp_path: Path, env: dict[str, str], variable: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"INSTANCE_PATH": str(tmp_path), **env})
    message = str(caught.value)
    assert message.startswith(variable)
    assert "\n" not in message


def test_instance_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="^INSTANCE_PATH"):
        load_settings({"INSTANCE_PATH": str(blocker)})


def test_production_refuses_a_generated_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^SECRET_KEY"):
        load_settings({"INSTANCE_PATH": str(tmp_path), "APP_ENV": "production"})


def test_production_refuses_debug(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="^FLASK_DEBUG"):
        load_settings(
            {
                "INSTANCE_PATH": str(tmp_path),
                "APP_ENV": "production",
                "SECRET_KEY": TEST_SECRET,
                "FLASK_DEBUG": "1",
            }
        )


def test_production_with_a_real_key_starts(tmp_path: Path) -> None:
    settings = load_settings(
        {"INSTANCE_PATH": str(tmp_path), "APP_ENV": "production", "SECRET_KEY": TEST_SECRET,
         **PRODUCTION_ADDRESSES}
    )
    assert settings.is_production and not settings.secret_key_generated


def test_create_app_uses_the_settings(instance: Path) -> None:
    app = create_app(test_env(instance))
    assert app.config["SECRET_KEY"] == TEST_SECRET
    assert Path(app.instance_path) == instance.resolve()
    assert app.extensions["search_engine"].name == "sqlite"
    assert (instance / "search.sqlite3").exists()


def test_postgres_url_is_accepted(tmp_path: Path) -> None:
    settings = load_settings(
        {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "postgresql+psycopg2://u:p@db/aanbod"}
    )
    assert settings.database_url.startswith("postgresql")
