"""The counsellor's workspace: clients, search together, shortlists and warm handovers.

Guides (social workers, local government staff) get clients, search together and
shortlists; handovers stay with counsellors. Every rule is checked in the
services; these views only translate HTTP into service calls.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import segno
from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from markupsafe import Markup

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.models import Client
from aanbodplatform.services import clients as client_service
from aanbodplatform.services import handovers as handover_service
from aanbodplatform.services import shortlists as shortlist_service
from aanbodplatform.services.authz import PermissionDenied, ValidationFailed
from aanbodplatform.services.offers import glance_facts_by_id, localized_text
from aanbodplatform.services.regions import municipalities
from aanbodplatform.services.search import DEFAULT_RADIUS_KM, RADIUS_CHOICES_KM
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web import handover_presenters as hp
from aanbodplatform.web.counsellor_forms import (
    EraseForm,
    PlainForm,
    TextForm,
    WithdrawForm,
    client_data,
    client_form,
    client_input,
    handover_form,
    handover_input,
)
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.form_errors import attach_errors
from aanbodplatform.web.guard import actor, login_required, safe_next, settings
from aanbodplatform.web.presenters import param_error_message
from aanbodplatform.web.search_presenter import run_search
from search_index import DAYPARTS, DUTCH_LEVELS, WEEKDAYS

bp = Blueprint("counsellor", __name__, url_prefix="/<lang>/counsellor")
install_error_handlers(bp)
# The two-language helpers and handover words are template globals (emails use them too).
bp.record_once(lambda state: hp.init_templates(state.app))

#: Marks a search-together query as chosen by the user (not to be replaced by the prefill).
TOGETHER_PARAM = "together"


@bp.after_request
def _no_store(response: Response) -> Response:
    # Client data must not stay in shared browser or proxy caches.
    response.headers["Cache-Control"] = "no-store"
    return response



# --- helpers ------------------------------------------------------------------------------


def _page_tag() -> str:
    return getattr(g, "locale_tag", "nl")


def _is_counsellor() -> bool:
    user = actor()
    return user is not None and user.role == "counsellor"


def _load_client(client_id: int) -> Client:
    return client_service.get_client(db.session, actor(), client_id)


# --- dashboard and clients ----------------------------------------------------------------


@bp.get("/")
@login_required
def dashboard():  # type: ignore[no-untyped-def]
    """Show the counsellor's handovers by status, those waiting longest first."""
    user = actor()
    if user is not None and user.role == "guide":
        return redirect(url_for("counsellor.clients"))
    board = handover_service.counsellor_dashboard(db.session, user)
    return render_template("counsellor/dashboard.html", board=board)


@bp.get("/clients")
@login_required
def clients():  # type: ignore[no-untyped-def]
    """List the user's clients (a coordinator also sees the office's)."""
    archived = request.args.get("archived") == "1"
    found = client_service.list_clients(db.session, actor(), archived=archived)
    return render_template("counsellor/clients.html", clients=found, archived=archived)


@bp.route("/clients/new", methods=["GET", "POST"])
@login_required
def new_client():  # type: ignore[no-untyped-def]
    """Create a client."""
    client_service.require_client_keeper(actor())
    form = client_form()
    if request.method == "GET":
        form.preferred_locale.data = _page_tag()
    if form.validate_on_submit():
        try:
            client = client_service.create_client(db.session, actor(), client_input(form))
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("The client is saved."), "success")
            return redirect(url_for("counsellor.client", client_id=client.id))
    return render_template(
        "counsellor/client_form.html", form=form, client=None
    ), 422 if form.errors else 200


@bp.get("/clients/<int:client_id>")
@login_required
def client(client_id: int):  # type: ignore[no-untyped-def]
    """Show one client with the shortlist and the handovers."""
    found = _load_client(client_id)
    entries = shortlist_service.shortlist(db.session, actor(), client_id)
    handovers = handover_service.handovers_for_client(db.session, actor(), client_id)
    return render_template(
        "counsellor/client.html",
        client=found,
        entries=entries,
        handovers=handovers,
        can_hand_over=handover_service.may_hand_over(actor(), found),
        plain_form=PlainForm(),
    )


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
@login_required
def edit_client(client_id: int):  # type: ignore[no-untyped-def]
    """Change a client's details."""
    found = _load_client(client_id)
    form = client_form(data=client_data(found)) if request.method == "GET" else client_form()
    if form.validate_on_submit():
        try:
            client_service.update_client(db.session, actor(), client_id, client_input(form))
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("counsellor.client", client_id=client_id))
    return render_template(
        "counsellor/client_form.html", form=form, client=found
    ), 422 if form.errors else 200


@bp.post("/clients/<int:client_id>/archive")
@login_required
def archive_client(client_id: int):  # type: ignore[no-untyped-def]
    """Archive a client; it is anonymised later."""
    if PlainForm().validate_on_submit():
        client_service.archive_client(db.session, actor(), client_id)
        months = settings().client_anonymise_after_months
        flash(
            _("The client is archived. The record is anonymised after %(num)d months.", num=months),
            "success",
        )
    return redirect(url_for("counsellor.clients"))


@bp.post("/clients/<int:client_id>/restore")
@login_required
def restore_client(client_id: int):  # type: ignore[no-untyped-def]
    """Bring an archived client back."""
    if PlainForm().validate_on_submit():
        client_service.restore_client(db.session, actor(), client_id)
        flash(_("The client is back in your list."), "success")
    return redirect(url_for("counsellor.client", client_id=client_id))


@bp.get("/clients/<int:client_id>/export")
@login_required
def export_client(client_id: int):  # type: ignore[no-untyped-def]
    """Download everything stored about one client as JSON."""
    data = client_service.export_client(db.session, actor(), client_id)
    # The reference code only holds letters, digits and . _ / -; the slash is not safe in a file name.
    name = data["client"]["reference_code"].replace("/", "-")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="client-{name}.json"'},
    )


@bp.route("/clients/<int:client_id>/erase", methods=["GET", "POST"])
@login_required
def erase_client(client_id: int):  # type: ignore[no-untyped-def]
    """Erase one client and the personal data of their handovers, after a confirmation."""
    found = _load_client(client_id)
    form = EraseForm()
    if form.validate_on_submit():
        client_service.erase_client(db.session, actor(), client_id)
        flash(_("Everything about the client is erased."), "success")
        return redirect(url_for("counsellor.clients"))
    return render_template(
        "counsellor/erase.html", form=form, client=found
    ), 422 if form.errors else 200


# --- search together ----------------------------------------------------------------------


def _render_side(side: Any, template: str, **context: Any) -> Markup:
    """Render a partial in one side's language."""
    with force_locale(side.babel_id):
        return Markup(render_template(template, side=side, **context))


@bp.get("/clients/<int:client_id>/search")
@login_required
def search_together(client_id: int):  # type: ignore[no-untyped-def]
    """Search with the client: prefilled from their profile, in their language and Dutch."""
    found = _load_client(client_id)
    args = request.args.to_dict(flat=False)
    if TOGETHER_PARAM not in args:
        # The profile is only a start: the form sends `together`, so the counsellor's
        # changes (even clearing every filter) are kept from then on.
        prefill = client_service.search_prefill(found)
        return redirect(
            url_for("counsellor.search_together", client_id=client_id, together="1", **prefill)
        )
    sides = hp.use_sides(found.preferred_locale)
    page = run_search({**args, "lang": [found.preferred_locale]})
    result, error_exc = page.result, page.param_error
    shortlisted = shortlist_service.shortlisted_ids(db.session, actor(), client_id)
    taxonomy = get_taxonomy()
    cards = []
    if result is not None:
        # The at-a-glance facts come from the offers themselves, as on the public cards.
        glance = glance_facts_by_id(db.session, [int(h.document.id) for h in result.hits])
        for hit in result.hits:
            cards.append(
                {
                    "id": int(hit.document.id),
                    "sides": [
                        (
                            side,
                            _render_side(
                                side, "counsellor/_together_card.html", hit=hit, taxonomy=taxonomy,
                                offer=glance.get(int(hit.document.id)), locale=side,
                                municipalities=municipalities(),
                            ),
                        )
                        for side in sides
                    ],
                }
            )
    selected = {
        name: {part.strip() for raw in values for part in raw.split(",") if part.strip()}
        for name, values in args.items()
    }
    return (
        render_template(
            "counsellor/search_together.html",
            client=found,
            sides=sides,
            result=result,
            cards=cards,
            error=hp.both(param_error_message, error_exc) if error_exc else None,
            error_param=error_exc.param if error_exc else None,
            unavailable=page.unavailable,
            value=lambda name: (args.get(name) or [""])[-1].strip(),
            selected=selected,
            shortlisted=shortlisted,
            can_hand_over=handover_service.may_hand_over(actor(), found),
            taxonomy=taxonomy,
            radius_choices=RADIUS_CHOICES_KM,
            default_radius_km=DEFAULT_RADIUS_KM,
            weekdays=WEEKDAYS,
            dayparts=DAYPARTS,
            dutch_levels=DUTCH_LEVELS,
            page_count=page.page_count,
            beyond_last_page=page.beyond_last_page,
            page_url=lambda number: url_for(
                "counsellor.search_together",
                client_id=client_id,
                **{**{k: v for k, v in args.items() if k != "page"}, "page": str(number)},
            ),
            back_to=request.full_path.rstrip("?"),
            plain_form=PlainForm(),
        ),
        page.status,
    )


# --- shortlist ------------------------------------------------------------------------------


def _back(default: str, **values: Any):  # type: ignore[no-untyped-def]
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for(default, **values))


@bp.post("/clients/<int:client_id>/shortlist/<int:offer_id>")
@login_required
def shortlist_add(client_id: int, offer_id: int):  # type: ignore[no-untyped-def]
    """Put an offer on the client's shortlist."""
    if PlainForm().validate_on_submit():
        shortlist_service.add_to_shortlist(db.session, actor(), client_id, offer_id)
        flash(_("The offer is on the shortlist."), "success")
    return _back("counsellor.client", client_id=client_id)


@bp.post("/clients/<int:client_id>/shortlist/<int:offer_id>/remove")
@login_required
def shortlist_remove(client_id: int, offer_id: int):  # type: ignore[no-untyped-def]
    """Take an offer off the client's shortlist."""
    if PlainForm().validate_on_submit():
        shortlist_service.remove_from_shortlist(db.session, actor(), client_id, offer_id)
        flash(_("The offer is off the shortlist."), "success")
    return _back("counsellor.client", client_id=client_id)


def qr_svg(url: str) -> Markup:
    """Return an inline SVG QR code for `url` (no style attribute, so the CSP allows it)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=3, svgclass="qr-code", lineclass=None, omitsize=False)
    # The link is printed next to the code; the image adds nothing for screen readers.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


@bp.get("/clients/<int:client_id>/shortlist/print")
@login_required
def shortlist_print(client_id: int):  # type: ignore[no-untyped-def]
    """Show the shortlist to print, in the language of the page (the client's, from the link)."""
    _load_client(client_id)
    tag = _page_tag()
    items = []
    for entry in shortlist_service.shortlist(db.session, actor(), client_id):
        if not entry.published:
            continue
        title, summary, content_lang, _by = localized_text(entry.offer, tag)
        link = shortlist_service.offer_link(settings(), entry.offer, tag)
        items.append(
            {
                "offer": entry.offer,
                "title": title,
                "summary": summary,
                "content_lang": content_lang,
                "url": link,
                "qr": qr_svg(link),
            }
        )
    return render_template(
        "counsellor/shortlist_print.html",
        items=items,
        municipalities=municipalities(),
        taxonomy=get_taxonomy(),
        client_id=client_id,
    )


@bp.post("/clients/<int:client_id>/shortlist/email")
@login_required
def shortlist_email(client_id: int):  # type: ignore[no-untyped-def]
    """Email the shortlist to the client in their language."""
    if PlainForm().validate_on_submit():
        try:
            sent = shortlist_service.email_shortlist(db.session, settings(), actor(), client_id)
        except ValidationFailed as exc:
            for message in exc.errors.values():
                flash(message, "error")
        else:
            if sent:
                flash(_("The shortlist is sent to the client."), "success")
            else:
                flash(_("The email could not be sent. Try again later."), "error")
    return redirect(url_for("counsellor.client", client_id=client_id))


# --- handovers ------------------------------------------------------------------------------


def _require_counsellor() -> None:
    if not _is_counsellor():
        raise PermissionDenied("handovers are for counsellors")


@bp.route("/clients/<int:client_id>/handover/<int:offer_id>", methods=["GET", "POST"])
@login_required
def new_handover(client_id: int, offer_id: int):  # type: ignore[no-untyped-def]
    """Write a warm handover for a shortlisted offer (or finish its draft) and send it."""
    _require_counsellor()
    found = _load_client(client_id)
    offer = shortlist_service.shortlisted_offer(db.session, actor(), client_id, offer_id)
    existing = handover_service.open_handover(db.session, client_id, offer_id)
    if existing is not None and existing.status != "draft":
        flash(_("This offer already has an open handover for this client."), "info")
        return redirect(url_for("counsellor.handover", handover_id=existing.id))
    if request.method == "GET":
        data: dict[str, Any] = {
            "shared_fields": list(handover_service.DEFAULT_SHARED_FIELDS),
            "consent_date": date.today(),
        }
        if existing is not None:
            data.update(
                wishes=existing.wishes or "",
                practical_needs=existing.practical_needs or "",
                preferred_start=existing.preferred_start,
                note=existing.note or "",
                shared_fields=list(existing.shared_fields or []),
            )
        form = handover_form(found, data=data)
    else:
        form = handover_form(found)
    if form.validate_on_submit():
        send = request.form.get("action") != "draft"
        try:
            result = handover_service.submit_handover(
                db.session,
                settings(),
                actor(),
                client_id,
                offer_id,
                handover_input(form),
                send=send,
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            if result.sent:
                flash(_("The handover is sent. The organisation gets an email."), "success")
            elif result.handover.status == "draft":
                flash(_("The draft is saved."), "success")
            else:
                flash(_("This handover was already sent."), "info")
            return redirect(url_for("counsellor.handover", handover_id=result.handover.id))
    return (
        render_template(
            "counsellor/handover_form.html", form=form, client=found, offer=offer, draft=existing
        ),
        422 if form.errors else 200,
    )


def _handover_page(
    handover_id: int,
    answer_form: TextForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
    handover = handover_service.get_handover(db.session, actor(), handover_id)
    client = db.session.get(Client, handover.client_id) if handover.client_id else None
    return (
        render_template(
            "counsellor/handover.html",
            handover=handover,
            client=client,
            actions=handover_service.allowed_actions(db.session, actor(), handover),
            answer_form=answer_form or TextForm(prefix="answer"),
            withdraw_form=withdraw_form or WithdrawForm(prefix="withdraw"),
            plain_form=PlainForm(),
            is_owner=handover.counsellor_id == getattr(actor(), "id", None),
            ics_url=url_for("counsellor.appointment", handover_id=handover.id),
        ),
        status,
    )


@bp.get("/handovers/<int:handover_id>/appointment.ics")
@login_required
def appointment(handover_id: int):  # type: ignore[no-untyped-def]
    """Download the first appointment as a calendar file (the organisation has its own link)."""
    from aanbodplatform.web.handover_inbox import ics_response

    _require_counsellor()
    return ics_response(*handover_service.appointment_file(db.session, actor(), handover_id))


@bp.get("/handovers/<int:handover_id>")
@login_required
def handover(handover_id: int):  # type: ignore[no-untyped-def]
    """Show a handover with its full history and what the counsellor can do next."""
    return _handover_page(handover_id)


@bp.post("/handovers/<int:handover_id>/withdraw")
@login_required
def withdraw(handover_id: int):  # type: ignore[no-untyped-def]
    """Withdraw a handover."""
    form = WithdrawForm(prefix="withdraw")
    if form.validate_on_submit():
        try:
            handover_service.withdraw(
                db.session, settings(), actor(), handover_id, reason=form.reason.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("The handover is withdrawn."), "success")
            return redirect(url_for("counsellor.handover", handover_id=handover_id))
    return _handover_page(handover_id, withdraw_form=form, status=422)


@bp.post("/handovers/<int:handover_id>/answer")
@login_required
def answer(handover_id: int):  # type: ignore[no-untyped-def]
    """Answer the organisation's question."""
    form = TextForm(prefix="answer")
    if form.validate_on_submit():
        try:
            handover_service.answer(
                db.session, settings(), actor(), handover_id, form.text.data or ""
            )
        except ValidationFailed as exc:
            attach_errors(form, exc.errors)
        else:
            flash(_("Your answer is sent to the organisation."), "success")
            return redirect(url_for("counsellor.handover", handover_id=handover_id))
    return _handover_page(handover_id, answer_form=form, status=422)


@bp.post("/handovers/<int:handover_id>/start")
@login_required
def start(handover_id: int):  # type: ignore[no-untyped-def]
    """Record that the client has started."""
    if PlainForm().validate_on_submit():
        handover_service.mark_started(db.session, actor(), handover_id)
        flash(_("Saved: the client has started."), "success")
    return redirect(url_for("counsellor.handover", handover_id=handover_id))


@bp.post("/handovers/<int:handover_id>/send-appointment")
@login_required
def send_appointment(handover_id: int):  # type: ignore[no-untyped-def]
    """Email the client the appointment in their own language."""
    if PlainForm().validate_on_submit():
        try:
            sent = handover_service.send_appointment_to_client(
                db.session, settings(), actor(), handover_id
            )
        except ValidationFailed as exc:
            for message in exc.errors.values():
                flash(message, "error")
        else:
            if sent:
                flash(_("The appointment is sent to the client in their language."), "success")
            else:
                flash(_("The email could not be sent. Try again later."), "error")
    return redirect(url_for("counsellor.handover", handover_id=handover_id))
