"""The job worker's entry point: ``huey_consumer aanbodplatform.worker.huey``.

Importing this module builds the app from the environment, which points the queue at its
storage (SQLite in the instance folder, or Redis with REDIS_URL).
"""

from __future__ import annotations

from aanbodplatform import create_app
from aanbodplatform.jobs import huey

app = create_app()

__all__ = ["app", "huey"]
