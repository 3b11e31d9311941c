"""HTTP layer: blueprints that parse input, call a service and render."""

from __future__ import annotations

from flask import Flask

from aanbodplatform.web import errors, glance, health, locale


def register_web(app: Flask) -> None:
    """Register every blueprint, the locale handling and the error pages."""
    from aanbodplatform.web import auth, editor, labels, moderation, organisation, reports
    from aanbodplatform.web.api import bp as api_bp
    from aanbodplatform.web.public import bp as public_bp

    locale.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(public_bp)
    # Organisations, the offer editor and moderation (issue 6).
    auth.init_app(app)
    labels.init_templates(app)
    glance.init_templates(app)
    for blueprint in (auth.bp, organisation.bp, editor.bp, moderation.bp, reports.bp):
        app.register_blueprint(blueprint)
    # Counsellors, search together, shortlists and warm handovers (issue 7).
    from aanbodplatform.web import counsellor, handover_inbox, handover_link

    app.register_blueprint(counsellor.bp)
    app.register_blueprint(handover_inbox.bp)
    # Open data: the API description and the embeddable widget (issue 14).
    from aanbodplatform.web import dashboards, embed, openapi

    app.register_blueprint(openapi.bp)
    app.register_blueprint(embed.bp)
    # The regierol: dashboards for local governments, organisations' needs (issue 14).
    app.register_blueprint(dashboards.bp)
    app.register_blueprint(dashboards.needs_bp)
    # Proofs of participation, contact persons and the links without an account (issue 12).
    from aanbodplatform.web import proof_links, proof_presenters, proofs

    proof_presenters.init_templates(app)
    for blueprint in (proofs.bp, proofs.contacts_bp, proof_links.bp, proof_links.verify_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(handover_link.bp)
    # Staff administration for platform admins (issue 13).
    from aanbodplatform.web import staff_admin

    app.register_blueprint(staff_admin.bp)
    # Translations of offers: requests, the translator's queue, acceptance (issue 11).
    from aanbodplatform.web import translations

    app.register_blueprint(translations.bp)
    errors.init_app(app)
