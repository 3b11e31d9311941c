"""Relevance rules every engine follows: phrases, families, sentences, word dropping, scripts.

Runs on both engines like test_contract.py (Meilisearch only with MEILI_URL).  The small
catalogue here carries taxonomy terms the way the application writes them: every label
and synonym of the offer's type and activities, in every locale.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from aanbodplatform.services.taxonomy import load_taxonomy
from search_index.contract import OfferDocument, SearchEngine, SearchQuery, SearchResult
from tests.search.conftest import ENGINES, _dispose, _make_engine
from tests.search.corpus import ANTWERPEN, LEUVEN, offer

TAXONOMY = load_taxonomy()


def terms(offer_type: str, *activities: str) -> tuple[str, ...]:
    """Return the taxonomy terms the application indexes for a type and activities."""
    out: dict[str, None] = dict.fromkeys(TAXONOMY.offer_types[offer_type].all_words())
    for code in activities:
        out.update(dict.fromkeys(TAXONOMY.activities[code].all_words()))
    return tuple(out)


def rel(id: str, title: str | dict[str, str], offer_type: str, *activities: str,
        **kwargs: object) -> OfferDocument:
    """Return a catalogue offer with its real taxonomy terms."""
    return offer(id, title, offer_type=offer_type, activities=activities,
                 terms=terms(offer_type, *activities), **kwargs)  # type: ignore[arg-type]


CATALOGUE: tuple[OfferDocument, ...] = (
    rel("football", {"nl": "Voetbalclub voor iedereen", "ar": "نادي كرة القدم للجميع",
                     "uk": "Футбольний клуб для всіх"}, "club", "football",
        summary={"nl": "Elke zaterdag trainen", "ar": "تدريب كل يوم سبت"}),
    # "قدّم" (to serve) must not answer "القدم" (the foot, in "football").
    rel("bar", {"nl": "Drank schenken op het buurtfeest", "ar": "قدّم المشروبات في حفل الحي"},
        "volunteering", "events", at=ANTWERPEN,
        summary={"nl": "Help aan de toog", "ar": "ساعد في البار وقدم الطعام"}),
    rel("table-tennis", "Tafeltennis in de sporthal", "club", "table_tennis", at=LEUVEN),
    # "table" and "tennis", but not table tennis.
    rel("tennis", {"nl": "Tennisclub zoekt hulp aan de onthaaltafel",
                   "en": "Tennis club needs help at the reception table"}, "volunteering",
        "tennis", "reception"),
    rel("volleyball", "Volleybal op het strand", "club", "volleyball", at=ANTWERPEN),
    rel("walking", "Wandelen in het park", "neighbourhood", "walking", at=LEUVEN),
    replace(rel("choir", "Zingen in een koor", "club", "choir"),
            place_names=("Gand", "Gandawa", "Гент", "غنت")),
    rel("cooking", "Samen koken met buren", "neighbourhood", "cooking", at=ANTWERPEN),
    rel("foodbank", "Pakketten maken bij de voedselbank", "volunteering", "food_distribution"),
    # "sport" must not find this offer through "sorteren".
    rel("second-hand", "Kleding sorteren in de kringwinkel", "volunteering", "second_hand_shop",
        at=LEUVEN),
    rel("helping", "Ik wil helpen: vrijwilligers gezocht", "volunteering", "events"),
    # Spelled in every script the normaliser folds (queries below use the other spelling).
    rel("scripts-fa", {"nl": "Computerles", "fa-AF": "کلاس کامپیوتر برای همه"},
        "school", "computers"),
    rel("scripts-ps", {"nl": "Schoolhulp", "ps": "د ښوونځي ګډون او ږغ"}, "school",
        "homework_help"),
    rel("scripts-cyr", {"nl": "Gitaar en vlees", "uk": "Гітара та мʼясо", "ru": "Ёлка и песни"},
        "club", "music"),
    rel("scripts-tr", {"nl": "Lichtatelier", "tr": "Işık atölyesi"}, "club", "art"),
    rel("scripts-ro-pl", {"nl": "School en schildpad", "ro": "Școală de vară",
                          "pl": "Żółw w Łodzi"}, "school", "children"),
    rel("scripts-ti", {"nl": "Vredeskoor", "ti": "ሰላም ጸሓይ"}, "club", "choir"),
    rel("scripts-ar", {"nl": "Ziekenhuisbezoek", "ar": "زيارة المستشفى في المدرسة الإسلامية"},
        "volunteering", "hospital"),
)
SPORT_IDS = {"football", "table-tennis", "tennis", "volleyball", "walking"}


@pytest.fixture(scope="module", params=ENGINES)
def cat(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[SearchEngine]:
    """Yield one engine per kind holding this module's catalogue."""
    folder: Path = tmp_path_factory.mktemp("relevance")
    eng = _make_engine(request.param, lambda: folder)
    eng.configure()
    try:
        eng.rebuild(CATALOGUE)
        yield eng
    finally:
        _dispose(eng)


def run(engine: SearchEngine, text: str, locale: str = "nl") -> SearchResult:
    """Return the answer to a text query over every offer."""
    return engine.search(SearchQuery(text=text, locale=locale, criteria="all", page_size=100))


def ids(result: SearchResult) -> set[str]:
    """Return the ids of a result's hits."""
    return {h.document.id for h in result.hits}


# ---------------------------------------------------------------- phrases before words


@pytest.mark.parametrize(
    ("text", "locale", "found"),
    [
        ("كرة القدم", "ar", "football"),
        ("Настільний теніс", "uk", "table-tennis"),
        ("настольный теннис", "ru", "table-tennis"),
        ("tennis de table", "fr", "table-tennis"),
        ("masa tenisi", "tr", "table-tennis"),
        ("تنیس روی میز", "fa-AF", "table-tennis"),
        ("table tennis", "en", "table-tennis"),
        ("piłka nożna", "pl", "football"),
    ],
)
def test_a_phrase_finds_its_activity_only(cat: SearchEngine, text: str, locale: str,
                                           found: str) -> None:
    result = run(cat, text, locale)
    assert ids(result) == {found}
    assert result.left_out == ()


def test_compounds_written_apart_find_the_activity(cat: SearchEngine) -> None:
    assert ids(run(cat, "huiswerk begeleiding")) == {"scripts-ps"}
    assert ids(run(cat, "tabletennis", "en")) == {"table-tennis"}


def test_phrase_words_are_not_matched_one_by_one(cat: SearchEngine) -> None:
    # Both words stand in the tennis offer and "قدم" in the bar job: neither is found.
    assert "tennis" not in ids(run(cat, "table tennis", "en"))
    assert "bar" not in ids(run(cat, "كرة القدم", "ar"))
    # The single word still searches as a word.
    assert "bar" in ids(run(cat, "قدم", "ar"))


def test_highlights_follow_the_phrase(cat: SearchEngine) -> None:
    (hit,) = run(cat, "كرة القدم", "ar").hits
    assert "<mark>كرة القدم</mark>" in hit.highlights["title"]
    (hit,) = run(cat, "table tennis", "en").hits
    assert hit.highlights["title"] == "<mark>Tafeltennis</mark> in de sporthal"


# ---------------------------------------------------------------- families


@pytest.mark.parametrize(
    ("text", "locale"),
    [("sport", "nl"), ("Sport", "en"), ("رياضة", "ar"), ("الرياضة", "ar"), ("спорт", "ru"),
     ("спорт", "uk"), ("spor", "tr"), ("ورزش", "fa-AF"), ("deporte", "es"), ("sport", "pl")],
)
def test_a_family_finds_all_its_activities(cat: SearchEngine, text: str, locale: str) -> None:
    assert ids(run(cat, text, locale)) == SPORT_IDS


def test_other_families(cat: SearchEngine) -> None:
    assert ids(run(cat, "eten en koken")) == {"cooking", "foodbank"}
    assert ids(run(cat, "готувати їжу", "uk")) == {"cooking", "foodbank"}
    assert ids(run(cat, "music and dance", "en")) == {"choir", "scripts-ti", "scripts-cyr"}


def test_a_family_with_a_word(cat: SearchEngine) -> None:
    assert ids(run(cat, "sport leuven")) == {"table-tennis", "walking"}


# ---------------------------------------------------------------- sentences and stop words


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("ik wil graag voetbal", "nl"),
        ("I would like football", "en"),
        ("je voudrais du football", "fr"),
        ("أريد أن ألعب كرة القدم", "ar"),
        ("я хочу футбол", "uk"),
        ("гра в футбол", "uk"),
        ("я хочу играть в футбол", "ru"),
        ("futbol istiyorum", "tr"),
        ("من فوتبال میخواهم", "fa-AF"),
        ("زه فوټبال غواړم", "ps"),
        ("ኣነ ኩዕሶ እግሪ ደልየ", "ti"),
        ("waxaan doonayaa kubadda cagta", "so"),
        ("vreau să joc fotbal", "ro"),
        ("chcę grać w piłka nożna", "pl"),
        ("quiero jugar al fútbol", "es"),
    ],
)
def test_sentences_in_every_locale(cat: SearchEngine, text: str, locale: str) -> None:
    assert ids(run(cat, text, locale)) == {"football"}


def test_stop_words_alone_are_the_query(cat: SearchEngine) -> None:
    assert ids(run(cat, "ik wil")) == {"helping"}


def test_an_unknown_word_is_left_out_and_said(cat: SearchEngine) -> None:
    result = run(cat, "voetbal xyzzyq")
    assert ids(result) == {"football"}
    assert result.left_out == ("xyzzyq",)


def test_the_most_frequent_word_is_left_out_first(cat: SearchEngine) -> None:
    # "tennis" is in three offers (tennis, table tennis through its terms), "volleybal" in
    # one; no offer has both: the less informative "tennis" goes.
    result = run(cat, "tennis volleybal")
    assert result.left_out == ("tennis",)
    assert ids(result) == {"volleyball"}
    result = run(cat, "volleybal tennis ")
    assert result.left_out == ("tennis",)


def test_nothing_is_left_out_when_all_words_match(cat: SearchEngine) -> None:
    result = run(cat, "samen koken")
    assert ids(result) == {"cooking"} and result.left_out == ()


def test_a_single_unknown_word_finds_nothing(cat: SearchEngine) -> None:
    result = run(cat, "xyzzyq")
    assert result.total == 0 and result.left_out == ()


# ---------------------------------------------------------------- normalisation per script


@pytest.mark.parametrize(
    ("text", "locale", "found"),
    [
        ("كلاس كامپيوتر", "fa-AF", "scripts-fa"),  # Arabic kaf and yeh for Persian ک ی
        ("شوونځي", "ps", "scripts-ps"),  # ش for ښ, Arabic yeh for ی
        ("گډون", "ps", "scripts-ps"),  # Persian gaf for ګ
        ("ژغ", "ps", "scripts-ps"),  # ژ for ږ
        ("гiтара", "uk", "scripts-cyr"),  # Latin i typed for Ukrainian і
        ("м'ясо", "uk", "scripts-cyr"),  # apostrophe variants
        ("елка", "ru", "scripts-cyr"),  # е for ё
        ("isik", "tr", "scripts-tr"),
        ("IŞIK", "tr", "scripts-tr"),
        ("ışık", "tr", "scripts-tr"),
        ("şcoală", "ro", "scripts-ro-pl"),  # cedilla for comma below
        ("scoala", "ro", "scripts-ro-pl"),
        ("zolw lodzi", "pl", "scripts-ro-pl"),  # ł has no decomposition
        ("ሠላም", "ti", "scripts-ti"),  # ሠ and ሰ
        ("ፀሓይ", "ti", "scripts-ti"),  # ፀ and ጸ
        ("مستشفي", "ar", "scripts-ar"),  # ya for alef maksura
        ("مدرسه", "ar", "scripts-ar"),  # ha for ta marbuta
        ("اسلاميه", "ar", "scripts-ar"),  # bare alef for إ, article dropped
    ],
)
def test_normalisation_per_script(cat: SearchEngine, text: str, locale: str, found: str) -> None:
    assert found in ids(run(cat, text, locale))


@pytest.mark.parametrize(("text", "locale"), [("koor Gand", "fr"), ("koor Гент", "ru"),
                                             ("koor غنت", "ar"), ("koor Gandawa", "pl")])
def test_a_town_in_another_language_or_script(cat: SearchEngine, text: str, locale: str) -> None:
    result = run(cat, text, locale)
    assert ids(result) == {"choir"} and result.left_out == ()


def test_a_word_and_a_place_name(cat: SearchEngine) -> None:
    # The place is a word of the offer (its municipality); both offers are in Gent.
    assert ids(run(cat, "koor gent")) == {"choir", "scripts-ti"}
    # No choir in Leuven: the more frequent word (four offers in Leuven) is left out.
    assert run(cat, "koor leuven").left_out == ("leuven",)
