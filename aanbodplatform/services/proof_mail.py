"""The emails of proofs: the contact person is asked to sign, the counsellor hears what happened.

Contact persons are written to in Dutch (as organisations are), only at the address their
organisation registered; the email names no client, only the offer type and the organisation.
"""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from aanbodplatform.config import Settings
from aanbodplatform.models import Organisation, ParticipationProof
from aanbodplatform.services import mail

log = logging.getLogger(__name__)

CONTACT_LOCALE = "nl"
_COUNSELLOR_SUBJECTS = {
    "signed": _l("Proof signed for client %(code)s"),
    "refused": _l("Proof refused for client %(code)s: please contact the organisation"),
    "answered": _l("The contact person answered your question (client %(code)s)"),
}


def ask_contact_to_sign(
    settings: Settings | None,
    session: Session,
    proof: ParticipationProof,
    token: str,
    *,
    question: bool = False,
) -> bool:
    """Email the contact person the signing link (or the counsellor's question) in Dutch."""
    person = proof.contact_person
    if not person.email:
        return False
    organisation = session.get(Organisation, proof.organisation_id)
    link = mail.absolute_url(
        "proof_links.contact", settings, lang=CONTACT_LOCALE, proof_id=proof.id, token=token
    )
    subject = (
        _l("A counsellor has a question about a proof of participation")
        if question
        else _l("Please confirm the hours of a newcomer (proof of participation)")
    )
    message = mail.render(
        "proof_contact_sign",
        mail.Recipient(person.email, CONTACT_LOCALE, person.name),
        subject,
        person=person,
        organisation_name=organisation.name if organisation else "",
        question=question,
        link=link,
    )
    return mail.send(message, settings)


def notify_counsellor(
    settings: Settings | None, session: Session, proof: ParticipationProof, kind: str
) -> bool:
    """Tell the counsellor that a proof was signed, refused or answered, in their language."""
    notice = mail.counsellor_notice(
        settings,
        session,
        counsellor_id=proof.counsellor_id,
        client_id=proof.client_id,
        endpoint="proofs.proof",
        proof_id=proof.id,
    )
    if notice is None:
        return False
    code = notice.client_code
    subject_template = _COUNSELLOR_SUBJECTS[kind]
    message = mail.render(
        "proof_counsellor",
        notice.counsellor,
        lambda: str(subject_template) % {"code": code},
        kind=kind,
        client_code=code,
        link=notice.link,
    )
    return mail.send(message, settings)
