"""The index's vocabulary: typo and prefix derivations of query words, Meilisearch's rules."""

from __future__ import annotations

import bisect
import sqlite3
import threading
from dataclasses import dataclass

from search_index.sqlite.storage import EVERY_DOC, FIELDS

#: Meilisearch's caps on typo derivations per query word (milli `limits`).
MAX_ONE_TYPO = 150


MAX_TWO_TYPOS = 50


MAX_CHAR = "\U0010ffff"


#: A prefix matching at most this many terms is asked for as a list of those terms.
EXPAND_TERMS = 8


def max_typos(token: str) -> int:
    """Return the typos Meilisearch allows for a query word of this length (chars)."""
    n = len(token)
    return 0 if n < 5 else 1 if n < 9 else 2


def quote(term: str) -> str:
    """Return `term` as an FTS5 string literal (the only way user text reaches MATCH)."""
    return '"' + term.replace('"', '""') + '"'


def osa_scan(
    q: str, k: int, prefix: bool, terms: list[str], lo: int, hi: int
) -> dict[str, int]:
    """Return vocabulary terms (or, for a prefix word, term prefixes) within k typos.

    Walks `terms[lo:hi]` (sorted, all starting with q[0]) like a trie, reusing DP rows
    of the optimal-string-alignment distance along shared prefixes and skipping whole
    subtrees once every cell exceeds k.  Non-prefix: maps terms with 1..k typos to
    their distance.  Prefix: maps minimal prefixes P with 1..k typos to the distance,
    so a term's typo count is the lowest value among the patterns it starts with.
    """
    n = len(q)
    max_depth = n + k
    out: dict[str, int] = {}
    rows: list[list[int]] = [list(range(n + 1))]
    best: list[int] = [n]
    path = ""
    i = lo
    while i < hi:
        t = terms[i]
        common = 0
        limit = min(len(path), len(t))
        while common < limit and path[common] == t[common]:
            common += 1
        del rows[common + 1 :]
        del best[common + 1 :]
        path = t[:common]
        skip_from: str | None = None
        depth = common
        end = min(len(t), max_depth)
        while depth < end:
            depth += 1
            ch = t[depth - 1]
            prev = rows[depth - 1]
            prev2 = rows[depth - 2] if depth >= 2 else None
            before = t[depth - 2] if depth >= 2 else ""
            row = [depth] + [0] * n
            lowest = depth
            for c in range(1, n + 1):
                qc = q[c - 1]
                v = prev[c - 1] + (qc != ch)
                a = prev[c] + 1
                if a < v:
                    v = a
                a = row[c - 1] + 1
                if a < v:
                    v = a
                if prev2 is not None and c > 1 and ch == q[c - 2] and before == qc:
                    a = prev2[c - 2] + 1
                    if a < v:
                        v = a
                row[c] = v
                if v < lowest:
                    lowest = v
            rows.append(row)
            path = t[:depth]
            if prefix:
                here = row[n]
                best.append(min(best[-1], here))
                if 0 < here <= k and here < best[-2]:
                    out[path] = here
                if best[-1] == 0 or depth == max_depth:
                    # Nothing below can lower the count further.
                    skip_from = path
                    break
            if lowest > k:
                skip_from = path
                break
        else:
            if not prefix and depth == len(t):
                d = rows[depth][n]
                if 0 < d <= k:
                    out[t] = d
            if not prefix and depth == max_depth and len(t) > max_depth:
                skip_from = path
        if skip_from is not None:
            i = bisect.bisect_left(terms, skip_from + MAX_CHAR, i + 1, hi)
        else:
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How one query word matches the vocabulary: exact, prefix and typo derivations."""

    word: str
    prefix: bool
    exact: bool
    prefix_hits: bool
    typo_terms: dict[str, int]
    exact_df: int = 0
    longer_df: int = 0
    #: Lower bound of the documents the word matches with no typo.
    zero_min_docs: int = 0
    #: The vocabulary terms matching with no typo (the word, or all terms it starts).
    zero_terms: tuple[str, ...] = ()
    #: Per attribute: the zero-typo and the typo derivations that occur in it (a
    #: superset: terms of removed documents stay until the next full load).
    col_zero: tuple[tuple[str, ...], ...] = ((),) * len(FIELDS)
    col_typo: tuple[tuple[str, ...], ...] = ((),) * len(FIELDS)
    #: Per attribute: a lower bound of the documents having a derivation in it.
    col_min_docs: tuple[int, ...] = (0,) * len(FIELDS)
    #: Lower bound and estimate of the documents matching any derivation.
    any_min_docs: int = 0
    any_docs: int = 0

    def _zero_terms_expr(self, terms: tuple[str, ...]) -> str:
        """Return an expression for some of the zero-typo terms.

        A prefix query makes FTS5 merge the doclists of every term under the prefix
        into a new list, each time it is asked (but for 2 and 3 characters, which have
        their own index); listing a few terms lets it walk, and skip along, their lists.
        """
        if self.prefix and len(terms) > 1 and (
            len(terms) > EXPAND_TERMS or 2 <= len(self.word) <= 3
        ):
            return quote(self.word) + "*"
        return " OR ".join(quote(t) for t in terms)

    def merges_prefix(self) -> bool:
        """Return True if FTS5 answers the zero-typo expression by merging many lists.

        Such an expression costs the same whenever it is asked, however few
        documents the rest of the query leaves.
        """
        expr = self.zero_expr()
        return expr is not None and expr.endswith("*") and not 2 <= len(self.word) <= 3

    def zero_expr(self) -> str | None:
        """Return the FTS5 expression for zero-typo matches, or None."""
        if self.prefix and self.prefix_hits:
            if not self.zero_terms:
                return quote(self.word) + "*"
            return self._zero_terms_expr(self.zero_terms)
        return quote(self.word) if self.exact else None

    def level_expr(self, typos: int) -> str | None:
        """Return the FTS5 expression for derivations with exactly `typos` typos."""
        items = [quote(t) for t, d in self.typo_terms.items() if d == typos]
        return " OR ".join(items) if items else None

    def any_expr(self) -> str | None:
        """Return the FTS5 expression matching any derivation."""
        parts = [e for e in (self.zero_expr(), self.level_expr(1), self.level_expr(2)) if e]
        return " OR ".join(parts) if parts else None

    def column_mask(self) -> int:
        """Return the attributes (as bits) some derivation of the word occurs in."""
        return sum(1 << c for c in range(len(FIELDS)) if self.col_zero[c] or self.col_typo[c])

    def column_expr(self, col: int) -> str | None:
        """Return an expression for the derivations occurring in attribute `col`.

        Within the attribute it matches what ``any_expr`` matches there: the terms left
        out never occur in it.
        """
        parts = [self._zero_terms_expr(self.col_zero[col])] if self.col_zero[col] else []
        parts += [quote(t) for t in self.col_typo[col]]
        return " OR ".join(parts) if parts else None

    def matches(self, token: str) -> bool:
        """Return True if a normalised document word is one of this word's derivations."""
        return (
            token == self.word
            or token in self.typo_terms
            or (self.prefix and token.startswith(self.word))
        )


class Vocabulary:
    """The index's terms, sorted, with lazily built helpers for typo candidates."""

    def __init__(
        self,
        terms: list[str],
        df: dict[str, int] | None = None,
        col_df: dict[str, tuple[int, ...]] | None = None,
    ) -> None:
        """Index `terms` (with their document frequencies, when known).

        `col_df` maps a term to its documents per attribute (an estimate after patches;
        zero only where the term never occurs); a term missing from it may occur in any.
        """
        self.terms = sorted(terms)
        self.term_set = frozenset(self.terms)
        #: Documents per term (an estimate after patches), to pick cheaper queries.
        self.df = df if df is not None else {}
        self.col_df = col_df if col_df is not None else {}
        self._tails: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def extended(self, col_terms: dict[str, tuple[int, ...]]) -> Vocabulary:
        """Return a vocabulary with some terms added, or seen in more attributes.

        `col_terms` maps terms to their documents per attribute among those written.
        """
        extra = [t for t in col_terms if t not in self.term_set]
        grown = {
            t: counts for t, counts in col_terms.items()
            if t in self.col_df and any(n and not old for n, old in zip(counts, self.col_df[t], strict=True))
        }
        if not extra and not grown:
            return self
        col_df = dict(self.col_df)
        for t in (*extra, *grown):
            old = col_df.get(t, (0,) * len(FIELDS))
            col_df[t] = tuple(a + b for a, b in zip(old, col_terms[t], strict=True))
        # Terms without counts are known to occur, not how often: they stay out of df.
        return Vocabulary(self.terms + extra, self.df, col_df)

    def _range(self, start: str) -> tuple[int, int]:
        """Return the slice of terms starting with `start`."""
        lo = bisect.bisect_left(self.terms, start)
        hi = bisect.bisect_left(self.terms, start + MAX_CHAR, lo)
        return lo, hi

    def has_prefix(self, start: str) -> bool:
        """Return True if some term starts with `start`."""
        lo, hi = self._range(start)
        return hi > lo

    def tails(self) -> list[tuple[str, str]]:
        """Return (term without first char, term) pairs, sorted, for first-letter typos."""
        with self._lock:
            if self._tails is None:
                self._tails = sorted((t[1:], t) for t in self.terms if len(t) > 1)
            return self._tails

    def match(self, word: str, prefix: bool) -> WordMatch:
        """Return the derivations of a query word following Meilisearch's typo rules.

        Like Meilisearch, typo derivations are explicit vocabulary words, the
        lexicographically first 150 with one typo and 50 with two.
        """
        k = max_typos(word)
        found: dict[str, int] = {}
        if k:
            lo, hi = self._range(word[0])
            scanned = osa_scan(word, k, prefix, self.terms, lo, hi)
            if k == 2:
                # Meilisearch counts a typo on the first letter as two: with two
                # allowed, the first letter may differ if nothing else does.
                for item in self._first_letter_typos(word, prefix):
                    scanned.setdefault(item, 2)
            found = self._expand(word, scanned) if prefix else scanned
        one = sorted(t for t, d in found.items() if d == 1)[:MAX_ONE_TYPO]
        two = sorted(t for t, d in found.items() if d == 2)[:MAX_TWO_TYPOS]
        lo, hi = self._range(word)
        longer = sum(self.df.get(t, 1) for t in self.terms[lo:hi] if t != word) if prefix else 0
        zero_min = max((self.df.get(t, 0) for t in self.terms[lo:hi]), default=0) if prefix else 0
        exact = word in self.term_set
        if prefix:
            zero_terms = tuple(self.terms[lo:hi])
        else:
            zero_terms = (word,) if exact else ()
        typo_terms = {**{t: 1 for t in one}, **{t: 2 for t in two}}
        col_zero, col_typo, col_min = self._columns(zero_terms, typo_terms)
        typo_df = [self.df.get(t, 0) for t in typo_terms]
        zero_docs = sum(self.df.get(t, 0) for t in zero_terms) if prefix else self.df.get(word, 0)
        return WordMatch(
            word=word,
            prefix=prefix,
            exact=exact,
            prefix_hits=prefix and hi > lo,
            typo_terms=typo_terms,
            exact_df=self.df.get(word, 1),
            longer_df=longer,
            zero_min_docs=max(zero_min, self.df.get(word, 0)),
            zero_terms=zero_terms,
            col_zero=col_zero,
            col_typo=col_typo,
            col_min_docs=col_min,
            any_min_docs=max(zero_min, self.df.get(word, 0), *typo_df),
            any_docs=zero_docs + sum(typo_df),
        )

    def _columns(
        self, zero_terms: tuple[str, ...], typo_terms: dict[str, int]
    ) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], tuple[int, ...]]:
        """Return per attribute the zero-typo and typo terms occurring in it, and a
        lower bound of the documents having one of them there."""
        n = len(FIELDS)
        unknown = (-1,) * n
        zero: list[list[str]] = [[] for _ in range(n)]
        typo: list[list[str]] = [[] for _ in range(n)]
        least = [0] * n
        for terms, out in ((zero_terms, zero), (typo_terms, typo)):
            for t in terms:
                for c, docs in enumerate(self.col_df.get(t, unknown)):
                    if docs:
                        out[c].append(t)
                        if docs > least[c]:
                            least[c] = docs
        return tuple(map(tuple, zero)), tuple(map(tuple, typo)), tuple(least)

    def _expand(self, word: str, patterns: dict[str, int]) -> dict[str, int]:
        """Return the words under prefix patterns with their typo count.

        A word's count is the lowest among the patterns it starts with; words
        starting with the query word itself match with no typo and are left out.
        """
        out: dict[str, int] = {}
        zlo, zhi = self._range(word)
        for pattern, typos in patterns.items():
            i, hi = self._range(pattern)
            while i < hi:
                if zlo <= i < zhi:
                    i = zhi
                    continue
                term = self.terms[i]
                if out.get(term, 99) > typos:
                    out[term] = typos
                i += 1
        return out

    def _first_letter_typos(self, q: str, prefix: bool) -> set[str]:
        """Return terms (or prefix patterns) one edit away whose first letter differs."""
        out: set[str] = set()
        first = q[0]
        tails = self.tails()

        def tails_with(rest: str, cut: int) -> None:
            """Add terms whose tail is (or, for a prefix, starts with) `rest`."""
            lo = bisect.bisect_left(tails, (rest,))
            if prefix:
                hi = bisect.bisect_left(tails, (rest + MAX_CHAR,), lo)
            else:
                hi = lo
                while hi < len(tails) and tails[hi][0] == rest:
                    hi += 1
            for _, term in tails[lo:hi]:
                if term[0] != first:
                    out.add(term[:cut] if prefix else term)

        tails_with(q[1:], len(q))  # first letter replaced
        tails_with(q, len(q) + 1)  # a letter inserted before the first
        for cand in (q[1:], q[1] + q[0] + q[2:] if q[0] != q[1] else ""):
            if cand and cand[0] != first:  # first letter deleted / first two swapped
                if prefix and self.has_prefix(cand):
                    out.add(cand)
                elif not prefix and cand in self.term_set:
                    out.add(cand)
        return out


def load_vocabulary(conn: sqlite3.Connection) -> Vocabulary:
    """Return the index's vocabulary with each term's documents per attribute."""
    return vocabulary_from(vocabulary_counts(conn))


def vocabulary_from(col_df: dict[str, tuple[int, ...]]) -> Vocabulary:
    """Return a vocabulary from each term's documents per attribute."""
    # A lower bound of the documents per term (the exact count takes another pass).
    df = {t: max(c) for t, c in col_df.items()}
    return Vocabulary(list(col_df), df, col_df)


def vocabulary_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, ...]]:
    """Return each term's documents per attribute, read through fts5vocab (a full walk)."""
    # A temporary fts5vocab table: the index file itself stays as it is.
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_columns USING fts5vocab(main, 'fts', 'col')"
    )
    index = {name: i for i, name in enumerate(FIELDS)}
    counts: dict[str, list[int]] = {}
    for term, col, docs in conn.execute("SELECT term, col, doc FROM temp.fts_columns"):
        counts.setdefault(term, [0] * len(FIELDS))[index[col]] = docs
    counts.pop(EVERY_DOC, None)
    return {t: tuple(c) for t, c in counts.items()}
