"""Measure search relevance on the fixed relevance set: nDCG@10, recall@10, zero results.

``make relevance`` runs this on the embedded engine (and on Meilisearch with
``--engine meilisearch`` and ``MEILI_URL``).  The set and the figures are explained in
docs/relevance.md; tests/unit/test_relevance.py fails below the thresholds there.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from search_index.contract import GeoPoint, OfferDocument, SearchEngine, SearchQuery
from search_index.lexicon import Lexicon

HERE = Path(__file__).resolve().parent
K = 10
LOCALES = ("nl", "en", "fr", "ar", "uk", "ru", "tr", "fa-AF", "ps", "ti", "so", "ro", "pl", "es")


@dataclass(frozen=True)
class Judged:
    """One query of the set with the offers judged relevant."""

    id: str
    locale: str
    kind: str
    text: str
    relevant: frozenset[str]


@dataclass
class Scores:
    """Sums over a group of queries."""

    queries: int = 0
    ndcg: float = 0.0
    recall: float = 0.0
    zero: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ndcg: float, recall: float, zero: bool, qid: str) -> None:
        """Add one query's figures."""
        self.queries += 1
        self.ndcg += ndcg
        self.recall += recall
        self.zero += int(zero)
        if recall < 1.0:
            self.misses.append(qid)

    def row(self) -> tuple[float, float, float]:
        """Return mean nDCG@10, mean recall@10 and the zero-result rate."""
        n = max(1, self.queries)
        return self.ndcg / n, self.recall / n, self.zero / n


def load_corpus(path: Path = HERE / "corpus.json") -> list[OfferDocument]:
    """Return the fixed test corpus as documents."""
    data = json.loads(path.read_text(encoding="utf-8"))
    terms = data["terms"]
    places = data.get("place_names", {})
    return [
        OfferDocument(
            id=o["id"], title=o["title"], summary=o["summary"], description_nl=o["description_nl"],
            organisation=o["organisation"], offer_type=o["offer_type"],
            activities=tuple(o["activities"]), taxonomy_terms=tuple(terms[o["terms"]]),
            municipality=o["municipality"], municipality_name=o["municipality_name"],
            place_names=tuple(places.get(o["municipality"], ())),
            region=o["region"], points=tuple(GeoPoint(lat, lon) for lat, lon in o["points"]),
            dutch_context=True, social_participation=True, published_at=o["published_at"],
        )
        for o in data["offers"]
    ]


def load_queries(path: Path = HERE / "queries.json") -> list[Judged]:
    """Return the judged queries."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Judged(q["id"], q["locale"], q["kind"], q["text"], frozenset(q["relevant"]))
            for q in data["queries"]]


def ndcg_at_k(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    """Return nDCG@k with binary gains (1 for a relevant offer)."""
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at_k(ranked: Sequence[str], relevant: frozenset[str], k: int = K) -> float:
    """Return the share of relevant offers in the top k (out of at most k)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / min(k, len(relevant))


def evaluate(engine: SearchEngine, queries: Iterable[Judged]) -> dict[str, dict[str, Scores]]:
    """Run every query; return scores per locale and per kind (and "all")."""
    out: dict[str, dict[str, Scores]] = {"locale": defaultdict(Scores), "kind": defaultdict(Scores)}
    for q in queries:
        result = engine.search(SearchQuery(text=q.text, locale=q.locale, criteria="all", page_size=K))
        ranked = [h.document.id for h in result.hits]
        nd, rc = ndcg_at_k(ranked, q.relevant), recall_at_k(ranked, q.relevant)
        for group, key in (("locale", q.locale), ("locale", "all"), ("kind", q.kind)):
            out[group][key].add(nd, rc, result.total == 0, q.id)
    return out


def sqlite_engine(folder: Path, lexicon: Lexicon) -> SearchEngine:
    """Return the embedded engine on a fresh file in `folder`."""
    from search_index.sqlite import SQLiteSearchEngine

    return SQLiteSearchEngine(folder / "relevance.sqlite3", lexicon=lexicon)


def shipped_lexicon() -> Lexicon:
    """Return the lexicon the application builds from its taxonomy."""
    from aanbodplatform.services.taxonomy import load_taxonomy

    return load_taxonomy().search_lexicon()


def measure(engine_name: str = "sqlite", plain: bool = False) -> dict[str, dict[str, Scores]]:
    """Index the corpus in a fresh engine and score the set.

    `plain` reads queries without phrases, families or stop words (for comparison).
    """
    lexicon = Lexicon(stop_words={}) if plain else shipped_lexicon()
    with tempfile.TemporaryDirectory() as tmp:
        if engine_name == "sqlite":
            engine = sqlite_engine(Path(tmp), lexicon)
        else:
            from search_index.meili_engine import MeiliSearchEngine

            url = os.environ.get("MEILI_URL")
            if not url:
                raise SystemExit("MEILI_URL is not set")
            engine = MeiliSearchEngine(url, os.environ.get("MEILI_API_KEY"),
                                       index_name="relevance_set", lexicon=lexicon)
            engine.configure()
        engine.rebuild(load_corpus())
        try:
            return evaluate(engine, load_queries())
        finally:
            drop = getattr(engine, "drop", None)
            if engine_name != "sqlite" and callable(drop):
                drop()
            close = getattr(engine, "close", None)
            if callable(close):
                close()


def report(scores: dict[str, dict[str, Scores]]) -> str:
    """Return the figures as a plain-text table."""
    lines = [f"{'':10} {'queries':>7} {'nDCG@10':>8} {'recall@10':>9} {'zero':>6}"]
    for group, keys in (("locale", (*LOCALES, "all")), ("kind", sorted(scores["kind"]))):
        lines.append(f"-- per {group}")
        for key in keys:
            s = scores[group][key]
            nd, rc, zr = s.row()
            lines.append(f"{key:10} {s.queries:7d} {nd:8.3f} {rc:9.3f} {zr:6.1%}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures; with --misses, the queries not fully recalled."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "meilisearch"), default="sqlite")
    parser.add_argument("--misses", action="store_true", help="list queries below full recall")
    parser.add_argument("--plain", action="store_true",
                        help="no phrases, families or stop words (to compare)")
    args = parser.parse_args(argv)
    scores = measure(args.engine, plain=args.plain)
    print(f"relevance set: {len(load_queries())} queries, {len(load_corpus())} offers,"
          f" engine {args.engine}{' (plain)' if args.plain else ''}")
    print(report(scores))
    if args.misses:
        by_id = {q.id: q for q in load_queries()}
        for qid in scores["locale"]["all"].misses:
            q = by_id[qid]
            print(f"  {qid} [{q.kind}] {q.text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
