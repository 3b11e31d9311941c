"""What only the embedded engine has: its file, swaps, threads and internal algorithms."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from search_index import make_engine
from search_index.contract import (
    DAYPARTS,
    DUTCH_LEVELS,
    OFFER_TYPES,
    WEEKDAYS,
    GeoPoint,
    OfferDocument,
    SearchError,
    SearchQuery,
)
from search_index.lexicon import Lexicon
from search_index.normalize import tokenize
from search_index.sqlite import MAX_QUERY_WORDS, SQLiteSearchEngine, bitmaps, vocabulary
from search_index.sqlite import query as sqlite_query
from search_index.sqlite.vocabulary import Vocabulary, WordMatch
from tests.search.corpus import ANTWERPEN, BY_ID, CORPUS, GENT, haversine_m, offer


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Return the index file path inside a fresh folder."""
    return tmp_path / "index" / "search.sqlite3"


@pytest.fixture
def eng(path: Path) -> Iterator[SQLiteSearchEngine]:
    """Return an engine holding the test catalogue."""
    engine = SQLiteSearchEngine(path)
    engine.rebuild(CORPUS)
    yield engine
    engine.close()


def search_ids(engine: SQLiteSearchEngine, **kwargs: object) -> list[str]:
    """Return hit ids for a query built from keyword arguments."""
    query = SearchQuery(**kwargs)  # type: ignore[arg-type]
    return [h.document.id for h in engine.search(query).hits]


# ---------------------------------------------------------------- file and lifecycle


def test_make_engine_builds_the_sqlite_engine(path: Path) -> None:
    engine = make_engine("sqlite", sqlite_path=path)
    assert isinstance(engine, SQLiteSearchEngine)
    assert engine.name == "sqlite"
    engine.configure()
    engine.configure()  # idempotent
    assert engine.count() == 0
    assert path.exists()


def test_search_on_a_new_path_creates_an_empty_index(path: Path) -> None:
    engine = SQLiteSearchEngine(path)
    assert engine.search(SearchQuery(text="voetbal")).total == 0
    engine.close()


def test_uses_wal_mode(eng: SQLiteSearchEngine, path: Path) -> None:
    eng.upsert([offer("x", "Yoga")])
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_documents_persist_across_instances(path: Path) -> None:
    first = SQLiteSearchEngine(path)
    first.configure()
    first.upsert(CORPUS)
    first.delete(["chess"])
    first.close()
    second = SQLiteSearchEngine(path)
    assert second.count() == len(CORPUS) - 1
    assert search_ids(second, text="voetbal") == ["football"]
    assert search_ids(second, text="schaakclub", criteria="all") == []
    second.close()


def test_round_trip_of_documents(eng: SQLiteSearchEngine) -> None:
    hits = eng.search(SearchQuery(criteria="all", page_size=100)).hits
    assert {h.document.id: h.document for h in hits} == BY_ID


def test_rebuild_swaps_the_file_and_leaves_no_temporary_files(
    eng: SQLiteSearchEngine,
    path: Path,
) -> None:
    before = path.stat().st_ino
    eng.rebuild([offer("only", "Yoga in het park")])
    assert path.stat().st_ino != before
    assert eng.count() == 1
    assert sorted(p.name for p in path.parent.iterdir() if "building" in p.name) == []


def test_rebuild_by_another_instance_is_seen(eng: SQLiteSearchEngine, path: Path) -> None:
    assert search_ids(eng, text="voetbal") == ["football"]  # pool holds a connection
    other = SQLiteSearchEngine(path)  # e.g. `flask search reindex` in another process
    other.rebuild([offer("new", "Yoga in het park")])
    other.close()
    assert search_ids(eng, text="voetbal") == []
    assert search_ids(eng, text="yoga") == ["new"]
    eng.upsert([offer("more", "Meer yoga")])
    assert eng.count() == 2


def test_write_by_another_instance_is_seen(eng: SQLiteSearchEngine, path: Path) -> None:
    assert eng.count() == len(CORPUS)
    other = SQLiteSearchEngine(path)
    other.upsert([replace(BY_ID["football"], taxonomy_terms=("Basketbal",))])
    other.close()
    assert search_ids(eng, text="voetbal") == []
    assert search_ids(eng, text="basketbal") == ["football"]


def test_failed_rebuild_keeps_the_old_index(eng: SQLiteSearchEngine, path: Path) -> None:
    def broken():  # type: ignore[no-untyped-def]
        yield offer("a", "Eerste")
        raise RuntimeError("source database went away")

    with pytest.raises(RuntimeError):
        eng.rebuild(broken())
    assert eng.count() == len(CORPUS)
    assert [p.name for p in path.parent.iterdir() if "building" in p.name] == []


def test_rebuild_with_repeated_ids_keeps_the_last(path: Path) -> None:
    engine = SQLiteSearchEngine(path)
    engine.rebuild([offer("a", "Eerste versie"), offer("b", "Ander"), offer("a", "Tweede versie")])
    assert engine.count() == 2
    assert search_ids(engine, text="tweede") == ["a"]
    assert search_ids(engine, text="eerste") == []
    engine.close()


def test_an_index_of_another_layout_must_be_rebuilt(path: Path) -> None:
    engine = SQLiteSearchEngine(path)
    engine.configure()
    engine.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 0 WHERE key = 'schema'")
    conn.commit()
    conn.close()
    stale = SQLiteSearchEngine(path)
    with pytest.raises(SearchError):
        stale.configure()
    stale.rebuild(CORPUS)
    assert stale.count() == len(CORPUS)
    stale.close()


def test_health_reports_a_broken_file(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    health = SQLiteSearchEngine(path).health()
    assert not health.ok
    assert health.engine == "sqlite"


def test_upsert_keeps_other_documents_and_replaces_locations(eng: SQLiteSearchEngine) -> None:
    moved = replace(BY_ID["two-places"], points=(GENT,))
    eng.upsert([moved, moved])
    assert eng.count() == len(CORPUS)
    (hit,) = eng.search(SearchQuery(text="wandelbuddy", origin=GENT, criteria="all")).hits
    assert hit.distance_m == pytest.approx(0, abs=1)
    assert search_ids(eng, text="wandelbuddy", origin=ANTWERPEN, radius_km=30, criteria="all") == []


# ---------------------------------------------------------------- threads


def test_concurrent_searches_writes_and_rebuilds(path: Path) -> None:
    engine = SQLiteSearchEngine(path)
    engine.rebuild(CORPUS)
    errors: list[BaseException] = []
    totals: set[int] = set()
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                query = SearchQuery(text="samen", criteria="all", facets=("region",))
                result = engine.search(query)
                totals.add(result.total)
                engine.search(SearchQuery(origin=GENT, radius_km=80, criteria="all"))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    try:
        for i in range(5):
            engine.upsert([offer(f"extra-{i}", "Samen zingen", published=50 + i)])
            engine.rebuild(CORPUS)
            engine.delete(["cooking"])
            engine.rebuild(CORPUS)
    finally:
        stop.set()
        for t in threads:
            t.join()
        engine.close()
    assert errors == []
    base = engine.search(SearchQuery(text="samen", criteria="all")).total
    assert totals <= {base, base + 1, base - 1}


# ---------------------------------------------------------------- Meilisearch rules


def test_first_letter_typo_counts_as_two(eng: SQLiteSearchEngine) -> None:
    # 11 letters allow two typos, and a wrong first letter uses both of them.
    assert search_ids(eng, text="vibliotheek") == ["library"]
    assert search_ids(eng, text="vibliothek") == []
    # 7 letters allow one typo, which cannot be on the first letter.
    assert search_ids(eng, text="vietsen") == []


def test_words_in_most_documents(path: Path) -> None:
    docs = [offer(f"w{i}", "Samen koken" if i % 5 else "Alleen wandelen", published=i)
            for i in range(60)]
    engine = SQLiteSearchEngine(path)
    engine.rebuild(docs)
    want = [d.id for d in sorted(docs, key=lambda d: -d.published_at) if d.id != "w0"
            and int(d.id[1:]) % 5]
    result = engine.search(SearchQuery(text="samen", page_size=100))
    assert [h.document.id for h in result.hits] == want
    assert engine.search(SearchQuery(text="sam", page_size=100)).total == len(want)
    assert engine.search(SearchQuery(text="wandelen", page_size=100)).total == 12
    engine.close()


def test_index_with_another_text_version_is_refused(path: Path) -> None:
    engine = SQLiteSearchEngine(path)
    engine.rebuild(CORPUS)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = value - 1 WHERE key = 'text_version'")
    conn.commit()
    conn.close()
    fresh = SQLiteSearchEngine(path)
    with pytest.raises(SearchError):
        fresh.search(SearchQuery(text="voetbal"))
    with pytest.raises(SearchError):
        fresh.upsert([offer("x", "Yoga")])
    fresh.rebuild(CORPUS)
    assert fresh.search(SearchQuery(text="voetbal")).total == 1
    fresh.close()
    engine.close()


def test_words_after_the_tenth_are_ignored(eng: SQLiteSearchEngine) -> None:
    assert search_ids(eng, text="voetbal " * MAX_QUERY_WORDS + "xyzzy") == ["football"]
    tenth = eng.search(SearchQuery(text="voetbal " * (MAX_QUERY_WORDS - 1) + "xyzzy"))
    # The tenth word counts: it matches nothing, so it is searched no further, and said so.
    assert tenth.left_out == ("xyzzy",)


def osa(a: str, b: str) -> int:
    """Return the optimal-string-alignment distance (a transposition is one edit)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def reference_typos(q: str, term: str, prefix: bool) -> int | None:
    """Return Meilisearch's typo count for `term` against query word `q`, or None."""
    allowed = 0 if len(q) < 5 else 1 if len(q) < 9 else 2
    best: int | None = None
    for cand in [term[:j] for j in range(1, len(term) + 1)] if prefix else [term]:
        if cand[0] == q[0]:
            d = osa(q, cand)
        else:
            d = 2 if allowed == 2 and osa(q, cand) <= 1 else 99
        if d <= allowed and (best is None or d < best):
            best = d
    return best


def engine_typos(m: WordMatch, term: str) -> int | None:
    """Return the typo count the engine's derivations give `term`, or None."""
    if term == m.word or (m.prefix and term.startswith(m.word)):
        return 0
    return m.typo_terms.get(term)


def reference_derivations(q: str, terms: list[str], prefix: bool) -> dict[str, int | None]:
    """Return every term's typo count under Meilisearch's rules and derivation caps."""
    counts = {t: reference_typos(q, t, prefix) for t in terms}
    for typos, cap in ((1, 150), (2, 50)):
        for i, term in enumerate(sorted(t for t, d in counts.items() if d == typos)):
            if i >= cap:
                counts[term] = None
    return counts


def test_typo_derivations_equal_a_brute_force_reference() -> None:
    rng = random.Random(5)
    for _ in range(25):
        terms = list({"".join(rng.choice("abcde") for _ in range(rng.randint(1, 12)))
                      for _ in range(120)})
        vocab = Vocabulary(terms)
        for _ in range(6):
            q = "".join(rng.choice("abcde") for _ in range(rng.randint(4, 11)))
            for prefix in (False, True):
                m = vocab.match(q, prefix)
                want = reference_derivations(q, terms, prefix)
                for term in terms:
                    assert engine_typos(m, term) == want[term], (q, term, prefix)


# ---------------------------------------------------------------- lazy ranking vs full sort

WORDS = [
    "".join(random.Random(i).choice("abdeklmnorst") for _ in range(3 + i % 9)) for i in range(160)
]
FIELD_ORDER = ("title", "summary", "taxonomy", "organisation", "municipality", "description")


def random_documents(n: int, seed: int) -> list[OfferDocument]:
    """Return `n` random documents over a small vocabulary, so typos collide often."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        def words(lo: int, hi: int) -> str:
            return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))

        points = tuple(
            GeoPoint(rng.uniform(50.7, 51.4), rng.uniform(2.6, 5.8))
            for _ in range(rng.choice((0, 1, 1, 1, 2)))
        )
        out.append(OfferDocument(
            id=f"d{i:05d}",
            title={"nl": words(1, 3)},
            summary={"nl": words(1, 4)},
            description_nl=words(0, 12),
            organisation=words(1, 2),
            offer_type=rng.choice(OFFER_TYPES),
            activities=tuple(rng.sample(["a", "b", "c", "d"], rng.randint(0, 2))),
            taxonomy_terms=tuple(words(1, 2) for _ in range(rng.randint(0, 3))),
            municipality=str(rng.randint(1, 5)),
            municipality_name=words(1, 1),
            region=rng.choice(["r1", "r2", "r3"]),
            points=points,
            dutch_context=rng.random() < 0.8,
            social_participation=rng.random() < 0.9,
            weekdays=tuple(d for d in WEEKDAYS if rng.random() < 0.3),
            dayparts=tuple(d for d in DAYPARTS if rng.random() < 0.4),
            free=rng.random() < 0.5,
            wheelchair=rng.random() < 0.4,
            dutch_level=rng.choice(DUTCH_LEVELS),
            published_at=rng.randint(0, 50),  # many ties: the id must break them
        ))
    return out


@pytest.fixture(scope="module")
def big(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SQLiteSearchEngine, list[OfferDocument]]]:
    """Return an engine over 6000 random documents (enough for the large-set code paths)."""
    docs = random_documents(6000, seed=11)
    # No stop words: the reference ranker knows none.
    engine = SQLiteSearchEngine(
        tmp_path_factory.mktemp("big") / "search.sqlite3", lexicon=Lexicon(stop_words={})
    )
    engine.rebuild(docs)
    yield engine, docs
    engine.close()


class Reference:
    """An exhaustive ranker: every document scored on every rule, then fully sorted."""

    def __init__(self, docs: list[OfferDocument]) -> None:
        self.docs = docs
        self.fields = {
            d.id: [set(tokenize(t)) for t in (
                " ".join(d.title.values()), " ".join(d.summary.values()),
                " ".join(d.taxonomy_terms), d.organisation, d.municipality_name,
                d.description_nl)]
            for d in docs
        }
        self.vocab = Vocabulary(sorted({t for fs in self.fields.values() for f in fs for t in f}))

    def ranking(self, text: str) -> list[str]:
        """Return ids ranked by typo, attribute, exactness, newest, id."""
        return reference_ranking(self.docs, self.fields, self.vocab, text)


def reference_ranking(
    docs: list[OfferDocument], fields: dict[str, list[set[str]]], vocab: Vocabulary, text: str
) -> list[str]:
    """Return ids ranked by typo, attribute, exactness, newest, id — computed exhaustively."""
    words = tokenize(text)
    prefix = bool(words) and not text[-1:].isspace()
    matches = [vocab.match(w, prefix and i == len(words) - 1) for i, w in enumerate(words)]
    ranked = []
    for d in docs:
        typos = attribute = exact = 0
        ok = True
        for m in matches:
            best_typo: int | None = None
            best_field: int | None = None
            for f, tokens in enumerate(fields[d.id]):
                for tok in tokens:
                    if not m.matches(tok):
                        continue
                    if tok == m.word or (m.prefix and tok.startswith(m.word)):
                        level = 0
                    else:
                        level = m.typo_terms[tok]
                    best_typo = level if best_typo is None else min(best_typo, level)
                    best_field = f if best_field is None else min(best_field, f)
            if best_typo is None or best_field is None:
                ok = False
                break
            typos += best_typo
            attribute += best_field
            exact += any(m.word in tokens for tokens in fields[d.id])
        if ok:
            ranked.append(((typos, attribute, -exact, -d.published_at, d.id), d.id))
    return [i for _, i in sorted(ranked)]


def all_pages(engine: SQLiteSearchEngine, **kwargs: object) -> list[str]:
    """Return every hit id of a query, page after page."""
    out: list[str] = []
    page = 1
    while True:
        query = SearchQuery(page=page, page_size=100, **kwargs)  # type: ignore[arg-type]
        result = engine.search(query)
        out += [h.document.id for h in result.hits]
        if not result.hits:
            assert len(out) == result.total
            return out
        page += 1


def mutate(word: str, rng: random.Random) -> str:
    """Return `word` with a random typo after its first letter, or unchanged."""
    if len(word) < 5 or rng.random() < 0.3:
        return word
    i = rng.randint(1, len(word) - 2)
    op = rng.choice(("delete", "swap", "replace", "insert"))
    if op == "delete":
        return word[:i] + word[i + 1:]
    if op == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == "replace":
        return word[:i] + "x" + word[i + 1:]
    return word[:i] + "o" + word[i:]


def test_lazy_relevance_ranking_equals_the_full_sort(
    big: tuple[SQLiteSearchEngine, list[OfferDocument]],
) -> None:
    engine, docs = big
    reference = Reference(docs)
    rng = random.Random(3)
    checked = 0
    for _ in range(30):
        words = [mutate(rng.choice(WORDS), rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            words[-1] = words[-1][: max(1, len(words[-1]) - 2)]
        text = " ".join(words) + rng.choice(("", "", " "))
        want = reference.ranking(text)
        if engine.search(SearchQuery(text=text, criteria="all")).left_out:
            # Words are left out only when all of them match nothing together.
            assert want == [], text
            continue
        got = all_pages(engine, text=text, criteria="all")
        assert got == want, text
        checked += bool(want)
    assert checked > 15


def test_pages_of_large_result_sets(big: tuple[SQLiteSearchEngine, list[OfferDocument]]) -> None:
    engine, docs = big
    newest = [d.id for d in sorted(docs, key=lambda d: (-d.published_at, d.id))]
    for page in (1, 2, 37, 60):
        result = engine.search(SearchQuery(criteria="all", page=page, page_size=100))
        assert [h.document.id for h in result.hits] == newest[(page - 1) * 100: page * 100]
    assert engine.search(SearchQuery(criteria="all", page=61, page_size=100)).hits == []


@pytest.mark.parametrize("radius_km", [None, 25.0])
@pytest.mark.parametrize("page", [1, 3, 40])
def test_distance_order_on_many_documents(
    big: tuple[SQLiteSearchEngine, list[OfferDocument]], radius_km: float | None, page: int
) -> None:
    engine, docs = big
    origin = GeoPoint(51.0, 4.2)

    def distance(d: OfferDocument) -> float:
        return min(haversine_m(origin, p) for p in d.points)

    located = [
        d for d in docs if d.points and (radius_km is None or distance(d) <= radius_km * 1000)
    ]
    order = [d.id for d in sorted(located, key=lambda d: (distance(d), -d.published_at, d.id))]
    if radius_km is None:
        order += [d.id for d in sorted((d for d in docs if not d.points),
                                       key=lambda d: (-d.published_at, d.id))]
    result = engine.search(SearchQuery(origin=origin, radius_km=radius_km, criteria="all",
                                       page=page, page_size=50))
    assert result.total == len(order)
    got = [h.document.id for h in result.hits]
    want = order[(page - 1) * 50: page * 50]
    # Equal distances cannot differ in order; allow float noise only at exact ties.
    assert got == want


def test_facets_on_many_documents(big: tuple[SQLiteSearchEngine, list[OfferDocument]]) -> None:
    engine, docs = big
    result = engine.search(SearchQuery(
        criteria="pnt", offer_types=frozenset({"club", "buddy"}), free_only=True,
        activities=frozenset({"a"}), facets=("offer_type", "activity", "dutch_level"),
    ))
    pnt = [d for d in docs if d.pnt_eligible and d.free]
    by_type = [d for d in pnt if "a" in d.activities]
    by_activity = [d for d in pnt if d.offer_type in {"club", "buddy"}]
    both = [d for d in by_type if d.offer_type in {"club", "buddy"}]

    def count(items: list[OfferDocument], key) -> dict[str, int]:  # type: ignore[no-untyped-def]
        out: dict[str, int] = {}
        for d in items:
            for v in key(d):
                out[v] = out.get(v, 0) + 1
        return out

    assert result.total == len(both)
    assert result.facets["offer_type"] == count(by_type, lambda d: [d.offer_type])
    assert result.facets["activity"] == count(by_activity, lambda d: set(d.activities))
    assert result.facets["dutch_level"] == count(both, lambda d: [d.dutch_level])


@pytest.mark.parametrize(
    ("radius_km", "expect"),
    [(0.0, "none"), (-5.0, "none"), (float("inf"), "located"), (1e9, "located"),
     (float("nan"), "all")],
)
def test_odd_radii_never_raise(
    big: tuple[SQLiteSearchEngine, list[OfferDocument]], radius_km: float, expect: str
) -> None:
    engine, docs = big
    result = engine.search(SearchQuery(origin=GeoPoint(51.0, 4.2), radius_km=radius_km,
                                       criteria="all", page=2, page_size=30))
    # A NaN radius is no radius; anything else is clamped to [0, whole Earth].
    counts = {"none": 0, "located": sum(1 for d in docs if d.points), "all": len(docs)}
    assert result.total == counts[expect]


@pytest.mark.parametrize("text", ["", WORDS[7][:3], WORDS[12]])
@pytest.mark.parametrize("radius_km", [8.0, 20.0, 80.0])
def test_radius_by_box_and_by_candidates_agree(
    big: tuple[SQLiteSearchEngine, list[OfferDocument]],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    radius_km: float,
) -> None:
    engine, _ = big
    query = SearchQuery(text=text, origin=GeoPoint(50.95, 4.1), radius_km=radius_km,
                        criteria="all", sort="distance", page_size=100, facets=("region",))
    answers = []
    for threshold in (0, 10**9):  # always the R*Tree box; always the candidates' entries
        monkeypatch.setattr(sqlite_query, "DIRECT_DISTANCE", threshold)
        result = engine.search(query)
        answers.append(([h.document.id for h in result.hits], result.total, result.facets))
    assert answers[0] == answers[1]
    assert answers[0][1] > 0


# ---------------------------------------------------------------- query plans for costly shapes

#: Words in most documents, words with many and few completions, typo neighbours.
COMMON = ("samen", "groep", "welkom")
COMPLETIONS = (
    "samentuin", "samba", "sambal", "samenzang", "samengesteld", "samaritaan", "samoerai",
    "samosa", "samuel", "sampan",
)
OTHERS = (
    "koor", "schaak", "voetbal", "vrijwilligers", "vrijwilliger", "grop", "welcom", "groepen",
    "groepsreis", "koken", "wandelen", "tuin",
)


def common_word_documents(n: int, seed: int) -> list[OfferDocument]:
    """Return documents where a few words are in most of them, in varying attributes."""
    rng = random.Random(seed)

    def words(common: float, others: int) -> str:
        chosen = [w for w in COMMON if rng.random() < common]
        chosen += rng.sample(COMPLETIONS + OTHERS, rng.randint(0, others))
        rng.shuffle(chosen)
        return " ".join(chosen)

    return [
        OfferDocument(
            id=f"c{i:05d}",
            title={"nl": words(0.08, 2) or "titel"},
            summary={"nl": words(0.3, 2)},
            description_nl=words(0.85, 4),
            organisation=words(0.05, 1),
            offer_type=rng.choice(OFFER_TYPES),
            activities=tuple(rng.sample(["a", "b", "c"], rng.randint(0, 2))),
            taxonomy_terms=tuple(words(0.4, 1) for _ in range(rng.randint(0, 2))),
            municipality=str(rng.randint(1, 4)),
            municipality_name=rng.choice(["Gent", "Samenstad", "Groepdorp", "Aalst"]),
            region=rng.choice(["r1", "r2"]),
            points=(GeoPoint(rng.uniform(50.8, 51.2), rng.uniform(3.5, 4.5)),),
            dutch_context=True,
            social_participation=rng.random() < 0.9,
            published_at=rng.randint(0, 40),
        )
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def common(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SQLiteSearchEngine, list[OfferDocument]]]:
    """Return an engine over documents where some words are in most of them."""
    docs = common_word_documents(2500, seed=5)
    engine = SQLiteSearchEngine(tmp_path_factory.mktemp("common") / "search.sqlite3")
    engine.rebuild(docs)
    yield engine, docs
    engine.close()


COSTLY_SHAPES = [
    "samen", "samen ", "sam", "sa", "s", "groep", "grop", "groep ", "welkom samen",
    "samen groep welkom", "groep sam", "welkom sa", "vrijwilligers groep", "vrijwiliger",
    "welkom koor", "samen samen", "groepen welkom", "koor samen groep", "welcom tuin",
]


@pytest.mark.parametrize("text", COSTLY_SHAPES)
def test_ranking_of_common_words_equals_the_full_sort(
    common: tuple[SQLiteSearchEngine, list[OfferDocument]], text: str
) -> None:
    # Common words are asked for as complements, the rarest word restricts the
    # others, prefixes are listed or merged: none of it may change an answer.
    engine, docs = common
    want = Reference(docs).ranking(text)
    by_id = {d.id: d for d in docs}
    for page, size in ((1, 60), (2, 60), (9, 40)):
        engine.clear_caches()
        result = engine.search(SearchQuery(
            text=text, criteria="all", page=page, page_size=size,
            facets=("offer_type", "region"),
        ))
        assert result.total == len(want), text
        assert [h.document.id for h in result.hits] == want[(page - 1) * size: page * size]
        for group in ("offer_type", "region"):
            counts: dict[str, int] = {}
            for i in want:
                value = getattr(by_id[i], group)
                counts[value] = counts.get(value, 0) + 1
            assert result.facets[group] == counts


def test_ranking_with_filters_and_radius_equals_the_full_sort(
    common: tuple[SQLiteSearchEngine, list[OfferDocument]],
) -> None:
    engine, docs = common
    origin = GeoPoint(51.0, 4.0)
    inside = {
        d.id for d in docs
        if d.pnt_eligible and min(haversine_m(origin, p) for p in d.points) <= 12_000
    }
    for text in ("samen groep", "welkom sa", "grop", "koor"):
        engine.clear_caches()
        want = [i for i in Reference(docs).ranking(text) if i in inside]
        got = engine.search(SearchQuery(text=text, origin=origin, radius_km=12, page_size=50))
        assert got.total == len(want)
        assert [h.document.id for h in got.hits] == want[:50]


@pytest.mark.parametrize("limit", [0, 1000])
def test_prefixes_listed_or_merged_agree(
    common: tuple[SQLiteSearchEngine, list[OfferDocument]],
    monkeypatch: pytest.MonkeyPatch,
    limit: int,
) -> None:
    engine, docs = common
    monkeypatch.setattr(vocabulary, "EXPAND_TERMS", limit)
    reference = Reference(docs)
    for text in ("sam", "samen", "groep sam", "groe", "welkom samb"):
        engine.clear_caches()
        assert all_pages(engine, text=text, criteria="all") == reference.ranking(text)


def test_words_seen_in_new_attributes_after_a_write_rank_there(path: Path) -> None:
    engine = SQLiteSearchEngine(path)
    engine.rebuild([
        offer("desc", "Titel", description="yoga in het park", published=9),
        offer("other", "Iets anders", description="wandelen", published=8),
    ])
    # Load the vocabulary, so the write below patches it instead of reloading it.
    assert search_ids(engine, text="yoga", criteria="all") == ["desc"]
    engine.upsert([
        offer("title", "Yoga voor iedereen", published=1),
        offer("fresh", "Nieuw", summary="pilates", published=2),
    ])
    # "yoga" is now in a title too: that document ranks first despite being older.
    assert search_ids(engine, text="yoga", criteria="all") == ["title", "desc"]
    assert search_ids(engine, text="pilates", criteria="all") == ["fresh"]
    assert search_ids(engine, text="pilat", criteria="all") == ["fresh"]
    engine.close()


def test_vocabulary_knows_the_attributes_of_each_derivation() -> None:
    zero = (0,) * 6
    vocab = Vocabulary(
        ["groep", "groepen", "grop", "koor"],
        col_df={
            "groep": (0, 5, 0, 0, 0, 90), "groepen": (2, 0, 0, 0, 0, 0),
            "grop": (0, 0, 7, 0, 0, 0), "koor": zero,
        },
    )
    m = vocab.match("groep", prefix=True)
    assert m.zero_terms == ("groep", "groepen")
    assert m.typo_terms == {"grop": 1}
    assert m.column_mask() == 0b100111
    assert m.column_expr(0) == '"groepen"'
    assert m.column_expr(1) == '"groep"'
    assert m.column_expr(2) == '"grop"'
    assert m.column_expr(3) is None
    assert m.col_min_docs == (2, 5, 7, 0, 0, 90)
    # A term without counts may be in any attribute.
    assert Vocabulary(["groep"]).match("groep", prefix=False).column_mask() == 0b111111
    grown = vocab.extended({"groep": (1, 0, 0, 0, 0, 0), "nieuw": (0, 0, 0, 1, 0, 0)})
    assert "nieuw" in grown.term_set
    assert grown.match("groep", prefix=False).column_mask() == 0b100111  # grop: taxonomy
    assert grown.match("groep", prefix=False).column_expr(0) == '"groep"'
    assert vocab.extended({"groep": (0, 1, 0, 0, 0, 0)}) is vocab


def test_newest_members_by_walking_or_sorting_agree(
    big: tuple[SQLiteSearchEngine, list[OfferDocument]],
) -> None:
    engine, _ = big
    rng = random.Random(9)
    with engine._reader() as conn:
        state = engine._state_for(conn)
        order = state.order
        sets = [
            order[-300:],  # the oldest only: walking finds nothing for a long time
            order[:50] + order[-50:],
            rng.sample(order, 40),
            rng.sample(order, 900),
            rng.sample(order, 5000),
        ]
        for members in sets:
            bitmap = bitmaps.bitmap_of(members)
            ranked = sorted(members, key=state.rank_of.__getitem__)
            for skip, need in ((0, 20), (0, 1), (35, 20), (len(members) - 5, 20)):
                assert state.take_newest(bitmap, skip, need) == ranked[skip: skip + need]


def test_bitmap_of_a_list_of_numbers() -> None:
    assert bitmaps.bitmap_of_csv(None) == 0
    assert bitmaps.bitmap_of_csv("") == 0
    assert bitmaps.bitmap_of_csv("5,1,5,64,1000") == bitmaps.bitmap_of([1, 5, 64, 1000])


def test_ascii_token_spans_equal_the_general_path() -> None:
    # Highlighting cuts ASCII text with a fast path; it must cut like the general one.
    from search_index import normalize

    rng = random.Random(4)
    alphabet = "abcXYZ019 _-.,!?'\"\t\n\x00\x1f\x7f@"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        general = [
            (m.start(), m.end(), normalize.normalize_word(m.group()))
            for m in normalize._ORIGINAL_WORD.finditer(text)
        ]
        assert normalize.token_spans(text) == general, repr(text)
