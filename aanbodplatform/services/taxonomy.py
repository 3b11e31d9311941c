"""The offer-type and activity taxonomy, read from the shipped JSON data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from aanbodplatform.i18n import DEFAULT_LOCALE, LOCALE_TAGS

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
class Taxonomy:
    """All offer types and activities, in display order."""

    offer_types: dict[str, Term]
    activities: dict[str, Term]

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
    return Taxonomy(offer_types=built["offer_types"], activities=built["activities"])


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """Return the shipped taxonomy, loaded once per process."""
    return load_taxonomy()
