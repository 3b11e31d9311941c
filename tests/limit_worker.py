"""One app process for the shared-limit tests: serves on 127.0.0.1 and prints its port.

Run as ``python -m tests.limit_worker PREFIX``; the environment holds the app settings.
"""

from __future__ import annotations

import sys

from werkzeug.serving import make_server

from aanbodplatform import create_app


def main() -> None:
    """Serve the app until killed (test harness: CSRF off, a per-test limit key prefix)."""
    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["RATELIMIT_KEY_PREFIX"] = sys.argv[1]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
