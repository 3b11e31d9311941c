"""Pages reached without an account: the contact person's signing link, the newcomer's own
link, and the public verification page of a printed proof.

The same contact page serves a contact person signed in with their account.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db, limiter
from aanbodplatform.models import Client, Organisation, ParticipationProof
from aanbodplatform.services import proofs as svc
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.services.signed_links import LinkError
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.errors import render_error
from aanbodplatform.web.guard import actor, login_required, settings
from aanbodplatform.web.link_pages import keep_private
from aanbodplatform.web.locale import negotiated_tag
from aanbodplatform.web.proofs import entry_input

bp = Blueprint("proof_links", __name__, url_prefix="/<lang>")
install_error_handlers(bp)
verify_bp = Blueprint("proof_verify", __name__)
keep_private(bp)


@bp.errorhandler(LinkError)
def _link_error(exc: LinkError):  # type: ignore[no-untyped-def]
    if exc.problem == "expired":
        return render_error(410, _("This link has expired. Ask for a new one."))
    if exc.problem == "revoked":
        return render_error(410, _("This link no longer works. Ask for a new one."))
    return render_error(404, _("This link is not valid. Check that you copied all of it."))


def _device() -> str:
    return svc.device_hash(settings(), request.remote_addr, request.headers.get("User-Agent"))


# --- the contact person -----------------------------------------------------------------------


def _contact_actor(proof_id: int, token: str | None) -> tuple[ParticipationProof, svc.Actor]:
    if token is None:
        proof = svc.get_proof(db.session, svc.Actor(user=actor()), proof_id)
        return proof, svc.Actor(user=actor())
    proof, link = svc.resolve_contact(db.session, settings(), token, proof_id)
    return proof, svc.Actor(link=link, device=_device())


def _contact_page(proof_id: int, token: str | None, status: int = 200):  # type: ignore[no-untyped-def]
    proof, who = _contact_actor(proof_id, token)
    if svc.CONTACT not in svc.parties(proof, who):
        return render_error(403)
    client = db.session.get(Client, proof.client_id) if proof.client_id else None
    return (
        render_template(
            "proofs/contact.html",
            proof=proof,
            first_name=client.first_name if client else None,
            organisation=db.session.get(Organisation, proof.organisation_id),
            offer_type=get_taxonomy().offer_types.get(proof.offer_type),
            actions=svc.allowed_actions(proof, who),
            token=token,
            totals=svc.proof_minutes(proof, client),
            counts=lambda entry: svc.entry_counts(client, entry),
            action_url=lambda action: _action_url(proof_id, token, action),
        ),
        status,
    )


def _contact_url(proof_id: int, token: str | None) -> str:
    if token is None:
        return url_for("proof_links.contact_account", proof_id=proof_id)
    return url_for("proof_links.contact", proof_id=proof_id, token=token)


def _action_url(proof_id: int, token: str | None, action: str) -> str:
    if token is None:
        return url_for("proof_links.contact_account_action", proof_id=proof_id, action=action)
    return url_for("proof_links.contact_action", proof_id=proof_id, token=token, action=action)


def _contact_post(proof_id: int, token: str | None, action: str):  # type: ignore[no-untyped-def]
    _proof, who = _contact_actor(proof_id, token)
    try:
        if action == "sign":
            svc.sign(db.session, settings(), who, proof_id, request.form.get("signed_name", ""))
            flash(_("Thank you. The proof is signed."), "success")
        elif action == "refuse":
            svc.refuse(db.session, settings(), who, proof_id, request.form.get("reason", ""))
            flash(_("The counsellor is told that you do not sign."), "success")
        else:
            svc.answer(db.session, settings(), who, proof_id, request.form.get("text", ""))
            flash(_("Your answer is sent to the counsellor."), "success")
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
        return _contact_page(proof_id, token, status=422)
    return redirect(_contact_url(proof_id, token))


@bp.get("/proof/<int:proof_id>/<token>")
@limiter.limit("60 per minute")
def contact(proof_id: int, token: str):  # type: ignore[no-untyped-def]
    """Show the contact person the hours to confirm, through their emailed link."""
    return _contact_page(proof_id, token)


@bp.post("/proof/<int:proof_id>/<token>/<any(sign, refuse, answer):action>")
@limiter.limit("30 per minute")
def contact_action(proof_id: int, token: str, action: str):  # type: ignore[no-untyped-def]
    """Sign, refuse or answer through the emailed link."""
    return _contact_post(proof_id, token, action)


@bp.get("/proofs/<int:proof_id>/confirm")
@login_required
def contact_account(proof_id: int):  # type: ignore[no-untyped-def]
    """Show the hours to confirm to a contact person signed in with their account."""
    return _contact_page(proof_id, None)


@bp.post("/proofs/<int:proof_id>/confirm/<any(sign, refuse, answer):action>")
@login_required
def contact_account_action(proof_id: int, action: str):  # type: ignore[no-untyped-def]
    """Sign, refuse or answer with an account."""
    return _contact_post(proof_id, None, action)


# --- the newcomer ------------------------------------------------------------------------------


def _newcomer_page(token: str, status: int = 200) -> Any:
    client, link = svc.resolve_newcomer(db.session, settings(), token)
    if request.method == "GET":
        svc.record_newcomer_view(db.session, client, link, _device())
    progress = svc.client_progress(db.session, client, today=_today())
    proofs = [p for p in svc.proofs_for_client(db.session, client.id) if p.status != "void"]
    taxonomy = get_taxonomy()
    organisations = {
        p.organisation_id: db.session.get(Organisation, p.organisation_id) for p in proofs
    }
    proposable = [p for p in proofs if "propose" in svc.allowed_actions(p, svc.Actor(link=link))]
    tag = getattr(g, "locale_tag", "nl")
    choices = [
        (
            p.id,
            f"{organisations[p.organisation_id].name} · "
            + (taxonomy.offer_types[p.offer_type].label(tag) if p.offer_type in taxonomy.offer_types else p.offer_type),
        )
        for p in proposable
    ]
    return (
        render_template(
            "proofs/newcomer.html",
            client=client,
            progress=progress,
            proofs=proofs,
            organisations=organisations,
            taxonomy=taxonomy,
            proposable=proposable,
            proof_choices=choices,
            counts=lambda entry: svc.entry_counts(client, entry),
            token=token,
        ),
        status,
    )


def _today():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.now().date()


@bp.get("/my-hours/<token>")
@limiter.limit("60 per minute")
def newcomer(token: str):  # type: ignore[no-untyped-def]
    """Show the newcomer their proofs, hours and progress, in their language."""
    return _newcomer_page(token)


@bp.post("/my-hours/<token>/entries")
@limiter.limit("30 per minute")
def propose(token: str):  # type: ignore[no-untyped-def]
    """Let the newcomer propose a line of hours on one of their open proofs."""
    _client, link = svc.resolve_newcomer(db.session, settings(), token)
    data, errors = entry_input(request.form)
    proof_id = request.form.get("proof_id", "")
    try:
        if errors:
            raise ValidationFailed(errors)
        if not proof_id.isdigit():
            raise ValidationFailed({"proof_id": _("Choose a proof from the list.")})
        svc.add_entry(db.session, svc.Actor(link=link, device=_device()), int(proof_id), data)
    except ValidationFailed as exc:
        for message in exc.errors.values():
            flash(message, "error")
        return _newcomer_page(token, status=422)
    flash(_("Thank you. The contact person checks your hours."), "success")
    return redirect(url_for("proof_links.newcomer", token=token))


# --- verification of a printed proof -------------------------------------------------------------


@bp.get("/verify/<code>")
@limiter.limit("30 per minute")
def verify(code: str):  # type: ignore[no-untyped-def]
    """Say only whether a printed proof is valid and its total: never who or where."""
    result = svc.verification(db.session, code)
    return render_template("proofs/verify.html", result=result, code=code[:12]), (
        200 if result is not None else 404
    )


@verify_bp.get("/verify/<code>")
def verify_short(code: str):  # type: ignore[no-untyped-def]
    """Send the short address printed under the QR code to the page in the visitor's language."""
    g.locale_tag = negotiated_tag()
    return redirect(url_for("proof_links.verify", lang=g.locale_tag, code=code[:12]))
