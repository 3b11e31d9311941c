"""The offer-type and activity taxonomy, read from the shipped JSON data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from aanbodplatform.i18n import DEFAULT_LOCALE, LOCALE_TAGS
from search_index.lexicon import Lexicon, LexiconEntry

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "data" / "taxonomy"
KINDS = ("offer_types", "activities")


@dataclass(frozen=True)
class Term:
    """One taxonomy entry with its label and synonyms per locale."""

    kind: str
    code: str
    icon: str
    position: int
    labels: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]

    def label(self, locale: str) -> str:
        """Return the label in `locale`, or the Dutch one."""
        return self.labels.get(locale) or self.labels[DEFAULT_LOCALE]

    def all_words(self) -> tuple[str, ...]:
        """Return every label and synonym in every locale, without duplicates."""
        seen: dict[str, None] = {}
        for locale in LOCALE_TAGS:
            if locale in self.labels:
                seen.setdefault(self.labels[locale], None)
            for word in self.synonyms.get(locale, ()):
                seen.setdefault(word, None)
        return tuple(seen)


@dataclass(frozen=True)
class Family:
    """A family of activities (sport, music and dance, ...) with names per locale."""

    code: str
    icon: str
    activities: tuple[str, ...]
    offer_types: tuple[str, ...]
    labels: dict[str, str]
    synonyms: dict[str, tuple[str, ...]]

    def label(self, locale: str) -> str:
        """Return the label in `locale`, or the Dutch one."""
        return self.labels.get(locale) or self.labels[DEFAULT_LOCALE]

    def all_words(self) -> tuple[str, ...]:
        """Return every label and synonym in every locale, without duplicates."""
        seen: dict[str, None] = {}
        for locale in LOCALE_TAGS:
            if locale in self.labels:
                seen.setdefault(self.labels[locale], None)
            for word in self.synonyms.get(locale, ()):
                seen.setdefault(word, None)
        return tuple(seen)


@dataclass(frozen=True)
class Taxonomy:
    """All offer types and activities, in display order, and the families of activities."""

    offer_types: dict[str, Term]
    activities: dict[str, Term]
    families: dict[str, Family] = field(default_factory=dict)

    def activity_groups(self) -> list[tuple[Family | None, list[str]]]:
        """Return the activity codes grouped by family, each under the first family listing it.

        Activities in no family come last, under None.
        """
        return list(self._activity_groups)

    @cached_property
    def _activity_groups(self) -> tuple[tuple[Family | None, list[str]], ...]:
        # The taxonomy is read once per process; every search page shows these groups.
        placed: set[str] = set()
        groups: list[tuple[Family | None, list[str]]] = []
        for family in self.families.values():
            codes = [c for c in family.activities if c in self.activities and c not in placed]
            placed.update(codes)
            if codes:
                groups.append((family, codes))
        rest = [c for c in self.activities if c not in placed]
        if rest:
            groups.append((None, rest))
        return tuple(groups)

    def search_lexicon(self) -> Lexicon:
        """Return the lexicon queries are read with: phrases of every term, the families."""
        entries = [
            LexiconEntry(
                f"offer_type:{code}", term.all_words(), offer_types=(code,),
                labels=tuple(term.labels.values()),
            )
            for code, term in self.offer_types.items()
        ]
        entries += [
            LexiconEntry(
                f"activity:{code}", term.all_words(), activities=(code,),
                labels=tuple(term.labels.values()),
            )
            for code, term in self.activities.items()
        ]
        for code, family in self.families.items():
            shown = tuple(
                word for a in family.activities if a in self.activities
                for word in self.activities[a].all_words()
            )
            entries.append(LexiconEntry(
                f"family:{code}",
                family.all_words(),
                activities=family.activities,
                offer_types=family.offer_types,
                whole_words=True,
                shown_names=shown,
            ))
        return Lexicon(entries)

    def term(self, kind: str, code: str) -> Term | None:
        """Return one term of `kind` (offer_types or activities)."""
        return getattr(self, kind).get(code)

    def synonym_groups(self) -> dict[str, list[str]]:
        """Return a multi-way synonym map: each word maps to the other words of its term."""
        groups: dict[str, list[str]] = {}
        for term in [*self.offer_types.values(), *self.activities.values()]:
            words = [w.casefold() for w in term.all_words()]
            for word in words:
                others = [w for w in words if w != word]
                groups.setdefault(word, [])
                groups[word].extend(w for w in others if w not in groups[word])
        return groups


def load_taxonomy(directory: Path = TAXONOMY_DIR) -> Taxonomy:
    """Read codes.json and one <locale>.json per UI locale from `directory`."""
    codes = json.loads((directory / "codes.json").read_text(encoding="utf-8"))
    per_locale: dict[str, dict] = {}
    for locale in LOCALE_TAGS:
        path = directory / f"{locale}.json"
        if path.exists():
            per_locale[locale] = json.loads(path.read_text(encoding="utf-8"))
    built: dict[str, dict[str, Term]] = {}
    for kind in KINDS:
        terms: dict[str, Term] = {}
        for position, entry in enumerate(codes[kind]):
            code = entry["code"]
            labels: dict[str, str] = {}
            synonyms: dict[str, tuple[str, ...]] = {}
            for locale, data in per_locale.items():
                item = data.get(kind, {}).get(code)
                if item:
                    labels[locale] = item["label"]
                    synonyms[locale] = tuple(item.get("synonyms", ()))
            terms[code] = Term(kind, code, entry.get("icon", ""), position, labels, synonyms)
        built[kind] = terms
    return Taxonomy(
        offer_types=built["offer_types"],
        activities=built["activities"],
        families=load_families(directory),
    )


def load_families(directory: Path = TAXONOMY_DIR) -> dict[str, Family]:
    """Read the families of activities from families.json (none when the file is missing)."""
    path = directory / "families.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Family] = {}
    for entry in data["families"]:
        labels = {loc: item["label"] for loc, item in entry["labels"].items()}
        synonyms = {loc: tuple(item.get("synonyms", ())) for loc, item in entry["labels"].items()}
        out[entry["code"]] = Family(
            code=entry["code"],
            icon=entry.get("icon", ""),
            activities=tuple(entry.get("activities", ())),
            offer_types=tuple(entry.get("offer_types", ())),
            labels=labels,
            synonyms=synonyms,
        )
    return out


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """Return the shipped taxonomy, loaded once per process."""
    return load_taxonomy()


@lru_cache(maxsize=1)
def get_search_lexicon() -> Lexicon:
    """Return the shipped taxonomy's search lexicon, built once per process."""
    return get_taxonomy().search_lexicon()
