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

TEXT_QUERIES = (
    "voetbal", "koken", "praattafel", "fietsen", "bibliotheek", "football", "футбол", "koor",
    "moestuin", "vrijwilliger", "kringwinkel", "dansen", "schaak", "repair", "zwemmen",
    "كرة القدم", "wandelen", "theater", "naaien", "kinderen",
)
BROAD_QUERIES = ("vrijwilligers", "samen", "nederlands", "welkom", "groep", "buren")
PLACES = (
    (51.0543, 3.7174), (51.2199, 4.4035), (50.8798, 4.7005), (51.2093, 3.2247),
    (50.9307, 5.3325), (50.8504, 4.3488), (51.0257, 4.4776), (50.8283, 3.2649),
    (51.1663, 4.9934), (50.9424, 4.0388),
)


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the pct-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[rank]


def query_sets(rng: random.Random, n: int) -> dict[str, list[dict[str, object]]]:
    """Return the query parameter sets per query kind (API names; engine maps them)."""
    sets: dict[str, list[dict[str, object]]] = {k: [] for k in ("text", "broad", "filters", "geo", "combined")}
    for _ in range(n):
        lat, lon = rng.choice(PLACES)
        sets["text"].append({"q": rng.choice(TEXT_QUERIES)})
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
            {"q": rng.choice(TEXT_QUERIES), "lat": lat, "lon": lon, "radius_km": 15, "criteria": "pnt"}
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


class PythonScan:
    """The naive baseline: a linear scan over documents in plain Python."""

    def __init__(self, docs: list[OfferDocument]) -> None:
        self.rows = []
        for d in docs:
            text = " ".join([*d.title.values(), *d.summary.values(), d.description_nl, d.organisation, *d.taxonomy_terms, d.municipality_name])
            self.rows.append((d, set(tokenize(text))))

    def search(self, q: SearchQuery) -> list[tuple[float, OfferDocument]]:
        """Return matching documents with their distance, nearest first."""
        tokens = tokenize(q.text)
        out = []
        for doc, vocab in self.rows:
            if q.criteria == "pnt" and not doc.pnt_eligible:
                continue
            if q.offer_types and doc.offer_type not in q.offer_types:
                continue
            if q.weekdays and not set(doc.weekdays) & q.weekdays:
                continue
            if q.free_only and not doc.free:
                continue
            if tokens and not all(t in vocab for t in tokens):
                continue
            dist = 0.0
            if q.origin is not None:
                if not doc.points:
                    continue
                dist = min(_haversine(q.origin.lat, q.origin.lon, p.lat, p.lon) for p in doc.points)
                if q.radius_km is not None and dist > q.radius_km * 1000:
                    continue
            out.append((dist, doc))
        out.sort(key=lambda item: item[0])
        return out[:20]


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
        eng = time_calls(lambda p: engine.search(to_query(p)), combined)
        report["python_scan_combined_p50"] = round(percentile(ms, 50), 2)
        report["engine_combined_p50_same_queries"] = round(percentile(eng, 50), 2)
        report["speedup_vs_scan"] = round(percentile(ms, 50) / max(percentile(eng, 50), 1e-6), 1)
    return report


def markdown(reports: list[dict[str, object]]) -> str:
    """Return the reports as Markdown tables."""
    lines = ["| offers | build s | index MB | kind | engine p50 ms | engine p95 ms | HTTP p50 ms | HTTP p95 ms | mean hits |", "|---|---|---|---|---|---|---|---|---|"]
    for r in reports:
        for kind, lat in r["engine"].items():  # type: ignore[union-attr]
            http_lat = r.get("http", {}).get(kind, {})  # type: ignore[union-attr]
            lines.append(
                f"| {r['size']:,} | {r['build_s']} | {r['index_mb']} | {kind} | {lat['p50']} | {lat['p95']} | "
                f"{http_lat.get('p50', '–')} | {http_lat.get('p95', '–')} | {r['mean_total_hits'][kind]} |"  # type: ignore[index]
            )
    lines.append("")
    for r in reports:
        if "speedup_vs_scan" in r:
            lines.append(
                f"- {r['size']:,} offers: Python scan p50 {r['python_scan_combined_p50']} ms vs engine "
                f"{r['engine_combined_p50_same_queries']} ms on combined queries: {r['speedup_vs_scan']}× faster."
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
