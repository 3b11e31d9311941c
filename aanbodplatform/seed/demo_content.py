"""The demo content, read from the JSON files in `aanbodplatform/data/demo/`.

The files hold only invented text (organisation kinds, offer templates, their translations,
names, streets, accounts and clients); the seeder in `seed/demo.py` decides how to combine
them. Read with the standard library only, so the data ships in the wheel and loads anywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class OfferTemplate:
    """One kind of offer; {gemeente}, {sport} and {Sport} are filled in per offer."""

    offer_type: str
    activities: tuple[str, ...]  # "*" stands for the organisation's sport
    title: str
    summary: str
    lead: str
    when: str = "any"
    eligible: bool = True  # False: `not_eligible` says which criterion fails
    once: bool = False  # a yearly event: an organisation offers it only once


@dataclass(frozen=True)
class OrganisationKind:
    """A kind of organisation with its name patterns and the offers it makes."""

    names: tuple[str, ...]
    templates: tuple[str, ...]
    about: str
    sport: tuple[str, str] | None = None  # (activity code, Dutch noun)
    eligible: bool = True


@dataclass(frozen=True)
class WhenPattern:
    """When a template's offer takes place: weekdays, dayparts and the chance of "by arrangement"."""

    weekdays: tuple[str, ...]
    dayparts: tuple[str, ...]
    by_arrangement_chance: float


@dataclass(frozen=True)
class CostRule:
    """Who pays what for one offer type: the chance of a cost, the amounts and the notes."""

    chance: float
    amounts: tuple[int, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class DemoAccount:
    """One demo account: its role, e-mail local part, display name and office."""

    role: str
    local_part: str
    display_name: str
    office: str | None


@dataclass(frozen=True)
class DemoClient:
    """One invented client of a demo counsellor or guide."""

    reference: str
    first_name: str
    languages: tuple[str, ...]
    locale: str
    dutch_level: str
    postcode: str
    weekdays: tuple[str, ...]
    dayparts: tuple[str, ...]
    status: str
    interests: tuple[str, ...]


@dataclass(frozen=True)
class HandoverTexts:
    """What the demo counsellor writes in the demo handovers."""

    wishes: str
    practical_needs_sent: str
    practical_needs_accepted: str
    note: str
    ask_for: str


@dataclass(frozen=True)
class DemoContent:
    """Everything the demo seeder writes as text, in the files' order (the order matters:
    the seeded random generator picks from these sequences)."""

    templates: dict[str, OfferTemplate]
    kinds: dict[str, OrganisationKind]
    translations: dict[str, dict[str, tuple[str, str]]]  # template → locale → (title, summary)
    not_eligible: dict[str, tuple[bool, bool]]  # template → (dutch context, social participation)
    description_extras: tuple[str, ...]
    dutch_evidence: tuple[str, ...]
    social_evidence: tuple[str, ...]
    individual_evidence: tuple[str, ...]
    english_evidence: str
    insurance: tuple[str, ...]
    costs: dict[str, CostRule]
    schedule_notes: tuple[str, ...]
    arrangement_notes: tuple[str, ...]
    when: dict[str, WhenPattern]
    times: dict[str, tuple[tuple[time, time], ...]]
    variants: dict[str, tuple[str, ...]]
    accessibility_wheelchair: tuple[str | None, ...]
    accessibility_other: tuple[str, ...]
    once_schedule_note: str
    extra_location_name: str
    changes_requested_comment: str
    handover: HandoverTexts
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    youth_names: tuple[str, ...]
    accounts: tuple[DemoAccount, ...]
    translator_locales: tuple[str, ...]
    counsellor_clients: tuple[DemoClient, ...]
    guide_clients: tuple[DemoClient, ...]


def _read(name: str) -> Any:
    """Return the parsed JSON file `name` from the package's demo data folder."""
    folder = resources.files("aanbodplatform").joinpath("data", "demo")
    return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))


def _template(raw: dict[str, Any]) -> OfferTemplate:
    return OfferTemplate(**{**raw, "activities": tuple(raw["activities"])})


def _kind(raw: dict[str, Any]) -> OrganisationKind:
    sport = raw.get("sport")
    return OrganisationKind(
        names=tuple(raw["names"]),
        templates=tuple(raw["templates"]),
        about=raw["about"],
        sport=(sport["activity"], sport["noun_nl"]) if sport else None,
        eligible=raw.get("eligible", True),
    )


def _client(raw: dict[str, Any]) -> DemoClient:
    return DemoClient(
        **{
            **raw,
            **{key: tuple(raw[key]) for key in ("languages", "weekdays", "dayparts", "interests")},
        }
    )


@cache
def demo_content() -> DemoContent:
    """Return the demo content from the data files (read once)."""
    texts = _read("texts.json")
    people = _read("people.json")
    accounts = _read("accounts.json")
    return DemoContent(
        templates={key: _template(raw) for key, raw in _read("templates.json").items()},
        kinds={key: _kind(raw) for key, raw in _read("kinds.json").items()},
        translations={
            key: {locale: (text["title"], text["summary"]) for locale, text in by_locale.items()}
            for key, by_locale in _read("translations.json").items()
        },
        not_eligible={
            key: (raw["dutch_context"], raw["social_participation"])
            for key, raw in texts["not_eligible"].items()
        },
        description_extras=tuple(texts["description_extras"]),
        dutch_evidence=tuple(texts["dutch_evidence"]),
        social_evidence=tuple(texts["social_evidence"]),
        individual_evidence=tuple(texts["individual_evidence"]),
        english_evidence=texts["english_evidence"],
        insurance=tuple(texts["insurance"]),
        costs={
            key: CostRule(raw["chance"], tuple(raw["amounts"]), tuple(raw["notes"]))
            for key, raw in texts["costs"].items()
        },
        schedule_notes=tuple(texts["schedule_notes"]),
        arrangement_notes=tuple(texts["arrangement_notes"]),
        when={
            key: WhenPattern(
                tuple(raw["weekdays"]), tuple(raw["dayparts"]), raw["by_arrangement_chance"]
            )
            for key, raw in texts["when"].items()
        },
        times={
            part: tuple((time.fromisoformat(start), time.fromisoformat(end)) for start, end in spans)
            for part, spans in texts["times"].items()
        },
        variants={key: tuple(endings) for key, endings in texts["variants"].items()},
        accessibility_wheelchair=tuple(texts["accessibility_wheelchair"]),
        accessibility_other=tuple(texts["accessibility_other"]),
        once_schedule_note=texts["once_schedule_note"],
        extra_location_name=texts["extra_location_name"],
        changes_requested_comment=texts["changes_requested_comment"],
        handover=HandoverTexts(**texts["handover"]),
        first_names=tuple(people["first_names"]),
        last_names=tuple(people["last_names"]),
        streets=tuple(people["streets"]),
        youth_names=tuple(people["youth_names"]),
        accounts=tuple(DemoAccount(**raw) for raw in accounts["accounts"]),
        translator_locales=tuple(accounts["translator_locales"]),
        counsellor_clients=tuple(_client(raw) for raw in accounts["counsellor_clients"]),
        guide_clients=tuple(_client(raw) for raw in accounts["guide_clients"]),
    )
