"""Dashboards for local governments (regierol) and organisations' needs."""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from aanbodplatform.digits import gettext as _
from aanbodplatform.extensions import db
from aanbodplatform.models import NEED_STATUSES, NEED_TOPICS
from aanbodplatform.services import dashboards, needs
from aanbodplatform.services.authz import ValidationFailed
from aanbodplatform.services.dashboards import resolve_scope, scopes_for
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web import dashboard_blocks as blocks
from aanbodplatform.web.domain_errors import install_error_handlers
from aanbodplatform.web.guard import actor, login_required, settings

bp = Blueprint("dashboards", __name__, url_prefix="/<lang>/dashboard")
install_error_handlers(bp)
needs_bp = Blueprint("needs", __name__, url_prefix="/<lang>")
install_error_handlers(needs_bp)
# Emails use these labels too, so they are app-wide.
bp.add_app_template_global(blocks.need_topic_label, "need_topic_label")
bp.add_app_template_global(blocks.need_status_label, "need_status_label")
bp.add_app_template_global(blocks.small_count_text, "small_count_text")


def _threshold() -> int:
    return int(current_app.extensions["settings"].coverage_gap_threshold)


def _all_blocks(scope: dashboards.Scope) -> dict[str, blocks.Block]:
    landscape = dashboards.landscape(db.session, scope)
    flow = dashboards.handover_flow(db.session, scope)
    coverage = dashboards.coverage(db.session, scope, threshold=_threshold())
    months = dashboards.trend_months(dashboards.utcnow())
    found = [
        *blocks.landscape_blocks(landscape),
        *blocks.trend_block(landscape, flow, months),
        *blocks.handover_blocks(flow),
        blocks.coverage_block(coverage),
        blocks.proof_hours_block(dashboards.proof_hours(db.session, scope)),
    ]
    return {b.key: b for b in found}


@bp.get("/")
@login_required
def overview():  # type: ignore[no-untyped-def]
    """Show the offer landscape, gaps, handovers and needs of one scope."""
    scope = resolve_scope(actor(), request.args.get("scope"))
    landscape = dashboards.landscape(db.session, scope)
    flow = dashboards.handover_flow(db.session, scope)
    coverage = dashboards.coverage(db.session, scope, threshold=_threshold())
    months = dashboards.trend_months(dashboards.utcnow())
    shared = dashboards.organisations_in_several(db.session, scope) if scope.kind != "municipality" else []
    open_needs = [n for n in needs.needs_for_scope(db.session, scope) if n.status != "answered"]
    return render_template(
        "dashboards/overview.html",
        scope=scope,
        scopes=scopes_for(actor()),
        landscape=landscape,
        landscape_blocks=blocks.landscape_blocks(landscape),
        trend_blocks=blocks.trend_block(landscape, flow, months),
        handover_blocks=[*blocks.handover_blocks(flow),
                         blocks.proof_hours_block(dashboards.proof_hours(db.session, scope))],
        median_days=flow.median_days_to_answer,
        coverage=coverage,
        coverage_block=blocks.coverage_block(coverage),
        threshold=_threshold(),
        shared=shared,
        open_needs=len(open_needs),
        taxonomy=get_taxonomy(),
    )


def _csv(rows: list[list[str]], filename: str) -> Response:
    buffer = io.StringIO()
    # A BOM so spreadsheet programs open the accents right; ";"-free, RFC 4180 commas.
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(rows)
    return Response(buffer.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/export/<block>.csv")
@login_required
def export_block(block: str):  # type: ignore[no-untyped-def]
    """Download one block's table as CSV (the same numbers as the page)."""
    scope = resolve_scope(actor(), request.args.get("scope"))
    found = _all_blocks(scope).get(block)
    if found is None:
        abort(404)
    rows = [[_("Code"), _("Label"), _("Count")]]
    rows += [[r.key, r.label, r.shown if found.personal else str(r.count)] for r in found.rows]
    return _csv(rows, f"{block}-{scope.key.replace(':', '-')}.csv")


@bp.get("/export/coverage-detail.csv")
@login_required
def export_coverage():  # type: ignore[no-untyped-def]
    """Download the coverage per municipality with counts per type."""
    scope = resolve_scope(actor(), request.args.get("scope"))
    rows_in = dashboards.coverage(db.session, scope, threshold=_threshold())
    types = sorted({t for c in rows_in for t in c.by_type})
    families = sorted({f for c in rows_in for f in c.by_family})
    rows = [["nis_code", "municipality", "lat", "lon", "eligible_offers_within_10_km", "gap",
             *[f"type:{t}" for t in types], *[f"family:{f}" for f in families]]]
    for c in rows_in:
        rows.append([c.nis_code, c.name, f"{c.lat:.5f}", f"{c.lon:.5f}", str(c.total),
                     "yes" if c.gap else "no", *[str(c.by_type.get(t, 0)) for t in types],
                     *[str(c.by_family.get(f, 0)) for f in families]])
    return _csv(rows, f"coverage-{scope.key.replace(':', '-')}.csv")


# --- needs ----------------------------------------------------------------------------


@needs_bp.route("/organisations/<int:org_id>/needs", methods=["GET", "POST"])
@login_required
def organisation_list(org_id: int):  # type: ignore[no-untyped-def]
    """Let an organisation send a question to its local government and see the answers."""
    errors: dict[str, str] = {}
    form = {"topic": "", "text": ""}
    if request.method == "POST":
        form = {"topic": request.form.get("topic", ""), "text": request.form.get("text", "")}
        try:
            needs.send_need(db.session, settings(), actor(), org_id, topic=form["topic"],
                            text=form["text"])
        except ValidationFailed as exc:
            db.session.rollback()
            errors = exc.errors
        else:
            db.session.commit()
            flash(_("Your question was sent to your local government."), "success")
            return redirect(url_for("needs.organisation_list", org_id=org_id))
    items = needs.needs_of_organisation(db.session, actor(), org_id)
    return render_template("dashboards/needs_organisation.html", org_id=org_id, items=items,
                           topics=NEED_TOPICS, errors=errors, form=form), (400 if errors else 200)


@needs_bp.get("/dashboard/needs")
@login_required
def scope_list():  # type: ignore[no-untyped-def]
    """List the needs addressed to the moderator's scope, open ones first."""
    scope = resolve_scope(actor(), request.args.get("scope"))
    items = needs.needs_for_scope(db.session, scope)
    return render_template("dashboards/needs_scope.html", scope=scope, scopes=scopes_for(actor()),
                           items=items, statuses=NEED_STATUSES)


@needs_bp.post("/dashboard/needs/<int:need_id>")
@login_required
def update(need_id: int):  # type: ignore[no-untyped-def]
    """Change a need's status, with an answer for the organisation."""
    try:
        needs.update_need(db.session, settings(), actor(), need_id,
                          status=request.form.get("status", ""), answer=request.form.get("answer"))
    except ValidationFailed as exc:
        db.session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
        return redirect(url_for("needs.scope_list", scope=request.form.get("scope") or None)), 303
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("needs.scope_list", scope=request.form.get("scope") or None)), 303


@needs_bp.get("/dashboard/needs.csv")
@login_required
def export_needs():  # type: ignore[no-untyped-def]
    """Download the scope's needs as CSV."""
    scope = resolve_scope(actor(), request.args.get("scope"))
    return _csv(needs.csv_rows(needs.needs_for_scope(db.session, scope)),
                f"needs-{scope.key.replace(':', '-')}.csv")
