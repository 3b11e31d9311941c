"""Catalog workflow: extract, update and check the message catalogs.

`python -m aanbodplatform.i18n_tools check` fails on a stale messages.pot, an
untranslated or fuzzy message, a `msgfmt --check` error, a missing plural form,
a placeholder that differs from the source or an HTML tag lost in translation,
and on three things a fluent reader would stumble over:

- a glossary term translated otherwise than the locale's term list
  (``translations/glossary/<locale>.terms.json``) in a message that uses it, or a
  word the term list bans (a known mistranslation);
- a message left identical to the English source when it is longer than three words
  (names and codes on the allow-list in ``translations/glossary/identical-allowed.json``);
- a number written in other digits than the locale's own (Babel's default numbering
  system: Extended Arabic-Indic for Dari and Pashto, Latin elsewhere). Codes such as
  A1, UTF-8 or WCAG 2.1 keep their Latin digits.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from aanbodplatform.digits import LATIN_DIGITS, NATIVE_DIGITS, digits_of
from aanbodplatform.i18n import BY_TAG, LOCALES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
KEYWORDS = ("_", "gettext", "ngettext:1,2", "lazy_gettext", "_l", "lazy_ngettext:1,2", "pgettext:1c,2")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
GLOSSARY = "glossary"
#: A number in any of the digit scripts our locales use, with its separators ("1.234,5", "۱۲٫۵").
_ALL_DIGITS = LATIN_DIGITS + "".join(NATIVE_DIGITS.values())
NUMBER = re.compile(rf"[{_ALL_DIGITS}]+(?:[.,:٫٬/-][{_ALL_DIGITS}]+)*")
LATIN_LETTER = re.compile(r"[A-Za-z]")


def catalog_dir(tag: str) -> str:
    """Return the catalog folder name for a UI locale tag (``fa-AF`` → ``fa_AF``)."""
    return tag.replace("-", "_")


def extract(output: Path = POT) -> None:
    """Extract every message from the code and templates into `output`."""
    cmd = [
        sys.executable, "-m", "babel.messages.frontend", "extract",
        "-F", str(ROOT / "babel.cfg"),
        "-o", str(output),
        "--no-location", "--sort-output", "--omit-header",
        "--add-comments=TRANSLATORS:",
        "--project=aanbodplatform",
    ]
    for keyword in KEYWORDS:
        cmd += ["-k", keyword]
    cmd.append(str(ROOT))
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)


def update() -> None:
    """Merge messages.pot into each locale's catalog, creating missing ones."""
    for loc in LOCALES:
        folder = TRANSLATIONS / catalog_dir(loc.tag) / "LC_MESSAGES"
        po = folder / "messages.po"
        action = "update" if po.exists() else "init"
        cmd = [
            sys.executable, "-m", "babel.messages.frontend", action,
            "-i", str(POT), "-d", str(TRANSLATIONS), "-l", loc.babel_id.split("_")[0]
            if loc.tag != "fa-AF" else "fa_AF",
        ]
        if action == "update":
            cmd += ["--no-fuzzy-matching", "--ignore-obsolete"]
        # Catalog folders use the UI tag, not Babel's regional ids (nl, not nl_BE).
        cmd[cmd.index("-l") + 1] = catalog_dir(loc.tag)
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    _fill_source_language()


def _fill_source_language() -> None:
    # English is the source language: its catalog repeats the msgids verbatim.
    from babel.messages.pofile import write_po

    po_path = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalog."""

    locale: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.what}: {self.msgid[:70]!r}"


def _placeholders(text: str) -> Counter[str]:
    return Counter(m.group(0) for m in PLACEHOLDER.finditer(text))


def _tags(text: str) -> Counter[str]:
    return Counter(m.group(0).split()[0].rstrip(">") for m in TAG.finditer(text))


def _pot_is_stale(pot: Path = POT) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "messages.pot"
        extract(fresh)
        return fresh.read_text(encoding="utf-8") != pot.read_text(encoding="utf-8")


def check_catalog(tag: str, template_ids: set[str], translations: Path = TRANSLATIONS) -> list[Problem]:
    """Return every problem in one locale's catalog measured against the template."""
    problems: list[Problem] = []
    po_path = translations / catalog_dir(tag) / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return [Problem(tag, "", "catalog missing")]
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=catalog_dir(tag))
    glossary = load_glossary(tag, translations)
    allowed = identical_allowed(translations)
    plural_count = get_plural(catalog_dir(tag)).num_plurals
    if catalog.num_plurals != plural_count:
        problems.append(
            Problem(tag, "", f"Plural-Forms has {catalog.num_plurals} forms, the language has {plural_count}")
        )
    seen: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        seen.add(key)
        if key not in template_ids:
            continue
        if message.fuzzy:
            problems.append(Problem(tag, key, "fuzzy"))
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple) and len(strings) != catalog.num_plurals:
            problems.append(Problem(tag, key, "wrong number of plural forms"))
        if not all(s and s.strip() for s in strings):
            problems.append(Problem(tag, key, "untranslated"))
            continue
        source_placeholders = _placeholders(sources[-1]) | _placeholders(sources[0])
        named = {p for p in source_placeholders if p.startswith("%(")}
        for string in strings:
            got = _placeholders(string)
            # Plural forms may drop the count for "one" (e.g. "an offer"), never add a name.
            if set(got) - set(source_placeholders) or (
                named - set(got) - {p for p in named if "num" in p or "count" in p}
            ):
                problems.append(Problem(tag, key, "placeholders differ from the source"))
                break
            if _tags(string) != _tags(sources[0]):
                problems.append(Problem(tag, key, "HTML tags differ from the source"))
                break
        problems += style_problems(tag, key, tuple(strings), glossary, allowed)
    for missing in sorted(template_ids - seen):
        problems.append(Problem(tag, missing, "missing"))
    return problems


@dataclass(frozen=True)
class Term:
    """A glossary term: where the English source uses it, the translation must use `target`."""

    name: str
    source: re.Pattern[str]
    target: re.Pattern[str]


@dataclass(frozen=True)
class Glossary:
    """A locale's machine-readable glossary: required terms and banned wordings."""

    terms: tuple[Term, ...] = ()
    avoid: tuple[tuple[re.Pattern[str], str], ...] = ()


def _load_json(path: Path) -> dict | list:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_glossary(tag: str, translations: Path = TRANSLATIONS) -> Glossary:
    """Read the term list of a locale (English term → required target pattern, and banned wordings)."""
    folder = translations / GLOSSARY
    path = folder / f"{catalog_dir(tag)}.terms.json"
    if not path.exists():
        return Glossary()
    shared = _load_json(folder / "terms.json")
    data = _load_json(path)
    assert isinstance(shared, dict) and isinstance(data, dict)
    terms = tuple(
        Term(name, re.compile(shared[name]["source"], re.IGNORECASE), re.compile(target, re.IGNORECASE))
        for name, target in data.get("terms", {}).items()
    )
    avoid = tuple(
        (re.compile(item["pattern"], re.IGNORECASE), item["why"]) for item in data.get("avoid", [])
    )
    return Glossary(terms, avoid)


def identical_allowed(translations: Path = TRANSLATIONS) -> frozenset[str]:
    """Return the messages that may stay identical to the English source (names, codes)."""
    path = translations / GLOSSARY / "identical-allowed.json"
    return frozenset(_load_json(path)) if path.exists() else frozenset()  # type: ignore[arg-type]


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", PLACEHOLDER.sub(" ", TAG.sub(" ", text))))


def _locale_digits(tag: str) -> str:
    loc = BY_TAG.get(tag)
    return digits_of(Locale.parse(loc.babel_id)) if loc else LATIN_DIGITS


def _is_code(text: str, start: int, end: int) -> bool:
    # A number joined to Latin letters (A1, UTF-8) or beside a Latin word (WCAG 2.1,
    # "7 December 2018" in a Dutch title) is part of a code or a name, not a count.
    left_part = re.search(r"\S*$", text[:start]).group(0)  # type: ignore[union-attr]
    right_part = re.match(r"\S*", text[end:]).group(0)  # type: ignore[union-attr]
    before = text[: start - len(left_part)].split()
    after = text[end + len(right_part):].split()
    near = [left_part + right_part, before[-1] if before else "", after[0] if after else ""]
    return any(LATIN_LETTER.search(piece) for piece in near)


def foreign_numbers(text: str, tag: str) -> list[str]:
    """Return the numbers in `text` written in other digits than the locale's own (codes excepted)."""
    digits = _locale_digits(tag)
    plain = TAG.sub(" ", PLACEHOLDER.sub(" ", text))
    found = []
    for match in NUMBER.finditer(plain):
        if all(ch in digits for ch in match.group(0) if ch.isdigit()):
            continue
        # Only Latin digits can belong to a code (A1, UTF-8); others are counts in the wrong script.
        if match.group(0).isascii() and _is_code(plain, match.start(), match.end()):
            continue
        found.append(match.group(0))
    return found


def style_problems(
    tag: str, source: str, strings: tuple[str, ...], glossary: Glossary, allowed: frozenset[str]
) -> list[Problem]:
    """Return the glossary, identical-to-source and digit problems of one translated message."""
    problems: list[Problem] = []
    if tag == "en":
        return problems
    for term in glossary.terms:
        if term.source.search(source) and not all(term.target.search(s) for s in strings):
            problems.append(Problem(tag, source, f"glossary term {term.name!r} not translated as /{term.target.pattern}/"))
    for pattern, why in glossary.avoid:
        if any(pattern.search(s) for s in strings):
            problems.append(Problem(tag, source, f"avoided wording /{pattern.pattern}/ ({why})"))
    if strings[0] == source and _word_count(source) > 3 and source not in allowed:
        problems.append(Problem(tag, source, "identical to the English source"))
    for string in strings:
        numbers = foreign_numbers(string, tag)
        if numbers:
            problems.append(Problem(tag, source, f"digits not in the locale's script: {', '.join(numbers)}"))
            break
    return problems


def msgfmt_check(tag: str, translations: Path = TRANSLATIONS) -> list[Problem]:
    """Run `msgfmt --check` on a catalog and return its complaints."""
    po_path = translations / catalog_dir(tag) / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return [Problem(tag, "", "catalog missing")]
    if shutil.which("msgfmt") is None:
        # A check that cannot run must not pass: `make system-deps` installs gettext.
        return [Problem(tag, "", "msgfmt not found: install gettext")]
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
    )
    if result.returncode != 0:
        return [Problem(tag, "", "msgfmt --check: " + result.stderr.strip()[:500])]
    return []


def check(
    locales: list[str] | None = None,
    stale_check: bool = True,
    translations: Path = TRANSLATIONS,
) -> list[Problem]:
    """Return every problem across the catalogs (an empty list means all is well)."""
    problems: list[Problem] = []
    pot = translations / "messages.pot"
    if not pot.exists():
        return [Problem("*", "", "messages.pot missing: run make i18n-extract")]
    if stale_check and _pot_is_stale(pot):
        problems.append(Problem("*", "", "messages.pot is stale: run make i18n-update"))
    with pot.open("rb") as handle:
        template = read_po(handle)
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in template if m.id}
    for tag in locales or [loc.tag for loc in LOCALES]:
        problems += check_catalog(tag, ids, translations)
        problems += msgfmt_check(tag, translations)
    return problems


def main(argv: list[str]) -> int:
    """Run a catalog command: extract, update or check."""
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        extract()
        return 0
    if command == "update":
        update()
        return 0
    if command == "check":
        problems = check()
        for problem in problems[:200]:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) in the catalogs.")
            return 1
        print("Catalogs complete.")
        return 0
    print(f"unknown command {command!r}; use extract, update or check")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
