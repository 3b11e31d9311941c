"""Every locale: home, search with results, an offer and an error page are fully in that language.

Checks `lang` and `dir`, the hreflang alternates, the language switcher (all 14, each
named in its own script), and that no English source text leaks into a non-English
page. Text in another language on purpose (offer content in Dutch, the language names
in the switcher) carries its own `lang` attribute and is left out of the leak check.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aanbodplatform.i18n import LOCALES, RTL_TAGS
from aanbodplatform.i18n_tools import TRANSLATIONS, catalog_dir

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TEXT_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|<[^>]+>")
# Words that only English text has; a non-English page showing them leaks English.
ENGLISH_MARKERS = re.compile(
    r"\b(the|your|you|and|with|offers?|search|near|which|about|this|that|what|where|when)\b",
    re.IGNORECASE,
)
# Proper names and codes that stay the same in every language.
ALLOWED = ("Aanbodplatform", "OpenStreetMap", "Leaflet", "GeoNames", "Statbel", "CC BY")


class _Text(HTMLParser):
    """Collects visible text and text attributes, with the language each piece is in."""

    def __init__(self, page_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("#root", page_lang)]
        self.skip = 0
        self.pieces: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or self.stack[-1][1]
        for name in TEXT_ATTRIBUTES:
            if values.get(name):
                self.pieces.append((lang, values[name] or ""))
        if tag in VOID:
            return
        if tag in ("script", "style", "svg", "template"):
            self.skip += 1
        self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while len(self.stack) > 1:
            open_tag, _lang = self.stack.pop()
            if open_tag in ("script", "style", "svg", "template"):
                self.skip -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.pieces.append((self.stack[-1][1], data))


def own_language_text(html: str, lang: str) -> str:
    """Return the page's text that is meant to be in the page language."""
    parser = _Text(lang)
    parser.feed(html)
    return " ".join(text for piece_lang, text in parser.pieces if piece_lang == lang)


def _source_segments() -> dict[str, set[str]]:
    """Return, per locale, the English source segments whose translation differs."""
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        ids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id]
    out: dict[str, set[str]] = {}
    for loc in LOCALES:
        if loc.tag == "en":
            continue
        path = TRANSLATIONS / catalog_dir(loc.tag) / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        segments: set[str] = set()
        for msgid in ids:
            message = catalog.get(msgid) or catalog.get((msgid,))
            string = message.string if message else ""
            first = string[0] if isinstance(string, tuple) else string
            if first == msgid:
                continue  # kept as is on purpose (a name); not a leak
            for segment in PLACEHOLDER.split(msgid):
                segment = segment.strip(" .,:;!?()“”\"'")
                if len(segment) >= 14 and " " in segment:
                    segments.add(segment)
        out[loc.tag] = segments
    return out


SEGMENTS = _source_segments()


@pytest.fixture
def offers(make_offer) -> dict[str, int]:  # type: ignore[no-untyped-def]
    football = make_offer(
        "Voetbal met de buren",
        activities=("football",),
        translations={
            "ar": ("كرة القدم مع الجيران", "نلعب كرة القدم كل أسبوع."),
            "uk": ("Футбол із сусідами", "Граємо у футбол щотижня."),
        },
    )
    make_offer("Praattafel in de bib", nis="11002", lat=51.2199, lon=4.4035)
    return {"football": football.id}


def _pages(tag: str, offer_id: int) -> dict[str, str]:
    return {
        "home": f"/{tag}/",
        "search": f"/{tag}/search?q=voetbal&near=9000&radius_km=25",
        "offer": f"/{tag}/offers/{offer_id}",
        "error": f"/{tag}/this-page-does-not-exist",
    }


@pytest.mark.parametrize("loc", LOCALES, ids=[loc.tag for loc in LOCALES])
def test_pages_are_in_the_locale(client, offers, loc) -> None:  # type: ignore[no-untyped-def]
    for name, url in _pages(loc.tag, offers["football"]).items():
        response = client.get(url, follow_redirects=True)
        assert response.status_code == (404 if name == "error" else 200), url
        html = response.get_data(as_text=True)
        direction = "rtl" if loc.tag in RTL_TAGS else "ltr"
        assert re.search(rf'<html lang="{re.escape(loc.tag)}" dir="{direction}"', html), url

        # The switcher names all 14 languages, each in its own language and script.
        for other in LOCALES:
            assert re.search(
                rf'<a href="[^"]*" lang="{re.escape(other.tag)}" dir="{other.direction}"[^>]*>'
                rf"{re.escape(other.autonym)}</a>",
                html,
            ), (url, other.tag)

        if name != "error":
            for other in LOCALES:
                assert f'hreflang="{other.tag}"' in html, (url, other.tag)
            assert 'hreflang="x-default"' in html

        if loc.tag == "en":
            continue
        text = own_language_text(html, loc.tag)
        text = re.sub(r"https?://\S+", " ", text)  # links (print view) are not English
        for allowed in ALLOWED:
            text = text.replace(allowed, " ")
        leaked = sorted(s for s in SEGMENTS[loc.tag] if s in text)
        assert not leaked, (url, leaked[:5])
        markers = sorted({m.group(0).lower() for m in ENGLISH_MARKERS.finditer(text)})
        assert not markers, (url, markers, text[:400])


@pytest.mark.parametrize("tag", ["ar", "uk"])
def test_a_translated_offer_shows_the_translation_and_the_dutch_original(client, offers, tag) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/{tag}/offers/{offers['football']}", follow_redirects=True).get_data(as_text=True)
    translated = {"ar": "كرة القدم مع الجيران", "uk": "Футбол із сусідами"}[tag]
    assert translated in html
    assert re.search(r'lang="nl"[^>]*>\s*(<[^>]+>\s*)*Voetbal met de buren', html)


def test_an_untranslated_offer_is_marked_as_dutch(client, make_offer) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Schaakclub De Toren", activities=("chess",))
    html = client.get(f"/tr/offers/{offer.id}", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'<h1[^>]*lang="nl"[^>]*>\s*Schaakclub De Toren', html)


def test_translations_folder_exists() -> None:
    assert Path(TRANSLATIONS).is_dir()
