"""The shared normaliser: folding rules, tokenisation, offsets, FTS5 compatibility."""

from __future__ import annotations

import re
import sqlite3
import unicodedata

import pytest

from search_index import normalize
from search_index.normalize import normalize_text, normalize_word, token_spans, tokenize


@pytest.fixture(autouse=True)
def _fresh_word_cache() -> None:
    """Normalise every word anew: a word cached by an earlier test must not hide a change."""
    normalize_word.cache_clear()


def test_mark_class_holds_exactly_the_combining_marks() -> None:
    marks = re.compile(f"[{normalize._mark_ranges()}]")
    code_points = [*range(0x30000), *range(0xE0000, 0xE1000)]
    matched = {cp for cp in code_points if marks.fullmatch(chr(cp))}
    expected = {cp for cp in code_points if unicodedata.category(chr(cp)).startswith("M")}
    assert matched == expected
    # Spot checks that do not lean on the comprehension above.
    assert {0x0301, 0x064B, 0x0670, 0xFE0F, 0xE0100} <= matched
    assert not {ord("a"), ord("-"), ord("\\"), 0x0627, 0x0640} & matched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café", ["cafe"]),
        ("ideeën", ["ideeen"]),
        ("ÉCOLE Crème brûlée", ["ecole", "creme", "brulee"]),
        ("Fútbol", ["futbol"]),
        ("Straße", ["strasse"]),
        ("İstanbul", ["istanbul"]),
        ("ﬁets", ["fiets"]),  # compatibility ligature
        ("FUTBOL futbol", ["futbol", "futbol"]),
    ],
)
def test_latin_case_and_diacritics(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_cyrillic_case_folds_and_keeps_its_own_letters() -> None:
    assert tokenize("ФУТБОЛ Футбол") == ["футбол", "футбол"]
    # й and ї are letters of their own in Ukrainian/Russian; only ё becomes е.
    assert tokenize("Йогурт ЇЖАК Ёлка") == ["йогурт", "їжак", "елка"]
    assert tokenize("Знайомство") == ["знайомство"]


def test_cyrillic_stress_marks_are_dropped() -> None:
    assert tokenize("футбо\u0301л") == ["футбол"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("كُرَةُ القَدَمِ", ["كره", "قدم"]),  # harakat
        ("كـــرة", ["كره"]),  # tatweel
        ("أحمد إبراهيم آمن ٱسم", ["احمد", "ابراهيم", "امن", "اسم"]),  # alef variants
        ("على علي علی", ["علي", "علي", "علي"]),  # yeh variants
        ("کتاب كتاب", ["كتاب", "كتاب"]),  # keheh
        ("مدرسة خانۀ", ["مدرسه", "خانه"]),  # teh marbuta, heh with yeh above
        ("ٰهذا", ["هذا"]),  # superscript alef
    ],
)
def test_arabic_script_folding(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_arabic_article_is_split_off_and_dropped() -> None:
    assert tokenize("القدم") == ["قدم"]
    assert tokenize("ٱلكتاب") == ["كتاب"]
    assert tokenize("ال") == []
    # Too short a rest: not an article but part of the word.
    assert tokenize("الب") == ["الب"]
    # A rest of exactly two letters is long enough.
    assert tokenize("الحب") == ["حب"]
    assert normalize._split_article("ال") == ""
    assert normalize._split_article("الحب") == "حب"
    assert normalize._split_article("الب") == "الب"
    assert normalize._split_article("كتاب") == "كتاب"


def test_eastern_digits_become_ascii() -> None:
    assert tokenize("۲۰۲۵ ٢٠٢٥ 2025") == ["2025", "2025", "2025"]


def test_persian_zero_width_non_joiner_joins_the_word() -> None:
    assert tokenize("می\u200cخواهم") == ["ميخواهم"]


def test_geez_script_words() -> None:
    assert tokenize("ሰላም ትግርኛ፡ዓለም።") == ["ሰላም", "ትግርኛ", "ዓለም"]


def test_punctuation_and_control_characters_separate_words() -> None:
    assert tokenize("voet\x00bal\x07, l'école (gent)") == ["voet", "bal", "l", "ecole", "gent"]
    assert tokenize("snake_case") == ["snake", "case"]
    assert tokenize("") == []
    assert tokenize(" \t\n\x00") == []


def test_normalize_text_joins_tokens() -> None:
    assert normalize_text("  Taalcafé   Gent! ") == "taalcafe gent"


def test_token_spans_point_into_the_original_text() -> None:
    text = "Ons taalcafé: كرة القدم & Ёлка"
    spans = token_spans(text)
    assert [text[s:e] for s, e, _ in spans] == ["Ons", "taalcafé", "كرة", "القدم", "Ёлка"]
    assert [toks for _, _, toks in spans] == [
        ("ons",), ("taalcafe",), ("كره",), ("قدم",), ("елка",)
    ]


@pytest.mark.parametrize(
    "text", ["Voetbal in Gent 2025", "a-b c_d", "x" * 50, "Hello, World!", "ÀB ćd"]
)
def test_fast_ascii_path_equals_per_word_path(text: str) -> None:
    per_word = [t for _, _, toks in token_spans(text) for t in toks]
    assert tokenize(text) == per_word


def test_same_result_for_documents_and_queries() -> None:
    assert normalize_word("Ideeën") == tuple(tokenize("ideeen"))


def test_tokens_are_fixed_points_of_the_fts5_tokenizer() -> None:
    """Every token we emit is indexed by FTS5 as exactly that term, for all of the BMP."""
    tokens: set[str] = set()
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        tokens.update(tokenize("a" + chr(cp) + "a"))
        tokens.update(tokenize(chr(cp)))
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE f USING fts5(a, tokenize='unicode61 remove_diacritics 2',"
            " detail=none)"
        )
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'row')")
        conn.executemany("INSERT INTO f (a) VALUES (?)", [(t,) for t in tokens])
        terms = {t for (t,) in conn.execute("SELECT term FROM v")}
    finally:
        conn.close()
    assert sorted(tokens - terms) == []


def test_ascii_words_normalise_on_their_own_too() -> None:
    # tokenize() has an ASCII fast path; normalize_word() is what token_spans' callers reuse.
    assert normalize_word("Gent") == ("gent",)
    assert normalize_word("Voet_Bal") == ("voet", "bal")
    assert normalize_word("a-B") == ("a", "b")


def test_apostrophes_inside_a_cyrillic_word_are_dropped() -> None:
    assert tokenize("м'ясо м’ясо") == ["мясо", "мясо"]


def test_article_detection_ignores_harakat_but_not_hamza() -> None:
    assert tokenize("اَلْكِتَاب") == ["كتاب"]  # the article with vowel signs
    assert tokenize("ألعب") == ["العب"]  # "I play": alef with hamza is no article
    # Only the first token of a word can carry the article.
    assert normalize_word("كرة⒈الكتاب") == ("كره1", "الكتاب")
