"""The style checks of `make i18n-check`: glossary terms, identical-to-source, foreign digits.

Each check gets a small catalog fixture that breaks it (and one that passes), and the
real catalogs' fixed examples from issue 17 are asserted as they now read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from aanbodplatform.i18n_tools import TRANSLATIONS, catalog_dir, check, load_glossary

POT = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Is something wrong with this offer? Tell us."
msgstr ""

msgid "Your counsellor can introduce you to the organisation."
msgstr ""

msgid "You do 40 hours of activities."
msgstr ""

msgid "Level A1, like in the WCAG 2.1 rules"
msgstr ""

msgid "Read the text on OpenStreetMap and Leaflet"
msgstr ""
'''

HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"

'''

GOOD_TR = HEADER.format(lang="tr", plural="nplurals=2; plural=(n != 1);") + '''
msgid "Is something wrong with this offer? Tell us."
msgstr "Bu etkinliğin bilgilerinde bir yanlışlık mı var? Bize bildirin."

msgid "Your counsellor can introduce you to the organisation."
msgstr "Danışmanınız sizi kuruluşla tanıştırabilir."

msgid "You do 40 hours of activities."
msgstr "40 saat etkinliğe katılırsınız."

msgid "Level A1, like in the WCAG 2.1 rules"
msgstr "A1 seviyesi, WCAG 2.1 kurallarındaki gibi"

msgid "Read the text on OpenStreetMap and Leaflet"
msgstr "Read the text on OpenStreetMap and Leaflet"
'''

GOOD_FA = HEADER.format(lang="fa_AF", plural="nplurals=2; plural=(n > 1);") + '''
msgid "Is something wrong with this offer? Tell us."
msgstr "آیا در این پیشنهاد چیزی درست نیست؟ به ما بگویید."

msgid "Your counsellor can introduce you to the organisation."
msgstr "مشاور تان می‌تواند شما را به مؤسسه معرفی کند."

msgid "You do 40 hours of activities."
msgstr "شما ۴۰ ساعت فعالیت تکمیل می‌کنید."

msgid "Level A1, like in the WCAG 2.1 rules"
msgstr "سطح A1، مثل قواعد WCAG 2.1"

msgid "Read the text on OpenStreetMap and Leaflet"
msgstr "متن را در OpenStreetMap و Leaflet بخوانید"
'''

TERMS = {
    "offer": {"source": r"\boffers?\b", "note": "the domain noun"},
    "counsellor": {"source": r"\bcounsell?ors?\b", "note": "trajectbegeleider"},
}
TR_TERMS = {
    "terms": {"offer": "etkinli[kğ]", "counsellor": "danışman"},
    "avoid": [{"pattern": r"(?<![\wçğıöşü])[iİ]lan", "why": "a classified advertisement"}],
}
FA_TERMS = {"terms": {"offer": "پیشنهاد", "counsellor": "مشاور"}, "avoid": []}


def _catalogs(tmp_path: Path, catalogs: dict[str, str], allowed: list[str] | None = None) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "messages.pot").write_text(POT, encoding="utf-8")
    glossary = tmp_path / "glossary"
    glossary.mkdir()
    (glossary / "terms.json").write_text(json.dumps(TERMS), encoding="utf-8")
    (glossary / "tr.terms.json").write_text(json.dumps(TR_TERMS), encoding="utf-8")
    (glossary / "fa_AF.terms.json").write_text(json.dumps(FA_TERMS), encoding="utf-8")
    (glossary / "identical-allowed.json").write_text(
        json.dumps(allowed if allowed is not None else ["Read the text on OpenStreetMap and Leaflet"]),
        encoding="utf-8",
    )
    for tag, text in catalogs.items():
        folder = tmp_path / catalog_dir(tag) / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "messages.po").write_text(text, encoding="utf-8")
    return tmp_path


def _problems(tmp_path: Path, tag: str, text: str, allowed: list[str] | None = None) -> list[str]:
    folder = _catalogs(tmp_path, {tag: text}, allowed)
    return [p.what for p in check([tag], stale_check=False, translations=folder)]


@pytest.mark.parametrize(("tag", "text"), [("tr", GOOD_TR), ("fa-AF", GOOD_FA)])
def test_good_catalogs_pass_the_style_checks(tmp_path: Path, tag: str, text: str) -> None:
    assert _problems(tmp_path, tag, text) == []


def test_a_glossary_term_translated_otherwise_is_caught(tmp_path: Path) -> None:
    bad = GOOD_TR.replace("Danışmanınız sizi", "Rehberiniz sizi")
    problems = _problems(tmp_path, "tr", bad)
    assert any(p.startswith("glossary term 'counsellor'") for p in problems), problems


def test_an_inflected_glossary_term_is_accepted(tmp_path: Path) -> None:
    # "etkinliğin" (k → ğ before a vowel) is the same term as "etkinlik".
    assert "etkinliğin" in GOOD_TR
    assert _problems(tmp_path, "tr", GOOD_TR) == []


def test_a_banned_wording_is_caught(tmp_path: Path) -> None:
    bad = GOOD_TR.replace("Bu etkinliğin bilgilerinde", "Bu ilanın bilgilerinde")
    problems = _problems(tmp_path, "tr", bad)
    assert any(p.startswith("avoided wording") for p in problems), problems
    assert any(p.startswith("glossary term 'offer'") for p in problems), problems


def test_a_sentence_left_in_english_is_caught(tmp_path: Path) -> None:
    bad = GOOD_TR.replace(
        'msgstr "Danışmanınız sizi kuruluşla tanıştırabilir."',
        'msgstr "Your counsellor can introduce you to the organisation."',
    )
    assert "identical to the English source" in _problems(tmp_path, "tr", bad)


def test_names_on_the_allow_list_may_stay_in_english(tmp_path: Path) -> None:
    assert _problems(tmp_path / "listed", "tr", GOOD_TR) == []
    assert "identical to the English source" in _problems(tmp_path / "unlisted", "tr", GOOD_TR, allowed=[])


def test_latin_digits_in_a_dari_message_are_caught(tmp_path: Path) -> None:
    bad = GOOD_FA.replace("شما ۴۰ ساعت", "شما 40 ساعت")
    problems = _problems(tmp_path, "fa-AF", bad)
    assert "digits not in the locale's script: 40" in problems, problems


def test_eastern_digits_in_a_latin_locale_are_caught(tmp_path: Path) -> None:
    bad = GOOD_TR.replace("40 saat", "٤٠ saat")
    assert "digits not in the locale's script: ٤٠" in _problems(tmp_path, "tr", bad)


def test_codes_keep_their_latin_digits(tmp_path: Path) -> None:
    # A1 and WCAG 2.1 in the Dari fixture are codes, not counts.
    assert "A1" in GOOD_FA and "WCAG 2.1" in GOOD_FA
    assert _problems(tmp_path, "fa-AF", GOOD_FA) == []


def test_every_locale_has_a_term_list_for_the_shared_terms() -> None:
    shared = json.loads((TRANSLATIONS / "glossary" / "terms.json").read_text(encoding="utf-8"))
    for tag in ("nl", "fr", "ar", "uk", "ru", "tr", "fa-AF", "ps", "ti", "so", "ro", "pl", "es"):
        glossary = load_glossary(tag)
        assert {term.name for term in glossary.terms} == set(shared), tag


def test_the_offer_term_ignores_the_verb() -> None:
    source = re.compile(
        json.loads((TRANSLATIONS / "glossary" / "terms.json").read_text(encoding="utf-8"))["offer"]["source"],
        re.IGNORECASE,
    )
    assert source.search("Report a problem with this offer")
    assert not source.search("Organisations that offer activities")


# --- the slips named in issue 17, as the catalogs now read them --------------------------------


def _string(tag: str, msgid: str) -> str:
    with (TRANSLATIONS / catalog_dir(tag) / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(msgid)
    assert message is not None, (tag, msgid)
    return message.string if isinstance(message.string, str) else message.string[0]


FIXED = [
    ("ar", "Contact", "للتواصل مع المنظمة", "اتصل بنا"),
    ("ar", "What you do", "النشاط الذي تريده", "ماذا تفعل"),
    (
        "ar",
        "The participation and network trajectory (participatie- en netwerktraject) is part of your civic integration.",
        "مسار المشاركة وبناء العلاقات",
        "الشبكة الاجتماعية",
    ),
    ("fr", "May be out of date", "Peut-être pas à jour", "Peut-être plus à jour"),
    ("fr", "How your hours count", "Comment vos heures sont prises en compte", "Comment vos heures comptent"),
    ("tr", "Is something wrong with this offer? Tell us.", "Bu etkinliğin bilgilerinde bir yanlışlık mı var?", "ilan"),
    (
        "tr",
        "Talk to your counsellor (trajectbegeleider). Bring your questions and your list of offers.",
        "yanınızda götürün",
        "getirin",
    ),
    ("ru", "Save to my list", "Сохранить в мой список", "в моём списке"),
    ("ru", "You do 40 hours of activities where people speak Dutch.", "Вы проводите 40 часов", "выполняете"),
    ("uk", "Wheelchair accessible", "Доступно для людей на візку", "крісла колісного"),
    ("uk", "Save to my list", "Додати до списку", "в моєму списку"),
    ("pl", "How do I prove my hours?", "Jak potwierdzić moje godziny?", "udowodnić"),
    (
        "es",
        "Everyone is welcome, also if you do not speak Dutch yet.",
        "aunque todavía no hables",
        "también si todavía no",
    ),
    ("es", "How your hours count", "Cómo se cuentan tus horas", "Cómo cuentan tus horas"),
    ("ro", "Use my location", "Folosiți locația mea", "Folosește locul unde mă aflu"),
    ("ro", "Search", "Căutați", "Caută"),
    (
        "fa-AF",
        "They tell the organisation who you are and when you can come. This is a warm handover.",
        "«معرفی شخصی»",
        "معرفی گرم",
    ),
    ("fa-AF", "Counts for the 40 hours", "۴۰", "40"),
    ("ps", "Counts for the 40 hours", "۴۰", "40"),
]


@pytest.mark.parametrize(("tag", "msgid", "now", "before"), FIXED, ids=[f"{f[0]}:{f[1][:30]}" for f in FIXED])
def test_the_slips_from_the_review_read_as_fixed(tag: str, msgid: str, now: str, before: str) -> None:
    text = _string(tag, msgid)
    assert now in text
    assert before not in text


def test_the_polish_tiles_are_no_longer_two_clubs() -> None:
    taxonomy = json.loads(
        (Path(__file__).resolve().parents[2] / "aanbodplatform" / "data" / "taxonomy" / "pl.json").read_text(
            encoding="utf-8"
        )
    )
    types = taxonomy["offer_types"]
    assert types["conversation_table"]["label"] == "Stolik językowy"
    assert types["club"]["label"] == "Klub lub stowarzyszenie"
    # The old name still finds the offer type.
    assert "klub konwersacyjny" in types["conversation_table"]["synonyms"]


def test_the_arabic_offer_page_names_the_organisation_as_the_contact(client, make_offer) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer("Voetbal met de buren", activities=("football",))
    html = client.get(f"/ar/offers/{offer.id}", follow_redirects=True).get_data(as_text=True)
    assert "للتواصل مع المنظمة" in html
    assert "اتصل بنا" not in html
