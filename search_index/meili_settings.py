"""Meilisearch index settings, kept as plain data so they can be read, diffed and tested.

Document layout: ONE DOCUMENT PER LOCATION. Meilisearch geo-filters and geo-sorts on a
single `_geo` point per document, but the contract counts an offer with several
locations by its nearest one (a radius filter matches when any location is inside,
a distance sort orders by the nearest location). So each `OfferDocument` becomes one
Meilisearch document per point (one without `_geo` when the offer has no point), built
by `search_index.meili_engine.to_meili_documents`, and `distinctAttribute: offer_id`
folds them back into one hit per offer:

- the hit Meilisearch keeps for an offer is its best-ranked location document, so with
  a `_geoPoint(...):asc` sort it is the nearest location (docs: learn/relevancy/
  distinct_attribute, "returns only the highest-ranked result");
- a `_geoRadius` filter keeps an offer when any of its location documents is inside;
- with `page`/`hitsPerPage`, `totalHits` and `facetDistribution` are computed on the
  deduplicated candidates, so they count offers, not locations (milli applies the
  distinct rule to all candidates when the number of hits must be exhaustive). With
  `offset`/`limit` they would count locations, so every query the engine sends uses
  `page`/`hitsPerPage`.

Fields of every location document::

    id                      "<offer id>-<location index>", e.g. "1234-0" (primary key; letters,
                            digits, "-" and "_" only); unique because the index has no "-"
    offer_id                the OfferDocument id, the same on all of an offer's documents
                            (distinct attribute; filterable, so upserts and deletes select by it)
    title_<loc>             title per locale tag, e.g. title_nl, title_en, title_fa_af
    summary_<loc>           summary per locale tag, e.g. summary_nl, summary_ar
    title_locales           the original locale tags of the title_* fields (to rebuild the mapping)
    summary_locales         the original locale tags of the summary_* fields
    description_nl          Dutch description
    taxonomy_terms          labels and synonyms of type and activities in every UI locale
    organisation, municipality_name, place_names
    offer_type, activities, region, municipality, weekdays, dayparts     facet/filter codes
    dutch_level             "none", "A1", "A2" or "B1"
    dutch_level_rank        index of dutch_level in DUTCH_LEVELS (numeric, for "<=" filters)
    dutch_context, social_participation, pnt_eligible, free, wheelchair  booleans
    published_at, confirmed_at                                           seconds since the epoch
    points                  every location of the offer as {"lat", "lng"}, in the offer's own
                            order (so a hit rebuilds the whole offer and its nearest distance)
    _geo                    this document's own location; absent when the offer has no point

Every field but `id` and `_geo` is the same on all of an offer's documents, so relevance,
highlights and facet values do not depend on which location document Meilisearch keeps.

Meilisearch compares filter and distinct strings case-insensitively (facet values are
lower-cased), so offer ids differing only in letter case would be taken for one offer;
the application's ids are decimal database keys.

`<loc>` is the locale tag lower-cased with every character other than a-z and 0-9
replaced by "_" (see `field_suffix`), so "fa-AF" becomes "fa_af".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from search_index.highlight import strip_sentinels

#: The UI locale tags, in the order their fields rank in `searchableAttributes`.
LOCALES: tuple[str, ...] = (
    "nl",
    "en",
    "fr",
    "ar",
    "uk",
    "ru",
    "tr",
    "fa-AF",
    "ps",
    "ti",
    "so",
    "ro",
    "pl",
    "es",
)

#: Our locale tag -> Meilisearch ISO-639-3 locale. Only languages on Meilisearch's
#: supported list appear (reference/api/settings/localized-attributes): Pashto (pus),
#: Tigrinya (tir) and Somali (som) are not on it, so their fields keep auto-detection.
#: Dari has no code of its own on the list (no "prs", no "fas"); "pes" (Persian) is
#: the same script and tokenizer, so fa-AF maps to it.
MEILI_LOCALES: dict[str, str] = {
    "nl": "nld",
    "en": "eng",
    "fr": "fra",
    "ar": "ara",
    "uk": "ukr",
    "ru": "rus",
    "tr": "tur",
    "fa-AF": "pes",
    "ro": "ron",
    "pl": "pol",
    "es": "spa",
}

#: Our facet names (contract.FACETS) -> the document attribute they count.
FACET_ATTRIBUTES: dict[str, str] = {
    "offer_type": "offer_type",
    "activity": "activities",
    "region": "region",
    "weekday": "weekdays",
    "daypart": "dayparts",
    "dutch_level": "dutch_level",
}

#: The Arabic article: Meilisearch's tokenizer splits it off the word, and as a
#: stop word it no longer has to match, so "الكتاب" finds "كتاب".
STOP_WORDS: tuple[str, ...] = ("ال",)

#: Typo rules shared with the embedded engine: one typo from 5 letters, two from 9.
MIN_WORD_SIZE_ONE_TYPO = 5
MIN_WORD_SIZE_TWO_TYPOS = 9

#: Upper bound of exhaustive totals and of how deep a searcher can page.
MAX_TOTAL_HITS = 100_000
#: Enough for every activity tag and municipality-level value of one facet.
MAX_VALUES_PER_FACET = 200

#: Every searchable word as `search_index.normalize` writes it; queries are sent that way.
FOLDED_TEXT = "folded_text"

PRIMARY_KEY = "id"
#: The attribute holding the OfferDocument id on each location document.
OFFER_ID = "offer_id"
#: One hit per offer: Meilisearch keeps the best-ranked location document of each offer.
DISTINCT_ATTRIBUTE = OFFER_ID

FILTERABLE_ATTRIBUTES: tuple[str, ...] = (
    # Writes select documents by filter (the client deprecates the id-list route):
    # "offer_id" for all documents of an offer, "id" to keep an upsert's own documents.
    "id",
    OFFER_ID,
    "pnt_eligible",
    "offer_type",
    "activities",
    "region",
    "municipality",
    "weekdays",
    "dayparts",
    "free",
    "wheelchair",
    "dutch_level",
    "dutch_level_rank",
    "_geo",
    "published_at",
)

SORTABLE_ATTRIBUTES: tuple[str, ...] = ("_geo", "published_at", "confirmed_at")

RANKING_RULES: tuple[str, ...] = (
    "words",
    "typo",
    "proximity",
    "attribute",
    "sort",
    "exactness",
    "published_at:desc",
)

_NON_FIELD_CHARS = re.compile(r"[^a-z0-9]+")


def field_suffix(locale: str) -> str:
    """Return the field-name form of a locale tag ("fa-AF" -> "fa_af")."""
    return _NON_FIELD_CHARS.sub("_", locale.lower()).strip("_")


def title_field(locale: str) -> str:
    """Return the document field holding the title in `locale`."""
    return f"title_{field_suffix(locale)}"


def summary_field(locale: str) -> str:
    """Return the document field holding the summary in `locale`."""
    return f"summary_{field_suffix(locale)}"


def searchable_attributes() -> list[str]:
    """Return the searchable attributes, most important first (attribute ranking follows it)."""
    return [
        *(title_field(loc) for loc in LOCALES),
        *(summary_field(loc) for loc in LOCALES),
        "taxonomy_terms",
        "organisation",
        "municipality_name",
        "place_names",
        "description_nl",
        FOLDED_TEXT,
    ]


def localized_attributes() -> list[dict[str, list[str]]]:
    """Return one localizedAttributes rule per locale Meilisearch supports."""
    rules: list[dict[str, list[str]]] = []
    for loc in LOCALES:
        meili_locale = MEILI_LOCALES.get(loc)
        if meili_locale is None:
            continue
        patterns = [title_field(loc), summary_field(loc)]
        if loc == "nl":
            patterns.append("description_nl")
        rules.append({"attributePatterns": patterns, "locales": [meili_locale]})
    return rules


def clean_synonyms(synonyms: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Return `synonyms` as Meilisearch expects it: trimmed, deduplicated, no empty entries."""
    cleaned: dict[str, list[str]] = {}
    for word, alternatives in (synonyms or {}).items():
        key = strip_sentinels(str(word)).strip()
        if not key:
            continue
        # A bare string would otherwise be split into characters.
        items = [alternatives] if isinstance(alternatives, str) else list(alternatives)
        values: list[str] = []
        for alternative in items:
            value = strip_sentinels(str(alternative)).strip()
            if value and value != key and value not in values:
                values.append(value)
        if values:
            cleaned.setdefault(key, [])
            cleaned[key].extend(v for v in values if v not in cleaned[key])
    return cleaned


def index_settings(synonyms: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """Return the full settings object for PATCH /indexes/{uid}/settings."""
    return {
        "searchableAttributes": searchable_attributes(),
        "distinctAttribute": DISTINCT_ATTRIBUTE,
        "filterableAttributes": list(FILTERABLE_ATTRIBUTES),
        "sortableAttributes": list(SORTABLE_ATTRIBUTES),
        "localizedAttributes": localized_attributes(),
        "rankingRules": list(RANKING_RULES),
        "synonyms": clean_synonyms(synonyms),
        "stopWords": list(STOP_WORDS),
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {
                "oneTypo": MIN_WORD_SIZE_ONE_TYPO,
                "twoTypos": MIN_WORD_SIZE_TWO_TYPOS,
            },
        },
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET},
    }
