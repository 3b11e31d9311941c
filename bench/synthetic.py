"""Deterministic synthetic offer documents over real Flemish and Brussels places."""

from __future__ import annotations

import random
from collections.abc import Iterator

from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.taxonomy import get_taxonomy
from search_index import DAYPARTS, DUTCH_LEVELS, OFFER_TYPES, WEEKDAYS, GeoPoint, OfferDocument

_NOUNS = (
    "praattafel", "voetbalploeg", "koor", "buurthuis", "bibliotheek", "kringwinkel", "moestuin",
    "fietsatelier", "naaiatelier", "schaakclub", "repair café", "woonzorgcentrum", "jeugdhuis",
    "sportclub", "dansgroep", "theatergroep", "wandelclub", "kookclub", "taalcafé", "speelplein",
)
_ADJECTIVES = ("gezellige", "wekelijkse", "open", "kleine", "grote", "nieuwe", "lokale", "vrolijke")
_VERBS = (
    "Samen koken en eten", "Nederlands praten", "Meehelpen bij activiteiten", "Sporten met buren",
    "Zingen in groep", "Fietsen herstellen", "Groenten kweken", "Kinderen begeleiden",
    "Ouderen bezoeken", "Spelletjes spelen", "Kleren herstellen", "Boeken uitlenen",
)
_WORDS = (
    "vrijwilligers", "buren", "nieuwkomers", "week", "avond", "groep", "samen", "gemeente",
    "vereniging", "leden", "activiteit", "ontmoeten", "leren", "helpen", "gratis", "plezier",
    "welkom", "iedereen", "Nederlands", "oefenen", "koffie", "thee", "gesprek", "sport",
)


def synthetic_documents(count: int, seed: int = 7) -> Iterator[OfferDocument]:
    """Yield `count` realistic-looking offer documents, the same for the same seed."""
    rng = random.Random(seed)
    places = list(municipalities().values())
    taxonomy = get_taxonomy()
    activities = list(taxonomy.activities.values())
    for i in range(count):
        place = rng.choice(places)
        offer_type = rng.choice(OFFER_TYPES)
        chosen = rng.sample(activities, rng.randint(1, 3))
        terms: dict[str, None] = dict.fromkeys(taxonomy.offer_types[offer_type].all_words())
        for term in chosen:
            terms.update(dict.fromkeys(term.all_words()))
        noun = rng.choice(_NOUNS)
        title = f"{rng.choice(_ADJECTIVES).capitalize()} {noun} {place.name_nl}"
        summary = f"{rng.choice(_VERBS)} met {rng.choice(_WORDS)} in {place.name_nl}."
        description = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(20, 60)))
        points = []
        for _ in range(1 if rng.random() < 0.93 else 2):
            points.append(
                GeoPoint(place.lat + rng.uniform(-0.03, 0.03), place.lon + rng.uniform(-0.04, 0.04))
            )
        if rng.random() < 0.02:
            points = []
        titles = {"nl": title}
        summaries = {"nl": summary}
        if rng.random() < 0.3:
            titles["en"] = f"{noun.capitalize()} in {place.name_nl}"
            summaries["en"] = "Meet people and practise Dutch."
        yield OfferDocument(
            id=str(i + 1),
            title=titles,
            summary=summaries,
            description_nl=description,
            organisation=f"Vereniging {rng.choice(_NOUNS)} {place.name_nl}",
            offer_type=offer_type,
            activities=tuple(sorted(t.code for t in chosen)),
            taxonomy_terms=tuple(terms),
            municipality=place.nis_code,
            municipality_name=place.name_nl,
            region=place.region_code,
            points=tuple(points),
            point_municipalities=tuple(place.nis_code for _ in points),
            dutch_context=rng.random() < 0.93,
            social_participation=rng.random() < 0.95,
            weekdays=tuple(d for d in WEEKDAYS if rng.random() < 0.3),
            dayparts=tuple(d for d in DAYPARTS if rng.random() < 0.4),
            free=rng.random() < 0.8,
            wheelchair=rng.random() < 0.4,
            dutch_level=rng.choice(DUTCH_LEVELS),
            published_at=1_700_000_000 + rng.randint(0, 60_000_000),
            confirmed_at=1_700_000_000 + rng.randint(0, 60_000_000),
        )
