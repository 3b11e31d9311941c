"""Typed, frozen settings read once from the environment and passed explicitly."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

from aanbodplatform.resources import resource_path

APP_ENVS = ("development", "test", "production")
SEARCH_ENGINES = ("sqlite", "meilisearch")
GEOCODERS = ("offline", "nominatim")
SECRET_KEY_FILE = "secret_key"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything the application reads from its environment, validated."""

    app_env: str
    instance_path: Path
    database_url: str
    search_engine: str
    meili_url: str | None
    meili_api_key: str | None
    meili_index: str
    geocoder: str
    nominatim_user_agent: str
    secret_key: str
    secret_key_generated: bool
    debug: bool
    mail_server: str | None
    mail_port: int
    mail_username: str | None
    mail_password: str | None
    mail_use_tls: bool
    mail_sender: str
    base_url: str
    #: Months after which a closed handover's personal fields are erased.
    handover_retention_months: int = 24
    #: Months after archiving after which a client record is anonymised.
    client_anonymise_after_months: int = 12
    #: Where the compiled message catalogs are read from.
    translations_dir: Path = resource_path("translations")
    search_sync_after_commit: bool = True
    #: A municipality with fewer eligible offers within 10 km is listed as a gap.
    coverage_gap_threshold: int = 3
    #: A LibreTranslate-API machine translation server; None keeps machine translation off.
    mt_url: str | None = None
    mt_api_key: str | None = None
    #: Seconds to wait for the machine translation server.
    mt_timeout: float = 20.0
    #: Where rate-limit counters live: memory:// (one process) or redis://… (shared).
    ratelimit_storage_uri: str = "memory://"
    #: Put before every rate-limit key, so deployments (or test runs) can share one Redis.
    ratelimit_key_prefix: str = ""
    #: How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host.
    trusted_proxies: int = 0
    #: Redis for the job queue; without it jobs use a SQLite file in the instance folder.
    redis_url: str | None = None
    #: Log lines as JSON (production default) or plain text.
    log_format: str = "text"
    #: Bearer token for /metrics; without it only local addresses may scrape.
    metrics_token: str | None = None
    #: The address people can write to (shown on the contact and privacy pages).
    contact_email: str = "info@aanbodplatform.be"
    #: Independent Meilisearch replicas (MEILI_URLS); each receives every change.
    meili_urls: tuple[str, ...] = ()

    @property
    def search_index_path(self) -> Path:
        """Return the embedded search index file."""
        return self.instance_path / "search.sqlite3"

    @property
    def mail_outbox_path(self) -> Path:
        """Return the folder where mail is written when no SMTP server is set."""
        return self.instance_path / "mail-outbox"

    @property
    def is_production(self) -> bool:
        """Return True when running in production."""
        return self.app_env == "production"

    def with_overrides(self, **changes: object) -> Settings:
        """Return a copy with some fields replaced (used by tests and tools)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = env.get(name, "").strip() or default
    if value not in choices:
        raise ConfigError(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true or false)")


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} is outside {low}..{high}")
    return value


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ConfigError(f"{name}={raw!r} is not a valid {'/'.join(schemes)} URL")
    return raw.rstrip("/")


def _meili_urls(env: Mapping[str, str]) -> tuple[str, ...]:
    """Return the replicas of MEILI_URLS (comma-separated), each a distinct http(s) URL."""
    urls: list[str] = []
    for part in env.get("MEILI_URLS", "").split(","):
        url = _url({"MEILI_URLS": part}, "MEILI_URLS", ("http", "https"))
        if url is None:
            continue
        if url in urls:
            raise ConfigError(f"MEILI_URLS names {url!r} twice")
        urls.append(url)
    return tuple(urls)


def _database_url(env: Mapping[str, str], instance_path: Path) -> str:
    raw = env.get("DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{instance_path / 'aanbodplatform.sqlite3'}"
    scheme = raw.split(":", 1)[0]
    dialect = scheme.split("+", 1)[0]
    if dialect not in ("sqlite", "postgresql") or "://" not in raw:
        raise ConfigError(
            f"DATABASE_URL={raw.split('@')[-1]!r} must be a sqlite:// or postgresql:// URL"
        )
    return raw


def _secret_key(env: Mapping[str, str], instance_path: Path, app_env: str) -> tuple[str, bool]:
    raw = env.get("SECRET_KEY", "").strip()
    if raw:
        if len(raw) < 32:
            raise ConfigError("SECRET_KEY is too short (use at least 32 characters)")
        return raw, False
    if app_env == "production":
        raise ConfigError("SECRET_KEY must be set in production (a generated key is refused)")
    key_file = instance_path / SECRET_KEY_FILE
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip(), True
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created with owner-only permissions: the key signs sessions and reset links.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key, True


#: Placeholder values that production refuses (they would reach real people in emails).
PLACEHOLDER_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0", "::1", "example.org", "example.com")
RATELIMIT_SCHEMES = ("memory", "redis", "rediss", "redis+sentinel", "redis+cluster")


def _storage_uri(env: Mapping[str, str]) -> str:
    raw = env.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    if raw.split("://", 1)[0] not in RATELIMIT_SCHEMES or "://" not in raw:
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI={raw.split('@')[-1]!r} must be memory:// or a redis:// URL"
        )
    return raw


def _key_prefix(env: Mapping[str, str]) -> str:
    raw = env.get("RATELIMIT_KEY_PREFIX", "").strip()
    if len(raw) > 64 or not re.fullmatch(r"[A-Za-z0-9._:-]*", raw):
        raise ConfigError("RATELIMIT_KEY_PREFIX may hold at most 64 letters, digits and . _ : -")
    return raw


def _refuse_placeholders(env: Mapping[str, str], base_url: str, sender: str, contact: str) -> None:
    """Stop a production start whose public addresses are still the development defaults."""
    if not env.get("BASE_URL", "").strip():
        raise ConfigError("BASE_URL must be set in production (the public https:// address)")
    host = (urlparse(base_url).hostname or "").lower()
    if host in PLACEHOLDER_HOSTS or host.endswith((".local", ".localhost", ".test")):
        raise ConfigError(f"BASE_URL={base_url!r} is a development address; set the public one")
    if not env.get("MAIL_SENDER", "").strip() or sender.lower().endswith(
        (".local", ".localhost", ".test", "@example.org", "@example.com")
    ):
        raise ConfigError("MAIL_SENDER must be set in production to a real address (not .local)")
    if not env.get("CONTACT_EMAIL", "").strip() or contact.lower().endswith(
        (".local", ".localhost", ".test", "@example.org", "@example.com")
    ):
        raise ConfigError("CONTACT_EMAIL must be set in production to the address people write to")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the settings from `env` (default: the process environment)."""
    env = os.environ if env is None else env
    app_env = _choice(env, "APP_ENV", APP_ENVS, "development")
    instance_raw = env.get("INSTANCE_PATH", "").strip() or "instance"
    instance_path = Path(instance_raw).expanduser().resolve()
    if instance_path.exists() and not instance_path.is_dir():
        raise ConfigError(f"INSTANCE_PATH={instance_raw!r} exists and is not a folder")
    debug = _bool(env, "FLASK_DEBUG", False)
    if app_env == "production" and debug:
        raise ConfigError("FLASK_DEBUG must be off in production")
    search_engine = _choice(env, "SEARCH_ENGINE", SEARCH_ENGINES, "sqlite")
    meili_url = _url(env, "MEILI_URL", ("http", "https"))
    meili_urls = _meili_urls(env)
    meili_url = meili_url or (meili_urls[0] if meili_urls else None)
    if search_engine == "meilisearch" and not meili_url:
        raise ConfigError("MEILI_URL must be set when SEARCH_ENGINE=meilisearch")
    meili_index = env.get("MEILI_INDEX", "").strip() or "offers"
    if not meili_index.replace("_", "").replace("-", "").isalnum():
        raise ConfigError(f"MEILI_INDEX={meili_index!r} may hold only letters, digits, - and _")
    geocoder = _choice(env, "GEOCODER", GEOCODERS, "offline")
    database_url = _database_url(env, instance_path)
    secret_key, generated = _secret_key(env, instance_path, app_env)
    mail_server = env.get("MAIL_SERVER", "").strip() or None
    base_url = _url(env, "BASE_URL", ("http", "https")) or "http://127.0.0.1:5000"
    translations_raw = env.get("TRANSLATIONS_DIR", "").strip()
    translations_dir = (
        Path(translations_raw).expanduser().resolve()
        if translations_raw
        else resource_path("translations")
    )
    if not translations_dir.is_dir():
        raise ConfigError(f"TRANSLATIONS_DIR={translations_raw!r} is not a folder")
    mail_sender = env.get("MAIL_SENDER", "").strip() or "noreply@aanbodplatform.local"
    contact_email = env.get("CONTACT_EMAIL", "").strip() or "info@aanbodplatform.be"
    if "@" not in contact_email:
        raise ConfigError(f"CONTACT_EMAIL={contact_email!r} is not an email address")
    if app_env == "production":
        _refuse_placeholders(env, base_url, mail_sender, contact_email)
    return Settings(
        app_env=app_env,
        instance_path=instance_path,
        database_url=database_url,
        search_engine=search_engine,
        meili_url=meili_url,
        meili_urls=meili_urls,
        meili_api_key=env.get("MEILI_API_KEY", "").strip() or None,
        meili_index=meili_index,
        geocoder=geocoder,
        nominatim_user_agent=env.get("NOMINATIM_USER_AGENT", "").strip()
        or "aanbodplatform/0.1 (+https://github.com/aanbodplatform)",
        secret_key=secret_key,
        secret_key_generated=generated,
        debug=debug,
        mail_server=mail_server,
        mail_port=_int(env, "MAIL_PORT", 587, 1, 65535),
        mail_username=env.get("MAIL_USERNAME", "").strip() or None,
        mail_password=env.get("MAIL_PASSWORD", "") or None,
        mail_use_tls=_bool(env, "MAIL_USE_TLS", True),
        mail_sender=mail_sender,
        contact_email=contact_email,
        ratelimit_storage_uri=_storage_uri(env),
        ratelimit_key_prefix=_key_prefix(env),
        trusted_proxies=_int(env, "TRUSTED_PROXIES", 0, 0, 5),
        redis_url=_url(env, "REDIS_URL", ("redis", "rediss")),
        log_format=_choice(
            env, "LOG_FORMAT", ("json", "text"), "json" if app_env == "production" else "text"
        ),
        metrics_token=env.get("METRICS_TOKEN", "").strip() or None,
        base_url=base_url,
        translations_dir=translations_dir,
        handover_retention_months=_int(env, "HANDOVER_RETENTION_MONTHS", 24, 1, 120),
        client_anonymise_after_months=_int(env, "CLIENT_ANONYMISE_AFTER_MONTHS", 12, 1, 120),
        coverage_gap_threshold=_int(env, "COVERAGE_GAP_THRESHOLD", 3, 1, 50),
        mt_url=_url(env, "MT_URL", ("http", "https")),
        mt_api_key=env.get("MT_API_KEY", "").strip() or None,
        mt_timeout=float(_int(env, "MT_TIMEOUT_SECONDS", 20, 1, 300)),
    )
