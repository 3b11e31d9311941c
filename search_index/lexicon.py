"""Reading a query before an engine sees it: phrases, families of activities, stop words.

Both engines call :meth:`Lexicon.analyse` and get the same :class:`QueryPlan`:

* **phrases before words**: a run of query words that is a multi-word name of a taxonomy
  entry in any locale ("كرة القدم", "table tennis", "настільний теніс") becomes one
  :class:`Concept` (its activities or offer types); its words are not searched one by
  one, so "القدم" no longer finds "قدّم";
* **families**: a family's names (one word is enough: "sport", "رياضة", "спорт") become
  a concept holding every activity of the family;
* **stop words**: the query locale's stop words (plus Dutch and English ones) are left
  out, unless nothing else is left;
* the remaining words keep their order; only the last one may be a prefix, and only
  when the text ends right after it (the searcher may still be typing it).

The lexicon only knows texts and codes: the application builds it from its taxonomy
(`Taxonomy.search_lexicon` in aanbodplatform.services.taxonomy); no Flask or ORM here.
Dropping words that cannot all match together needs the index, so the engines do it
with the shared rule `choose_words`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search_index.contract import MAX_QUERY_LENGTH
from search_index.normalize import token_spans, tokenize

__all__ = [
    "Concept",
    "Lexicon",
    "LexiconEntry",
    "QueryConcept",
    "QueryPlan",
    "QueryWord",
    "choose_words",
    "drop_order",
    "highlight_spans",
    "merge_spans",
    "load_stop_words",
]

STOP_WORDS_FILE = Path(__file__).resolve().parent / "data" / "stopwords.json"
#: Meilisearch ignores every query word after the tenth; so do both engines.
MAX_QUERY_WORDS = 10
#: Shortest compound recognised when spelled apart ("huiswerk begeleiding").
MIN_COMPOUND = 8
#: Stop words of these locales apply to every query (the languages of the catalogue).
SHARED_STOP_LOCALES = ("nl", "en")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One taxonomy entry or family as the lexicon learns it: codes and every name.

    `names` are labels and synonyms in every locale, as written.  Multi-word names
    always become phrases; one-word names only when `whole_words` is set (families:
    one word such as "sport" names them, while one-word activity labels are already
    found as words in the offers' taxonomy text).
    """

    key: str
    names: tuple[str, ...]
    activities: tuple[str, ...] = ()
    offer_types: tuple[str, ...] = ()
    whole_words: bool = False
    #: Extra names used only to highlight (a family's activities' names).
    shown_names: tuple[str, ...] = ()
    #: The display labels among `names`: a family never takes a word that labels a term.
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Concept:
    """What a recognised phrase means: offers with any of these activities or types."""

    key: str
    activities: frozenset[str] = frozenset()
    offer_types: frozenset[str] = frozenset()
    #: Normalised token sequences that show the concept in an offer's text.
    names: frozenset[tuple[str, ...]] = frozenset()


@dataclass(frozen=True, slots=True)
class QueryWord:
    """A query word searched as text: its normalised token and the text typed."""

    token: str
    text: str
    prefix: bool = False
    #: The word names an activity or type ("voetbal"): it is left out last.
    names_term: bool = False


@dataclass(frozen=True, slots=True)
class QueryConcept:
    """A phrase or family name recognised in the query, with the text typed."""

    concept: Concept
    text: str


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """The query as the engines search it."""

    words: tuple[QueryWord, ...] = ()
    concepts: tuple[QueryConcept, ...] = ()
    #: Stop words left out (as typed).
    stop_words: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        """Return True when anything is left to match."""
        return bool(self.words or self.concepts)

    def phrase_names(self) -> frozenset[tuple[str, ...]]:
        """Return every token sequence that shows a recognised concept."""
        out: set[tuple[str, ...]] = set()
        for c in self.concepts:
            out |= c.concept.names
        return frozenset(out)


def load_stop_words(path: Path = STOP_WORDS_FILE) -> dict[str, tuple[str, ...]]:
    """Return the shipped stop words per locale, as written."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=65_536)
def _name_tokens(name: str) -> tuple[str, ...]:
    """Return the tokens of a taxonomy name (names repeat across entries)."""
    return tuple(tokenize(name))


@lru_cache(maxsize=1)
def _default_stop_words() -> dict[str, tuple[str, ...]]:
    """Return the shipped stop words, read once."""
    return load_stop_words()


class Lexicon:
    """Phrases, families and stop words, compiled for fast query analysis."""

    def __init__(
        self,
        entries: Iterable[LexiconEntry] = (),
        stop_words: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Compile `entries` and stop words (the shipped ones when None)."""
        raw_stops = _default_stop_words() if stop_words is None else stop_words
        self._stops: dict[str, frozenset[str]] = {
            locale: frozenset(t for w in words for t in tokenize(w))
            for locale, words in raw_stops.items()
        }
        entries = list(entries)
        terms: dict[tuple[str, ...], list[LexiconEntry]] = {}
        families: dict[tuple[str, ...], list[LexiconEntry]] = {}
        # One word naming an activity or type ("sport" is also a name of fitness) names
        # the family only if the family holds that activity or type; else it stays a word.
        # A term's display label ("Fitness", "Jimicsi") always stays the term's.
        term_words: dict[tuple[str, ...], set[str]] = {}
        label_words: set[tuple[str, ...]] = set()
        for e in entries:
            if not e.whole_words:
                codes = {f"a:{a}" for a in e.activities} | {f"t:{t}" for t in e.offer_types}
                for name in e.names:
                    term_words.setdefault(_name_tokens(name), set()).update(codes)
                label_words.update(_name_tokens(label) for label in e.labels)
        self._term_tokens = frozenset(k[0] for k in term_words if len(k) == 1)
        for entry in entries:
            held = {f"a:{a}" for a in entry.activities} | {f"t:{t}" for t in entry.offer_types}
            for name in entry.names:
                tokens = _name_tokens(name)
                if entry.whole_words and (
                    tokens in label_words or not term_words.get(tokens, set()) <= held
                ):
                    continue
                if len(tokens) > 1 or (tokens and entry.whole_words):
                    target = families if entry.whole_words else terms
                    target.setdefault(tokens, [])
                    if entry not in target[tokens]:
                        target[tokens].append(entry)
        # A family wins over an activity or type of the same name: it holds it.
        shown: dict[int, frozenset[tuple[str, ...]]] = {}
        merged: dict[tuple[int, ...], Concept] = {}
        phrases: dict[tuple[str, ...], Concept] = {}
        for source in (terms, families):
            for tokens, found in source.items():
                key = tuple(id(e) for e in found)
                if key not in merged:
                    merged[key] = _merge(found, shown)
                phrases[tokens] = merged[key]
        self._phrases = phrases
        self._longest = max((len(k) for k in phrases), default=0)
        # Compounds written apart or together: "huiswerk begeleiding" and
        # "huiswerk-begeleiding" name "huiswerkbegeleiding", "tabletennis" names
        # "table tennis".  Joined words (or one word) that spell a name mean it.
        singles: dict[str, list[LexiconEntry]] = {}
        for e in entries:
            if not e.whole_words:
                for name in e.names:
                    tokens = _name_tokens(name)
                    if len(tokens) == 1:
                        singles.setdefault(tokens[0], [])
                        if e not in singles[tokens[0]]:
                            singles[tokens[0]].append(e)
        self._joined: dict[str, Concept] = {
            word: _merge(found, shown) for word, found in singles.items()
            if len(word) >= MIN_COMPOUND
        }
        for tokens, concept in phrases.items():
            word = "".join(tokens)
            if len(tokens) > 1 and len(word) >= MIN_COMPOUND and word not in singles:
                self._joined.setdefault(word, concept)
        self._multi_joined = frozenset(
            word for word in ("".join(k) for k in phrases if len(k) > 1)
            if word in self._joined and word not in singles
        )

    @property
    def phrases(self) -> Mapping[tuple[str, ...], Concept]:
        """Return the compiled phrases (normalised tokens → concept)."""
        return self._phrases

    def _compound_at(
        self, tokens: list[tuple[str, int, int]], i: int
    ) -> tuple[int, Concept | None]:
        """Return (words used, concept) for a compound spelled apart, or as one word
        for a multi-word name, starting at word i; (0, None) when there is none."""
        for size in (3, 2):
            if i + size <= len(tokens):
                concept = self._joined.get("".join(t for t, _, _ in tokens[i : i + size]))
                if concept is not None:
                    return size, concept
        word = tokens[i][0]
        if word in self._multi_joined:
            return 1, self._joined[word]
        return 0, None

    def stop_words(self, locale: str) -> frozenset[str]:
        """Return the normalised stop words a query in `locale` leaves out."""
        out: set[str] = set(self._stops.get(locale, ()))
        for shared in SHARED_STOP_LOCALES:
            out |= self._stops.get(shared, frozenset())
        return frozenset(out)

    def analyse(self, text: str, locale: str) -> QueryPlan:
        """Return the plan of a query: concepts, words to match, stop words left out."""
        return self._analyse(text or "", locale)

    def _analyse(self, text: str, locale: str) -> QueryPlan:
        text = text[:MAX_QUERY_LENGTH]
        tokens = [
            (tok, start, end) for start, end, toks in token_spans(text) for tok in toks
        ]
        concepts: list[QueryConcept] = []
        plain: list[tuple[str, int, int]] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                concept = self._phrases.get(tuple(t for t, _, _ in tokens[i : i + size]))
                if concept is not None:
                    start, end = tokens[i][1], tokens[i + size - 1][2]
                    if all(c.concept != concept for c in concepts):
                        concepts.append(QueryConcept(concept, text[start:end]))
                    i += size
                    break
            else:
                size, concept = self._compound_at(tokens, i)
                if concept is not None:
                    start, end = tokens[i][1], tokens[i + size - 1][2]
                    if all(c.concept != concept for c in concepts):
                        concepts.append(QueryConcept(concept, text[start:end]))
                    i += size
                    continue
                plain.append(tokens[i])
                i += 1
        stops = self.stop_words(locale)
        kept = [t for t in plain if t[0] not in stops]
        if not kept and not concepts:
            kept = plain  # only stop words: they are the query
        left_out = tuple(text[s:e] for t, s, e in plain if (t, s, e) not in kept)
        kept = kept[:MAX_QUERY_WORDS]
        names = self._term_tokens
        words = [QueryWord(t, text[s:e], names_term=t in names) for t, s, e in kept]
        if words and tokens and len(tokens) <= MAX_QUERY_WORDS:
            last_tok, _, last_end = tokens[-1]
            # As in Meilisearch: only a last word that the searcher may still be typing.
            if kept[-1] == tokens[-1] and last_end == len(text):
                words[-1] = QueryWord(last_tok, words[-1].text, True, words[-1].names_term)
        return QueryPlan(tuple(words), tuple(concepts), left_out)


def _merge(
    entries: list[LexiconEntry], shown: dict[int, frozenset[tuple[str, ...]]]
) -> Concept:
    """Return one concept for the entries sharing a name (e.g. "books": library, reading).

    `shown` caches each entry's names as token sequences (entries share many names).
    """
    names: set[tuple[str, ...]] = set()
    for entry in entries:
        if id(entry) not in shown:
            shown[id(entry)] = frozenset(
                t for t in (_name_tokens(n) for n in (*entry.names, *entry.shown_names)) if t
            )
        names |= shown[id(entry)]
    return Concept(
        key="+".join(e.key for e in entries),
        activities=frozenset(a for e in entries for a in e.activities),
        offer_types=frozenset(t for e in entries for t in e.offer_types),
        names=frozenset(names),
    )


def drop_order(counts: Sequence[int], protected: Sequence[bool] = ()) -> list[int]:
    """Return word positions in the order they are dropped: least informative first.

    A word naming an activity or type (`protected`) goes after every other word; among
    the rest the most frequent goes first (Meilisearch's "frequency" matching
    strategy); between equals, the later word.
    """
    guard = list(protected) + [False] * (len(counts) - len(protected))
    return sorted(range(len(counts)), key=lambda i: (guard[i], -counts[i], -i))


@dataclass
class Dropping:
    """Which words to search after leaving out those that cannot match together."""

    kept: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)


def choose_words(
    counts: Sequence[int],
    has_concepts: bool,
    matches: Callable[[list[int]], bool],
    protected: Sequence[bool] = (),
) -> Dropping:
    """Return the words to keep when not all of them match together.

    `counts[i]` is how many offers word i matches on its own; `matches(kept)` says
    whether the kept words (with the concepts) match at least one offer together.
    Words matching nothing go first, then as `drop_order` says, until something matches;
    then words left out are tried back, rarest first, so the kept set is as large as
    the index allows.  A query is never emptied: without concepts one word stays.
    If nothing can match, every word is kept (and nothing is said to be left out).
    """
    everything = list(range(len(counts)))
    floor = 0 if has_concepts else 1
    kept = [i for i in everything if counts[i] > 0]
    if len(kept) < floor:
        return Dropping(everything, [])
    order = [i for i in drop_order(counts, protected) if i in kept]
    while not matches(kept):
        if len(kept) <= floor:
            return Dropping(everything, [])
        kept.remove(order.pop(0))
    for i in sorted((i for i in everything if i not in kept), key=lambda i: (counts[i], i)):
        if counts[i] > 0:
            trial = sorted([*kept, i])
            if matches(trial):
                kept = trial
    return Dropping(sorted(kept), [i for i in everything if i not in kept])


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the union of character spans, sorted, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def highlight_spans(
    text: str, names: frozenset[tuple[str, ...]], word_matches: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """Return the character spans of `text` to mark: whole phrases first, then words.

    A phrase is marked only where all its words stand together; its words are never
    marked on their own (that is what "phrases before words" means for highlights).
    """
    spans = token_spans(text)
    tokens = [(tok, start, end) for start, end, toks in spans for tok in toks]
    words = [tok for tok, _, _ in tokens]
    longest = max((len(n) for n in names), default=0)
    # Only a token that starts some phrase can start a match: most tokens skip the
    # phrase test (this runs for every title and summary on the page).
    starts = {n[0] for n in names if n}
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        sizes = range(min(longest, len(tokens) - i), 0, -1) if words[i] in starts else ()
        for size in sizes:
            if tuple(words[i : i + size]) in names:
                out.append((tokens[i][1], tokens[i + size - 1][2]))
                i += size
                break
        else:
            tok, start, end = tokens[i]
            if word_matches(tok):
                out.append((start, end))
            i += 1
    return out
