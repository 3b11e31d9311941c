"""One text normaliser for documents and queries, modelled on Meilisearch's charabia.

Text is first cut into words on the ORIGINAL string (runs of letters, digits and the
combining marks inside them), then every word is normalised on its own:

* NFKD, case folding (Latin, Cyrillic, Greek, ...), combining diacritics removed
  (``café`` → ``cafe``, ``ideeën`` → ``ideeen``); Cyrillic letters such as ``й`` and
  ``ї`` are letters in their own right and keep their marks, only ``ё`` becomes ``е``;
* Arabic script: harakat, superscript alef and tatweel removed, alef variants to ``ا``,
  yeh variants to ``ي``, keheh ``ک`` to ``ك``, ``ة``/``ۀ`` to ``ه``, the article ``ال``
  split off and dropped, Arabic-Indic and Persian digits to ASCII;
* control characters are never part of a word.

Because words are cut before they are normalised, every token knows the span of the
original text it came from, which is what highlighting needs.  The tokens are also
fixed points of SQLite's ``unicode61 remove_diacritics 2`` tokenizer, so FTS5 indexes
exactly the terms this module produces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARABIC_ARTICLE",
    "normalize_text",
    "normalize_word",
    "tokenize",
    "token_spans",
]

ARABIC_ARTICLE = "\u0627\u0644"  # "ال"


def _mark_ranges() -> str:
    """Return a regex character-class body listing every combining mark (M*)."""
    ranges: list[tuple[int, int]] = []
    # Planes 0-2 plus the variation-selector block hold every mark; scanning all of
    # Unicode would add a noticeable delay to every import.
    for cp in (*range(0x30000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_MARKS = _mark_ranges()
# A word of the original text: letters/digits plus the marks and joiners inside it.
_ORIGINAL_WORD = re.compile(
    f"(?:[^\\W_]|[{_MARKS}\u200c\u200d]|(?<=[\u0400-\u04ff])['\u2019\u02bc](?=[\u0400-\u04ff]))+"
)
_APOSTROPHES = re.compile("['\u2019]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_LOOKALIKE = re.compile("[aceiopxyk]")
#: Latin letters typed inside a Cyrillic word (a Latin "i" for Ukrainian "і" is common).
_TO_CYRILLIC = str.maketrans("aceiopxyk", "\u0430\u0441\u0435\u0456\u043e\u0440\u0445\u0443\u043a")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_NORMALIZED_WORD = re.compile(r"[^\W_]+")
_ALL_MARKS = re.compile(f"[{_MARKS}]+")
# Marks on Cyrillic letters survive the first pass so NFC can rebuild й, ї, ў ...
_MARKS_NOT_ON_CYRILLIC = re.compile(f"(?<![\u0400-\u04ff])[{_MARKS}]+")

_FOLD: dict[int, str | None] = {
    0x0451: "\u0435",  # ё → е, as charabia does for Russian
    0x0640: None,  # tatweel
    0x200C: None,  # zero-width non-joiner (Persian) joins the word back
    0x200D: None,
    # أ إ آ need no entry: NFKD splits off their hamza/madda, a mark that is dropped.
    0x0671: "\u0627",  # alef wasla has no decomposition
    0x0649: "\u064a",  # alef maksura → yeh
    0x06CC: "\u064a",  # Persian yeh → Arabic yeh
    0x06A9: "\u0643",  # Persian keheh → Arabic kaf
    0x0629: "\u0647",  # teh marbuta → heh
    0x06C0: "\u0647",  # heh with yeh above
    0x06D5: "\u0647",  # what NFKD leaves of ۀ once its hamza is gone
    0x06C1: "\u0647",  # heh goal
}
_FOLD.update({
    # Pashto letters and the forms other keyboards produce for them (docs/search.md).
    0x06AB: "\u06af",  # ګ → گ (gaf with ring → Persian gaf)
    0x069A: "\u0634",  # ښ → ش
    0x0696: "\u0698",  # ږ → ژ
    0x06D0: "\u064a",  # ې → ي
    0x06CD: "\u064a",  # ۍ → ي
    0x0679: "\u067c",  # Urdu ٹ → Pashto ټ
    0x0688: "\u0689",  # Urdu ڈ → Pashto ډ
    0x0691: "\u0693",  # Urdu ڑ → Pashto ړ
    0x0131: "i",  # Turkish dotless ı: "IŞIK", "ışık" and "isik" are one word
    0x0142: "l",  # Polish ł has no decomposition, unlike ą ę ó ś ź ż ć ń
    0x0111: "d",  # đ, likewise
    0x02BC: None,  # Ukrainian apostrophe (м'ясо): inside a word, dropped
})
# Ge'ez for Tigrinya: letters that sound the same are written either way.
_FOLD.update({0x1220 + i: chr(0x1230 + i) for i in range(8)})  # ሠ-series → ሰ-series
_FOLD.update({0x1340 + i: chr(0x1338 + i) for i in range(8)})  # ፀ-series → ጸ-series
_FOLD.update({0x1280 + i: chr(0x1210 + i) for i in range(8)})  # ኀ-series → ሐ-series
_FOLD.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD.update({0x06F0 + i: str(i) for i in range(10)})  # Persian digits


# Letters that SQLite's Unicode tables (older than Python's) treat as marks and drop;
# removing them here keeps every token a fixed point of FTS5's unicode61 tokenizer.
_FOLD.update({cp: None for cp in (*range(0x19B0, 0x19C1), 0x19C8, 0x19C9, 0x1CF2, 0x1CF3)})
_ARTICLE_MIN_REST = 2
_ARTICLE_START = re.compile("^[\u0627\u0671]\u0644")
_HARAKAT = re.compile("[\u0640\u064b-\u065f\u0670]")


def _split_article(token: str) -> str:
    """Return `token` without a leading Arabic article, or "" if it is only the article."""
    if token == ARABIC_ARTICLE:
        return ""
    if token.startswith(ARABIC_ARTICLE) and len(token) - 2 >= _ARTICLE_MIN_REST:
        return token[2:]
    return token


def _normalize_word(word: str) -> tuple[str, ...]:
    """Return the normalised tokens of one word of original text (usually one)."""
    if word.isascii():
        return (word.lower(),) if word.isalnum() else tuple(_NORMALIZED_WORD.findall(word.lower()))
    text = unicodedata.normalize("NFKD", word)
    # Case folding may produce new decomposable characters (e.g. İ → i + dot).
    text = unicodedata.normalize("NFKD", text.casefold())
    text = _MARKS_NOT_ON_CYRILLIC.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _ALL_MARKS.sub("", text)
    text = _APOSTROPHES.sub("", text.translate(_FOLD))
    if _CYRILLIC.search(text) and _LATIN_LOOKALIKE.search(text):
        text = text.translate(_TO_CYRILLIC)
    out: list[str] = []
    # Only a plain alef (or alef wasla) starts the article: "ألعب" (I play) keeps its
    # alef with hamza, which folding turns into a plain one.
    article = bool(_ARTICLE_START.match(_HARAKAT.sub("", word)))
    for token in _NORMALIZED_WORD.findall(text):
        if article or not token.startswith(ARABIC_ARTICLE):
            token = _split_article(token)
        article = False
        if token:
            out.append(token)
    return tuple(out)


# Wrapped rather than decorated so a mutation tester can reach the function (docs/testing.md).
normalize_word = lru_cache(maxsize=262_144)(_normalize_word)


def token_spans(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Return (start, end, tokens) for each word of `text`, offsets in the original."""
    if text.isascii():
        # Fast path with the same result: an ASCII word is letters and digits only,
        # and it normalises to itself in lower case.
        return [(m.start(), m.end(), (m.group().lower(),)) for m in _ASCII_WORD.finditer(text)]
    return [(m.start(), m.end(), normalize_word(m.group())) for m in _ORIGINAL_WORD.finditer(text)]


def tokenize(text: str) -> list[str]:
    """Return the normalised tokens of `text`, in order."""
    if not text:
        return []
    if text.isascii():
        # Fast path for the common Dutch/English case: same result, no per-word work.
        return _ASCII_WORD.findall(text.lower())
    out: list[str] = []
    for m in _ORIGINAL_WORD.finditer(text):
        out.extend(normalize_word(m.group()))
    return out


def normalize_text(text: str) -> str:
    """Return the normalised tokens of `text` joined by single spaces."""
    return " ".join(tokenize(text))
