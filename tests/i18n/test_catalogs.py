"""The catalog check: complete real catalogs, and a checker that catches each defect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aanbodplatform.i18n import LOCALE_TAGS
from aanbodplatform.i18n_tools import TRANSLATIONS, check, extract

POT = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#, python-format
msgid "%(count)d offers near %(place)s"
msgstr ""

msgid "Read the <strong>Dutch</strong> original"
msgstr ""

#, python-format
msgid "%(num)d offer"
msgid_plural "%(num)d offers"
msgstr[0] ""
msgstr[1] ""
'''

GOOD_NL = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: nl\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, python-format
msgid "%(count)d offers near %(place)s"
msgstr "%(count)d offres près de %(place)s"

msgid "Read the <strong>Dutch</strong> original"
msgstr "Lire l'original en <strong>néerlandais</strong>"

#, python-format
msgid "%(num)d offer"
msgid_plural "%(num)d offers"
msgstr[0] "%(num)d offre"
msgstr[1] "%(num)d offres"
'''


def _catalogs(tmp_path: Path, nl: str) -> Path:
    (tmp_path / "messages.pot").write_text(POT, encoding="utf-8")
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(nl, encoding="utf-8")
    return tmp_path


def _problems(tmp_path: Path, nl: str) -> list[str]:
    return [p.what for p in check(["nl"], stale_check=False, translations=_catalogs(tmp_path, nl))]


def test_a_good_catalog_passes(tmp_path: Path) -> None:
    assert _problems(tmp_path, GOOD_NL) == []


def test_untranslated_is_caught(tmp_path: Path) -> None:
    bad = GOOD_NL.replace('msgstr "%(count)d offres près de %(place)s"', 'msgstr ""')
    assert "untranslated" in _problems(tmp_path, bad)


def test_fuzzy_is_caught(tmp_path: Path) -> None:
    bad = GOOD_NL.replace(
        '#, python-format\nmsgid "%(count)d offers', '#, fuzzy, python-format\nmsgid "%(count)d offers'
    )
    assert "fuzzy" in _problems(tmp_path, bad)


def test_changed_placeholder_is_caught(tmp_path: Path) -> None:
    bad = GOOD_NL.replace("près de %(place)s", "près de %(lieu)s")
    assert "placeholders differ from the source" in _problems(tmp_path, bad)


def test_lost_html_tag_is_caught(tmp_path: Path) -> None:
    bad = GOOD_NL.replace("<strong>néerlandais</strong>", "néerlandais")
    assert "HTML tags differ from the source" in _problems(tmp_path, bad)


def test_missing_plural_form_is_caught(tmp_path: Path) -> None:
    bad = GOOD_NL.replace('msgstr[1] "%(num)d offres"\n', "")
    problems = _problems(tmp_path, bad)
    assert any("plural" in p or "untranslated" in p for p in problems)


def test_wrong_plural_header_is_caught(tmp_path: Path) -> None:
    bad = GOOD_NL.replace("nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;")
    assert any("Plural-Forms" in p for p in _problems(tmp_path, bad))


def test_missing_message_is_caught(tmp_path: Path) -> None:
    start = GOOD_NL.index('msgid "Read the')
    end = GOOD_NL.index("#, python-format\nmsgid \"%(num)d")
    bad = GOOD_NL[:start] + GOOD_NL[end:]
    assert "missing" in _problems(tmp_path, bad)


def test_msgfmt_error_is_caught(tmp_path: Path) -> None:
    assert shutil.which("msgfmt"), "gettext's msgfmt is required (make system-deps installs it)"
    bad = GOOD_NL.replace('msgstr "%(count)d offres près de %(place)s"', 'msgstr "%(count)d offres\\n"')
    problems = _problems(tmp_path, bad)
    assert any(p.startswith("msgfmt") for p in problems)


def test_a_stale_template_is_caught(tmp_path: Path) -> None:
    shutil.copytree(TRANSLATIONS, tmp_path / "translations")
    pot = tmp_path / "translations" / "messages.pot"
    pot.write_text(pot.read_text(encoding="utf-8") + '\nmsgid "A message no code uses"\nmsgstr ""\n', encoding="utf-8")
    problems = check(["nl"], stale_check=True, translations=tmp_path / "translations")
    assert any("stale" in p.what for p in problems)


def test_messages_pot_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    extract(fresh)
    assert fresh.read_text(encoding="utf-8") == (TRANSLATIONS / "messages.pot").read_text(
        encoding="utf-8"
    ), "messages.pot is stale: run make i18n-update"


@pytest.mark.parametrize("locale", LOCALE_TAGS)
def test_catalog_is_complete(locale: str) -> None:
    problems = check([locale], stale_check=False)
    assert problems == [], "\n".join(str(p) for p in problems[:30])
