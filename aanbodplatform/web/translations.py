"""Translation work: asking for a translation, the translator's queue, translating, accepting."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.services import translations as service
from aanbodplatform.services.authz import NotFound, PermissionDenied, ValidationFailed, require_user
from aanbodplatform.services.offer_editing import load_offer
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.editor_forms import locale_name
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, login_required, settings
from aanbodplatform.web.presenters import offer_slug

bp = Blueprint("translations", __name__, url_prefix="/<lang>/translations")
install_error_handlers(bp)
bp.add_app_template_global(service.may_request, "may_request_translation")
bp.add_app_template_global(service.TARGET_LOCALES, "translation_locales")
bp.add_app_template_global(locale_name, "locale_autonym")


class RequestForm(FlaskForm):
    """Ask for one offer in one language."""

    locale = HiddenField()


class ProposalForm(FlaskForm):
    """A translator's translation of the title, summary and description."""

    title = StringField(_l("Title"), render_kw={"maxlength": service.LIMITS["title"]})
    summary = TextAreaField(
        _l("Summary"), render_kw={"maxlength": service.LIMITS["summary"], "rows": 3}
    )
    description = TextAreaField(
        _l("Description"), render_kw={"maxlength": service.LIMITS["description"], "rows": 10}
    )


class DecisionForm(FlaskForm):
    """Accept or reject a proposal (the button says which)."""


def _published(offer_id: int):  # type: ignore[no-untyped-def]
    offer = load_offer(db.session, offer_id)
    if offer.status != "published":
        raise NotFound("offer")
    return offer


@bp.post("/request/<int:offer_id>")
@login_required
def ask(offer_id: int):  # type: ignore[no-untyped-def]
    """Count one more person who needs this offer in a language, then go back to the offer."""
    offer = _published(offer_id)
    if not service.may_request(actor(), offer):
        raise PermissionDenied("may not request translations")
    form = RequestForm()
    wanted = form.locale.data or ""
    if not form.validate() or wanted not in service.TARGET_LOCALES:
        flash(_("Choose a language."), "error")
    else:
        count = service.request_translation(db.session, actor(), offer, wanted)
        flash(
            _(
                "Thank you. We asked for a translation into %(language)s. People waiting: %(count)d.",
                language=locale_name(wanted),
                count=count,
            ),
            "success",
        )
    return redirect(
        url_for("public.offer", offer_id=offer.id, slug=offer_slug(offer.title_nl))
        + "#translation-request"
    )


@bp.get("/")
@login_required
def queue():  # type: ignore[no-untyped-def]
    """Show the translator the offers people asked for in their languages, most wanted first."""
    items = service.translation_queue(db.session, actor())
    return render_template("translations/queue.html", items=items, locale_name=locale_name)


def _translate_page(offer_id: int, target: str, form: ProposalForm | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    user = service.require_translator(db.session, actor(), target)
    offer = _published(offer_id)
    current = offer.translation(target)
    if form is None:
        form = ProposalForm(
            formdata=None,
            data={
                "title": current.title if current else "",
                "summary": current.summary if current else "",
                "description": (current.description or "") if current else "",
            },
        )
    sources = [offer.title_nl, offer.summary_nl, offer.description_nl or ""]
    return (
        render_template(
            "translations/translate.html",
            offer=offer,
            target=target,
            form=form,
            current=current,
            outdated=service.outdated_fields(current, offer) if current else [],
            memory=service.memory_suggestions(db.session, offer, target),
            glossary=service.glossary_for(target, sources),
            requests=service.demand(db.session, offer.id, target),
            translator=user,
            locale_name=locale_name,
        ),
        status,
    )


@bp.get("/<int:offer_id>/<target>")
@login_required
def translate(offer_id: int, target: str):  # type: ignore[no-untyped-def]
    """Show the Dutch source beside the translation form, with glossary terms and memory."""
    return _translate_page(offer_id, target)


@bp.post("/<int:offer_id>/<target>")
@login_required
def submit(offer_id: int, target: str):  # type: ignore[no-untyped-def]
    """Send the translation to the organisation and the area's moderator for acceptance."""
    service.require_translator(db.session, actor(), target)
    offer = _published(offer_id)
    form = ProposalForm()
    if not form.validate():
        return _translate_page(offer_id, target, form, 400)
    try:
        service.submit_proposal(
            db.session, actor(), offer, target, dict(form.data), settings=settings()
        )
    except ValidationFailed as exc:
        attach_errors(form, exc.errors)
        return _translate_page(offer_id, target, form, 400)
    flash(_("Thank you. The organisation or the local government checks your translation."), "success")
    return redirect(url_for("translations.queue"))


@bp.get("/proposals")
@login_required
def proposals():  # type: ignore[no-untyped-def]
    """List the translations waiting for this organisation member's or moderator's decision."""
    user = require_user(actor())
    if not user.has_role("organisation_member", "moderator"):
        raise PermissionDenied("organisations and moderators decide on translations")
    waiting = service.proposals_for_decision(db.session, user)
    return render_template(
        "translations/proposals.html", proposals=waiting, form=DecisionForm(), locale_name=locale_name
    )


def _decide(proposal_id: int, accept: bool):  # type: ignore[no-untyped-def]
    proposal = service.get_proposal(db.session, actor(), proposal_id)
    if not service.may_decide(actor(), proposal.offer):
        raise PermissionDenied("only the organisation or the area's moderator decides")
    if not DecisionForm().validate():
        flash(_("The form expired. Reload the page and send it again."), "error")
        return redirect(url_for("translations.proposals"))
    service.decide_proposal(db.session, settings(), actor(), proposal, accept)
    flash(
        _("The translation is published.") if accept else _("The translation was not accepted."),
        "success",
    )
    return redirect(url_for("translations.proposals"))


@bp.post("/proposals/<int:proposal_id>/accept")
@login_required
def accept(proposal_id: int):  # type: ignore[no-untyped-def]
    """Publish a translator's translation, with its provenance, and tell who asked."""
    return _decide(proposal_id, True)


@bp.post("/proposals/<int:proposal_id>/reject")
@login_required
def reject(proposal_id: int):  # type: ignore[no-untyped-def]
    """Refuse a translator's translation; the offer stays as it was."""
    return _decide(proposal_id, False)
