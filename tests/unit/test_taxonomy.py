"""Taxonomy: every offer type and activity labelled, with synonyms, in every locale."""

from __future__ import annotations

import re
import unicodedata

import pytest

from aanbodplatform.i18n import LOCALE_TAGS
from aanbodplatform.services.taxonomy import get_taxonomy

REQUIRED_TYPES = {
    "volunteering", "buddy", "conversation_table", "club", "internship", "neighbourhood", "school",
}
REQUIRED_ACTIVITIES = {
    "football", "cycling", "swimming", "running", "dance", "choir", "music", "theatre", "art",
    "cooking", "gardening", "sewing", "chess", "board_games", "repair_cafe", "library", "walking",
    "elderly_care", "children", "animals", "environment", "computers",
}
SCRIPTS = {
    "ar": "ARABIC", "fa-AF": "ARABIC", "ps": "ARABIC", "uk": "CYRILLIC", "ru": "CYRILLIC",
    "ti": "ETHIOPIC",
}


def test_required_codes_present() -> None:
    taxonomy = get_taxonomy()
    assert set(taxonomy.offer_types) == REQUIRED_TYPES
    assert REQUIRED_ACTIVITIES <= set(taxonomy.activities)
    assert len(taxonomy.activities) >= 40


@pytest.mark.parametrize("locale", LOCALE_TAGS)
def test_every_term_has_a_label_and_synonyms_in(locale: str) -> None:
    taxonomy = get_taxonomy()
    for term in [*taxonomy.offer_types.values(), *taxonomy.activities.values()]:
        assert term.labels.get(locale, "").strip(), (locale, term.code)
        synonyms = term.synonyms.get(locale, ())
        assert 1 <= len(synonyms) <= 6, (locale, term.code)
        assert all(s.strip() for s in synonyms)


@pytest.mark.parametrize("locale", sorted(SCRIPTS))
def test_labels_are_written_in_the_script_of(locale: str) -> None:
    script = SCRIPTS[locale]
    for term in get_taxonomy().activities.values():
        letters = [c for c in term.labels[locale] if c.isalpha()]
        assert letters and all(script in unicodedata.name(c, "") for c in letters), (
            locale,
            term.code,
            term.labels[locale],
        )


def test_labels_differ_between_languages() -> None:
    # A placeholder copy of the English label into another locale would pass the
    # completeness test; most labels must really differ from English.
    taxonomy = get_taxonomy()
    for locale in LOCALE_TAGS:
        if locale == "en":
            continue
        same = [
            t.code
            for t in taxonomy.activities.values()
            if t.labels[locale].casefold() == t.labels["en"].casefold()
        ]
        assert len(same) <= 12, (locale, same)


def test_known_labels() -> None:
    football = get_taxonomy().activities["football"]
    assert football.labels["nl"] == "Voetbal"
    assert football.labels["uk"] == "Футбол"
    assert football.labels["ar"] == "كرة القدم"
    assert re.search("fútbol", football.label("es"), re.IGNORECASE)
