"""One app process for the shared-limit tests: serves on 127.0.0.1 and prints its port.

Run as ``python -m tests.limit_worker``; the environment holds the app settings (with
RATELIMIT_KEY_PREFIX, so runs sharing one Redis do not share counters).
"""

from __future__ import annotations

from werkzeug.serving import make_server

from aanbodplatform import create_app


def main() -> None:
    """Serve the app until killed (test harness: CSRF off)."""
    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
