"""Measure the embedded search engine on synthetic catalogues beside Tantivy; print Markdown.

    python -m bench.run [--sizes 1000,10000,100000] [--queries 300] [--runs 2]
                        [--no-http] [--no-scan] [--no-tantivy] [--import-rows 50000]

For each size: build time, size and opening time of both indexes; per query class
(text, broad, filters, geo, combined, common word + 15 km), the latency of the embedded
engine (warm and cold caches) and of Tantivy, the engines interleaved query by query;
the HTTP API's overhead over the engine; a plain Python scan over the same documents as
the baseline.  Every timed pass is repeated `--runs` times: the report gives the median
over runs of each run's p50 and p95, and the spread of the p50s.  Then the CSV import
of `--import-rows` rows into a fresh database (rows per second).
"""

from __future__ import annotations

import argparse
import csv
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
from typing import Any
from urllib.parse import urlencode

from bench.synthetic import synthetic_documents
from search_index import FACETS, GeoPoint, OfferDocument, SearchQuery
from search_index.geo import haversine_m
from search_index.normalize import tokenize
from search_index.sqlite import SQLiteSearchEngine

#: Words in most synthetic offers (each in about 80 % of them; the class needs >= 30 %).
BROAD_QUERIES = ("vrijwilligers", "samen", "nederlands", "welkom", "groep", "buren")
#: Query classes; "common_radius" is a common word within 15 km (the newcomer near home).
CLASSES = ("text", "broad", "filters", "geo", "combined", "common_radius")
#: Classes the plain Python scan is timed on (it takes about a second per query at 100k).
SCAN_CLASSES = ("combined", "common_radius")


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
    sets: dict[str, list[dict[str, object]]] = {k: [] for k in CLASSES}
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
            {"q": rng.choice(pool), "lat": lat, "lon": lon, "radius_km": 15, "criteria": "pnt", "sort": "relevance"}
        )
        lat2, lon2 = rng.choice(places)
        sets["common_radius"].append(
            {"q": rng.choice(BROAD_QUERIES), "lat": lat2, "lon": lon2, "radius_km": 15, "criteria": "pnt", "sort": "relevance"}
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
        sort=params.get("sort"),  # type: ignore[arg-type]
        page_size=20,
        facets=FACETS,
    )


def time_calls(call: Callable[[dict[str, object]], object], params: list[dict[str, object]]) -> list[float]:
    """Return the latency in ms of each call (after a short warm-up)."""
    return time_interleaved({"one": call}, params)["one"]


def time_interleaved(
    calls: dict[str, Callable[[dict[str, object]], object]], params: list[dict[str, object]]
) -> dict[str, list[float]]:
    """Return per engine the latency in ms of each query, engines taking turns per query.

    The engine that goes first changes from query to query, so neither profits from
    the other having warmed the page cache, and load on the machine hits both alike.
    """
    names = list(calls)
    for p in params[:10]:
        for name in names:
            calls[name](p)
    out: dict[str, list[float]] = {name: [] for name in names}
    for i, p in enumerate(params):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            start = time.perf_counter()
            calls[name](p)
            out[name].append((time.perf_counter() - start) * 1000)
    return out


def summarise(runs: list[list[float]]) -> dict[str, float]:
    """Return the median over runs of p50 and p95, and the spread of the p50s (in %)."""
    p50s = [percentile(ms, 50) for ms in runs]
    p95s = [percentile(ms, 95) for ms in runs]
    mid = statistics.median(p50s)
    return {
        "p50": round(mid, 2),
        "p95": round(statistics.median(p95s), 2),
        "spread_pct": round(100 * (max(p50s) - min(p50s)) / mid, 1) if mid else 0.0,
        "runs_p50": [round(v, 2) for v in p50s],
        "runs_p95": [round(v, 2) for v in p95s],
    }


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


def _typos(token: str, word: str, limit: int) -> int:
    """Return the typos between a query token and a word, as Meilisearch counts them.

    A typo on the first letter counts as two: allowed only with a budget of two and
    when nothing else differs.
    """
    dist = _osa(token, word, limit)
    if dist and word[:1] != token[:1]:
        return 2 if dist == 1 else limit + 1
    return dist


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
                    dist = _typos(token, word, limit)
                    if prefix_last and i == len(tokens) - 1:
                        # The word may start with the token within the typo budget, and a
                        # typo may change the length: "rumst" starts "rusthuis" (one typo).
                        lengths = range(max(1, len(token) - limit), min(len(word), len(token) + limit) + 1)
                        dist = min([dist, *(_typos(token, word[:n], limit) for n in lengths)])
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
                    dist = min(haversine_m(q.origin, p) for p in doc.points)
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


def serve_api(instance: Path) -> tuple[object, int]:
    """Start the app on a free loopback port, serving the given instance's index."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class NoDelayHandler(WSGIRequestHandler):
        """Send small writes at once, as gunicorn's sockets do (TCP_NODELAY).

        Werkzeug writes the headers and the body separately; with Nagle's algorithm
        the body waits for the client's delayed ACK (up to 40 ms on loopback), which
        measured the bench's server, not the application.
        """

        disable_nagle_algorithm = True

    app = _app(instance)
    import logging

    from aanbodplatform.cli import run_migrations

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    # The API reads the database for nothing but a fallback: give it an empty one.
    run_migrations(app.extensions["settings"].database_url)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=NoDelayHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_port


def _server_timing(header: str) -> dict[str, float]:
    """Return the durations (ms) of a Server-Timing header by metric name."""
    out: dict[str, float] = {}
    for metric in header.split(","):
        name, _, params = metric.strip().partition(";")
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "dur":
                try:
                    out[name] = float(value)
                except ValueError:
                    pass
    return out


def _app(instance: Path):  # type: ignore[no-untyped-def]
    """Return the application on a bench instance folder."""
    from aanbodplatform import create_app

    return create_app(
        {"APP_ENV": "development", "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench-" + "k" * 40}
    )


def _timed_open(path: Path, times: int = 3) -> float:
    """Return the median ms a fresh engine takes to open an index (``configure()``)."""
    out = []
    for _ in range(times):
        engine = SQLiteSearchEngine(path)
        start = time.perf_counter()
        engine.configure()
        out.append((time.perf_counter() - start) * 1000)
        engine.close()
    return round(statistics.median(out), 1)


def bench_size(
    size: int, n_queries: int, runs: int, http_too: bool, scan_too: bool, tantivy_too: bool, workdir: Path
) -> dict[str, object]:
    """Build both indexes of `size` documents and measure them side by side."""
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
    report: dict[str, object] = {
        "size": size,
        "queries": n_queries,
        "runs": runs,
        "sqlite": {"build_s": round(build_s, 2), "index_mb": round(size_mb, 1), "open_ms": _timed_open(engine.path)},
    }
    print(f"  sqlite: built in {build_s:.1f} s, {size_mb:.0f} MB", flush=True)
    engine = SQLiteSearchEngine(instance / "search.sqlite3")
    engine.configure()
    peer = None
    if tantivy_too:
        from bench.tantivy_peer import TantivyPeer, timed_open

        peer = TantivyPeer(workdir / f"tantivy-{size}")
        start = time.perf_counter()
        peer.build(docs)
        peer_build = time.perf_counter() - start
        report["tantivy"] = {
            "build_s": round(peer_build, 2),
            "index_mb": round(peer.size_mb(), 1),
            "open_ms": round(statistics.median(timed_open(peer.folder) for _ in range(3)), 1),
        }
        print(f"  tantivy: built in {peer_build:.1f} s, {peer.size_mb():.0f} MB", flush=True)
    sets = query_sets(rng, n_queries)
    report["mean_total_hits"] = {
        k: round(statistics.mean(engine.search(to_query(p)).total for p in params[:20]))
        for k, params in sets.items()
    }

    def cold(p: dict[str, object]) -> object:
        engine.clear_caches()
        return engine.search(to_query(p))

    calls: dict[str, Callable[[dict[str, object]], object]] = {
        "sqlite": lambda p: engine.search(to_query(p)),
        "sqlite_cold": cold,
    }
    if peer is not None:
        calls["tantivy"] = lambda p: peer.search(to_query(p))
    per_run: dict[str, dict[str, list[list[float]]]] = {k: {n: [] for n in calls} for k in sets}
    for run in range(runs):
        for kind, params in sets.items():
            for name, ms in time_interleaved(calls, params).items():
                per_run[kind][name].append(ms)
        print(f"  engines: run {run + 1} of {runs} done", flush=True)
    report["latency"] = {
        kind: {name: summarise(ms) for name, ms in by_engine.items()} for kind, by_engine in per_run.items()
    }
    if http_too:
        server, port = serve_api(instance)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        in_app: dict[str, list[float]] = {}

        def call(p: dict[str, object]) -> None:
            conn.request("GET", "/api/v1/offers?" + urlencode(p))
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
            # The app's own account (Server-Timing): the request inside Flask minus
            # the engine, free of the loopback round trip and of thread wake-ups.
            timing = _server_timing(response.getheader("Server-Timing", ""))
            if "app" in timing and "search" in timing:
                in_app.setdefault(current_kind[0], []).append(timing["app"] - timing["search"])

        current_kind = [""]

        http_runs: dict[str, list[list[float]]] = {k: [] for k in sets}
        overhead_runs: dict[str, list[list[float]]] = {k: [] for k in sets}
        in_app_runs: dict[str, list[list[float]]] = {k: [] for k in sets}
        for _run in range(runs):
            for kind, params in sets.items():
                current_kind[0] = kind
                in_app.clear()
                ms = time_interleaved({"engine": calls["sqlite"], "http": call}, params)
                in_app_runs[kind].append(in_app.get(kind, [])[-len(params):])
                http_runs[kind].append(ms["http"])
                overhead_runs[kind].append([h - e for h, e in zip(ms["http"], ms["engine"], strict=True)])
        report["http"] = {k: summarise(v) for k, v in http_runs.items()}
        report["http_overhead"] = {k: summarise(v) for k, v in overhead_runs.items()}
        report["http_overhead_in_app"] = {
            k: summarise(v) for k, v in in_app_runs.items() if all(v)
        }
        conn.close()
        server.shutdown()  # type: ignore[attr-defined]
        print("  HTTP done", flush=True)
    if scan_too:
        scan = PythonScan(docs)
        report["scan"] = {}
        for kind in SCAN_CLASSES:
            subset = sets[kind][: max(20, n_queries // 10)]
            scan_ms: list[list[float]] = []
            eng_ms: list[list[float]] = []
            for _run in range(runs):
                ms = time_interleaved({"scan": lambda p: scan.search(to_query(p)), "sqlite_cold": cold}, subset)
                scan_ms.append(ms["scan"])
                eng_ms.append(ms["sqlite_cold"])
            s, e = summarise(scan_ms), summarise(eng_ms)
            report["scan"][kind] = {  # type: ignore[index]
                "queries": len(subset),
                "scan": s,
                "sqlite_cold": e,
                "speedup": round(s["p50"] / max(e["p50"], 1e-6), 1),
            }
        print("  scan done", flush=True)
    engine.close()
    return report


# --------------------------------------------------------------------------- import


def write_import_csv(
    path: Path,
    rows: int,
    postcodes: list[tuple[str, str]],
    seed: int = 3,
    *,
    organisation: str | None = None,
    description: Callable[[int, random.Random], str] | None = None,
    bad_every: int = 100,
) -> int:
    """Write `rows` import rows; return how many have an unknown postcode (one in `bad_every`).

    By default the rows spread over 500 organisations with short descriptions; the
    dashboard check (bench/import_check.py) writes one organisation's long rows.
    """
    from aanbodplatform.services.importer import BASE_COLUMNS

    rng = random.Random(seed)
    bad = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(BASE_COLUMNS)
        for i in range(rows):
            postcode, municipality = rng.choice(postcodes)
            if bad_every and i % bad_every == bad_every - 1:
                postcode, bad = "9999", bad + 1
            row = {
                "organisation_name": organisation or f"Vereniging {i % 500}",
                "title_nl": f"Activiteit {i} in {municipality}",
                "summary_nl": "Samen koken en Nederlands praten met buren.",
                "description_nl": description(i, rng) if description else "Iedereen is welkom. " * rng.randint(1, 5),
                "offer_type": rng.choice(("volunteering", "club", "conversation_table", "neighbourhood")),
                "activities": rng.choice(("cooking", "football", "cooking;gardening", "")),
                "postcode": postcode,
                "municipality": municipality,
                "weekdays": rng.choice(("tue", "mon;thu", "")),
                "dayparts": rng.choice(("evening", "morning;afternoon", "")),
                "dutch_level": rng.choice(("none", "A1", "A2", "B1")),
                "cost": rng.choice(("free", "paid")),
                "wheelchair": rng.choice(("yes", "no")),
                "dutch_context": "yes",
                "dutch_context_evidence": "Alle vrijwilligers spreken Nederlands met de deelnemers.",
                "social_participation": "yes",
                "social_participation_evidence": "Je werkt in een vaste groep met buurtbewoners.",
                "contact_name": "Els Vermeulen",
                "contact_email": "els.vermeulen@example.org",
                "status": "published",
            }
            writer.writerow([row.get(c, "") for c in BASE_COLUMNS])
    return bad


def bench_import(rows: int, workdir: Path) -> dict[str, object]:
    """Import `rows` CSV rows into a fresh database; return the time and rows per second."""
    from sqlalchemy import select

    from aanbodplatform.cli import run_migrations
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Postcode
    from aanbodplatform.services.importer import import_offers
    from aanbodplatform.services.reference import load_reference_data

    instance = workdir / f"import-{rows}"
    instance.mkdir(parents=True, exist_ok=True)
    # The app never creates an index by itself (`flask search reindex` does): start
    # from an empty one, so the outbox drains into it as in production.
    SQLiteSearchEngine(instance / "search.sqlite3").rebuild(iter(()))
    app = _app(instance)
    run_migrations(app.extensions["settings"].database_url)
    with app.app_context(), db.new_session() as session:
        load_reference_data(session)
        session.commit()
        postcodes = sorted(set(session.execute(
            select(Postcode.postcode, Postcode.municipality_name_nl).where(
                Postcode.gewest.in_(("flanders", "brussels")), Postcode.municipality_name_nl.is_not(None)
            )
        ).all()))
        path = instance / "offers.csv"
        bad = write_import_csv(path, rows, postcodes)
        start, cpu = time.perf_counter(), time.process_time()
        report = import_offers(session, path)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if len(report.rejected) != bad:
        raise RuntimeError(f"expected {bad} rejected rows, got {len(report.rejected)}")
    indexed = SQLiteSearchEngine(instance / "search.sqlite3", create_missing=False).count()
    if indexed != len(report.imported):
        raise RuntimeError(f"expected {len(report.imported)} indexed offers, got {indexed}")
    return {
        "rows": rows,
        "imported": len(report.imported),
        "rejected": len(report.rejected),
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "rows_per_s": round(rows / seconds),
        "rows_per_cpu_s": round(rows / cpu),
    }


# --------------------------------------------------------------------------- report


def _cell(lat: dict[str, Any] | None) -> str:
    if not lat:
        return "–"
    return f"{lat['p50']} / {lat['p95']} (±{lat['spread_pct'] / 2:.0f} %)"


def markdown(reports: list[dict[str, object]], imports: list[dict[str, object]]) -> str:
    """Return the reports as Markdown tables."""
    lines = [
        "| offers | engine | build s | index MB | open ms |",
        "|---|---|---|---|---|",
    ]
    for r in reports:
        for name in ("sqlite", "tantivy"):
            if name in r:
                e = r[name]  # type: ignore[index]
                lines.append(f"| {r['size']:,} | {name} | {e['build_s']} | {e['index_mb']} | {e['open_ms']} |")
    lines += [
        "",
        "Latency in ms: median over runs of p50 / p95 (± half the spread of the runs' p50s).",
        "",
        "| offers | class | mean hits | sqlite warm | sqlite cold | tantivy | sqlite warm ÷ tantivy (p50) | HTTP overhead p50 | in app p50 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        for kind, by_engine in r["latency"].items():  # type: ignore[union-attr]
            tv = by_engine.get("tantivy")
            ratio = f"{by_engine['sqlite']['p50'] / tv['p50']:.2f}" if tv and tv["p50"] else "–"
            over = r.get("http_overhead", {}).get(kind)  # type: ignore[union-attr]
            own = r.get("http_overhead_in_app", {}).get(kind)  # type: ignore[union-attr]
            lines.append(
                f"| {r['size']:,} | {kind} | {r['mean_total_hits'][kind]} | {_cell(by_engine['sqlite'])} | "  # type: ignore[index]
                f"{_cell(by_engine['sqlite_cold'])} | {_cell(tv)} | {ratio} | {over['p50'] if over else '–'} |"
                f" {own['p50'] if own else '–'} |"
            )
    lines.append("")
    for r in reports:
        for kind, s in r.get("scan", {}).items():  # type: ignore[union-attr]
            lines.append(
                f"- {r['size']:,} offers, {kind} ({s['queries']} queries): Python scan p50 {s['scan']['p50']} ms"
                f" vs engine (cold caches) {s['sqlite_cold']['p50']} ms: {s['speedup']}× faster."
            )
    for imp in imports:
        lines.append(
            f"- Import of {imp['rows']:,} CSV rows ({imp['rejected']} rejected, search index drained"
            f" after the commit included): {imp['seconds']} s, {imp['rows_per_s']:,} rows/s"
            f" ({imp['rows_per_cpu_s']:,} rows per CPU second)."
        )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--import-rows", type=int, default=50_000, help="0 skips the import class")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-scan", action="store_true")
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--out", default="bench-results/latest.json")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    tantivy_too = not args.no_tantivy
    if tantivy_too:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            print("tantivy is not installed (pip install -e '.[bench]'); running without the peer")
            tantivy_too = False
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="aanbod-bench-"))
    reports = []
    for size in sizes:
        print(f"… {size:,} offers", flush=True)
        reports.append(
            bench_size(size, args.queries, args.runs, not args.no_http, not args.no_scan, tantivy_too, workdir)
        )
    imports = []
    if args.import_rows:
        print(f"… import of {args.import_rows:,} rows", flush=True)
        imports.append(bench_import(args.import_rows, workdir))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"sizes": reports, "import": imports}, indent=2), encoding="utf-8")
    print(f"\nMachine: {os.cpu_count()} cores; queries per class: {args.queries}; runs: {args.runs}\n")
    print(markdown(reports, imports))


if __name__ == "__main__":
    main()
