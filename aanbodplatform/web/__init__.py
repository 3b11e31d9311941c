"""HTTP layer: blueprints that parse input, call a service and render."""

from __future__ import annotations

from flask import Flask

from aanbodplatform.web import errors, health, locale


def register_web(app: Flask) -> None:
    """Register every blueprint, the locale handling and the error pages."""
    from aanbodplatform.web.api import bp as api_bp
    from aanbodplatform.web.public import bp as public_bp

    locale.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(public_bp)
    errors.init_app(app)
