"""The LibreTranslate client against a local server speaking the documented API, and the runner."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from aanbodplatform.config import load_settings
from aanbodplatform.models import TranslationRequest
from aanbodplatform.services.machine_translation import (
    LibreTranslateClient,
    TranslatorError,
    machine_translate_requested,
    translator_from_settings,
)
from tests.conftest import test_env
from tests.factories import make_user


class FakeLibreTranslate:
    """A tiny LibreTranslate: POST /translate {q, source, target, format, api_key}."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.received: list[dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep the test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server interface
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.received.append({"path": self.path, **body})
                if fake.mode == "slow":
                    time.sleep(1.5)
                status, answer = 200, {"translatedText": f"[{body['target']}] {body['q']}"}
                if fake.mode == "error":
                    status, answer = 400, {"error": "Invalid request: missing q parameter"}
                elif fake.mode == "forbidden":
                    status, answer = 403, {"error": "Invalid API key"}
                elif fake.mode == "empty":
                    answer = {"something": "else"}
                elif fake.mode == "html":
                    raw = b"<html>Bad gateway</html>"
                    self.send_response(502)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                    return
                raw = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_mt() -> Iterator[FakeLibreTranslate]:
    server = FakeLibreTranslate()
    yield server
    server.close()


def test_client_sends_the_documented_request_and_reads_translated_text(fake_mt) -> None:
    client = LibreTranslateClient(fake_mt.url, api_key="sleutel", timeout=5)
    assert client.translate("Elke dinsdag praten.", "nl", "fa-AF") == "[fa] Elke dinsdag praten."
    assert fake_mt.received == [
        {
            "path": "/translate",
            "q": "Elke dinsdag praten.",
            "source": "nl",
            "target": "fa",
            "format": "text",
            "api_key": "sleutel",
        }
    ]


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "HTTP 400: Invalid request: missing q parameter"),
        ("forbidden", "HTTP 403: Invalid API key"),
        ("empty", "the answer holds no translatedText"),
        ("html", "not JSON (HTTP 502)"),
    ],
)
def test_client_turns_server_errors_into_translator_errors(fake_mt, mode, reason) -> None:
    fake_mt.mode = mode
    with pytest.raises(TranslatorError) as caught:
        LibreTranslateClient(fake_mt.url, timeout=5).translate("Hallo", "nl", "ar")
    assert str(caught.value) == reason


def test_client_gives_up_after_the_timeout(fake_mt) -> None:
    fake_mt.mode = "slow"
    with pytest.raises(TranslatorError, match="did not answer in time"):
        LibreTranslateClient(fake_mt.url, timeout=0.3).translate("Hallo", "nl", "ar")


def test_unreachable_server_is_a_translator_error() -> None:
    with pytest.raises(TranslatorError, match="unreachable"):
        LibreTranslateClient("http://127.0.0.1:9", timeout=2).translate("Hallo", "nl", "ar")


def test_machine_translation_is_off_without_mt_url(tmp_path) -> None:
    assert translator_from_settings(load_settings(test_env(tmp_path))) is None
    on = load_settings(test_env(tmp_path, MT_URL="http://127.0.0.1:5001", MT_API_KEY="k"))
    client = translator_from_settings(on)
    assert isinstance(client, LibreTranslateClient) and client.url == "http://127.0.0.1:5001"


def _ask(session, offer, locale: str) -> None:
    user = make_user(session, "counsellor", email=f"tb-{offer.id}-{locale}@agency.be")
    session.add(TranslationRequest(offer_id=offer.id, locale=locale, requested_by_id=user.id))
    session.commit()


def test_requested_offers_are_machine_translated_and_marked(session, make_offer, fake_mt) -> None:
    offer = make_offer("Praattafel", summary="Elke week praten.", description_nl="Kom gerust.")
    other = make_offer("Niet gevraagd")
    _ask(session, offer, "ti")
    run = machine_translate_requested(session, LibreTranslateClient(fake_mt.url, timeout=5))
    assert run.translated == ((offer.id, "ti"),) and run.failed == ()
    session.refresh(offer)
    done = offer.translation("ti")
    assert (done.title, done.summary, done.description) == (
        "[ti] Praattafel",
        "[ti] Elke week praten.",
        "[ti] Kom gerust.",
    )
    assert done.translated_by == "machine"
    assert other.translations == []
    # The request stays open: the machine translation waits for a person to check it.
    assert session.query(TranslationRequest).one().fulfilled_at is None


def test_a_failure_leaves_the_offer_untouched(session, make_offer, fake_mt) -> None:
    offer = make_offer("Praattafel", translations={"en": ("Talk", "Talking")})
    _ask(session, offer, "ar")
    fake_mt.mode = "forbidden"
    run = machine_translate_requested(session, LibreTranslateClient(fake_mt.url, timeout=5))
    assert run.translated == () and run.failed == ((offer.id, "ar", "HTTP 403: Invalid API key"),)
    session.expire_all()
    assert [t.locale for t in offer.translations] == ["en"]


def test_a_persons_translation_is_never_overwritten(session, make_offer, fake_mt) -> None:
    offer = make_offer("Praattafel", translations={"ar": ("حديث", "نتحدث")})
    _ask(session, offer, "ar")
    run = machine_translate_requested(session, LibreTranslateClient(fake_mt.url, timeout=5))
    assert run.translated == () and fake_mt.received == []


def test_the_worker_translates_requests_only_when_mt_is_configured(instance, fake_mt) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from aanbodplatform import create_app, jobs
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Location, Offer, Organisation

    def run_job_with(**extra: str):  # type: ignore[no-untyped-def]
        app = create_app(test_env(instance, **extra))
        with app.app_context():
            jobs.machine_translation_job.call_local()
            with db.new_session() as session:
                offer = session.scalars(select(Offer).where(Offer.title_nl == "Praattafel")).one()
                found = {t.locale: t.translated_by for t in offer.translations}
        db.engine.dispose()
        return found

    app = create_app(test_env(instance))
    with app.app_context(), db.new_session() as session:
        offer = Offer(organisation=Organisation(name="Bib"), offer_type="conversation_table",
                      title_nl="Praattafel", summary_nl="Elke week praten.", status="published",
                      dutch_context=True, social_participation=True)
        offer.locations = [Location(municipality_nis="44021", lat=51.05, lon=3.72)]
        session.add(offer)
        session.commit()
        _ask(session, offer, "ti")
    db.engine.dispose()
    assert run_job_with() == {}  # MT_URL not set: nothing leaves the platform
    assert fake_mt.received == []
    assert run_job_with(MT_URL=fake_mt.url) == {"ti": "machine"}
    assert [r["target"] for r in fake_mt.received][:1] == ["ti"]
