"""The WSGI entry point for gunicorn: ``gunicorn -c gunicorn.conf.py aanbodplatform.wsgi:app``."""

from __future__ import annotations

from aanbodplatform import create_app

app = create_app()
