"""The Meilisearch index settings, checked as data (no server needed)."""

from __future__ import annotations

from search_index.contract import FACETS
from search_index.meili_settings import (
    DISTINCT_ATTRIBUTE,
    FACET_ATTRIBUTES,
    LOCALES,
    MEILI_LOCALES,
    OFFER_ID,
    PRIMARY_KEY,
    clean_synonyms,
    field_suffix,
    index_settings,
    summary_field,
    title_field,
)

#: Meilisearch's supported ISO-639-3 locales (reference/api/settings/localized-attributes).
SUPPORTED = set(
    "epo eng rus cmn spa por ita ben fra deu ukr kat ara hin jpn heb yid pol amh jav kor nob "
    "dan swe fin tur nld hun ces ell bul bel mar kan ron slv hrv srp mkd lit lav est tam vie "
    "urd tha guj uzb pan aze ind tel pes mal ori mya nep sin khm tuk aka zul sna afr lat slk "
    "cat tgl hye".split()
)


def test_primary_key_is_id_and_not_sent_as_a_setting() -> None:
    assert PRIMARY_KEY == "id"
    # The settings route rejects unknown keys; the key is given on index creation instead.
    assert "primaryKey" not in index_settings()


def test_one_hit_per_offer_through_the_distinct_attribute() -> None:
    settings = index_settings()
    assert OFFER_ID == DISTINCT_ATTRIBUTE == "offer_id"
    assert settings["distinctAttribute"] == "offer_id"
    # Meilisearch refuses a distinct attribute that is not filterable; writes filter on it.
    assert "offer_id" in settings["filterableAttributes"]
    assert "offer_id" not in settings["searchableAttributes"]


def test_field_names_normalise_locale_tags() -> None:
    assert field_suffix("fa-AF") == "fa_af"
    assert title_field("fa-AF") == "title_fa_af"
    assert summary_field("nl") == "summary_nl"


def test_searchable_attributes_in_ranking_order() -> None:
    searchable = index_settings()["searchableAttributes"]
    titles = [title_field(loc) for loc in LOCALES]
    summaries = [summary_field(loc) for loc in LOCALES]
    assert searchable == [
        *titles,
        *summaries,
        "taxonomy_terms",
        "organisation",
        "municipality_name",
        "place_names",
        "description_nl",
        # Last: the normalised words, matched when only the shared normaliser folds them.
        "folded_text",
    ]
    assert searchable[0] == "title_nl"
    assert "title_fa_af" in searchable


def test_localized_attributes_only_for_supported_languages() -> None:
    rules = index_settings()["localizedAttributes"]
    patterns = {p for rule in rules for p in rule["attributePatterns"]}
    locales = {loc for rule in rules for loc in rule["locales"]}
    assert locales <= SUPPORTED
    for unsupported in ("ps", "ti", "so"):
        assert unsupported not in MEILI_LOCALES
        assert title_field(unsupported) not in patterns
        assert summary_field(unsupported) not in patterns
    by_pattern = {p: rule["locales"] for rule in rules for p in rule["attributePatterns"]}
    assert by_pattern["title_nl"] == ["nld"]
    assert by_pattern["description_nl"] == ["nld"]
    assert by_pattern["title_fa_af"] == ["pes"]
    assert by_pattern["summary_ar"] == ["ara"]
    assert by_pattern["title_uk"] == ["ukr"]
    assert len(rules) == len(LOCALES) - 3


def test_filterable_and_sortable_cover_what_search_uses() -> None:
    settings = index_settings()
    filterable = set(settings["filterableAttributes"])
    assert {
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
        "id",
        "offer_id",
    } <= filterable
    # Every facet we count must be filterable, or Meilisearch refuses the facet.
    assert set(FACET_ATTRIBUTES) == set(FACETS)
    assert set(FACET_ATTRIBUTES.values()) <= filterable
    assert set(settings["sortableAttributes"]) == {"_geo", "published_at", "confirmed_at"}


def test_typo_ranking_stop_words_pagination_faceting() -> None:
    settings = index_settings()
    assert settings["typoTolerance"] == {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    }
    assert settings["rankingRules"] == [
        "words",
        "typo",
        "proximity",
        "attribute",
        "sort",
        "exactness",
        "published_at:desc",
    ]
    assert "ال" in settings["stopWords"]
    assert settings["pagination"] == {"maxTotalHits": 100_000}
    assert settings["faceting"] == {"maxValuesPerFacet": 200}


def test_synonyms_from_the_taxonomy_are_included_and_cleaned() -> None:
    synonyms = {
        "taalcafé": ["conversation table", "table de conversation", "", "taalcafé"],
        "buddy": ("maatje", "maatje"),
        "": ["ignored"],
        "solo": "word",
        "leeg": [" "],
    }
    settings = index_settings(synonyms)
    assert settings["synonyms"] == {
        "taalcafé": ["conversation table", "table de conversation"],
        "buddy": ["maatje"],
        "solo": ["word"],
    }
    assert index_settings()["synonyms"] == {}
    assert clean_synonyms(None) == {}


def test_settings_are_fresh_data_each_call() -> None:
    first = index_settings({"a": ["b"]})
    first["synonyms"]["a"].append("c")
    first["filterableAttributes"].append("x")
    assert index_settings({"a": ["b"]})["synonyms"] == {"a": ["b"]}
    assert "x" not in index_settings()["filterableAttributes"]
