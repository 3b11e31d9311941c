"""Issue 11 in a browser: read-aloud order with stubbed voices, and the script fonts."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STUB_VOICES = """
(() => {
  const voices = [
    {lang: 'en-GB', name: 'Test EN', default: true, localService: true, voiceURI: 'en'},
    {lang: 'nl-BE', name: 'Test NL', default: false, localService: true, voiceURI: 'nl'},
  ];
  const spoken = [];
  window.__spoken = spoken;
  Object.defineProperty(window, 'speechSynthesis', {value: {
    getVoices: () => voices,
    speak: (u) => spoken.push({lang: u.lang, voice: u.voice ? u.voice.lang : null, text: u.text}),
    cancel: () => {}, addEventListener: () => {}, speaking: false,
  }});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def test_read_aloud_reads_the_facts_first_then_the_dutch_with_a_dutch_voice(live_server, new_page):
    page = new_page()
    page.add_init_script(STUB_VOICES)
    page.goto(live_server(f"/en/offers/{live_server.offers['brugge']}"))
    page.locator(".actions .listen").click()
    spoken = page.evaluate("window.__spoken")
    langs = [run["lang"] for run in spoken]
    # The at-a-glance block in the page language first, then title, summary and description in Dutch.
    assert langs[0] == "en" and spoken[0]["voice"] == "en-GB"
    assert spoken[0]["text"].strip().startswith("What")
    dutch = " ".join(run["text"] for run in spoken if run["lang"] == "nl")
    assert all(run["voice"] == "nl-BE" for run in spoken if run["lang"] == "nl")
    title = dutch.index("Praattafel in de bib")
    summary = dutch.index("Elke week samen iets doen")
    description = dutch.index("We spreken af in de zaal.")
    assert title < summary < description
    # Place names inside the block are Dutch too; the title comes after every English run.
    title_run = next(i for i, run in enumerate(spoken) if "Praattafel in de bib" in run["text"])
    assert max(i for i, lang in enumerate(langs) if lang == "en") < title_run
    everything = " ".join(run["text"] for run in spoken)
    assert "@" not in everything and "http" not in everything


def test_read_aloud_skips_email_addresses_and_links(live_server, new_page):
    page = new_page()
    page.add_init_script(STUB_VOICES)
    page.goto(live_server(f"/en/offers/{live_server.offers['brugge']}"))
    page.evaluate(
        "document.getElementById('offer-summary').textContent ="
        " 'Mail an@example.org or see https://example.org/info now.'"
    )
    page.locator(".actions .listen").click()
    texts = " ".join(run["text"] for run in page.evaluate("window.__spoken"))
    assert "Mail" in texts and "now." in texts
    assert "an@example.org" not in texts and "example.org/info" not in texts


def test_listen_to_the_dutch_text_only(live_server, new_page):
    page = new_page()
    page.add_init_script(STUB_VOICES)
    page.goto(live_server(f"/en/offers/{live_server.offers['brugge']}"))
    page.locator(".listen-dutch .listen").click()
    spoken = page.evaluate("window.__spoken")
    assert {run["lang"] for run in spoken} == {"nl"}
    assert spoken[0]["text"].strip().startswith("We spreken af in de zaal.")


@pytest.mark.parametrize("path", ["/en/", "/en/search?q=voetbal", "/en/check", "/en/check?status=obliged&work=no&enrolled=yes"])
def test_read_aloud_exists_on_home_search_and_check(live_server, new_page, path):
    page = new_page()
    page.add_init_script(STUB_VOICES)
    page.goto(live_server(path))
    button = page.locator(".listen:visible").first
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "en" and spoken[0]["text"].strip()


def test_script_fonts_load_only_where_the_script_is_shown(live_server, new_page):
    page = new_page()
    page.goto(live_server(f"/ti/offers/{live_server.offers['brugge']}"))
    page.wait_for_load_state("networkidle")
    status = """(family) => { for (const f of document.fonts) { if (f.family.replace(/"/g, '') === family) return f.status; } return 'missing'; }"""
    assert page.evaluate(status, "Aanbod Ethiopic") == "loaded"
    assert page.evaluate(status, "Aanbod Naskh") == "unloaded"
    page.goto(live_server(f"/ps/offers/{live_server.offers['brugge']}"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate(status, "Aanbod Naskh") == "loaded"
    assert page.evaluate(status, "Aanbod Ethiopic") == "unloaded"
    page.goto(live_server("/nl/"))
    page.wait_for_load_state("networkidle")
    assert page.evaluate(status, "Aanbod Ethiopic") == "unloaded"
    assert page.evaluate(status, "Aanbod Naskh") == "unloaded"
