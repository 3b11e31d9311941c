"""The UI locales (one allow-list), negotiation and text direction."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale as BabelLocale


@dataclass(frozen=True)
class UILocale:
    """A UI language: its URL tag, its Babel identifier, its own name and direction."""

    tag: str
    babel_id: str
    autonym: str
    direction: str = "ltr"

    @property
    def babel(self) -> BabelLocale:
        """Return the Babel locale for formatting."""
        return BabelLocale.parse(self.babel_id)


#: The allow-list: every place that needs the UI languages reads it from here.
LOCALES: tuple[UILocale, ...] = (
    UILocale("nl", "nl_BE", "Nederlands"),
    UILocale("en", "en", "English"),
    UILocale("fr", "fr_BE", "Français"),
    UILocale("ar", "ar", "العربية", "rtl"),
    UILocale("uk", "uk", "Українська"),
    UILocale("ru", "ru", "Русский"),
    UILocale("tr", "tr", "Türkçe"),
    UILocale("fa-AF", "fa_AF", "دری", "rtl"),
    UILocale("ps", "ps", "پښتو", "rtl"),
    UILocale("ti", "ti", "ትግርኛ"),
    UILocale("so", "so", "Soomaali"),
    UILocale("ro", "ro", "Română"),
    UILocale("pl", "pl", "Polski"),
    UILocale("es", "es", "Español"),
)
DEFAULT_LOCALE = "nl"
LOCALE_TAGS: tuple[str, ...] = tuple(loc.tag for loc in LOCALES)
BY_TAG: dict[str, UILocale] = {loc.tag: loc for loc in LOCALES}
RTL_TAGS = frozenset(loc.tag for loc in LOCALES if loc.direction == "rtl")
LANGUAGE_COOKIE = "lang"

# Language subtags that should land on a UI locale other than their own code.
_ALIASES = {
    "fa": "fa-AF",
    "prs": "fa-AF",
    "pbt": "ps",
    "pus": "ps",
    "tir": "ti",
    "som": "so",
    "nld": "nl",
    "vls": "nl",
    "mo": "ro",
}


def get_locale(tag: str) -> UILocale:
    """Return the UI locale for an exact tag, or the default one."""
    return BY_TAG.get(tag, BY_TAG[DEFAULT_LOCALE])


def match_tag(candidate: str) -> str | None:
    """Return the UI locale tag that serves a BCP 47 tag (``uk-UA`` → ``uk``), if any."""
    cand = candidate.strip().replace("_", "-")
    if not cand:
        return None
    lowered = cand.lower()
    for tag in LOCALE_TAGS:
        if tag.lower() == lowered:
            return tag
    primary = lowered.split("-", 1)[0]
    if primary in _ALIASES:
        return _ALIASES[primary]
    for tag in LOCALE_TAGS:
        if tag.lower().split("-", 1)[0] == primary:
            return tag
    return None


def parse_accept_language(header: str) -> list[str]:
    """Return the language tags of an Accept-Language header, best first."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and tag.strip() != "*":
            weighted.append((-quality, index, tag.strip()))
    return [tag for _q, _i, tag in sorted(weighted)]


def negotiate(cookie: str | None, accept_language: str | None) -> str:
    """Pick a UI locale: the language cookie, then Accept-Language, then Dutch."""
    if cookie and cookie in BY_TAG:
        return cookie
    for tag in parse_accept_language(accept_language or ""):
        matched = match_tag(tag)
        if matched:
            return matched
    return DEFAULT_LOCALE
