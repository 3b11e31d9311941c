"""gunicorn settings for the aanbodplatform (`make serve`); every value can come from the environment.

Run: ``gunicorn -c gunicorn.conf.py aanbodplatform.wsgi:app`` beside the job worker
(``huey_consumer aanbodplatform.worker.huey``). Behind a reverse proxy set TRUSTED_PROXIES.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# One thread per worker: a request here is CPU work (embedded search, rendering) between short
# SQLite calls that release the GIL; a second thread in the same process makes every such call
# wait for the GIL behind the other thread's rendering (measured with `make load`: 2 workers x
# 2 threads served 112 mixed requests a second, 2 x 1 served 208). Scale with WEB_CONCURRENCY.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Long work (imports, mail, index rebuilds) runs in the job worker, so requests stay short.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
# A worker is replaced after this many requests (a guard against slow leaks). At 2,000 a worker
# serving /healthz at full speed was replaced every few seconds and spent much of its time
# starting (make load: the floor rose from 700-970 to 1,270-1,440 requests a second at 20,000).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# --- /metrics over all workers (prometheus_client's multiprocess mode) ---------------------
# Each worker writes its counters and histograms to files in one folder and /metrics sums
# them, so a scrape sees the whole server, not whichever worker answered. The folder must be
# empty when the server starts (old files would be counted again) and known before a worker
# imports the application: it is chosen here, in the master, before the workers fork.
_OWN_METRICS_DIR: list[str] = []


def on_starting(server):  # noqa: ARG001 - gunicorn's hook signature
    """Give the workers one empty folder for their metrics (PROMETHEUS_MULTIPROC_DIR)."""
    import glob
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        folder = tempfile.mkdtemp(prefix="aanbod-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        _OWN_METRICS_DIR.append(folder)
    os.makedirs(folder, exist_ok=True)
    for stale in glob.glob(os.path.join(folder, "*.db")):
        os.remove(stale)


def child_exit(server, worker):  # noqa: ARG001 - gunicorn's hook signature
    """Tell prometheus_client a worker is gone (its live gauges stop; its counts stay)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):  # noqa: ARG001 - gunicorn's hook signature
    """Remove the metrics folder this server made for itself."""
    import shutil

    for folder in _OWN_METRICS_DIR:
        shutil.rmtree(folder, ignore_errors=True)
