"""One query answered against one snapshot: text matching, filters, facets, bucket-sort ranking, hits."""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator

from search_index.contract import (
    FACETS,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from search_index.geo import EARTH_RADIUS_M, unit_distance_m, unit_vector
from search_index.highlight import mark_spans, render_marked
from search_index.lexicon import Lexicon, QueryPlan, choose_words, highlight_spans
from search_index.sqlite.bitmaps import bitmap_members, bitmap_of, value_counts
from search_index.sqlite.geo import CHORD2_SQL, GEO_SCALE, POINT_BITS, geo_box, points_within
from search_index.sqlite.planner import GeoFirstPlan, plan_ranges
from search_index.sqlite.state import IndexState
from search_index.sqlite.storage import (
    EVERY_DOC,
    FIELDS,
    LEVEL_RANK,
    compact_json,
    load_documents,
    localized,
)
from search_index.sqlite.vocabulary import WordMatch, quote

#: Meilisearch ignores every query word after the tenth; so do we.
MAX_QUERY_WORDS = 10
#: Up to this many candidates, distances come from their own R*Tree entries; above,
#: from the radius's bounding box.
DIRECT_DISTANCE = 2000


class Search:
    """One query answered against one snapshot and its in-memory state."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        state: IndexState,
        query: SearchQuery,
        started: float,
        plan: QueryPlan | None = None,
        geo_first: bool | None = None,
    ) -> None:
        """Prepare a query (read as `plan`) against a snapshot (`conn`) and its state.

        `geo_first`: None lets the planner choose; True/False force a plan (tests).
        """
        self.conn = conn
        self.plan = plan if plan is not None else Lexicon().analyse(query.text, query.locale)
        #: Query words (as typed) left out because they cannot match with the others.
        self.left_out: tuple[str, ...] = ()
        self.geo_first = geo_first
        #: Set when the query starts from its place: FTS5 is asked only within it.
        self.geo_plan: GeoFirstPlan | None = None
        self.state = state
        self.q = query
        self.started = started
        self.page = query.clamped_page()
        self.page_size = query.clamped_page_size()
        self.sort = query.effective_sort()
        self.origin = query.origin
        self.origin_unit = unit_vector(query.origin.lat, query.origin.lon) if query.origin else None
        radius = query.radius_km
        self.radius_m: float | None = None
        if query.origin is not None and radius is not None and not math.isnan(float(radius)):
            self.radius_m = max(0.0, float(radius)) * 1000.0
        self.words: list[WordMatch] = []
        self.n_docs = state.live.bit_count()
        #: The documents text matching may return: all, or the geographic candidates.
        self.universe = state.live
        #: Squared chords already computed for every candidate, when there were few.
        self.known_c2: dict[int, float] | None = None
        #: The expression of the query word with the fewest documents: the other
        #: words are asked for only within its documents, as no other can match.
        self.driver_expr: str | None = None
        #: Per query word (by identity), once known: its documents (within the
        #: driver's), how many, and whether it is the driver.  All that is asked
        #: about a word later is asked within them (see ``_within``).
        self.scopes: dict[int, tuple[int, int, bool]] = {}
        #: The words' exact derivations and prefixes, for highlighting.
        self._marks: tuple[set[str], tuple[str, ...]] | None = None

    # ----------------------------------------------------------------- text

    def _parse_text(self) -> list[tuple[str, bool]]:
        """Return the query words to match as text (normalised) and whether each is a prefix.

        Phrases, families and stop words are already taken out (`search_index.lexicon`).
        """
        return [(w.token, w.prefix) for w in self.plan.words]

    def _concept_bits(self) -> int | None:
        """Return the documents having every recognised concept (None without any)."""
        if not self.plan.concepts:
            return None
        out = self.state.live
        for found in self.plan.concepts:
            c = found.concept
            out &= self._any_of("activity", c.activities) | self._any_of("offer_type", c.offer_types)
        return out

    def _match_text(self) -> int:
        """Return the documents matching the query's concepts and words.

        When the words cannot all match together (with the concepts), words are left
        out as `choose_words` says; the searched words become `self.words`.
        """
        st = self.state
        words = [st.word_match(self.conn, word, prefix) for word, prefix in self._parse_text()]
        # The place may be more selective than every word: plan from it (all words known).
        self.words = words
        self.geo_plan = self._geo_plan()
        if self.geo_plan is not None:
            self.universe = self.geo_plan.candidates
        concepts = self._concept_bits()
        concept_bits = st.live if concepts is None else concepts

        def attempt(kept: list[int]) -> int:
            """Match the kept words afresh (scopes depend on which words there are)."""
            self.words = [words[i] for i in kept]
            self.scopes = {}
            self.driver_expr = None
            self._marks = None
            return self._match_words() & concept_bits

        everything = list(range(len(words)))
        bits = attempt(everything)
        if bits or (len(words) < 2 and not (words and concepts)):
            return bits
        counts = [
            (st.live & self._bits(w.any_expr())).bit_count() if w.any_expr() else 0
            for w in words
        ]
        tried: dict[tuple[int, ...], int] = {tuple(everything): bits}

        def matches(kept: list[int]) -> bool:
            """Return True if the kept words match some document together."""
            key = tuple(kept)
            if key not in tried:
                tried[key] = attempt(kept)
            return bool(tried[key])

        protected = [w.names_term for w in self.plan.words]
        choice = choose_words(counts, concepts is not None, matches, protected)
        bits = attempt(choice.kept)
        self.left_out = tuple(self.plan.words[i].text for i in choice.left_out)
        return bits

    def _geo_plan(self) -> GeoFirstPlan | None:
        """Return a geo-first plan when the place is more selective than every word.

        The candidates are the documents the non-facet filters keep (radius,
        municipalities, criteria, free, wheelchair; regions only when their facet is
        not counted, as a disjunctive facet must see the other regions too).
        """
        q, st = self.q, self.state
        if not self.words or self.geo_first is False:
            return None
        rarest = min(w.any_docs for w in self.words)
        if self.geo_first is None and not GeoFirstPlan.worth_trying(rarest):
            return None
        cand: int | None = None
        if self.radius_m is not None and self.origin is not None:
            cand = st.within(self.conn, self.origin, self.radius_m)
        if q.municipalities:
            bits = st.municipalities(self.conn, q.municipalities)
            cand = bits if cand is None else cand & bits
        if q.regions and "region" not in q.facets:
            bits = self._any_of("region", q.regions)
            cand = bits if cand is None else cand & bits
        if cand is None:
            return None
        cand &= st.live
        if q.criteria != "all":
            cand &= st.pnt
        if q.free_only:
            cand &= st.free
        if q.wheelchair:
            cand &= st.wheelchair
        members = bitmap_members(cand)
        if self.geo_first:
            return GeoFirstPlan(cand, tuple(plan_ranges(members)))
        return GeoFirstPlan.choose(cand, members, rarest, self.n_docs)

    def _match_words(self) -> int:
        """Return the documents matching every query word; note each word's scope.

        The word with the fewest documents (by the vocabulary's counts) is asked for
        first; every other word only within its documents.  An FTS5 query costs
        little per document it walks past and much per row it returns, so this
        keeps rows few; so does asking for the complement of a common word.
        """
        st = self.state
        if not self.words:
            return st.live
        driver = min(self.words, key=lambda w: (w.merges_prefix(), w.any_min_docs, w.any_docs))
        expr = driver.any_expr()
        if not expr:
            return 0
        bits = self._bits(expr, likely_common=driver.any_min_docs * 2 > self.n_docs)
        self.scopes[id(driver)] = (bits, bits.bit_count(), True)
        if len(self.words) > 1:
            self.driver_expr = expr
        text_bits = bits
        size = bits.bit_count()
        for w in self.words:
            if not text_bits:
                break
            if id(w) in self.scopes:
                continue
            expr = w.any_expr()
            if not expr:
                return 0
            if w.any_min_docs * 2 > size:
                missing = self._fts(f"({self.driver_expr}) NOT ({expr})")
                word_bits = bits & ~missing
            else:
                word_bits = self._fts(f"({expr}) AND ({self.driver_expr})")
            self.scopes[id(w)] = (word_bits, word_bits.bit_count(), False)
            text_bits &= word_bits
        return text_bits

    def _within(self, w: WordMatch, expr: str | None, least: int) -> int:
        """Return the documents of an expression matching only derivations of `w`.

        The answer is exact within the word's scope (its documents, within the
        driver's), which holds every document the query matches.  `least` is a lower
        bound of the documents the expression matches in the whole index: when it
        is over half the scope, asking for the scope's documents it does NOT match
        returns fewer rows.
        """
        if not expr:
            return 0
        scope = self.scopes.get(id(w))
        if scope is None:
            return self._bits(expr, likely_common=least * 2 > self.n_docs)
        bits, size, own = scope
        if expr == w.any_expr():
            return bits
        if own and w.merges_prefix():
            # Walking the scope would merge its prefix's lists again.
            return bits & self._bits(expr, likely_common=least * 2 > self.n_docs)
        if least * 2 > size:
            # Within a scope below the driver's, the driver's documents lacking the
            # expression are as good (the scope's bits pick ours) and cheaper to walk.
            outer = w.any_expr() if own else self.driver_expr
            return bits & ~self._fts(f"({outer}) NOT ({expr})")
        if not own:
            expr = f"({expr}) AND ({self.driver_expr})"
        return bits & self._fts(expr)

    def _zero(self, w: WordMatch) -> int:
        """Return the documents matching a word with no typo."""
        expr = w.zero_expr()
        scope = self.scopes.get(id(w))
        if expr and w.typo_terms and scope is not None and w.zero_min_docs * 2 > scope[1]:
            # Most of the word's documents match it without a typo: list those that
            # match a typo derivation only (walking the derivations' lists, not the
            # word's).
            typos = " OR ".join(quote(t) for t in w.typo_terms)
            return scope[0] & ~self._only(w, f"({typos}) NOT ({expr})")
        return self._within(w, expr, w.zero_min_docs)

    def _only(self, w: WordMatch, expr: str) -> int:
        """Return the documents of an expression, exact within the word's scope."""
        scope = self.scopes.get(id(w))
        if scope is not None and not scope[2]:
            expr = f"({expr}) AND ({self.driver_expr})"
        return self._fts(expr)

    def _any(self, w: WordMatch) -> int:
        """Return the documents matching a word with any allowed number of typos."""
        return self._within(w, w.any_expr(), w.any_min_docs)

    def _levels(self, w: WordMatch) -> list[int]:
        """Return a word's documents by typo count: [0 typos, 1 typo, 2 typos]."""
        zero = self._zero(w)
        rest = self._any(w) & ~zero if w.typo_terms else 0
        if not rest:
            return [zero, 0, 0]
        ones = any(d == 1 for d in w.typo_terms.values())
        twos = any(d == 2 for d in w.typo_terms.values())
        if ones and twos:
            one = self._within(w, w.level_expr(1), 0) & rest
            return [zero, one, rest & ~one]
        return [zero, rest, 0] if ones else [zero, 0, rest]

    def _exact(self, w: WordMatch) -> int:
        """Return the documents containing the word itself (not a prefix or typo of it)."""
        if not w.exact:
            return 0
        if not w.prefix or w.zero_terms == (w.word,):
            # No longer word starts with it: its zero-typo matches are exact.
            return self._zero(w)
        scope = self.scopes.get(id(w))
        common = scope is not None and w.exact_df * 2 > scope[1]
        if (w.exact_df <= w.longer_df and not common) or not w.zero_terms:
            return self._within(w, quote(w.word), w.exact_df)
        # Few documents have only longer words: listing those is much cheaper than
        # listing every document that has the word itself.
        longer = w._zero_terms_expr(tuple(t for t in w.zero_terms if t != w.word))
        if common and longer.endswith("*") and w.exact_df <= w.longer_df:
            # Listing the longer words means merging their lists: list the word.
            return self._within(w, quote(w.word), w.exact_df)
        return self._zero(w) & ~self._only(w, f"({longer}) NOT {quote(w.word)}")

    def _bits(self, expr: str | None, likely_common: bool = False) -> int:
        """Return the documents matching an FTS5 expression (0 for None).

        For an expression most documents match, listing the few that do not is
        several times cheaper than listing those that do.
        """
        if not expr:
            return 0
        if likely_common:
            missing = self._fts(f"{quote(EVERY_DOC)} NOT ({expr})")
            return self.universe & ~missing
        return self._fts(expr)

    def _fts(self, expr: str) -> int:
        """Return the documents of an FTS5 expression, within the plan's candidates if any."""
        if self.geo_plan is None:
            return self.state.fts_bitmap(self.conn, expr)
        return self.state.fts_bitmap_ranges(self.conn, expr, self.geo_plan) & self.geo_plan.candidates

    # ----------------------------------------------------------------- filters

    def _any_of(self, group: str, wanted: Iterable[str]) -> int:
        """Return the documents having any of the wanted values of a group."""
        table = self.state.values[group]
        out = 0
        for v in wanted:
            out |= table.get(v, 0)
        return out

    def _within_radius(self, candidates: int) -> int:
        """Return the candidates with a location within the radius.

        Few candidates (a text search): look up their own R*Tree entries and test
        them.  Many: the R*Tree's bounding box around the origin, then the same test.
        """
        assert self.origin is not None and self.radius_m is not None
        if self.geo_plan is not None:
            return candidates  # drawn from the radius's documents already
        if candidates.bit_count() > DIRECT_DISTANCE:
            return candidates & self.state.within(self.conn, self.origin, self.radius_m)
        limit = geo_box(self.origin, self.radius_m)[2]
        c2 = self._distances_of(bitmap_members(candidates))
        self.known_c2 = {doc: v for doc, v in c2.items() if v <= limit}
        return bitmap_of(self.known_c2)

    # ----------------------------------------------------------------- run

    def run(self) -> SearchResult:
        """Compute the result page."""
        st = self.state
        q = self.q
        text_bits = self._match_text()

        base = text_bits
        if q.criteria != "all":
            base &= st.pnt
        if q.municipalities:
            base &= st.municipalities(self.conn, q.municipalities)
        if q.free_only:
            base &= st.free
        if q.wheelchair:
            base &= st.wheelchair
        if self.radius_m is not None and base:
            base = self._within_radius(base)

        groups: dict[str, int] = {}
        if q.offer_types:
            groups["offer_type"] = self._any_of("offer_type", q.offer_types)
        if q.activities:
            groups["activity"] = self._any_of("activity", q.activities)
        if q.regions:
            groups["region"] = self._any_of("region", q.regions)
        if q.weekdays:
            groups["weekday"] = self._or(st.weekdays.get(d, 0) for d in q.weekdays)
        if q.dayparts:
            groups["daypart"] = self._or(st.dayparts.get(d, 0) for d in q.dayparts)
        if q.dutch_level in LEVEL_RANK:
            limit = LEVEL_RANK[q.dutch_level]
            groups["dutch_level"] = self._or(
                bm for code, bm in st.values["dutch_level"].items()
                if st.level_rank.get(code, 0) <= limit
            )

        matched = base
        for bm in groups.values():
            matched &= bm
        facets = self._facets(base, groups)
        total = matched.bit_count()
        skip = (self.page - 1) * self.page_size
        ids = self._order(matched, skip, self.page_size) if skip < total else []
        hits = self._hits(ids)
        return SearchResult(
            hits=hits,
            total=total,
            page=self.page,
            page_size=self.page_size,
            facets=facets,
            took_ms=(time.perf_counter() - self.started) * 1000.0,
            left_out=self.left_out,
        )

    @staticmethod
    def _or(bitmaps: Iterable[int]) -> int:
        """Return the union of bitmaps."""
        out = 0
        for bm in bitmaps:
            out |= bm
        return out

    def _facets(self, base: int, groups: dict[str, int]) -> dict[str, dict[str, int]]:
        """Count facet values; each group ignores its own filter (disjunctive facets)."""
        st = self.state
        out: dict[str, dict[str, int]] = {}
        for group in dict.fromkeys(self.q.facets):
            if group not in FACETS:
                continue
            scope = base
            for other, bm in groups.items():
                if other != group:
                    scope &= bm
            if group == "weekday":
                table = st.weekdays
            elif group == "daypart":
                table = st.dayparts
            else:
                table = st.values[group]
            out[group] = value_counts(scope, table)
        return out

    # ----------------------------------------------------------------- ordering

    def _order(self, matched: int, skip: int, need: int) -> list[int]:
        """Return the page's document rowids in the query's sort order."""
        if self.sort == "distance" and self.origin_unit is not None:
            return self._order_distance(matched, skip, need)
        if self.sort == "relevance" and self.words:
            out: list[int] = []
            self._bucket_sort(matched, 0, skip, need, out)
            return out
        return self.state.take_newest(matched, skip, need)

    def _rules(self) -> list[Callable[[int], Iterator[int]]]:
        """Return the relevance rules after "words", in Meilisearch's default order."""
        return [self._typo_buckets, self._attribute_buckets, self._exactness_buckets]

    def _bucket_sort(self, universe: int, rule: int, skip: int, need: int, out: list[int]) -> int:
        """Append up to `need` ids of `universe` after `skip` to `out`; return skip left."""
        rules = self._rules()
        if rule >= len(rules) or universe.bit_count() <= 1:
            taken = self.state.take_newest(universe, skip, need)
            out.extend(taken)
            return max(0, skip - universe.bit_count())
        target = len(out) + need
        left = universe
        for bucket in rules[rule](universe):
            bucket &= left
            count = bucket.bit_count()
            if not count:
                continue
            left &= ~bucket
            if skip >= count:
                skip -= count
            else:
                skip = self._bucket_sort(bucket, rule + 1, skip, target - len(out), out)
                if len(out) >= target:
                    return 0
            if not left:
                break
        if left and len(out) < target:
            # Never lose documents to a rule that did not place them.
            skip = self._bucket_sort(left, rule + 1, skip, target - len(out), out)
        return skip

    def _typo_buckets(self, universe: int) -> Iterator[int]:
        """Yield documents by total typos over all query words, fewest first."""
        exact = universe
        for w in self.words:
            exact &= self._zero(w)
        # Documents without any typo first: often they fill the page on their own.
        yield exact
        if not universe & ~exact:
            return
        levels = [self._levels(w) for w in self.words]
        sums: dict[int, int] = {0: universe}
        for per_level in levels:
            nxt: dict[int, int] = {}
            for total, bm in sums.items():
                for typos, level_bm in enumerate(per_level):
                    part = bm & level_bm
                    if part:
                        nxt[total + typos] = nxt.get(total + typos, 0) | part
            sums = nxt
        for total in sorted(sums):
            if total:
                yield sums[total]

    def _attribute_buckets(self, universe: int) -> Iterator[int]:
        """Yield documents by the sum over words of the best attribute they occur in.

        Lazily: a word's attribute is asked for only when a bucket needs it, i.e.
        when the other words, each in its first possible attribute, leave room.
        """
        words = self.words
        n = len(words)
        max_field = len(FIELDS) - 1
        masks = [w.column_mask() for w in words]
        # The attributes each word can be in (by the vocabulary); the last one holds
        # whatever the earlier ones did not, as every document matches every word.
        first = [(m & -m).bit_length() - 1 if m else max_field for m in masks]
        last = [m.bit_length() - 1 if m else max_field for m in masks]
        best: list[list[int]] = [[] for _ in range(n)]  # best[i][f]: best field is f
        seen = [0] * n
        least = [0] * (n + 1)  # least[i]: lowest possible sum of the first i words
        for i in range(n):
            least[i + 1] = least[i] + first[i]

        def column(i: int, f: int) -> int:
            """Return the universe's documents whose best attribute for word i is f."""
            while len(best[i]) <= f:
                g = len(best[i])
                left = universe & ~seen[i]
                if g >= last[i] or not left:
                    bits = left
                elif masks[i] >> g & 1:
                    w = words[i]
                    bits = self._within(
                        w, f"{FIELDS[g]} : ({w.column_expr(g)})", w.col_min_docs[g]
                    ) & left
                else:
                    bits = 0
                best[i].append(bits)
                seen[i] |= bits
            return best[i][f]

        memo: list[dict[int, int]] = [{0: universe}] + [{} for _ in range(n)]

        def summed(i: int, total: int) -> int:
            """Return the documents whose first i words have best-attribute sum `total`."""
            if total < least[i] or (i == 0 and total):
                return 0
            hit = memo[i].get(total)
            if hit is None:
                hit = 0
                for f in range(first[i - 1], min(total - least[i - 1], max_field) + 1):
                    prev = summed(i - 1, total - f)
                    if prev:
                        hit |= prev & column(i - 1, f)
                memo[i][total] = hit
            return hit

        for total in range(least[n], max_field * n + 1):
            bucket = summed(n, total)
            if bucket:
                yield bucket

    def _exactness_buckets(self, universe: int) -> Iterator[int]:
        """Yield documents by how many query words they contain exactly, most first."""
        counts: dict[int, int] = {0: universe}
        for w in self.words:
            exact = self._exact(w)
            nxt: dict[int, int] = {}
            for c, bm in counts.items():
                hit, miss = bm & exact, bm & ~exact
                if hit:
                    nxt[c + 1] = nxt.get(c + 1, 0) | hit
                if miss:
                    nxt[c] = nxt.get(c, 0) | miss
            counts = nxt
        for c in sorted(counts, reverse=True):
            yield counts[c]

    def _order_distance(self, matched: int, skip: int, need: int) -> list[int]:
        """Return ids nearest first; documents without a location come last."""
        st = self.state
        located = matched & st.has_points
        n_located = located.bit_count()
        page: list[int] = []
        if skip < n_located:
            c2 = self._nearest(located, skip + need)
            ranked = sorted(c2, key=c2.__getitem__)
            end = min(len(ranked), skip + need)
            while 0 < end < len(ranked) and c2[ranked[end]] == c2[ranked[end - 1]]:
                end += 1  # a tie across the page edge is broken below, not by chance
            head = ranked[:end]
            head.sort(key=lambda d: (c2[d], st.rank_of[d]))
            page = head[skip : skip + need]
        rest_skip = max(0, skip - n_located)
        if len(page) < need:
            page += st.take_newest(matched & ~st.has_points, rest_skip, need - len(page))
        return page

    def _nearest(self, located: int, want: int) -> dict[int, float]:
        """Return squared chords of at least `want` nearest documents of `located` (or all)."""
        assert self.origin is not None
        total = located.bit_count()
        want = min(want, total)
        if self.known_c2 is not None:
            return {d: self.known_c2[d] for d in bitmap_members(located)}
        if total <= DIRECT_DISTANCE:
            return self._distances_of(bitmap_members(located))
        data = located.to_bytes((located.bit_length() + 7) // 8, "little")
        limit = len(data) * 8
        # Every located candidate lies within the query radius, if there is one.
        cap = math.pi * EARTH_RADIUS_M
        if self.radius_m is not None:
            cap = min(cap, self.radius_m)
        radius = min(1_000.0, cap)
        while True:
            rows = points_within(self.conn, self.origin, radius)
            found = {
                doc: c2 for doc, c2 in rows.items()
                if doc < limit and data[doc >> 3] >> (doc & 7) & 1
            }
            if len(found) >= want or radius >= cap:
                return found
            # Everything within `radius` is nearer than anything outside it.
            radius = min(radius * 4.0, cap)

    def _distances_of(self, docs: list[int]) -> dict[int, float]:
        """Return the squared chord to the nearest location of each document."""
        assert self.origin is not None
        ids = [
            (doc << POINT_BITS) | k
            for doc, n in self.conn.execute(
                "SELECT doc, n_points FROM docs WHERE doc IN (SELECT value FROM json_each(?))",
                (compact_json(docs),),
            )
            for k in range(n)
        ]
        ox, oy, oz = (c * GEO_SCALE for c in unit_vector(self.origin.lat, self.origin.lon))
        return dict(self.conn.execute(
            f"SELECT id >> {POINT_BITS}, MIN({CHORD2_SQL}) FROM geo"
            " WHERE id IN (SELECT value FROM json_each(?)) GROUP BY 1",
            (ox, ox, oy, oy, oz, oz, compact_json(ids)),
        ).fetchall())

    # ----------------------------------------------------------------- hits

    def _hits(self, ids: list[int]) -> list[SearchHit]:
        """Load the page's documents and add distance and highlights."""
        if not ids:
            return []
        docs = load_documents(self.conn, ids, self.state.labels(self.conn))
        hits: list[SearchHit] = []
        for doc_id in ids:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            distance = None
            if self.origin_unit is not None and doc.points:
                distance = min(unit_distance_m(self.origin_unit, p.lat, p.lon) for p in doc.points)
            hits.append(SearchHit(
                document=doc,
                distance_m=distance,
                highlights={
                    "title": self._highlight(localized(doc.title, self.q.locale)),
                    "summary": self._highlight(localized(doc.summary, self.q.locale)),
                },
            ))
        return hits

    def _highlight(self, text: str) -> str:
        """Return escaped HTML of `text` with matched words in <mark>."""
        if not self.words and not self.plan.concepts:
            return render_marked(mark_spans(text, []))
        # What _WordMatch.matches tests, for all words at once.
        if self._marks is None:
            exact = {w.word for w in self.words}
            for w in self.words:
                exact.update(w.typo_terms)
            self._marks = (exact, tuple(w.word for w in self.words if w.prefix))
        exact, prefixes = self._marks

        def word_matches(token: str) -> bool:
            """Return True if a document word is a derivation of a searched word."""
            return token in exact or bool(prefixes and token.startswith(prefixes))

        names = self.plan.phrase_names()
        return render_marked(mark_spans(text, highlight_spans(text, names, word_matches)))
