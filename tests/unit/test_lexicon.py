"""Query analysis: phrases, families, stop words, word dropping (search_index.lexicon)."""

from __future__ import annotations

import json

import pytest

from aanbodplatform.i18n import LOCALE_TAGS
from aanbodplatform.services.taxonomy import TAXONOMY_DIR, load_taxonomy
from search_index.lexicon import Lexicon, LexiconEntry, choose_words, drop_order

TAXONOMY = load_taxonomy()
LEXICON = TAXONOMY.search_lexicon()


def words(text: str, locale: str) -> list[str]:
    """Return the words a query searches as text, a trailing * on a prefix."""
    return [w.token + ("*" if w.prefix else "") for w in LEXICON.analyse(text, locale).words]


def concepts(text: str, locale: str = "nl") -> list[str]:
    """Return the keys of the concepts recognised in a query."""
    return [c.concept.key for c in LEXICON.analyse(text, locale).concepts]


# ---------------------------------------------------------------- stop words


@pytest.mark.parametrize(
    ("text", "locale", "kept"),
    [
        ("ik wil graag zwemmen in gent", "nl", ["zwemmen", "gent*"]),
        ("I would like to swim in Ghent", "en", ["swim", "ghent*"]),
        ("je voudrais nager à Gand", "fr", ["nager", "gand*"]),
        ("أريد أن أسبح في غنت", "ar", ["اسبح", "غنت*"]),
        ("я хочу плавати в Генті", "uk", ["плавати", "генті*"]),
        ("я хочу плавать в Генте", "ru", ["плавать", "генте*"]),
        ("Gent'te yüzmek istiyorum", "tr", ["gent", "yuzmek"]),
        ("من میخواهم در گنت شنا کنم", "fa-AF", ["گنت", "شنا"]),
        ("زه غواړم په ګنټ کې لامبو ووهم", "ps", ["گنټ", "لامبو", "ووهم*"]),
        ("ኣነ ኣብ ገንት ክሕንብስ ደልየ", "ti", ["ገንት", "ክሕንብስ"]),
        ("waxaan doonayaa inaan ku dabaasho Gent", "so", ["dabaasho", "gent*"]),
        ("vreau să înot în Gent", "ro", ["inot", "gent*"]),
        ("chcę pływać w Gandawie", "pl", ["plywac", "gandawie*"]),
        ("quiero nadar en Gante", "es", ["nadar", "gante*"]),
    ],
)
def test_stop_words_of_every_locale_are_left_out(text: str, locale: str, kept: list[str]) -> None:
    assert words(text, locale) == kept


def test_stop_words_that_are_the_whole_query_are_searched() -> None:
    assert words("ik wil", "nl") == ["ik", "wil*"]
    assert LEXICON.analyse("ik wil", "nl").stop_words == ()


def test_only_a_last_word_still_being_typed_is_a_prefix() -> None:
    assert words("koken gen", "nl") == ["koken", "gen*"]
    assert words("koken gen ", "nl") == ["koken", "gen"]
    # The last word typed is a stop word: the word before it is complete.
    assert words("koken in", "nl") == ["koken"]


# ---------------------------------------------------------------- phrases and families


@pytest.mark.parametrize(
    ("text", "locale", "key"),
    [
        ("كرة القدم", "ar", "activity:football"),
        ("كرة الطاولة", "ar", "activity:table_tennis"),
        ("الكرة الطائرة", "ar", "activity:volleyball"),
        ("настільний теніс", "uk", "activity:table_tennis"),
        ("настольный теннис", "ru", "activity:table_tennis"),
        ("tennis de table", "fr", "activity:table_tennis"),
        ("masa tenisi", "tr", "activity:table_tennis"),
        ("تنیس روی میز", "fa-AF", "activity:table_tennis"),
        ("repair café", "en", "activity:repair_cafe"),
        ("conversation table", "en", "offer_type:conversation_table"),
        ("sport", "nl", "family:sport"),
        ("رياضة", "ar", "family:sport"),
        ("спорт", "ru", "family:sport"),
        ("готувати їжу", "uk", "family:food_cooking"),
        ("muziek en dans", "nl", "family:music_dance"),
    ],
)
def test_phrases_and_families_are_recognised(text: str, locale: str, key: str) -> None:
    assert concepts(text, locale) == [key]
    assert LEXICON.analyse(text, locale).words == ()


def test_a_family_holds_all_its_activities() -> None:
    (found,) = LEXICON.analyse("sport", "nl").concepts
    assert found.concept.activities == {
        "football", "basketball", "volleyball", "tennis", "table_tennis", "swimming", "running",
        "cycling", "walking", "fitness", "yoga", "martial_arts", "petanque",
    }


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("huiswerk begeleiding", "activity:homework_help"),
        ("huiswerk-begeleiding", "activity:homework_help"),
        ("tabletennis", "activity:table_tennis"),
        ("ping pong", "activity:table_tennis"),
    ],
)
def test_compounds_written_apart_or_together(text: str, key: str) -> None:
    assert concepts(text) == [key]


def test_short_or_unknown_joins_stay_words() -> None:
    assert concepts("in de stad") == [] and words("in de stad", "nl") == ["stad*"]
    assert concepts("kleding sorteren") == []


def test_a_short_word_spelling_a_short_phrase_is_a_word() -> None:
    lexicon = Lexicon([LexiconEntry("activity:x", ("ab cd",), activities=("x",))], stop_words={})
    assert lexicon.analyse("abcd", "nl").concepts == ()
    assert [c.concept.key for c in lexicon.analyse("ab cd", "nl").concepts] == ["activity:x"]


def test_one_word_activity_labels_stay_words() -> None:
    assert concepts("voetbal") == [] and words("voetbal", "nl") == ["voetbal*"]
    assert concepts("tennis") == []


def test_a_family_name_that_names_an_activity_outside_it_stays_a_word() -> None:
    lexicon = Lexicon([
        LexiconEntry("activity:x", ("alpha",), activities=("x",)),
        LexiconEntry("family:f", ("alpha", "beta"), activities=("y",), whole_words=True),
        LexiconEntry("family:g", ("gamma",), activities=("x",), whole_words=True),
        LexiconEntry("activity:x2", ("gamma",), activities=("x",)),
    ], stop_words={})
    assert [c.concept.key for c in lexicon.analyse("alpha", "nl").concepts] == []
    assert [c.concept.key for c in lexicon.analyse("beta", "nl").concepts] == ["family:f"]
    # The family holds the activity: the family wins.
    assert [c.concept.key for c in lexicon.analyse("gamma", "nl").concepts] == ["family:g"]


# ---------------------------------------------------------------- dropping words


def test_drop_order_most_frequent_first_later_word_on_a_tie() -> None:
    assert drop_order([5, 100, 5, 0]) == [1, 2, 0, 3]


def test_words_matching_nothing_go_first_then_the_most_frequent() -> None:
    together = {(0,), (1,), (2,), (0, 2)}  # 0 and 2 match together; 1 matches alone

    def matches(kept: list[int]) -> bool:
        return tuple(kept) in together

    choice = choose_words([10, 500, 20, 0], False, matches)
    assert choice.kept == [0, 2] and choice.left_out == [1, 3]


def test_words_left_out_are_tried_back_rarest_first() -> None:
    # Dropping "1" (most frequent) then "2" leaves 0; 2 fits back with 0, 1 does not.
    together = {(0,), (0, 2)}
    choice = choose_words([10, 500, 300], False, lambda kept: tuple(kept) in together)
    assert choice.kept == [0, 2] and choice.left_out == [1]


def test_a_query_is_never_emptied_and_nothing_matching_keeps_every_word() -> None:
    assert choose_words([0], False, lambda kept: False).left_out == []
    assert choose_words([3, 4], False, lambda kept: False).kept == [0, 1]
    # With a concept, every word may go.
    choice = choose_words([3, 0], True, lambda kept: kept == [])
    assert choice.kept == [] and choice.left_out == [0, 1]


# ---------------------------------------------------------------- family data


def test_families_cover_the_issue_list_in_every_locale() -> None:
    data = json.loads((TAXONOMY_DIR / "families.json").read_text(encoding="utf-8"))
    codes = [f["code"] for f in data["families"]]
    assert codes == [
        "sport", "music_dance", "arts_crafts", "nature_animals", "care_welfare",
        "children_youth", "language_conversation", "culture_heritage", "tech_computers",
        "food_cooking", "games", "practical_help",
    ]
    for family in data["families"]:
        assert set(family["labels"]) == set(LOCALE_TAGS), family["code"]
        for locale, names in family["labels"].items():
            assert names["label"].strip() and names["synonyms"], (family["code"], locale)
        assert set(family["activities"]) <= set(TAXONOMY.activities)


def test_every_activity_is_in_a_family() -> None:
    grouped = [code for _family, group in TAXONOMY.activity_groups() for code in group]
    assert sorted(grouped) == sorted(TAXONOMY.activities)
    assert all(family is not None for family, _ in TAXONOMY.activity_groups())
