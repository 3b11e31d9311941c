"""The relevance set (relevance/) and the floors search relevance must stay above.

The floors come from the first measurement (docs/relevance.md) minus a small margin;
raise them when the figures improve, never lower them to let a change through.
"""

from __future__ import annotations

import pytest

from relevance.evaluate import (
    LOCALES,
    Scores,
    load_corpus,
    load_queries,
    measure,
    ndcg_at_k,
    recall_at_k,
)

#: locale: (nDCG@10 at least, recall@10 at least, zero-result rate at most)
FLOORS: dict[str, tuple[float, float, float]] = {
    "nl": (0.93, 0.92, 0.0),
    "en": (0.94, 0.93, 0.0),
    "fr": (0.98, 0.98, 0.0),
    "ar": (0.89, 0.91, 0.06),
    "uk": (0.98, 0.98, 0.0),
    "ru": (0.98, 0.98, 0.0),
    "tr": (0.98, 0.98, 0.0),
    "fa-AF": (0.98, 0.98, 0.0),
    "ps": (0.98, 0.98, 0.0),
    "ti": (0.98, 0.98, 0.0),
    "so": (0.98, 0.98, 0.0),
    "ro": (0.98, 0.98, 0.0),
    "pl": (0.98, 0.98, 0.0),
    "es": (0.98, 0.98, 0.0),
    "all": (0.96, 0.96, 0.01),
}


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, Scores]]:
    """Measure the embedded engine on the set once for this module."""
    return measure("sqlite")


def test_the_set_covers_every_locale_and_kind() -> None:
    queries = load_queries()
    corpus_ids = {d.id for d in load_corpus()}
    assert len(queries) >= 150
    assert {q.locale for q in queries} == set(LOCALES)
    assert {q.kind for q in queries} == {"word", "phrase", "family", "sentence", "typo", "place"}
    for q in queries:
        assert q.relevant and q.relevant <= corpus_ids, q.id
    assert len({q.id for q in queries}) == len(queries)


def test_metrics_on_known_rankings() -> None:
    relevant = frozenset({"a", "b"})
    assert ndcg_at_k(["a", "b", "c"], relevant) == pytest.approx(1.0)
    assert ndcg_at_k(["c", "a", "b"], relevant) == pytest.approx(
        (1 / 1.584962500721156 + 1 / 2.0) / (1 + 1 / 1.584962500721156)
    )
    assert ndcg_at_k(["c"], relevant) == 0.0
    assert recall_at_k(["a", "c"], relevant) == 0.5
    # More than ten relevant offers: ten found in the top ten is full recall.
    many = frozenset(str(i) for i in range(15))
    assert recall_at_k([str(i) for i in range(10)], many) == 1.0


@pytest.mark.parametrize("locale", [*LOCALES, "all"])
def test_relevance_stays_above_the_floors(scores: dict[str, dict[str, Scores]], locale: str) -> None:
    ndcg, recall, zero = scores["locale"][locale].row()
    least_ndcg, least_recall, most_zero = FLOORS[locale]
    assert ndcg >= least_ndcg, f"{locale}: nDCG@10 {ndcg:.3f} < {least_ndcg}"
    assert recall >= least_recall, f"{locale}: recall@10 {recall:.3f} < {least_recall}"
    assert zero <= most_zero, f"{locale}: zero-result rate {zero:.3f} > {most_zero}"
