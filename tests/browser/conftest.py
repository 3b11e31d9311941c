"""Browser tests: one Chromium per session, one live server per module, seeded with real places.

Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
Without that binary every browser test is skipped with the reason.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import test_env
from tests.i18n_support import ntr, tr

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
MOBILE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Skip browser tests, with the reason, when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Launch one headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class LiveServer:
    """A running app: its base URL, the ids of the seeded offers by key, and the app itself."""

    url: str
    offers: dict[str, int] = field(default_factory=dict)
    app: Any = None

    def __call__(self, path: str) -> str:
        """Return the absolute URL of `path`."""
        return self.url + path

    def tr(self, tag: str, msgid: str, **variables: Any) -> str:
        """Return `msgid` as the server shows it in the UI locale `tag` (e.g. an accessible name)."""
        return tr(self.app, tag, msgid, **variables)

    def ntr(self, tag: str, singular: str, plural: str, num: int, **variables: Any) -> str:
        """Return the plural message for `num` as the server shows it in the UI locale `tag`."""
        return ntr(self.app, tag, singular, plural, num, **variables)


def seed_offers(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Create the offers the browser tests search for; return their ids by key."""
    from aanbodplatform.models import (
        Location,
        Offer,
        OfferActivity,
        OfferContact,
        OfferTranslation,
        Organisation,
        ScheduleSlot,
    )

    now = datetime.now(UTC)
    specs = {
        "gent": dict(
            title="Voetbal met de buren", nis="44021", lat=51.0543, lon=3.7174, type="club",
            activities=("football",), translations={
                "ar": ("كرة القدم مع الجيران", "نلعب كرة القدم مع الجيران كل أسبوع."),
                "uk": ("Футбол із сусідами", "Щотижня граємо у футбол із сусідами."),
            },
        ),
        "antwerpen": dict(title="Voetbal in Antwerpen", nis="11002", lat=51.2199, lon=4.4035,
                          type="club", activities=("football",)),
        "leuven": dict(title="Voetbal in Leuven", nis="24062", lat=50.8798, lon=4.7005,
                       type="club", activities=("football",)),
        "brugge": dict(title="Praattafel in de bib", nis="31005", lat=51.2093, lon=3.2247,
                       type="conversation_table", activities=("library",)),
        "kookclub": dict(title="Kookclub zonder Nederlands", nis="44021", lat=51.0450, lon=3.7300,
                         type="club", activities=("cooking",), eligible=False),
        "repair": dict(title="Repair café Gentbrugge", nis="44021", lat=51.0300, lon=3.7600,
                       type="volunteering", activities=("repair_cafe",)),
    }
    ids: dict[str, int] = {}
    for key, spec in specs.items():
        offer = Offer(
            organisation=Organisation(name=f"Vzw {spec['title'].split()[-1]}", website="https://example.org"),
            offer_type=spec["type"],
            title_nl=spec["title"],
            summary_nl="Elke week samen iets doen en Nederlands praten met buren.",
            description_nl="We spreken af in de zaal.\n\nJe hoeft niets mee te brengen. Iedereen is welkom.",
            status="published",
            dutch_context=spec.get("eligible", True),
            dutch_context_evidence="Onze vrijwilligers spreken Nederlands en helpen je.",
            social_participation=True,
            social_participation_evidence="Je speelt in een ploeg met mensen uit de buurt.",
            insurance_note="Alle deelnemers zijn verzekerd via de vereniging.",
            dutch_level="A1",
            free=key != "kookclub",
            cost_note=None if key != "kookclub" else "5 euro per keer",
            wheelchair=key == "gent",
            capacity=12,
            places_free=4,
            published_at=now,
            confirmed_at=now,
        )
        offer.activities = [OfferActivity(activity_code=a) for a in spec["activities"]]
        offer.locations = [
            Location(name="Buurtzaal", street="Kerkstraat 1", postcode=None,
                     municipality_nis=spec["nis"], lat=spec["lat"], lon=spec["lon"], precision="address")
        ]
        offer.slots = [
            ScheduleSlot(weekday="tue", daypart="evening", starts_at=time(19, 0), ends_at=time(21, 0)),
            ScheduleSlot(weekday="sat", daypart="morning"),
        ]
        offer.contacts = [OfferContact(name="An Peeters", email="an@example.org", phone="09 123 45 67")]
        for locale, (title, summary) in spec.get("translations", {}).items():
            offer.translations.append(
                OfferTranslation(locale=locale, title=title, summary=summary, translated_by="volunteer")
            )
        session.add(offer)
        session.commit()
        ids[key] = offer.id
    return ids


@pytest.fixture(scope="module")
def live_server(template_instance: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Run the app on 127.0.0.1:<free port> in a thread, with seeded offers, for one module."""
    from werkzeug.serving import make_server

    from aanbodplatform import create_app
    from aanbodplatform.extensions import db

    # The function-scoped `instance` fixture cannot serve a module: same recipe, module scope.
    from tests.conftest import copy_instance

    copies = copy_instance(template_instance, tmp_path_factory.mktemp("live-instance"))
    instance = next(copies)
    app = create_app(test_env(instance))
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        offers = seed_offers(db.session)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", offers=offers, app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        db.session.remove()
        db.engine.dispose()
        copies.close()


class PageProblems:
    """Console errors and failed same-origin requests seen by a page."""

    def __init__(self) -> None:
        self.csp: list[str] = []
        self.errors: list[str] = []

    def watch(self, page) -> None:  # type: ignore[no-untyped-def]
        """Listen to `page`."""
        def on_console(message) -> None:  # type: ignore[no-untyped-def]
            text = message.text
            if "Content Security Policy" in text or "Refused to" in text:
                self.csp.append(text)

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))


def _block_tiles(context) -> None:  # type: ignore[no-untyped-def]
    # The test network has no internet: fail tile requests at once instead of waiting.
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


@pytest.fixture
def new_page(browser):  # type: ignore[no-untyped-def]
    """Return a factory of pages in fresh contexts; CSP and script errors fail the test."""
    contexts = []
    problems = PageProblems()

    def make(viewport: dict | None = None, **options):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport or DESKTOP, **options)
        _block_tiles(context)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not problems.csp, problems.csp
    assert not problems.errors, problems.errors


@pytest.fixture
def page(new_page):  # type: ignore[no-untyped-def]
    """Return one desktop page."""
    return new_page()


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core (WCAG 2.1 A/AA rules) on `page`; return the serious and critical violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
              runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            });
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Save a full-page screenshot under test-artifacts/screenshots/ and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
