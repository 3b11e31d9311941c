"""The counsellor's proof pages and the organisation's contact persons.

Views parse the form, call services/proofs.py and render; every rule (who may do what,
the 12-hour day, the term, signatures) lives in the service. Templates show only the
actions `allowed_actions` returns.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.models import EXEMPTION_REASONS, PROOF_STATUSES, Client, Organisation
from aanbodplatform.services import contact_persons as cp_service
from aanbodplatform.services import proof_documents
from aanbodplatform.services import proofs as svc
from aanbodplatform.services.authz import PermissionDenied, ValidationFailed, require_member
from aanbodplatform.services.clients import get_client
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web.counsellor import qr_svg
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.guard import actor, login_required, settings

bp = Blueprint("proofs", __name__, url_prefix="/<lang>/counsellor")
install_error_handlers(bp)
contacts_bp = Blueprint(
    "contact_persons", __name__, url_prefix="/<lang>/organisations/<int:organisation_id>/contact-persons"
)
install_error_handlers(contacts_bp)


@bp.after_request
def _no_store(response: Response) -> Response:
    # Proofs name clients: never keep them in shared caches.
    response.headers["Cache-Control"] = "no-store"
    return response


def _today() -> date:
    return datetime.now().date()


def parse_date(raw: str | None) -> tuple[date | None, bool]:
    """Return (the date, True) for YYYY-MM-DD, (None, True) for empty, (None, False) for junk."""
    text = (raw or "").strip()
    if not text:
        return None, True
    try:
        return date.fromisoformat(text), True
    except ValueError:
        return None, False


def parse_time(raw: str | None) -> tuple[time | None, bool]:
    """Return (the time, True) for HH:MM, (None, True) for empty, (None, False) for junk."""
    text = (raw or "").strip()
    if not text:
        return None, True
    try:
        return time.fromisoformat(text), True
    except ValueError:
        return None, False


def parse_id(raw: str | None) -> int | None:
    """Return a positive id from a form value, or None."""
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def entry_input(form: Any) -> tuple[svc.EntryInput, dict[str, str]]:
    """Read a line of hours from a form; return it with the parse errors."""
    errors: dict[str, str] = {}
    day, ok = parse_date(form.get("day"))
    if not ok:
        errors["day"] = _("Enter a date like 2026-03-14.")
    starts, ok_start = parse_time(form.get("starts_at"))
    ends, ok_end = parse_time(form.get("ends_at"))
    if not (ok_start and ok_end):
        errors["starts_at"] = _("Enter times like 19:30.")
    raw_hours = form.get("hours", "")
    minutes = svc.minutes_from_hours(raw_hours)
    if raw_hours.strip() and minutes is None:
        errors["minutes"] = _("Enter how long, in hours (for example 1.5).")
    return (
        svc.EntryInput(
            day=day,
            minutes=minutes,
            starts_at=starts,
            ends_at=ends,
            description=form.get("description", ""),
            offer_id=parse_id(form.get("offer_id")),
        ),
        errors,
    )


def _flash_errors(errors: dict[str, str]) -> None:
    for message in errors.values():
        flash(message, "error")


def _me() -> svc.Actor:
    return svc.Actor(user=actor())


# --- dashboard and the client's progress ---------------------------------------------------


@bp.get("/proofs")
@login_required
def dashboard():  # type: ignore[no-untyped-def]
    """List the counsellor's clients with their hours, those at risk first, with a status filter."""
    status = request.args.get("status", "")
    allowed = ("at_risk", *PROOF_STATUSES)
    if status and status not in allowed:
        status = ""
    rows = svc.dashboard(db.session, actor(), today=_today(), status=status or None)
    return render_template(
        "counsellor/proofs_dashboard.html", rows=rows, status=status, statuses=allowed
    )


def _progress_page(client_id: int, status: int = 200, **extra: Any):  # type: ignore[no-untyped-def]
    client = get_client(db.session, actor(), client_id)
    progress = svc.client_progress(db.session, client, today=_today())
    proofs = svc.proofs_for_client(db.session, client.id)
    link = svc.newcomer_link_status(db.session, client)
    organisations = db.session.query(Organisation).order_by(Organisation.name).all()
    chosen_org = parse_id(request.args.get("organisation_id"))
    persons = (
        cp_service.organisation_contact_persons(db.session, chosen_org, active_only=True)
        if chosen_org
        else []
    )
    return (
        render_template(
            "counsellor/client_progress.html",
            client=client,
            progress=progress,
            proofs=proofs,
            link=link,
            organisations=organisations,
            chosen_org=chosen_org,
            persons=persons,
            offer_types=get_taxonomy().offer_types,
            reasons=EXEMPTION_REASONS,
            is_owner=client.counsellor_id == getattr(actor(), "id", None),
            **extra,
        ),
        status,
    )


@bp.get("/clients/<int:client_id>/hours")
@login_required
def client_hours(client_id: int):  # type: ignore[no-untyped-def]
    """Show a client's proofs, hours against 40, exemption and personal link."""
    return _progress_page(client_id)


@bp.post("/clients/<int:client_id>/proofs")
@login_required
def open_proof(client_id: int):  # type: ignore[no-untyped-def]
    """Open a proof directly: organisation, offer type, contact person."""
    try:
        proof, created = svc.open_proof(
            db.session,
            actor(),
            client_id,
            parse_id(request.form.get("organisation_id")) or 0,
            request.form.get("offer_type", ""),
            parse_id(request.form.get("contact_person_id")) or 0,
        )
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _progress_page(client_id, status=422)
    flash(_("The proof is open.") if created else _("These hours go on the existing proof."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof.id))


@bp.post("/handovers/<int:handover_id>/proof")
@login_required
def open_from_handover(handover_id: int):  # type: ignore[no-untyped-def]
    """Open the proof for a started handover in one click."""
    try:
        proof, created = svc.open_from_handover(db.session, actor(), handover_id)
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return redirect(url_for("counsellor.handover", handover_id=handover_id))
    flash(_("The proof is open.") if created else _("These hours go on the existing proof."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof.id))


@bp.post("/clients/<int:client_id>/exemption")
@login_required
def exemption(client_id: int):  # type: ignore[no-untyped-def]
    """Record (or remove) the client's exemption."""
    if request.form.get("remove") == "1":
        svc.remove_exemption(db.session, actor(), client_id)
        flash(_("The exemption is removed."), "success")
        return redirect(url_for("proofs.client_hours", client_id=client_id))
    when, ok = parse_date(request.form.get("evidence_date"))
    try:
        if not ok:
            raise ValidationFailed({"evidence_date": _("Enter a date like 2026-03-14.")})
        svc.record_exemption(
            db.session,
            actor(),
            client_id,
            svc.ExemptionInput(
                reason=request.form.get("reason", ""),
                evidence_type=request.form.get("evidence_type", ""),
                evidence_date=when,
            ),
        )
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _progress_page(client_id, status=422)
    flash(_("The exemption is recorded."), "success")
    return redirect(url_for("proofs.client_hours", client_id=client_id))


@bp.post("/clients/<int:client_id>/opt-in")
@login_required
def opt_in(client_id: int):  # type: ignore[no-untyped-def]
    """Record that an entitled client chose the trajectory."""
    when, ok = parse_date(request.form.get("opted_in_on"))
    try:
        if not ok:
            raise ValidationFailed({"opted_in_on": _("Enter a date like 2026-03-14.")})
        svc.record_opt_in(db.session, actor(), client_id, when)
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _progress_page(client_id, status=422)
    flash(_("The choice is recorded. It is binding."), "success")
    return redirect(url_for("proofs.client_hours", client_id=client_id))


@bp.post("/clients/<int:client_id>/personal-link")
@login_required
def personal_link(client_id: int):  # type: ignore[no-untyped-def]
    """Make a new personal link for the client and show it as a QR code."""
    issued = svc.issue_newcomer_link(db.session, settings(), actor(), client_id)
    client = db.session.get(Client, client_id)
    assert client is not None
    url = settings().base_url.rstrip("/") + url_for(
        "proof_links.newcomer", lang=client.preferred_locale, token=issued.token
    )
    return _progress_page(client_id, new_link=url, new_link_qr=qr_svg(url))


@bp.post("/clients/<int:client_id>/personal-link/revoke")
@login_required
def revoke_personal_link(client_id: int):  # type: ignore[no-untyped-def]
    """Stop the client's personal link."""
    svc.revoke_newcomer_links(db.session, actor(), client_id)
    flash(_("The personal link no longer works."), "success")
    return redirect(url_for("proofs.client_hours", client_id=client_id))


@bp.get("/clients/<int:client_id>/summary.pdf")
@login_required
def summary_pdf(client_id: int):  # type: ignore[no-untyped-def]
    """Download the summary sheet of every proof of the client (for the case system)."""
    client = get_client(db.session, actor(), client_id)
    pdf = proof_documents.summary_pdf(db.session, settings(), client, today=_today())
    return _pdf(pdf, f"summary-{client.reference_code.replace('/', '-')}.pdf")


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


# --- one proof ----------------------------------------------------------------------------------


def _proof_page(proof_id: int, status: int = 200):  # type: ignore[no-untyped-def]
    me = _me()
    proof = svc.get_proof(db.session, me, proof_id)
    client = db.session.get(Client, proof.client_id) if proof.client_id else None
    organisation = db.session.get(Organisation, proof.organisation_id)
    actions = svc.allowed_actions(proof, me)
    return (
        render_template(
            "counsellor/proof.html",
            proof=proof,
            client=client,
            organisation=organisation,
            offers=proof_documents.organisation_offers(db.session, proof.organisation_id),
            actions=actions,
            remove_url=(
                (lambda entry: url_for("proofs.remove_entry", proof_id=proof.id, entry_id=entry.id))
                if "edit" in actions
                else None
            ),
            signals=svc.fraud_signals(db.session, proof),
            signature_ok=svc.signature_valid(proof),
            counts=lambda entry: svc.entry_counts(client, entry),
            totals=svc.proof_minutes(proof, client),
            offer_type=get_taxonomy().offer_types.get(proof.offer_type),
        ),
        status,
    )


@bp.get("/proofs/<int:proof_id>")
@login_required
def proof(proof_id: int):  # type: ignore[no-untyped-def]
    """Show a proof: hours, signature, signals, thread, and the actions allowed now."""
    return _proof_page(proof_id)


@bp.post("/proofs/<int:proof_id>/entries")
@login_required
def add_entry(proof_id: int):  # type: ignore[no-untyped-def]
    """Add a line of hours."""
    data, errors = entry_input(request.form)
    try:
        if errors:
            raise ValidationFailed(errors)
        svc.add_entry(db.session, _me(), proof_id, data)
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _proof_page(proof_id, status=422)
    flash(_("The hours are added."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/entries/<int:entry_id>/remove")
@login_required
def remove_entry(proof_id: int, entry_id: int):  # type: ignore[no-untyped-def]
    """Remove a line of hours."""
    svc.remove_entry(db.session, _me(), proof_id, entry_id)
    flash(_("The line is removed."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/request-signature")
@login_required
def request_signature(proof_id: int):  # type: ignore[no-untyped-def]
    """Ask the contact person to confirm and sign."""
    try:
        sent = svc.request_signature(db.session, settings(), actor(), proof_id)
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _proof_page(proof_id, status=422)
    if sent:
        flash(_("The contact person gets an email with a link to sign."), "success")
    else:
        flash(
            _("This contact person has no email address. They sign with their account, or use the paper proof."),
            "info",
        )
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/query")
@login_required
def query(proof_id: int):  # type: ignore[no-untyped-def]
    """Ask the contact person a question about the proof."""
    try:
        svc.query(db.session, settings(), actor(), proof_id, request.form.get("text", ""))
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _proof_page(proof_id, status=422)
    flash(_("Your question is sent to the contact person."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/verify")
@login_required
def verify(proof_id: int):  # type: ignore[no-untyped-def]
    """Verify the proof: it is locked and its hours count."""
    svc.verify(db.session, actor(), proof_id)
    flash(_("The proof is verified. Its hours count."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/reopen")
@login_required
def reopen(proof_id: int):  # type: ignore[no-untyped-def]
    """Take a refused proof back to draft."""
    svc.reopen(db.session, actor(), proof_id)
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/void")
@login_required
def void(proof_id: int):  # type: ignore[no-untyped-def]
    """Cancel the proof."""
    svc.void(db.session, actor(), proof_id)
    flash(_("The proof is cancelled."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.post("/proofs/<int:proof_id>/paper")
@login_required
def paper(proof_id: int):  # type: ignore[no-untyped-def]
    """Record the paper proof with its scan."""
    upload = request.files.get("scan")
    signed_on, ok = parse_date(request.form.get("signed_on"))
    try:
        if not ok:
            raise ValidationFailed({"signed_on": _("Enter a date like 2026-03-14.")})
        data = upload.read(svc.MAX_SCAN_BYTES + 1) if upload else b""
        svc.record_paper(
            db.session,
            settings(),
            actor(),
            proof_id,
            signed_name=request.form.get("signed_name", ""),
            signed_on=signed_on,
            scan=data,
        )
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _proof_page(proof_id, status=422)
    flash(_("The paper proof is recorded and verified."), "success")
    return redirect(url_for("proofs.proof", proof_id=proof_id))


@bp.get("/proofs/<int:proof_id>/scan")
@login_required
def scan(proof_id: int):  # type: ignore[no-untyped-def]
    """Download the scan of a paper proof."""
    found = svc.get_proof(db.session, _me(), proof_id)
    if svc.COUNSELLOR not in svc.parties(found, _me()):
        raise PermissionDenied("only the counsellor reads the scan")
    path = svc.scan_path(settings(), found)
    if path is None or not path.is_file():
        abort(404)
    # Read into memory (at most 10 MB): no open file handle outlives the request.
    extension = path.suffix
    return Response(
        path.read_bytes(),
        mimetype=found.scan_type,
        headers={"Content-Disposition": f'attachment; filename="scan-{found.verification_code}{extension}"'},
    )


@bp.get("/proofs/<int:proof_id>/print.pdf")
@login_required
def print_pdf(proof_id: int):  # type: ignore[no-untyped-def]
    """Download the printable proof (one A4 page)."""
    found = svc.get_proof(db.session, _me(), proof_id)
    return _pdf(proof_documents.proof_pdf(db.session, settings(), found), f"proof-{found.verification_code}.pdf")


# --- the organisation's contact persons ---------------------------------------------------------


def _contacts_page(organisation_id: int, status: int = 200, edit_id: int | None = None):  # type: ignore[no-untyped-def]
    require_member(actor(), organisation_id)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    persons = cp_service.list_contact_persons(db.session, actor(), organisation_id)
    return (
        render_template(
            "organisation/contact_persons.html",
            organisation=organisation,
            persons=persons,
            edit_id=edit_id,
            waiting=svc.proofs_for_contact_account(db.session, actor()),
        ),
        status,
    )


def _person_input() -> cp_service.ContactPersonInput:
    return cp_service.ContactPersonInput(
        name=request.form.get("name", ""),
        role=request.form.get("role", ""),
        email=request.form.get("email", ""),
        phone=request.form.get("phone", ""),
    )


@contacts_bp.get("/")
@login_required
def contact_persons(organisation_id: int):  # type: ignore[no-untyped-def]
    """List the organisation's contact persons, with a form to add one."""
    return _contacts_page(organisation_id, edit_id=parse_id(request.args.get("edit")))


@contacts_bp.post("/")
@login_required
def create_contact_person(organisation_id: int):  # type: ignore[no-untyped-def]
    """Add a contact person."""
    try:
        cp_service.create_contact_person(db.session, actor(), organisation_id, _person_input())
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _contacts_page(organisation_id, status=422)
    flash(_("The contact person is saved."), "success")
    return redirect(url_for("contact_persons.contact_persons", organisation_id=organisation_id))


@contacts_bp.post("/<int:contact_person_id>")
@login_required
def update_contact_person(organisation_id: int, contact_person_id: int):  # type: ignore[no-untyped-def]
    """Change a contact person (or take them off the list)."""
    try:
        cp_service.update_contact_person(
            db.session,
            actor(),
            organisation_id,
            contact_person_id,
            _person_input(),
            active=request.form.get("active") == "1",
        )
    except ValidationFailed as exc:
        _flash_errors(exc.errors)
        return _contacts_page(organisation_id, status=422, edit_id=contact_person_id)
    flash(_("The contact person is saved."), "success")
    return redirect(url_for("contact_persons.contact_persons", organisation_id=organisation_id))
