"""Offer translations that stay true: sources, outdated marking, requests, the queue and proposals.

Every translated field remembers the hash of the Dutch it was made from. When the Dutch
changes, the field is *outdated*: pages still show it with a note, but printouts and
emails (through `services.offers.localized_text`) fall back to the Dutch.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from aanbodplatform.config import Settings
from aanbodplatform.i18n import DEFAULT_LOCALE, LOCALE_TAGS
from aanbodplatform.models import (
    Offer,
    OfferTranslation,
    TranslationProposal,
    TranslationRequest,
    TranslatorLanguage,
    User,
    utcnow,
)
from aanbodplatform.models.offers import TRANSLATED_FIELDS
from aanbodplatform.services import audit, mail
from aanbodplatform.services.authz import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
    is_member,
    is_moderator_for,
    require_user,
)
from aanbodplatform.services.offer_facts import source_hash

#: Locales an offer can be translated into (Dutch is the source).
TARGET_LOCALES: tuple[str, ...] = tuple(t for t in LOCALE_TAGS if t != DEFAULT_LOCALE)
#: Roles that may ask for a translation of any published offer.
REQUESTER_ROLES = ("counsellor", "guide", "admin")
LIMITS = {"title": 160, "summary": 400, "description": 5000}
GLOSSARY_DIR = Path(__file__).resolve().parents[2] / "translations" / "glossary"


# --- sources and outdated fields ------------------------------------------------------------


def dutch_source(offer: Offer, name: str) -> str:
    """Return the Dutch text a translated field `name` (title, summary, description) is made from."""
    return getattr(offer, TRANSLATED_FIELDS[name]) or ""


def stamp_sources(translation: OfferTranslation, offer: Offer) -> None:
    """Record that `translation` was made from the offer's Dutch as it is now."""
    for name in TRANSLATED_FIELDS:
        value = getattr(translation, name)
        setattr(
            translation, f"{name}_source", source_hash(dutch_source(offer, name)) if value else None
        )


def outdated_fields(translation: OfferTranslation, offer: Offer) -> list[str]:
    """Return the translated fields whose Dutch source changed since they were translated."""
    out = []
    for name in TRANSLATED_FIELDS:
        if not getattr(translation, name):
            continue
        made_from = getattr(translation, f"{name}_source")
        # No recorded source (older rows) counts as up to date: nothing says otherwise.
        if made_from and made_from != source_hash(dutch_source(offer, name)):
            out.append(name)
    return out


def outdated_translations(offer: Offer) -> dict[str, list[str]]:
    """Return, per locale, the translated fields of `offer` that are outdated."""
    found = {t.locale: outdated_fields(t, offer) for t in offer.translations}
    return {tag: names for tag, names in found.items() if names}


@dataclass(frozen=True)
class FieldText:
    """One text of an offer as a reader sees it: the words, their language, and whether outdated."""

    text: str
    lang: str
    outdated: bool = False
    dutch: str = ""


@dataclass(frozen=True)
class ReaderText:
    """An offer's texts for one reader, with the translation's provenance when there is one."""

    title: FieldText
    summary: FieldText
    description: FieldText
    translated_by: str | None = None
    translated_at: datetime | None = None

    @property
    def outdated(self) -> bool:
        """Return True when a shown translated field no longer matches the Dutch."""
        return any(f.outdated for f in (self.title, self.summary, self.description))

    @property
    def translated(self) -> bool:
        """Return True when at least one field is shown in the reader's language."""
        return any(f.lang != DEFAULT_LOCALE for f in (self.title, self.summary, self.description))


def reader_text(offer: Offer, locale: str) -> ReaderText:
    """Return the offer's texts for a page in `locale`: translated where possible, outdated marked."""
    translation = offer.translation(locale) if locale != DEFAULT_LOCALE else None
    stale = set(outdated_fields(translation, offer)) if translation is not None else set()
    texts: dict[str, FieldText] = {}
    for name in TRANSLATED_FIELDS:
        dutch = dutch_source(offer, name)
        value = getattr(translation, name) if translation is not None else None
        if value:
            texts[name] = FieldText(value, locale, name in stale, dutch)
        else:
            texts[name] = FieldText(dutch, DEFAULT_LOCALE, False, dutch)
    return ReaderText(
        texts["title"],
        texts["summary"],
        texts["description"],
        translation.translated_by if translation is not None else None,
        translation.updated_at if translation is not None else None,
    )


# --- requests -------------------------------------------------------------------------------


def may_request(user: User | None, offer: Offer) -> bool:
    """Return True when `user` may ask for a translation of `offer`."""
    if user is None or not user.is_active:
        return False
    return user.has_role(*REQUESTER_ROLES) or is_member(user, offer.organisation_id)


def request_translation(
    session: Session, user: User | None, offer: Offer, locale: str, now: datetime | None = None
) -> int:
    """Ask for `offer` in `locale` (once per person); return how many people asked for it now."""
    user = require_user(user)
    if not may_request(user, offer):
        raise PermissionDenied("may not request translations")
    if offer.status != "published":
        raise NotFound("offer")
    if locale not in TARGET_LOCALES:
        raise ValidationFailed({"locale": str(_l("Choose a language."))})
    exists = session.scalar(
        select(TranslationRequest).where(
            TranslationRequest.offer_id == offer.id,
            TranslationRequest.locale == locale,
            TranslationRequest.requested_by_id == user.id,
            TranslationRequest.fulfilled_at.is_(None),
        )
    )
    if exists is None:
        old = session.scalar(
            select(TranslationRequest).where(
                TranslationRequest.offer_id == offer.id,
                TranslationRequest.locale == locale,
                TranslationRequest.requested_by_id == user.id,
            )
        )
        if old is not None:
            # Asked before and served; asking again (the Dutch changed) reopens it.
            old.fulfilled_at, old.created_at = None, now or utcnow()
        else:
            session.add(
                TranslationRequest(
                    offer_id=offer.id,
                    locale=locale,
                    requested_by_id=user.id,
                    created_at=now or utcnow(),
                )
            )
        audit.record(session, user, "translation.requested", offer, {"locale": locale})
    session.commit()
    return demand(session, offer.id, locale)


def demand(session: Session, offer_id: int, locale: str) -> int:
    """Return how many people are waiting for `offer_id` in `locale`."""
    return int(
        session.scalar(
            select(func.count(TranslationRequest.id)).where(
                TranslationRequest.offer_id == offer_id,
                TranslationRequest.locale == locale,
                TranslationRequest.fulfilled_at.is_(None),
            )
        )
        or 0
    )


# --- the translator's queue -----------------------------------------------------------------


def translator_locales(session: Session, user: User) -> list[str]:
    """Return the locales a translator translates into (all of them for admins)."""
    if user.role == "admin":
        return list(TARGET_LOCALES)
    rows = session.scalars(
        select(TranslatorLanguage.locale).where(TranslatorLanguage.user_id == user.id)
    ).all()
    return [tag for tag in TARGET_LOCALES if tag in rows]


def require_translator(session: Session, user: User | None, locale: str | None = None) -> User:
    """Return the user when they translate (into `locale`, when given); else PermissionDenied."""
    user = require_user(user)
    if not user.has_role("translator"):
        raise PermissionDenied("translators only")
    if locale is not None and locale not in translator_locales(session, user):
        raise PermissionDenied("not one of this translator's languages")
    return user


@dataclass(frozen=True)
class QueueItem:
    """One offer waiting for a translation into one locale, with how many people asked."""

    offer: Offer
    locale: str
    requests: int
    current: str | None  # who made the translation shown today: None, "machine", or outdated
    proposed: bool


def translation_queue(session: Session, user: User | None) -> list[QueueItem]:
    """Return the translator's queue: requested offers in their languages, most wanted first."""
    user = require_translator(session, user)
    locales = translator_locales(session, user)
    if not locales:
        return []
    rows = session.execute(
        select(TranslationRequest.offer_id, TranslationRequest.locale, func.count())
        .where(TranslationRequest.fulfilled_at.is_(None), TranslationRequest.locale.in_(locales))
        .group_by(TranslationRequest.offer_id, TranslationRequest.locale)
    ).all()
    offers = {
        o.id: o
        for o in session.scalars(
            select(Offer)
            .where(Offer.id.in_({r[0] for r in rows}), Offer.status == "published")
            .options(selectinload(Offer.translations))
        )
    }
    waiting = {
        (p.offer_id, p.locale)
        for p in session.scalars(
            select(TranslationProposal).where(TranslationProposal.status == "submitted")
        )
    }
    items = []
    for offer_id, locale, count in rows:
        offer = offers.get(offer_id)
        if offer is None:
            continue
        have = offer.translation(locale)
        state = None
        if have is not None:
            if outdated_fields(have, offer):
                state = "outdated"
            elif have.translated_by == "machine":
                state = "machine"
            else:
                continue  # already translated and checked; the request waits to be closed
        items.append(QueueItem(offer, locale, int(count), state, (offer_id, locale) in waiting))
    items.sort(key=lambda i: (-i.requests, i.offer.id, i.locale))
    return items


# --- translation memory and glossary -------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentences(text: str | None) -> list[str]:
    """Return the sentences of a text (split after . ! ? … and at line breaks)."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class MemorySuggestion:
    """A sentence already translated elsewhere: the Dutch, its translation, how close it is."""

    source: str
    dutch: str
    target: str
    score: float


def _memory(session: Session, locale: str, exclude_offer: int) -> dict[str, str]:
    """Return Dutch sentence → translation pairs from up-to-date, human translations in `locale`."""
    pairs: dict[str, str] = {}
    translations = session.scalars(
        select(OfferTranslation).where(
            OfferTranslation.locale == locale,
            OfferTranslation.offer_id != exclude_offer,
            OfferTranslation.translated_by != "machine",
        )
    ).all()
    offers = {
        o.id: o
        for o in session.scalars(
            select(Offer).where(Offer.id.in_({t.offer_id for t in translations}))
        )
    }
    for translation in translations:
        offer = offers.get(translation.offer_id)
        if offer is None:
            continue
        stale = set(outdated_fields(translation, offer))
        for name in TRANSLATED_FIELDS:
            target = getattr(translation, name)
            if not target or name in stale:
                continue
            dutch = sentences(dutch_source(offer, name))
            translated = sentences(target)
            # Align sentence by sentence only where the counts agree; otherwise the whole field.
            if len(dutch) == len(translated):
                for nl, tr in zip(dutch, translated, strict=True):
                    pairs.setdefault(_norm(nl), tr)
            pairs.setdefault(_norm(dutch_source(offer, name)), target)
    return pairs


def memory_suggestions(
    session: Session, offer: Offer, locale: str, limit: int = 20
) -> list[MemorySuggestion]:
    """Return known translations of the offer's Dutch sentences (exact first, then close ones)."""
    pairs = _memory(session, locale, offer.id)
    if not pairs:
        return []
    keys = list(pairs)
    out: list[MemorySuggestion] = []
    seen: set[str] = set()
    for name in TRANSLATED_FIELDS:
        for sentence in sentences(dutch_source(offer, name)):
            key = _norm(sentence)
            if key in seen:
                continue
            seen.add(key)
            if key in pairs:
                out.append(MemorySuggestion(sentence, sentence, pairs[key], 1.0))
                continue
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.8)
            if close:
                score = difflib.SequenceMatcher(None, key, close[0]).ratio()
                out.append(MemorySuggestion(sentence, close[0], pairs[close[0]], round(score, 2)))
    return out[:limit]


@dataclass(frozen=True)
class GlossaryTerm:
    """One glossary line: the English source term (with its Dutch in brackets) and the locale's term."""

    source: str
    target: str
    dutch: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=32)
def glossary(locale: str) -> tuple[GlossaryTerm, ...]:
    """Return the glossary of a locale from translations/glossary/<locale>.md."""
    path = GLOSSARY_DIR / f"{locale.replace('-', '_')}.md"
    if not path.exists():
        return ()
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0] or set(cells[0]) <= {"-", " "}:
            continue
        if cells[0].lower().startswith("english"):
            continue
        dutch = tuple(d.strip().casefold() for d in re.findall(r"\(([^)]+)\)", cells[0]))
        terms.append(GlossaryTerm(cells[0], cells[1], dutch))
    return tuple(terms)


def glossary_for(locale: str, texts: Iterable[str]) -> list[GlossaryTerm]:
    """Return the glossary terms of `locale` whose Dutch term occurs in `texts`."""
    haystack = _norm(" ".join(texts))
    found = []
    for term in glossary(locale):
        words = [w for d in term.dutch for w in re.split(r"[/,;]", d) if len(w.strip()) > 3]
        if any(w.strip() in haystack for w in words):
            found.append(term)
    return found


# --- proposals ------------------------------------------------------------------------------


def _clean(values: dict[str, str]) -> dict[str, str]:
    # Line breaks stay: they separate the description's paragraphs.
    return {name: (values.get(name) or "").replace("\r\n", "\n").strip() for name in LIMITS}


def submit_proposal(
    session: Session,
    user: User | None,
    offer: Offer,
    locale: str,
    values: dict[str, str],
    now: datetime | None = None,
    settings: Settings | None = None,
) -> TranslationProposal:
    """Save a translator's translation of `offer` into `locale` and ask the organisation to accept it."""
    user = require_translator(session, user, locale)
    if offer.status != "published":
        raise NotFound("offer")
    clean = _clean(values)
    errors: dict[str, str] = {}
    for name in ("title", "summary"):
        if not clean[name]:
            errors[name] = str(_l("A translation needs both a title and a summary."))
    if offer.description_nl and not clean["description"]:
        errors["description"] = str(_l("Translate the description too."))
    for name, limit in LIMITS.items():
        if len(clean[name]) > limit:
            errors[name] = str(_l("Use at most %(num)d characters.", num=limit))
    if errors:
        raise ValidationFailed(errors)
    proposal = TranslationProposal(
        offer_id=offer.id,
        locale=locale,
        title=clean["title"],
        summary=clean["summary"],
        description=clean["description"] or None,
        title_source=source_hash(offer.title_nl),
        summary_source=source_hash(offer.summary_nl),
        description_source=source_hash(offer.description_nl),
        translator_id=user.id,
        status="submitted",
        created_at=now or utcnow(),
    )
    session.add(proposal)
    session.flush()
    audit.record(session, user, "translation.proposed", offer, {"locale": locale, "proposal": proposal.id})
    session.commit()
    _ask_organisation(settings, offer, locale)
    return proposal


def _ask_organisation(settings: Settings | None, offer: Offer, locale: str) -> int:
    """Tell the organisation's members that a translation waits for them (in their language)."""
    from aanbodplatform.services.organisations import member_recipients

    messages = []
    for member in member_recipients(offer.organisation):
        messages.append(
            mail.render(
                "translation_proposed",
                member,
                lambda: str(_l("A translation of “%(title)s” waits for you", title=offer.title_nl)),
                offer=offer,
                language=locale,
                link=mail.absolute_url("translations.proposals", settings, lang=member.locale or "nl"),
            )
        )
    return mail.send_all(messages, settings)


def may_decide(user: User | None, offer: Offer) -> bool:
    """Return True when `user` may accept a translation of `offer`: its organisation or area moderator."""
    return user is not None and (is_member(user, offer.organisation_id) or is_moderator_for(user, offer))


def proposals_for_decision(session: Session, user: User | None) -> list[TranslationProposal]:
    """Return the submitted proposals this user may accept or reject."""
    user = require_user(user)
    waiting = session.scalars(
        select(TranslationProposal)
        .where(TranslationProposal.status == "submitted")
        .order_by(TranslationProposal.created_at)
        .options(
            selectinload(TranslationProposal.offer).selectinload(Offer.locations),
            selectinload(TranslationProposal.offer).selectinload(Offer.organisation),
        )
    ).all()
    return [p for p in waiting if may_decide(user, p.offer)]


def get_proposal(session: Session, user: User | None, proposal_id: int) -> TranslationProposal:
    """Return a proposal its translator, the organisation or the area moderator may see."""
    user = require_user(user)
    proposal = session.get(TranslationProposal, proposal_id)
    if proposal is None:
        raise NotFound("proposal")
    if not (may_decide(user, proposal.offer) or proposal.translator_id == user.id):
        raise PermissionDenied("not this user's proposal")
    return proposal


def decide_proposal(
    session: Session,
    settings: Settings | None,
    user: User | None,
    proposal: TranslationProposal,
    accept: bool,
    now: datetime | None = None,
) -> int:
    """Accept (publish) or reject a proposal; on accept tell the requesters; return mails sent."""
    user = require_user(user)
    offer = proposal.offer
    if not may_decide(user, offer):
        raise PermissionDenied("only the organisation or the area's moderator decides")
    if proposal.status != "submitted":
        raise InvalidTransition(f"proposal is {proposal.status}")
    now = now or utcnow()
    proposal.status = "accepted" if accept else "rejected"
    proposal.decided_by_id, proposal.decided_at = user.id, now
    audit.record(
        session,
        user,
        "translation.accepted" if accept else "translation.rejected",
        offer,
        {"locale": proposal.locale, "proposal": proposal.id},
        now=now,
    )
    if not accept:
        session.commit()
        return 0
    translation = offer.translation(proposal.locale)
    if translation is None:
        translation = OfferTranslation(locale=proposal.locale)
        offer.translations.append(translation)
    translation.title, translation.summary = proposal.title, proposal.summary
    translation.description = proposal.description
    translation.title_source = proposal.title_source
    translation.summary_source = proposal.summary_source
    translation.description_source = proposal.description_source if proposal.description else None
    translation.translated_by, translation.translator_id = "volunteer", proposal.translator_id
    translation.updated_at = now
    requests = session.scalars(
        select(TranslationRequest)
        .where(
            TranslationRequest.offer_id == offer.id,
            TranslationRequest.locale == proposal.locale,
            TranslationRequest.fulfilled_at.is_(None),
        )
        .options(selectinload(TranslationRequest.requested_by))
    ).all()
    for request in requests:
        request.fulfilled_at = now
    session.commit()
    return notify_requesters(settings, offer, proposal.locale, [r.requested_by for r in requests])


def notify_requesters(
    settings: Settings | None, offer: Offer, locale: str, users: Sequence[User]
) -> int:
    """Tell everyone who asked that the translation of `offer` into `locale` is published."""
    from aanbodplatform.web.presenters import offer_slug  # a pure helper; no request needed

    link = mail.absolute_url(
        "public.offer", settings, lang=locale, offer_id=offer.id, slug=offer_slug(offer.title_nl)
    )
    messages = [
        mail.render(
            "translation_published",
            user,
            lambda: str(_l("The translation you asked for is online: “%(title)s”", title=offer.title_nl)),
            offer=offer,
            language=locale,
            link=link,
        )
        for user in dict.fromkeys(u for u in users if u is not None and u.is_active)
    ]
    return mail.send_all(messages, settings)


def request_counts(session: Session, offer_ids: Iterable[int]) -> Counter[tuple[int, str]]:
    """Return the open request count per (offer, locale) for the given offers."""
    ids = list(offer_ids)
    if not ids:
        return Counter()
    rows = session.execute(
        select(TranslationRequest.offer_id, TranslationRequest.locale, func.count())
        .where(TranslationRequest.offer_id.in_(ids), TranslationRequest.fulfilled_at.is_(None))
        .group_by(TranslationRequest.offer_id, TranslationRequest.locale)
    ).all()
    return Counter({(o, tag): int(n) for o, tag, n in rows})


def waiting_proposals(session: Session, offer_id: int) -> int:
    """Return how many translations of an offer wait for acceptance."""
    return int(
        session.scalar(
            select(func.count(TranslationProposal.id)).where(
                TranslationProposal.offer_id == offer_id,
                TranslationProposal.status == "submitted",
            )
        )
        or 0
    )
