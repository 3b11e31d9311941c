"""A bounded load test on loopback: the /healthz floor, then mixed API and search pages.

    python -m bench.load [--url http://127.0.0.1:8000] [--clients 20,50] [--seconds 15]
    python -m bench.load --spawn      # start gunicorn (2 workers) on a free loopback port

Every run stops by itself (a time limit per phase and a request cap per client) and only
talks to 127.0.0.0/8 or ::1. It prints a Markdown table: requests per second, p50/p95
latency, errors, the search page's cost against the API call and the mixed throughput as
a share of the /healthz floor.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
#: No client sends more than this in one phase, whatever the time limit.
MAX_REQUESTS_PER_CLIENT = 5000
PLACES = ("9000", "2000", "1000", "3000", "8000", "3500", "2800", "9300")
WORDS = ("", "", "voetbal", "praattafel", "koken", "wandelen", "zwemmen", "muziek")


@dataclass
class Sample:
    """Latencies (seconds) and error count of one kind of request."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0


def _loopback_only(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    address = socket.gethostbyname(host) if host != "::1" else host
    if not ipaddress.ip_address(address).is_loopback:
        raise SystemExit(f"refusing {url}: load tests only target loopback addresses")
    return host, parts.port or 80


def _paths(kind: str, rng: random.Random) -> str:
    place, word = rng.choice(PLACES), rng.choice(WORDS)
    query = f"near={place}&radius_km=25" + (f"&q={word}" if word else "")
    if kind == "api":
        return f"/api/v1/offers?{query}&lang=nl"
    if kind == "page":
        return f"/nl/search?{query}"
    return "/healthz"


def _client(host: str, port: int, kinds: list[str], deadline: float,
            results: dict[str, Sample], lock: threading.Lock, seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    local: dict[str, Sample] = {k: Sample() for k in set(kinds)}
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.perf_counter() >= deadline:
            break
        kind = rng.choice(kinds)
        started = time.perf_counter()
        try:
            conn.request("GET", _paths(kind, rng))
            response = conn.getresponse()
            response.read()
            ok = response.status < 500
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        local[kind].latencies.append(time.perf_counter() - started)
        if not ok:
            local[kind].errors += 1
    conn.close()
    with lock:
        for kind, sample in local.items():
            results[kind].latencies.extend(sample.latencies)
            results[kind].errors += sample.errors


def run_phase(url: str, kinds: list[str], clients: int, seconds: float) -> tuple[dict[str, Sample], float]:
    """Run `clients` threads for `seconds` over `kinds`; return samples and elapsed time."""
    host, port = _loopback_only(url)
    results = {k: Sample() for k in set(kinds)}
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    threads = [
        threading.Thread(target=_client, args=(host, port, kinds, deadline, results, lock, i))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def measure_cost(url: str, kinds: list[str], requests: int = 200) -> dict[str, float]:
    """Return each kind's median service time in ms: one client, one request at a time.

    Under load every request waits in the same queue, so latencies there say nothing about what
    a request costs; alone on the server, the latency is its cost.
    """
    host, port = _loopback_only(url)
    rng = random.Random(7)
    conn = http.client.HTTPConnection(host, port, timeout=30)
    medians = {}
    try:
        for kind in kinds:
            latencies = []
            for _ in range(requests):
                started = time.perf_counter()
                conn.request("GET", _paths(kind, rng))
                conn.getresponse().read()
                latencies.append(time.perf_counter() - started)
            medians[kind] = statistics.median(latencies) * 1000
    finally:
        conn.close()
    return medians


def settle(url: str, limit_s: float = 30.0) -> None:
    """Wait until the server has worked off the previous phase (a quick /healthz again)."""
    host, port = _loopback_only(url)
    deadline = time.perf_counter() + limit_s
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(host, port, timeout=10)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()
        except (OSError, http.client.HTTPException):
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _spawn() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--access-logfile", "/dev/null", "aanbodplatform.wsgi:app"],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, "LOG_FORMAT": "text", "GUNICORN_LOGLEVEL": "warning"},
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    """Run the phases and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", default="20,50")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--spawn", action="store_true", help="start gunicorn with 2 workers")
    args = parser.parse_args()
    server = None
    url = args.url
    if args.spawn:
        server, url = _spawn()
    try:
        _loopback_only(url)
        run_phase(url, ["api", "page"], 4, 3.0)  # warm-up: caches, connections
        settle(url)
        cost = measure_cost(url, ["healthz", "api", "page"])
        print("Cost of one request alone (median ms): " + ", ".join(
            f"{kind} {ms:.2f}" for kind, ms in cost.items()
        ) + f"; search page / API call: {cost['page'] / cost['api']:.2f}×\n")
        print("| clients | phase | req/s | p50 ms | p95 ms | errors |")
        print("|---:|---|---:|---:|---:|---:|")
        for clients in (int(c) for c in args.clients.split(",")):
            settle(url)
            floor, floor_s = run_phase(url, ["healthz"], clients, args.seconds)
            floor_rps = len(floor["healthz"].latencies) / floor_s
            settle(url)
            mixed, mixed_s = run_phase(url, ["api", "page"], clients, args.seconds)
            total = sum(len(s.latencies) for s in mixed.values())
            mixed_rps = total / mixed_s
            rows = [("healthz floor", floor_rps, floor["healthz"])]
            rows += [(f"mixed: {k}", len(s.latencies) / mixed_s, s) for k, s in sorted(mixed.items())]
            for label, rps, sample in rows:
                print(f"| {clients} | {label} | {rps:.0f} | {_pct(sample.latencies, 0.5):.0f} "
                      f"| {_pct(sample.latencies, 0.95):.0f} | {sample.errors} |")  # fmt: skip
            print(f"| {clients} | **mixed total** | {mixed_rps:.0f} ({mixed_rps / floor_rps:.0%} of "
                  f"the floor) | | | {sum(s.errors for s in mixed.values())} |")  # fmt: skip
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
