"""One helper builds what every mail to a counsellor needs (handover and proof notices)."""

from __future__ import annotations

from aanbodplatform.services import mail
from tests.factories import make_client, make_user


def test_the_notice_names_the_client_and_links_in_the_counsellors_language(app, session) -> None:  # type: ignore[no-untyped-def]
    counsellor = make_user(session, "counsellor", locale="fr")
    client = make_client(session, counsellor, reference_code="GT-42")
    notice = mail.counsellor_notice(
        None, session, counsellor_id=counsellor.id, client_id=client.id,
        endpoint="counsellor.handover", handover_id=7,
    )  # fmt: skip
    assert notice is not None and notice.counsellor.id == counsellor.id
    assert notice.client_code == "GT-42"
    assert notice.link.endswith("/fr/counsellor/handovers/7")
    without_client = mail.counsellor_notice(
        None, session, counsellor_id=counsellor.id, client_id=None,
        endpoint="proofs.proof", proof_id=3,
    )  # fmt: skip
    assert without_client is not None and without_client.client_code == ""


def test_nobody_is_told_when_the_account_is_gone_or_inactive(app, session) -> None:  # type: ignore[no-untyped-def]
    counsellor = make_user(session, "counsellor")
    counsellor.is_active = False
    session.commit()
    assert mail.counsellor_notice(
        None, session, counsellor_id=counsellor.id, client_id=None,
        endpoint="counsellor.handover", handover_id=1,
    ) is None  # fmt: skip
    assert mail.counsellor_notice(
        None, session, counsellor_id=999_999, client_id=None,
        endpoint="counsellor.handover", handover_id=1,
    ) is None  # fmt: skip
