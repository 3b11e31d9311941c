"""Measure the embedded search engine on synthetic catalogues; print a Markdown report.

    python -m bench.run [--sizes 1000,10000,100000] [--queries 200] [--no-http] [--no-scan]

For each size: index build time and size, p50/p95 latency of text, broad, filter-only,
geo-radius and combined queries (all with the six facet groups the search page asks
for), the same queries through the HTTP API on a local server, and a plain Python scan
over the same documents as the baseline.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlencode

from bench.synthetic import synthetic_documents
from search_index import FACETS, GeoPoint, OfferDocument, SearchQuery
from search_index.normalize import tokenize
from search_index.sqlite_engine import SQLiteSearchEngine

BROAD_QUERIES = ("vrijwilligers", "samen", "nederlands", "welkom", "groep", "buren")


def _text_pool() -> list[str]:
    """Return realistic one- and two-word queries: taxonomy words in every locale."""
    from aanbodplatform.services.taxonomy import get_taxonomy

    words: dict[str, None] = {}
    taxonomy = get_taxonomy()
    for term in [*taxonomy.offer_types.values(), *taxonomy.activities.values()]:
        for word in term.all_words():
            words.setdefault(word, None)
    return sorted(words)


def _with_typo(rng: random.Random, text: str) -> str:
    """Swap two inner letters of a long word, as a hurried typist would."""
    if len(text) < 6 or " " in text:
        return text
    i = rng.randint(1, len(text) - 3)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


def query_sets(rng: random.Random, n: int) -> dict[str, list[dict[str, object]]]:
    """Return the query parameter sets per query kind (API names; engine maps them).

    Words come from the whole taxonomy in every locale (a fifth with a typo) and
    places from all 304 municipalities, so repeated queries rarely hit a warm cache.
    """
    from aanbodplatform.services.regions import municipalities

    pool = _text_pool()
    places = [(m.lat, m.lon) for m in municipalities().values()]
    sets: dict[str, list[dict[str, object]]] = {k: [] for k in ("text", "broad", "filters", "geo", "combined")}
    for _ in range(n):
        lat, lon = rng.choice(places)
        word = rng.choice(pool)
        text = _with_typo(rng, word) if rng.random() < 0.2 else word
        sets["text"].append({"q": text})
        sets["broad"].append({"q": rng.choice(BROAD_QUERIES)})
        sets["filters"].append(
            {
                "type": rng.choice(("volunteering", "club", "conversation_table")),
                "weekday": rng.choice(("mon", "wed", "sat")),
                "dutch_level": rng.choice(("A1", "A2")),
                "free": "true",
            }
        )
        sets["geo"].append({"lat": lat, "lon": lon, "radius_km": 15})
        sets["combined"].append(
            {"q": rng.choice(pool), "lat": lat, "lon": lon, "radius_km": 15, "criteria": "pnt"}
        )
    return sets


def to_query(params: dict[str, object]) -> SearchQuery:
    """Turn API-style parameters into the engine's query (criteria pnt by default)."""
    origin = GeoPoint(params["lat"], params["lon"]) if "lat" in params else None  # type: ignore[arg-type]
    return SearchQuery(
        text=str(params.get("q", "")),
        criteria=str(params.get("criteria", "pnt")),
        offer_types=frozenset([params["type"]]) if "type" in params else frozenset(),  # type: ignore[list-item]
        weekdays=frozenset([params["weekday"]]) if "weekday" in params else frozenset(),  # type: ignore[list-item]
        dutch_level=params.get("dutch_level"),  # type: ignore[arg-type]
        free_only="free" in params,
        origin=origin,
        radius_km=float(params["radius_km"]) if "radius_km" in params else None,  # type: ignore[arg-type]
        page_size=20,
        facets=FACETS,
    )


def time_calls(call: Callable[[dict[str, object]], object], params: list[dict[str, object]]) -> list[float]:
    """Return the latency in ms of each call (after a short warm-up)."""
    for p in params[:10]:
        call(p)
    out = []
    for p in params:
        start = time.perf_counter()
        call(p)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _osa(a: str, b: str, limit: int) -> int:
    """Return the optimal-string-alignment distance of a and b (capped at limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _budget(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


class PythonScan:
    """The baseline: the same query semantics as the engine, as a plain Python scan.

    Every document is visited; text matching has the same typo and prefix rules (with
    a per-query memo so each distinct word is compared once), disjunctive facets over
    the six groups are counted, and the page is sorted like the engine sorts it.
    """

    GROUPS = ("offer_type", "activity", "region", "weekday", "daypart", "dutch_level")

    def __init__(self, docs: list[OfferDocument]) -> None:
        self.rows = []
        for d in docs:
            text = " ".join([*d.title.values(), *d.summary.values(), d.description_nl, d.organisation, *d.taxonomy_terms, d.municipality_name])
            self.rows.append((d, frozenset(tokenize(text))))

    def search(self, q: SearchQuery) -> tuple[int, list[tuple[float, OfferDocument]], dict[str, dict[str, int]]]:
        """Return the total, the first page and the facet counts."""
        tokens = tokenize(q.text)
        prefix_last = bool(tokens) and not q.text[-1:].isspace()
        memo: list[dict[str, int | None]] = [{} for _ in tokens]
        levels = ("none", "A1", "A2", "B1")
        max_level = levels.index(q.dutch_level) if q.dutch_level in levels else 3

        def word_typos(i: int, vocab: frozenset[str]) -> int | None:
            best: int | None = None
            token, cache = tokens[i], memo[i]
            for word in vocab:
                if word not in cache:
                    limit = _budget(token)
                    dist = _osa(token, word, limit)
                    if prefix_last and i == len(tokens) - 1 and len(word) > len(token):
                        dist = min(dist, _osa(token, word[: len(token)], limit))
                    cache[word] = dist if dist <= limit else None
                found = cache[word]
                if found is not None and (best is None or found < best):
                    best = found
            return best

        hits: list[tuple[tuple, float, OfferDocument]] = []
        facets: dict[str, dict[str, int]] = {g: {} for g in self.GROUPS}
        for doc, vocab in self.rows:
            if q.criteria == "pnt" and not doc.pnt_eligible:
                continue
            if q.free_only and not doc.free:
                continue
            if q.wheelchair and not doc.wheelchair:
                continue
            typos = 0
            matched = True
            for i in range(len(tokens)):
                found = word_typos(i, vocab)
                if found is None:
                    matched = False
                    break
                typos += found
            if not matched:
                continue
            dist = 0.0
            if q.origin is not None:
                if not doc.points:
                    if q.radius_km is not None:
                        continue
                    dist = math.inf
                else:
                    dist = min(_haversine(q.origin.lat, q.origin.lon, p.lat, p.lon) for p in doc.points)
                    if q.radius_km is not None and dist > q.radius_km * 1000:
                        continue
            values = {
                "offer_type": (doc.offer_type,),
                "activity": doc.activities,
                "region": (doc.region,),
                "weekday": doc.weekdays,
                "daypart": doc.dayparts,
                "dutch_level": (doc.dutch_level,),
            }
            failing = [
                g
                for g, wanted in (
                    ("offer_type", q.offer_types),
                    ("activity", q.activities),
                    ("region", q.regions),
                    ("weekday", q.weekdays),
                    ("daypart", q.dayparts),
                )
                if wanted and not set(values[g]) & wanted
            ]
            if levels.index(doc.dutch_level) > max_level:
                failing.append("dutch_level")
            if len(failing) > 1:
                continue
            for group in failing or self.GROUPS:
                for value in values[group]:
                    facets[group][value] = facets[group].get(value, 0) + 1
            if failing:
                continue
            sort = q.effective_sort()
            key = (typos, -doc.published_at) if sort == "relevance" else (dist,) if sort == "distance" else (-doc.published_at,)
            hits.append((key, dist, doc))
        hits.sort(key=lambda item: item[0])
        page = [(dist, doc) for _key, dist, doc in hits[: q.clamped_page_size()]]
        return len(hits), page, facets


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_008.8 * 2 * math.asin(math.sqrt(a))


def serve_api(instance: Path) -> tuple[object, int]:
    """Start the app on a free loopback port, serving the given instance's index."""
    from werkzeug.serving import make_server

    from aanbodplatform import create_app

    app = create_app(
        {
            "APP_ENV": "development",
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "bench-" + "k" * 40,
        }
    )
    import logging

    from aanbodplatform.cli import run_migrations

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # The API reads the database too (the nearest of several locations): give it an empty one.
    run_migrations(app.extensions["settings"].database_url)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_port


def bench_size(size: int, n_queries: int, http_too: bool, scan_too: bool, workdir: Path) -> dict[str, object]:
    """Build an index of `size` documents and measure it."""
    rng = random.Random(size)
    docs = list(synthetic_documents(size))
    instance = workdir / f"instance-{size}"
    instance.mkdir(parents=True, exist_ok=True)
    engine = SQLiteSearchEngine(instance / "search.sqlite3")
    engine.configure()
    start = time.perf_counter()
    engine.rebuild(iter(docs))
    build_s = time.perf_counter() - start
    size_mb = sum(f.stat().st_size for f in instance.glob("search.sqlite3*")) / 1e6
    report: dict[str, object] = {"size": size, "build_s": round(build_s, 2), "index_mb": round(size_mb, 1)}
    sets = query_sets(rng, n_queries)
    latencies: dict[str, dict[str, float]] = {}
    totals: dict[str, float] = {}
    for kind, params in sets.items():
        ms = time_calls(lambda p: engine.search(to_query(p)), params)
        latencies[kind] = {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2)}
        totals[kind] = statistics.mean(engine.search(to_query(p)).total for p in params[:20])
    report["engine"] = latencies
    report["mean_total_hits"] = {k: round(v) for k, v in totals.items()}

    def cold_search(p: dict[str, object]) -> object:
        engine.clear_caches()
        return engine.search(to_query(p))

    report["engine_cold"] = {}
    for kind, params in sets.items():
        ms = time_calls(cold_search, params)
        report["engine_cold"][kind] = {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2)}  # type: ignore[index]
    if http_too:
        server, port = serve_api(instance)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def call(p: dict[str, object]) -> None:
            conn.request("GET", "/api/v1/offers?" + urlencode(p))
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")

        http_lat = {}
        for kind, params in sets.items():
            ms = time_calls(call, params)
            http_lat[kind] = {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2)}
        report["http"] = http_lat
        conn.close()
        server.shutdown()  # type: ignore[attr-defined]
    if scan_too:
        scan = PythonScan(docs)
        combined = sets["combined"][: max(20, n_queries // 5)]
        ms = time_calls(lambda p: scan.search(to_query(p)), combined)
        eng = time_calls(cold_search, combined)
        report["python_scan_combined_p50"] = round(percentile(ms, 50), 2)
        report["engine_combined_p50_same_queries"] = round(percentile(eng, 50), 2)
        report["speedup_vs_scan"] = round(percentile(ms, 50) / max(percentile(eng, 50), 1e-6), 1)
    return report


def markdown(reports: list[dict[str, object]]) -> str:
    """Return the reports as Markdown tables."""
    lines = [
        "| offers | build s | index MB | kind | engine p50 ms | engine p95 ms | cold p50 ms | cold p95 ms | HTTP p50 ms | HTTP p95 ms | mean hits |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        for kind, lat in r["engine"].items():  # type: ignore[union-attr]
            http_lat = r.get("http", {}).get(kind, {})  # type: ignore[union-attr]
            cold = r["engine_cold"][kind]  # type: ignore[index]
            lines.append(
                f"| {r['size']:,} | {r['build_s']} | {r['index_mb']} | {kind} | {lat['p50']} | {lat['p95']} | "
                f"{cold['p50']} | {cold['p95']} | "
                f"{http_lat.get('p50', '–')} | {http_lat.get('p95', '–')} | {r['mean_total_hits'][kind]} |"  # type: ignore[index]
            )
    lines.append("")
    for r in reports:
        if "speedup_vs_scan" in r:
            lines.append(
                f"- {r['size']:,} offers: Python scan p50 {r['python_scan_combined_p50']} ms vs engine "
                f"{r['engine_combined_p50_same_queries']} ms on combined queries (engine with cold caches): {r['speedup_vs_scan']}× faster."
            )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-scan", action="store_true")
    parser.add_argument("--workdir", default=None)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="aanbod-bench-"))
    reports = []
    for size in sizes:
        print(f"… {size:,} offers", flush=True)
        reports.append(bench_size(size, args.queries, not args.no_http, not args.no_scan, workdir))
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(reports, indent=2), encoding="utf-8")
    print(f"\nMachine: {os.cpu_count()} cores; queries per kind: {args.queries}\n")
    print(markdown(reports))


if __name__ == "__main__":
    main()
