"""Issue 11: offers readable in the newcomer's own language.

Facts from data in an "at a glance" block, script shares on Dutch-only offers, translations
that stay true (outdated marking), provenance, and the translation queue flow.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from aanbodplatform.i18n import LOCALES
from aanbodplatform.models import OfferContact
from tests.workspace_support import login, make_user

# A realistic Dutch description of exactly 600 characters.
DESCRIPTION_600 = (
    "Elke dinsdagavond komen we samen in het buurthuis om Nederlands te praten. "
    "We drinken koffie of thee en praten over het nieuws, over koken, over werk en over het "
    "leven in Gent. Vrijwilligers die vlot Nederlands spreken, leiden de gesprekken in kleine "
    "groepjes van vier of vijf mensen. Je hoeft niets voor te bereiden en je mag fouten maken: "
    "we helpen je graag verder. Na een paar weken ken je de andere deelnemers en spreek je ook "
    "buiten de praattafel af. Breng gerust een vriend of een buurvrouw mee. In de zomer gaan we "
    "soms samen wandelen in het park of naar de markt, dan oefenen we onderweg."
)
DESCRIPTION_600 = (DESCRIPTION_600 + " " * 600)[:600]
assert len(DESCRIPTION_600) == 600

#: Unicode script name prefixes per reader locale.
SCRIPTS = {
    "ar": "ARABIC",
    "fa-AF": "ARABIC",
    "ps": "ARABIC",
    "ti": "ETHIOPIC",
    "uk": "CYRILLIC",
    "ru": "CYRILLIC",
}


#: Names of things that are written the same in every language (the catalogs keep them).
BRANDS = ("UiTPAS", "OpenStreetMap")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class _Letters(HTMLParser):
    """Collect the text inside <main> and inside the at-a-glance block, place names aside."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.main: list[str] = []
        self.glance: list[str] = []
        self.places: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        tags = [t for t, _a in self.stack]
        if "main" not in tags or {"script", "style"} & set(tags):
            return
        classes = {c for _t, a in self.stack for c in (a.get("class") or "").split()}
        if classes & {"place", "name"}:
            # Names of places, organisations and people are the same in every language.
            self.places.append(data)
            return
        # Email addresses are not words to read (read aloud skips them too); brand names are names.
        data = EMAIL.sub(" ", data)
        for brand in BRANDS:
            data = data.replace(brand, " ")
        self.main.append(data)
        if any(a.get("id") == "at-a-glance" for _t, a in self.stack):
            self.glance.append(data)


def _parse(html: str) -> _Letters:
    parser = _Letters()
    parser.feed(html)
    return parser


def script_share(text: str, script: str) -> float:
    """Return the share of letters in `text` that belong to `script` (0..1)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    mine = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(script))
    return mine / len(letters)


@pytest.fixture
def dutch_only(make_offer):
    """Two Dutch-only offers with a 600-character Dutch description, one with many Dutch notes."""
    plain = make_offer(
        "Praattafel in het buurthuis",
        summary="Elke dinsdagavond Nederlands praten met vrijwilligers in een kleine groep.",
        description_nl=DESCRIPTION_600,
        activities=("board_games",),
        join_how="walk_in",
    )
    noted = make_offer(
        "Samen koken in De Centrale",
        summary="Elke donderdag koken we samen een maaltijd en praten we Nederlands.",
        description_nl=DESCRIPTION_600,
        offer_type="club",
        activities=("cooking",),
        free=False,
        cost_note="Twee euro per keer, met UiTPAS kansentarief 50 cent.",
        cost_amount_cents=200,
        cost_unit="session",
        reduced_uitpas=True,
        schedule_note="Niet tijdens de schoolvakanties.",
        insurance_note="Deelnemers zijn verzekerd via onze vrijwilligersverzekering.",
    )
    noted.contacts = [OfferContact(name="Els Peeters", email="els@centrale.be", phone="09 123 45 67")]
    return [plain, noted]


@pytest.mark.parametrize("lang", list(SCRIPTS))
def test_dutch_only_offer_page_is_mostly_in_the_readers_script(client, dutch_only, lang) -> None:
    for offer in dutch_only:
        html = client.get(f"/{lang}/offers/{offer.id}", follow_redirects=True).text
        letters = _parse(html)
        main_share = script_share(" ".join(letters.main), SCRIPTS[lang])
        glance_share = script_share(" ".join(letters.glance), SCRIPTS[lang])
        assert main_share >= 0.65, (lang, offer.title_nl, round(main_share, 3))
        assert glance_share >= 0.75, (lang, offer.title_nl, round(glance_share, 3))
        # The Dutch text stays on the page, marked as Dutch.
        assert re.search(r'<div class="description" id="offer-description" lang="nl"', html)
        assert DESCRIPTION_600.split(".")[0] in html


def test_script_share_counts_letters_only() -> None:
    assert script_share("Привіт, Gent 2026!", "CYRILLIC") == pytest.approx(6 / 10)
    assert script_share("ሰላም abc", "ETHIOPIC") == pytest.approx(3 / 6)
