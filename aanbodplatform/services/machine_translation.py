"""Machine translation of requested offers, optional and honest.

A `Translator` turns Dutch text into another language. The one real implementation talks to a
self-hosted server speaking the LibreTranslate HTTP API (``POST /translate`` with
``q, source, target, format, api_key`` → ``{"translatedText": ...}``; errors as
``{"error": ...}`` with a 4xx/5xx status). Without ``MT_URL`` nothing is sent anywhere.
Machine translations are stored as ``translated_by="machine"`` (shown as "not checked") and
stay in the translator queue until a person's translation replaces them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.models import Offer, OfferTranslation, TranslationRequest, utcnow
from aanbodplatform.services import audit
from aanbodplatform.services.translations import LIMITS, outdated_fields, stamp_sources

log = logging.getLogger(__name__)

#: Our locale tags where the LibreTranslate language code differs.
MT_CODES = {"fa-AF": "fa"}


class TranslatorError(Exception):
    """The machine translation failed; nothing was stored."""


class Translator(Protocol):
    """Turns text from one language into another."""

    def translate(self, text: str, source: str, target: str) -> str:
        """Return `text` translated from `source` into `target`; raise TranslatorError."""
        ...


@dataclass(frozen=True)
class LibreTranslateClient:
    """A Translator for a server speaking the LibreTranslate API."""

    url: str
    api_key: str | None = None
    timeout: float = 20.0

    def translate(self, text: str, source: str, target: str) -> str:
        """Return `text` translated by the server; raise TranslatorError on any failure."""
        body = {
            "q": text,
            "source": MT_CODES.get(source, source),
            "target": MT_CODES.get(target, target),
            "format": "text",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        try:
            response = requests.post(
                self.url.rstrip("/") + "/translate", json=body, timeout=self.timeout
            )
        except requests.Timeout as exc:
            raise TranslatorError("the translation server did not answer in time") from exc
        except requests.RequestException as exc:
            raise TranslatorError(f"the translation server is unreachable: {exc}") from exc
        try:
            data = response.json()
        except ValueError as exc:
            raise TranslatorError(f"not JSON (HTTP {response.status_code})") from exc
        if response.status_code != 200:
            message = data.get("error") if isinstance(data, dict) else None
            raise TranslatorError(f"HTTP {response.status_code}: {message or 'no message'}")
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if not isinstance(translated, str) or not translated.strip():
            raise TranslatorError("the answer holds no translatedText")
        return translated.strip()


def translator_from_settings(settings: Settings) -> Translator | None:
    """Return the configured Translator, or None when machine translation is off."""
    if not settings.mt_url:
        return None
    return LibreTranslateClient(settings.mt_url, settings.mt_api_key, settings.mt_timeout)


@dataclass(frozen=True)
class MachineRun:
    """What one run did: translations stored and failures (offer id, locale, reason)."""

    translated: tuple[tuple[int, str], ...]
    failed: tuple[tuple[int, str, str], ...]


def _wanted(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(
        select(TranslationRequest.offer_id, TranslationRequest.locale)
        .where(TranslationRequest.fulfilled_at.is_(None))
        .distinct()
        .order_by(TranslationRequest.offer_id, TranslationRequest.locale)
    ).all()
    return [(int(o), str(tag)) for o, tag in rows]


def translate_offer(
    session: Session, translator: Translator, offer: Offer, locale: str, now: datetime | None = None
) -> OfferTranslation:
    """Machine-translate the offer's Dutch title, summary and description into `locale`.

    Every field is translated before anything is stored, so a failure leaves the offer as it was.
    """
    texts = {
        "title": offer.title_nl,
        "summary": offer.summary_nl,
        "description": offer.description_nl or "",
    }
    done = {
        name: (translator.translate(text, "nl", locale) if text.strip() else "")
        for name, text in texts.items()
    }
    translation = offer.translation(locale)
    if translation is None:
        translation = OfferTranslation(locale=locale)
        offer.translations.append(translation)
    translation.title = done["title"][: LIMITS["title"]]
    translation.summary = done["summary"][: LIMITS["summary"]]
    translation.description = done["description"][: LIMITS["description"]] or None
    translation.translated_by, translation.translator_id = "machine", None
    translation.updated_at = now or utcnow()
    stamp_sources(translation, offer)
    audit.record(session, None, "translation.machine", offer, {"locale": locale})
    return translation


def machine_translate_requested(
    session: Session, translator: Translator, limit: int = 50
) -> MachineRun:
    """Machine-translate requested offers that have no translation (or an outdated one).

    Requests stay open: the machine translation waits in the translator queue to be checked.
    """
    translated: list[tuple[int, str]] = []
    failed: list[tuple[int, str, str]] = []
    for offer_id, locale in _wanted(session)[:limit]:
        offer = session.scalar(
            select(Offer)
            .where(Offer.id == offer_id, Offer.status == "published")
            .options(selectinload(Offer.translations))
        )
        if offer is None:
            continue
        have = offer.translation(locale)
        if have is not None and not outdated_fields(have, offer):
            continue  # a translation that matches the Dutch exists; a person checks it
        if have is not None and have.translated_by != "machine":
            continue  # never overwrite a person's work, even outdated: the page marks it
        try:
            translate_offer(session, translator, offer, locale)
        except TranslatorError as exc:
            session.rollback()
            log.warning("machine translation of offer %s into %s failed: %s", offer_id, locale, exc)
            failed.append((offer_id, locale, str(exc)))
            continue
        session.commit()
        translated.append((offer_id, locale))
    return MachineRun(tuple(translated), tuple(failed))

