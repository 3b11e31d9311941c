"""Issue 11: offers readable in the newcomer's own language.

Facts from data in an "at a glance" block, script shares on Dutch-only offers, translations
that stay true (outdated marking), provenance, and the translation queue flow.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from aanbodplatform.i18n import LOCALE_TAGS
from aanbodplatform.models import (
    Membership,
    OfferContact,
    OfferTranslation,
    TranslationProposal,
    TranslationRequest,
    TranslatorLanguage,
)
from aanbodplatform.services import offer_editing as editing
from aanbodplatform.services.offer_facts import derive_facts, source_hash
from aanbodplatform.services.offers import localized_text
from aanbodplatform.services.translations import (
    memory_suggestions,
    outdated_fields,
    stamp_sources,
)
from tests.factories import login, make_client, make_moderator, make_user, outbox, text_part

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


# --- the at-a-glance block ----------------------------------------------------------------


class _Glance(HTMLParser):
    """Collect the dt/dd pairs of the #at-a-glance block (place names aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_glance = False
        self.current: str | None = None
        self.skip = 0
        self.pairs: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id") == "at-a-glance":
            self.in_glance, self.depth = True, 0
        if not self.in_glance or tag in ("br", "img", "input"):
            return
        self.depth += 1
        if "place" in (found.get("class") or "").split():
            self.skip += 1
        if tag == "dt":
            self.pairs.append(["", ""])
            self.current = "dt"
        elif tag == "dd":
            self.current = "dd"

    def handle_endtag(self, tag: str) -> None:
        if not self.in_glance or tag in ("br", "img", "input"):
            return
        self.depth -= 1
        if tag == "bdi" and self.skip:
            self.skip -= 1
        if self.depth == 0:
            self.in_glance = False

    def handle_data(self, data: str) -> None:
        if self.in_glance and self.current and self.pairs and not self.skip:
            index = 0 if self.current == "dt" else 1
            self.pairs[-1][index] += data


def glance_pairs(html: str) -> list[tuple[str, str]]:
    """Return the (dt, dd) texts of the at-a-glance block, whitespace collapsed."""
    parser = _Glance()
    parser.feed(html)
    return [tuple(" ".join(x.split()) for x in pair) for pair in parser.pairs]  # type: ignore[misc]


@pytest.fixture
def structured(make_offer):
    return make_offer(
        "Samen koken",
        summary="Elke donderdag koken we samen.",
        offer_type="club",
        activities=("cooking",),
        free=False,
        cost_note="Twee euro per keer.",
        cost_amount_cents=250,
        cost_unit="session",
        reduced_uitpas=True,
        reduced_social_tariff=True,
        audience="women,families",
        join_how="contact_first",
        transit_stop="Gent-Sint-Pieters",
        wheelchair=True,
        dutch_level="A1",
        schedule_note="Niet tijdens de schoolvakanties.",
        accessibility_note="Gelijkvloers.",
    )


def test_at_a_glance_states_the_structured_facts_in_english(client, structured) -> None:
    html = client.get(f"/en/offers/{structured.id}", follow_redirects=True).text
    assert glance_pairs(html) == [
        ("What", "Club or association🍳 Cooking"),
        ("When", "Every week: Tuesday evening."),
        ("Where", "Public transport stop nearby:"),
        ("Access", "You can come in a wheelchair."),
        (
            "Cost",
            "€2.50 each time Cheaper with an UiTPAS with reduced rate. "
            "A social tariff is possible: ask for it.",
        ),
        (
            "Dutch",
            "You speak a little Dutch (level A1). The organisation says the activity is in Dutch, "
            "with people who speak it well.",
        ),
        ("For whom", "Families with children and Women only"),
        ("How to join", "Call or mail the organisation before you come. Your counsellor can introduce you."),
        (
            "The two conditions",
            "The organisation says this offer meets both conditions; your counsellor confirms it with you.",
        ),
    ]
    # The organisation's Dutch notes stay on the page, outside the block and marked as Dutch.
    assert '<dd lang="nl" dir="ltr">Twee euro per keer.</dd>' in html


@pytest.mark.parametrize("lang", [t for t in LOCALE_TAGS if t != "nl"])
def test_at_a_glance_has_six_facts_and_no_dutch_in_every_locale(client, structured, make_offer, lang) -> None:
    bare = make_offer("Kaal aanbod", weekdays=(), daypart=None)
    dutch_words = {
        w.casefold()
        for _dt, dd in glance_pairs(client.get(f"/nl/offers/{structured.id}", follow_redirects=True).text)
        for w in re.findall(r"[^\W\d_]{5,}", dd)
    } - {"uitpas", "niveau"}  # a brand, and a word French and Dutch share
    for offer in (structured, bare):
        pairs = glance_pairs(client.get(f"/{lang}/offers/{offer.id}", follow_redirects=True).text)
        # Every fact has a term; "Where" may hold only place names, which are set aside here.
        assert all(dt for dt, _dd in pairs) and sum(1 for _dt, dd in pairs if dd) >= 6, (lang, pairs)
        text = " ".join(f"{dt} {dd}" for dt, dd in pairs)
        leaked = sorted(w for w in re.findall(r"[^\W\d_]{5,}", text) if w.casefold() in dutch_words)
        assert not leaked, (lang, leaked)


def test_result_cards_start_with_the_glance_facts(client, structured) -> None:
    html = client.get("/ar/search").text
    card = html[html.index('class="card"'):]
    assert card.index("at-a-glance") < card.index("card-summary")


def test_derive_facts_reads_what_the_dutch_states_plainly() -> None:
    assert derive_facts(
        {
            "free": False,
            "cost_note": "€ 2,50 per keer; met UiTPAS kansentarief minder.",
            "description_nl": "Kom gerust langs, zonder inschrijving. Enkel vrouwen.",
        }
    ) == {
        "cost_amount_cents": 250,
        "cost_unit": "session",
        "reduced_uitpas": True,
        "reduced_social_tariff": True,
        "join_how": "walk_in",
        "audience": "women",
    }
    assert derive_facts({"free": False, "cost_note": "Lidgeld 40 euro", "summary_nl": "Schrijf je in."}) == {
        "cost_amount_cents": 4000,
        "cost_unit": "year",
        "join_how": "register",
    }
    assert derive_facts({"free": True, "description_nl": "Een wandeling."}) == {}


def test_editor_saves_structured_facts_and_refuses_a_bad_amount(client, session, structured) -> None:
    member = make_user(session, "organisation_member", email="lid@koken.be")
    session.add(Membership(user=member, organisation=structured.organisation, is_admin=True, state="member"))
    session.commit()
    login(client, member)
    form = {
        "capacity": "",
        "places_free": "",
        "dutch_level": "none",
        "free": "no",
        "cost_amount": "3,5",
        "cost_unit": "month",
        "cost_note": "",
        "audience": ["youth"],
        "join_how": "register",
        "transit_stop": "Korenmarkt",
        "wheelchair": "no",
    }
    response = client.post(f"/nl/editor/{structured.id}/practical", data=form)
    assert response.status_code in (302, 303), response.text[:500]
    session.refresh(structured)
    assert (structured.cost_amount_cents, structured.cost_unit, structured.audience) == (350, "month", "youth")
    assert (structured.join_how, structured.transit_stop, structured.reduced_uitpas) == ("register", "Korenmarkt", False)
    bad = client.post(f"/en/editor/{structured.id}/practical", data={**form, "cost_amount": "drie"})
    assert bad.status_code == 422 and "Enter an amount in euro, like 2,50." in bad.text
    session.refresh(structured)
    assert structured.cost_amount_cents == 350


# --- translations that stay true ----------------------------------------------------------


def _translated(make_offer):
    offer = make_offer(
        "Voetbal op dinsdag",
        summary="Elke dinsdag voetballen.",
        description_nl="We spelen op dinsdag.",
    )
    translation = OfferTranslation(
        locale="uk",
        title="Футбол у вівторок",
        summary="Щовівторка граємо у футбол.",
        description="Ми граємо у вівторок.",
        translated_by="volunteer",
    )
    offer.translations.append(translation)
    stamp_sources(translation, offer)
    return offer


@pytest.mark.parametrize(
    ("step", "values", "stale"),
    [
        ("basics", {"offer_type": "conversation_table", "activities": [], "title_nl": "Voetbal op donderdag"}, ["title"]),
        ("texts", {"summary_nl": "Elke donderdag voetballen.", "description_nl": "We spelen op dinsdag."}, ["summary"]),
        ("texts", {"summary_nl": "Elke dinsdag voetballen.", "description_nl": "We spelen op donderdag."}, ["description"]),
    ],
)
def test_a_dutch_change_marks_the_translation_outdated(session, make_offer, step, values, stale) -> None:
    offer = _translated(make_offer)
    session.commit()
    member = make_user(session, "organisation_member", email="lid@voetbal.be")
    session.add(Membership(user=member, organisation=offer.organisation, is_admin=True, state="member"))
    session.commit()
    assert outdated_fields(offer.translation("uk"), offer) == []
    editing.save_step(session, member, offer, step, values)
    assert outdated_fields(offer.translation("uk"), offer) == stale


def test_outdated_translation_is_marked_on_the_page_and_dutch_elsewhere(app, client, session, make_offer) -> None:
    offer = _translated(make_offer)
    offer.title_nl = "Voetbal op donderdag"
    session.commit()
    page = client.get(f"/uk/offers/{offer.id}", follow_redirects=True).text
    assert 'id="translation-outdated"' in page and '<details class="original" id="dutch-original" open>' in page
    assert "Футбол у вівторок" in page and "Voetbal op donderdag" in page
    # Printouts and emails carry no note: they fall back to the Dutch.
    assert localized_text(offer, "uk")[:3] == ("Voetbal op donderdag", "Elke dinsdag voetballen.", "nl")
    counsellor = make_user(session, "counsellor", email="tb@agentschap.be")
    client_record = make_client(session, counsellor, preferred_locale="uk")
    login(client, counsellor)
    client.post(f"/nl/counsellor/clients/{client_record.id}/shortlist/{offer.id}")
    printout = client.get(f"/uk/counsellor/clients/{client_record.id}/shortlist/print").text
    assert "Voetbal op donderdag" in printout and "Футбол у вівторок" not in printout
    client.post(f"/nl/counsellor/clients/{client_record.id}/shortlist/email")
    body = text_part(outbox(app)[-1])
    assert "Voetbal op donderdag" in body and "Футбол у вівторок" not in body


def test_an_up_to_date_translation_is_used_in_the_printout(client, session, make_offer) -> None:
    offer = _translated(make_offer)
    session.commit()
    assert localized_text(offer, "uk")[:3] == ("Футбол у вівторок", "Щовівторка граємо у футбол.", "uk")
    page = client.get(f"/uk/offers/{offer.id}", follow_redirects=True).text
    assert 'id="translation-outdated"' not in page


def test_provenance_says_who_translated_and_when(client, session, make_offer) -> None:
    offer = _translated(make_offer)
    offer.translation("uk").translated_by = "machine"
    session.commit()
    page = client.get(f"/en/offers/{offer.id}", follow_redirects=True).text
    assert 'data-translated-by' not in page  # no English translation: nothing to credit
    page = client.get(f"/uk/offers/{offer.id}", follow_redirects=True).text
    assert 'data-translated-by="machine"' in page and '<span class="translated-on">' in page


# --- request, queue, translate, accept ------------------------------------------------------


def test_request_queue_translate_accept_publish(app, client, session, make_offer) -> None:
    wanted = make_offer(
        "Praattafel in de bib",
        summary="Elke week praten.",
        description_nl="Deelnemers zijn verzekerd. Kom gerust langs.",
    )
    less = make_offer("Wandelen", summary="Samen wandelen.", description_nl="")
    counsellor = make_user(session, "counsellor", email="tb1@agentschap.be")
    guide = make_user(session, "guide", email="gids@ocmw.be")
    translator = make_user(session, "translator", email="vertaler@example.be")
    session.add(TranslatorLanguage(user_id=translator.id, locale="ti"))
    member = make_user(session, "organisation_member", email="lid@bib.be")
    session.add(Membership(user=member, organisation=wanted.organisation, is_admin=True, state="member"))
    session.commit()
    for who, offer in ((counsellor, wanted), (guide, wanted), (counsellor, less), (counsellor, wanted)):
        login(client, who)
        assert client.post(f"/nl/translations/request/{offer.id}", data={"locale": "ti"}).status_code == 302
    counts = {
        (r.offer_id, r.locale): 0 for r in session.scalars(select(TranslationRequest))
    }
    assert len(session.scalars(select(TranslationRequest)).all()) == 3  # the repeat is not counted twice
    del counts

    login(client, translator)
    queue = client.get("/nl/translations/").text
    rows = re.findall(r'data-offer-id="(\d+)" data-locale="(\w+)"', queue)
    assert rows == [(str(wanted.id), "ti"), (str(less.id), "ti")]  # most wanted first
    page = client.get(f"/nl/translations/{wanted.id}/ti").text
    assert "Deelnemers zijn verzekerd. Kom gerust langs." in page and 'lang="ti"' in page
    assert client.get(f"/nl/translations/{wanted.id}/ar").status_code == 403  # not their language
    response = client.post(
        f"/nl/translations/{wanted.id}/ti",
        data={"title": "ናይ ዘረባ ጉጅለ", "summary": "ነፍሲ ወከፍ ሰሙን ንዛረብ።", "description": "ተሳተፍቲ መድሕን ኣለዎም።"},
    )
    assert response.status_code == 302
    proposal = session.scalars(select(TranslationProposal)).one()
    assert proposal.status == "submitted" and wanted.translation("ti") is None
    # The organisation is asked to check it.
    assert [m["To"] for m in outbox(app)] == ["lid@bib.be"]
    assert "/nl/translations/proposals" in text_part(outbox(app)[0])

    login(client, member)
    assert 'id="waiting-translations"' in client.get(f"/en/editor/{wanted.id}/").text
    assert f'id="proposal-{proposal.id}"' in client.get("/nl/translations/proposals").text
    assert client.post(f"/nl/translations/proposals/{proposal.id}/accept").status_code == 302
    session.expire_all()
    published = wanted.translation("ti")
    assert (published.title, published.translated_by, published.translator_id) == (
        "ናይ ዘረባ ጉጅለ",
        "volunteer",
        translator.id,
    )
    assert outdated_fields(published, wanted) == []
    assert all(
        r.fulfilled_at is not None
        for r in session.scalars(select(TranslationRequest).where(TranslationRequest.offer_id == wanted.id))
    )
    mails = outbox(app)[1:]
    assert sorted(m["To"] for m in mails) == ["gids@ocmw.be", "tb1@agentschap.be"]
    page = client.get(f"/ti/offers/{wanted.id}", follow_redirects=True).text
    assert "ናይ ዘረባ ጉጅለ" in page and 'data-translated-by="volunteer"' in page
    login(client, translator)
    rows = re.findall(r'data-offer-id="(\d+)" data-locale="(\w+)"', client.get("/nl/translations/").text)
    assert rows == [(str(less.id), "ti")]


def test_the_areas_moderator_can_accept_and_a_rejection_changes_nothing(client, session, make_offer) -> None:
    offer = make_offer("Praattafel", nis="44021")
    translator = make_user(session, "translator", email="v@example.be")
    proposals = [
        TranslationProposal(
            offer_id=offer.id, locale="ar", title=t, summary="ملخص", title_source="x",
            summary_source="x", description_source="x", translator_id=translator.id,
        )
        for t in ("أ", "ب")
    ]
    session.add_all(proposals)
    session.commit()
    login(client, make_moderator(session, "mod@gent.be", nis="44021"))
    assert client.post(f"/nl/translations/proposals/{proposals[0].id}/reject").status_code == 302
    session.expire_all()
    assert offer.translation("ar") is None and proposals[0].status == "rejected"
    assert client.post(f"/nl/translations/proposals/{proposals[1].id}/accept").status_code == 302
    session.expire_all()
    assert offer.translation("ar").title == "ب"
    # A decided proposal cannot be decided again: the page says so and nothing changes.
    client.post(f"/nl/translations/proposals/{proposals[0].id}/accept")
    session.expire_all()
    assert proposals[0].status == "rejected" and offer.translation("ar").title == "ب"


def test_translation_memory_proposes_sentences_translated_elsewhere(session, make_offer) -> None:
    done = make_offer(
        "Buurtwerk", summary="Samen werken.", description_nl="Deelnemers zijn verzekerd. Je hoeft geen Nederlands te kennen."
    )
    translation = OfferTranslation(
        locale="ar", title="عمل الحي", summary="نعمل معًا.",
        description="المشاركون مؤمَّنون. لا تحتاج إلى معرفة الهولندية.", translated_by="volunteer",
    )
    done.translations.append(translation)
    stamp_sources(translation, done)
    new = make_offer(
        "Praattafel", summary="Elke week praten.", description_nl="Deelnemers zijn verzekerd. Je hoeft geen Nederlands te kennen!"
    )
    session.commit()
    found = {(s.source, s.target, s.score) for s in memory_suggestions(session, new, "ar")}
    assert ("Deelnemers zijn verzekerd.", "المشاركون مؤمَّنون.", 1.0) in found
    close = [s for s in memory_suggestions(session, new, "ar") if s.source.endswith("kennen!")]
    assert close and close[0].target == "لا تحتاج إلى معرفة الهولندية." and 0.8 <= close[0].score < 1
    # An outdated translation teaches nothing.
    done.description_nl = "Iets anders."
    session.commit()
    assert memory_suggestions(session, new, "ar") == []


def test_source_hash_ignores_whitespace_only() -> None:
    assert source_hash("Elke  dinsdag\n") == source_hash("Elke dinsdag")
    assert source_hash("Elke dinsdag") != source_hash("Elke donderdag")


# --- the rest of the issue: missing facts, machine items in the queue, accounts, fonts -------


def test_editor_asks_for_missing_facts_and_outdated_translations(client, session, make_offer) -> None:
    offer = _translated(make_offer)
    offer.free = False
    session.commit()
    member = make_user(session, "organisation_member", email="lid@vb.be")
    session.add(Membership(user=member, organisation=offer.organisation, is_admin=True, state="member"))
    session.commit()
    login(client, member)
    page = client.get(f"/en/editor/{offer.id}/").text
    assert 'id="missing-facts"' in page and 'id="outdated-translations"' not in page
    offer.title_nl = "Voetbal op donderdag"
    offer.join_how, offer.cost_amount_cents = "walk_in", 300
    session.commit()
    page = client.get(f"/en/editor/{offer.id}/").text
    assert 'id="missing-facts"' not in page and 'id="outdated-translations"' in page
    step = client.get(f"/en/editor/{offer.id}/translations").text
    assert 'id="outdated-translations"' in step and '<span lang="uk">' in step


def test_machine_translations_wait_in_the_queue_marked_as_machine(client, session, make_offer) -> None:
    offer = make_offer("Praattafel")
    offer.translations.append(
        OfferTranslation(locale="ar", title="طاولة", summary="نتحدث.", translated_by="machine")
    )
    stamp_sources(offer.translations[0], offer)
    counsellor = make_user(session, "counsellor", email="tb@ag.be")
    translator = make_user(session, "translator", email="vt@ex.be")
    session.add(TranslationRequest(offer_id=offer.id, locale="ar", requested_by_id=counsellor.id))
    session.add(TranslatorLanguage(user_id=translator.id, locale="ar"))
    session.commit()
    login(client, translator)
    queue = client.get("/en/translations/").text
    assert f'data-offer-id="{offer.id}" data-locale="ar"' in queue
    assert "Machine translated, not checked by a person." in queue
    page = client.get(f"/en/translations/{offer.id}/ar").text
    assert "A machine made the translation below. Check it and correct it." in page


def test_an_admin_creates_a_translator_with_languages(app, session) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--email", "vt@tolk.be", "--name", "Tesfay", "--role", "translator",
              "--translates-into", "ti", "--translates-into", "ar"]
    )
    assert result.exit_code == 0, result.output
    from aanbodplatform.models import User

    user = session.scalars(select(User).where(User.email == "vt@tolk.be")).one()
    assert user.role == "translator"
    assert sorted(session.scalars(select(TranslatorLanguage.locale).where(TranslatorLanguage.user_id == user.id))) == ["ar", "ti"]
    refused = runner.invoke(
        args=["users", "create", "--email", "vt2@tolk.be", "--name", "X", "--role", "translator"]
    )
    assert refused.exit_code != 0 and "at least one language" in refused.output


def test_vendored_fonts_come_with_their_licence_and_stay_small() -> None:
    from pathlib import Path

    static = Path(__file__).resolve().parents[2] / "aanbodplatform" / "static"
    fonts = {p.name: p.stat().st_size for p in (static / "fonts").glob("*.woff2")}
    assert set(fonts) == {"NotoSansEthiopic-Regular.subset.woff2", "NotoNaskhArabic-Regular.subset.woff2"}
    assert all(size < 80 * 1024 for size in fonts.values()), fonts
    assert "SIL Open Font License" in (static / "fonts" / "OFL.txt").read_text()
    css = (static / "css" / "site.css").read_text()
    assert "unicode-range: U+1200-137F;" in css
    assert "unicode-range: U+0600-06FF" in css


@pytest.mark.parametrize(
    ("lang", "font"),
    [("ti", "NotoSansEthiopic-Regular.subset.woff2"), ("ps", "NotoNaskhArabic-Regular.subset.woff2")],
)
def test_search_page_with_its_script_font_stays_under_200_kb(client, make_offer, lang, font) -> None:
    for n in range(20):
        make_offer(f"Praattafel nummer {n}", summary="Elke week Nederlands praten. " * 8)
    response = client.get(f"/{lang}/search")
    total = len(response.data)
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.text)
    assets += re.findall(r'<script src="([^"]+)"', response.text)
    assets.append(f"/static/fonts/{font}")
    for asset in assets:
        answer = client.get(asset)
        assert answer.status_code == 200, asset
        total += len(answer.data)
        answer.close()
    assert total < 200 * 1024, total


def test_organisation_translates_the_description_too(client, session, make_offer) -> None:
    offer = make_offer("Praattafel", summary="Elke week praten.", description_nl="We praten over het nieuws.")
    member = make_user(session, "organisation_member", email="lid@pt.be")
    session.add(Membership(user=member, organisation=offer.organisation, is_admin=True, state="member"))
    session.commit()
    editing.save_step(
        session,
        member,
        offer,
        "translations",
        {"translations": [{"locale": "en", "title": "Talk", "summary": "Talk every week.",
                           "description": "We talk about the news.", "translated_by": "organisation"}]},
    )
    done = offer.translation("en")
    assert (done.description, done.description_source) == (
        "We talk about the news.",
        source_hash("We praten over het nieuws."),
    )
    page = client.get(f"/en/offers/{offer.id}", follow_redirects=True).text
    assert '<div class="description" id="offer-description" data-read-lang="en">' in page
    assert "We talk about the news." in page and "We praten over het nieuws." in page
