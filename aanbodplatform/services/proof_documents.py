"""Printable documents: the one-page proof (the paper form's fields) and the client's summary.

Rendered from templates to PDF on the server with WeasyPrint. Field names are in Dutch, as on
the agency's paper form, with the client's language next to them.
"""

from __future__ import annotations

import base64
from datetime import date

import segno
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.i18n import BY_TAG, get_locale
from aanbodplatform.models import Client, Offer, Organisation, ParticipationProof
from aanbodplatform.services import proofs as svc
from aanbodplatform.services.taxonomy import get_taxonomy


def organisation_offers(session: Session, organisation_id: int) -> list[Offer]:
    """Return the organisation's offers by title (to name the activity of a line of hours)."""
    return list(
        session.scalars(
            select(Offer).where(Offer.organisation_id == organisation_id).order_by(Offer.title_nl)
        )
    )


def verify_url(settings: Settings, proof: ParticipationProof) -> str:
    """Return the short public address that checks a printed proof."""
    return f"{settings.base_url.rstrip('/')}/verify/{proof.verification_code}"


def _qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=3)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _client_tag(client: Client | None) -> str:
    tag = client.preferred_locale if client else "nl"
    return tag if tag in BY_TAG else "nl"


def _to_pdf(html: str, settings: Settings) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.instance_path)).write_pdf()


def proof_html(session: Session, settings: Settings, proof: ParticipationProof) -> str:
    """Return the printable proof as HTML (Dutch fields, headings also in the client's language)."""
    client = session.get(Client, proof.client_id) if proof.client_id else None
    tag = _client_tag(client)
    offers = {o.id: o for o in organisation_offers(session, proof.organisation_id)}
    offer_type = get_taxonomy().offer_types.get(proof.offer_type)
    url = verify_url(settings, proof)
    total, counted = svc.proof_minutes(proof, client)
    with force_locale("nl"):
        return render_template(
            "proofs/print.html",
            proof=proof,
            client=client,
            client_locale=get_locale(tag),
            organisation=session.get(Organisation, proof.organisation_id),
            offer_type_label=offer_type.label("nl") if offer_type else proof.offer_type,
            offers=offers,
            counts=lambda entry: svc.entry_counts(client, entry),
            total=total,
            counted=counted,
            verify_url=url,
            qr=_qr_data_uri(url),
        )


def proof_pdf(session: Session, settings: Settings, proof: ParticipationProof) -> bytes:
    """Return the printable proof as a one-page A4 PDF."""
    return _to_pdf(proof_html(session, settings, proof), settings)


def summary_pdf(session: Session, settings: Settings, client: Client, *, today: date) -> bytes:
    """Return the summary sheet of all of a client's proofs, to register the outcome."""
    taxonomy = get_taxonomy()
    proofs = [p for p in svc.proofs_for_client(session, client.id) if p.status != "void"]
    with force_locale("nl"):
        html = render_template(
            "proofs/summary_print.html",
            client=client,
            client_locale=get_locale(_client_tag(client)),
            progress=svc.client_progress(session, client, today=today),
            rows=[
                (
                    p,
                    session.get(Organisation, p.organisation_id),
                    taxonomy.offer_types[p.offer_type].label("nl")
                    if p.offer_type in taxonomy.offer_types
                    else p.offer_type,
                    svc.proof_minutes(p, client),
                )
                for p in proofs
            ],
            today=today,
        )
    return _to_pdf(html, settings)
