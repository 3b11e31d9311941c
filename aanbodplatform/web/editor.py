"""The offer editor: clear steps, a preview exactly as newcomers see it, submit, confirm, take offline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.i18n import LOCALES
from aanbodplatform.services import offer_editing as editing
from aanbodplatform.services.authz import ValidationFailed, is_member
from aanbodplatform.services.freshness import can_confirm, confirm_offer, is_stale
from aanbodplatform.services.moderation import has_pending_edit
from aanbodplatform.services.offer_facts import missing_facts
from aanbodplatform.services.offer_lifecycle import allowed_actions
from aanbodplatform.services.organisations import get_organisation, make_geocoder
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.services.translations import (
    outdated_translations,
    reader_text,
    waiting_proposals,
)
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.editor_forms import (
    BasicsForm,
    form_for,
    locale_name,
    step_title,
    values_from,
)
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, login_required, settings

bp = Blueprint("editor", __name__, url_prefix="/<lang>/editor")
install_error_handlers(bp)


@bp.context_processor
def _editor_context() -> dict:
    return {"steps": editing.STEPS, "step_title": step_title, "locale_name": locale_name}


@bp.route("/new/<int:org_id>", methods=["GET", "POST"])
@login_required
def new(org_id: int):  # type: ignore[no-untyped-def]
    """Start a new offer: type, activities and a Dutch title make a draft."""
    org = get_organisation(db.session, actor(), org_id)
    form = BasicsForm()
    if form.validate_on_submit():
        try:
            offer = editing.create_offer(db.session, actor(), org.id, values_from("basics", form))
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("The draft is saved. Continue with the next step."), "success")
            return redirect(url_for("editor.step", offer_id=offer.id, step="texts"))
    return (
        render_template("editor/step.html", form=form, step="basics", offer=None, organisation=org),
        422 if form.errors else 200,
    )


@bp.get("/<int:offer_id>/")
@login_required
def overview(offer_id: int):  # type: ignore[no-untyped-def]
    """Show the offer's steps, what is missing, its history and what can be done now."""
    offer = editing.get_offer_for_editing(db.session, actor(), offer_id)
    return render_template(
        "editor/overview.html",
        offer=offer,
        problems=editing.submission_problems(offer),
        step_done=editing.step_done,
        missing_locales=editing.missing_translations(offer),
        outdated_locales=outdated_translations(offer),
        missing_facts=missing_facts(offer),
        waiting_translations=waiting_proposals(db.session, offer.id),
        pending=editing.pending_fields(offer),
        returned=editing.pending_returned(offer),
        actions=allowed_actions(offer, actor()),
        can_confirm=can_confirm(offer),
        stale=is_stale(offer),
        has_pending=has_pending_edit(offer),
    )


@bp.route("/<int:offer_id>/<step>", methods=["GET", "POST"])
@login_required
def step(offer_id: int, step: str):  # type: ignore[no-untyped-def]
    """Edit one step; an invalid form comes back with every value kept and errors beside the fields."""
    if step not in editing.STEPS:
        abort(404)
    offer = editing.get_offer_for_editing(db.session, actor(), offer_id)
    values = editing.current_values(offer)
    if request.method == "POST":
        form = form_for(step, offer, values, formdata=request.form)
        if form.validate_on_submit():
            try:
                result = editing.save_step(
                    db.session,
                    actor(),
                    offer,
                    step,
                    values_from(step, form),
                    geocoder=make_geocoder(settings()),
                )
            except ValidationFailed as exc:
                extra = attach_errors(form, exc.errors)
                return _render_step(form, step, offer, extra), 422
            if result.pending:
                flash(
                    _(
                        "Saved. The local government checks this change first; until then the published version stays online."
                    ),
                    "info",
                )
            else:
                flash(_("Saved."), "success")
            return redirect(_after_save(offer.id, step))
        return _render_step(form, step, offer, []), 422
    return _render_step(form_for(step, offer, values), step, offer, [])


def _after_save(offer_id: int, step: str) -> str:
    """Return where to go after saving: the same step, the next one, or the overview after the last."""
    if request.form.get("action") == "stay":
        return url_for("editor.step", offer_id=offer_id, step=step)
    if step == editing.STEPS[-1]:
        return url_for("editor.overview", offer_id=offer_id)
    following = editing.STEPS[editing.STEPS.index(step) + 1]
    return url_for("editor.step", offer_id=offer_id, step=following)


def _render_step(form, step: str, offer, extra: list[str]):  # type: ignore[no-untyped-def]
    return render_template(
        "editor/step.html",
        form=form,
        step=step,
        offer=offer,
        organisation=offer.organisation,
        extra_errors=extra,
        pending=editing.pending_fields(offer),
        missing_locales=editing.missing_translations(offer) if step == "translations" else [],
        outdated_locales=outdated_translations(offer) if step == "translations" else {},
        municipalities=municipalities(),
        taxonomy=get_taxonomy(),
    )


@bp.get("/<int:offer_id>/preview")
@login_required
def preview(offer_id: int):  # type: ignore[no-untyped-def]
    """Show the offer exactly as newcomers will see it, in the page's language (any status)."""
    offer = editing.get_offer_for_viewing(db.session, actor(), offer_id)
    shown = editing.OfferPreview(offer)
    text = reader_text(shown, g.locale_tag)  # type: ignore[arg-type]
    response = render_template(
        "editor/preview.html",
        offer=shown,
        real_offer=offer,
        back_args={},
        text=text,
        title=text.title.text,
        summary=text.summary.text,
        origin=None,
        distances=[None for _ in offer.locations],
        municipalities=municipalities(),
        taxonomy=get_taxonomy(),
        preview_locales=LOCALES,
        is_member=is_member(actor(), offer.organisation_id),
    )
    return response, 200, {"X-Robots-Tag": "noindex", "Cache-Control": "no-store"}


@bp.post("/<int:offer_id>/submit")
@login_required
def submit(offer_id: int):  # type: ignore[no-untyped-def]
    """Send the offer to the local government."""
    offer = editing.get_offer_for_editing(db.session, actor(), offer_id)
    try:
        editing.submit_offer(db.session, actor(), offer)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
    else:
        flash(
            _("The offer is sent to the local government. You get an email when it is checked."),
            "success",
        )
    return redirect(url_for("editor.overview", offer_id=offer_id))


@bp.post("/<int:offer_id>/confirm")
@login_required
def confirm(offer_id: int):  # type: ignore[no-untyped-def]
    """Confirm the offer is still right (one click); an expired offer is published again."""
    offer = confirm_offer(db.session, actor(), offer_id)
    flash(_("Thank you. The offer is marked as checked today."), "success")
    if request.form.get("back") == "dashboard":
        return redirect(url_for("organisation.dashboard", org_id=offer.organisation_id))
    return redirect(url_for("editor.overview", offer_id=offer_id))


@bp.post("/<int:offer_id>/archive")
@login_required
def archive(offer_id: int):  # type: ignore[no-untyped-def]
    """Take the offer offline; it disappears from search at once."""
    offer = editing.get_offer_for_editing(db.session, actor(), offer_id)
    editing.archive_offer(db.session, actor(), offer)
    flash(_("The offer is no longer published."), "success")
    return redirect(url_for("editor.overview", offer_id=offer_id))
