"""gunicorn settings for the aanbodplatform (`make serve`); every value can come from the environment.

Run: ``gunicorn -c gunicorn.conf.py aanbodplatform.wsgi:app`` beside the job worker
(``huey_consumer aanbodplatform.worker.huey``). Behind a reverse proxy set TRUSTED_PROXIES.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Long work (imports, mail, index rebuilds) runs in the job worker, so requests stay short.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
