"""Reporting a wrong offer: a public form, no account needed, rate-limited."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from aanbodplatform.extensions import account_or_address, db, limiter
from aanbodplatform.services.authz import NotFound, ValidationFailed
from aanbodplatform.services.offers import get_published_offer, localized_text
from aanbodplatform.services.reports import MAX_TEXT, REASONS, reason_label, report_offer
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import settings
from aanbodplatform.web.presenters import offer_slug

bp = Blueprint("reports", __name__, url_prefix="/<lang>/offers")

#: Reports one network address may send: enough for a counsellor, too few for a flood.
REPORT_LIMIT = "5 per minute;30 per day"


class ReportForm(FlaskForm):
    """What is wrong with an offer."""

    reason = RadioField(
        _l("What is wrong?"),
        choices=lambda: [SelectChoice(code, reason_label(code)) for code in REASONS],
        validate_choice=False,
    )
    text = TextAreaField(
        _l("Tell us more"),
        description=_l(
            "Optional, but required for “something else”. Do not write personal details."
        ),
        render_kw={"rows": 4, "maxlength": MAX_TEXT},
    )


@bp.route("/<int:offer_id>/report", methods=["GET", "POST"])
@limiter.limit(REPORT_LIMIT, methods=["POST"], key_func=lambda: f"report|{account_or_address()}")
def report(offer_id: int):  # type: ignore[no-untyped-def]
    """Report that a published offer is wrong; the organisation and the moderators are told."""
    from flask import g

    offer = get_published_offer(db.session, offer_id)
    if offer is None:
        abort(404)
    title, _summary, content_lang, _by = localized_text(offer, g.locale_tag)
    form = ReportForm()
    status = 200
    if form.validate_on_submit():
        try:
            report_offer(
                db.session, settings(), offer.id, form.reason.data or "", form.text.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
            status = 422
        except NotFound:
            abort(404)
        else:
            return render_template(
                "moderation/report_thanks.html",
                offer=offer,
                title=title,
                content_lang=content_lang,
                slug=offer_slug(offer.title_nl),
            )
    elif form.errors:
        status = 422
    return (
        render_template(
            "moderation/report_form.html",
            form=form,
            offer=offer,
            title=title,
            content_lang=content_lang,
            slug=offer_slug(offer.title_nl),
        ),
        status,
    )
