"""One digit style per locale: the locale's own default numbering system, on every number we print.

Babel's locale data (CLDR) decides: Dari (fa_AF) and Pashto (ps) write Extended Arabic-Indic
digits (۰۱۲…), every other UI locale (Arabic included) writes Latin digits. Babel formats dates
and times, and ``%(count)d`` in a message, with Latin digits whatever the locale; this module puts
those numbers into the locale's digits so a Dari or Pashto page never mixes two digit scripts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time
from functools import cached_property, lru_cache
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from flask import Request
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_domain, get_locale
from flask_babel import format_date as _babel_format_date
from flask_babel import format_datetime as _babel_format_datetime
from flask_babel import format_time as _babel_format_time
from jinja2 import pass_eval_context
from markupsafe import Markup
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.utils import cached_property as request_cached_property

LATIN_DIGITS = "0123456789"
#: Digits of the numbering systems our locales default to, besides Latin (CLDR numberingSystems).
NATIVE_DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
}
_NUMERIC_PLACEHOLDER = re.compile(r"%\((\w+)\)[-+ #0]*\d*(?:\.\d+)?[dif]")


def digits_of(locale: Locale | str | None) -> str:
    """Return the ten digits the locale writes numbers with by default (Babel's CLDR data)."""
    if locale is None:
        return LATIN_DIGITS
    return _digits_of_locale(Locale.parse(locale) if isinstance(locale, str) else locale)


@lru_cache(maxsize=64)
def _digits_of_locale(locale: Locale) -> str:
    # Reading CLDR's numbering system goes through Babel's lazy locale data: once per locale.
    return NATIVE_DIGITS.get(locale.default_numbering_system, LATIN_DIGITS)


def _babel_state() -> Any:
    """Return Flask-Babel's state for the current app context (`g._flask_babel`), or None.

    Flask-Babel looks this up through three `g` proxies on every call; a search page makes over
    a thousand such calls, a fifth of its rendering time. Reading the context variable once is
    the same lookup without the proxies.
    """
    ctx = _cv_app.get(None)
    return None if ctx is None else ctx.g.__dict__.get("_flask_babel")


def active_locale() -> Locale | None:
    """Return the locale gettext uses now (Flask-Babel's `get_locale`, without its proxies)."""
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        return locale  # type: ignore[no-any-return]
    try:
        return get_locale()  # chooses the locale and stores it in the state
    except RuntimeError:  # outside a request or app context
        return None


def active_locale_id() -> str:
    """Return the identifier of the locale gettext uses now ("nl_BE"; "" outside a request)."""
    locale = active_locale()
    if locale is None:
        return ""
    # Babel builds the identifier anew on every str(); cards ask for it several times each.
    state = _babel_state()
    remembered = getattr(state, "aanbod_locale_id", None)
    if remembered is not None and remembered[0] is locale:
        return remembered[1]  # type: ignore[no-any-return]
    identifier = str(locale)
    if state is not None:
        state.aanbod_locale_id = (locale, identifier)
    return identifier


def active_translations() -> Any:
    """Return the catalog of the active locale, resolved once per context and locale switch.

    `force_locale` (mails in the recipient's language) puts a new locale object in the state,
    so a catalog remembered for another locale object is never used.
    """
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        remembered = getattr(state, "aanbod_translations", None)
        if remembered is not None and remembered[0] is locale:
            return remembered[1]
    translations = get_domain().get_translations()
    state = _babel_state()  # the slow path may have created it
    locale = getattr(state, "babel_locale", None)
    if state is not None and locale is not None:
        state.aanbod_translations = (locale, translations)
    return translations


def native_digits(text: str, locale: Locale | str | None = None) -> str:
    """Return `text` with its Latin digits written in the locale's digits (unchanged for Latin locales)."""
    digits = digits_of(locale if locale is not None else active_locale())
    if digits == LATIN_DIGITS or not text:
        return text
    converted = str(text).translate(str.maketrans(LATIN_DIGITS, digits))
    return Markup(converted) if isinstance(text, Markup) else converted


def format_number(value: float, pattern: str | None = None, locale: Locale | str | None = None) -> str:
    """Return `value` with the locale's separators and its own digits."""
    active = locale if locale is not None else (active_locale() or Locale.parse("nl_BE"))
    parsed = Locale.parse(active) if isinstance(active, str) else active
    if pattern is None and type(value) is int and 0 <= value < 1000:
        # No locale groups digits below a thousand: the digits alone are Babel's answer, and a
        # search page prints dozens of such counts.
        return native_digits(str(value), parsed)
    if _digits_of_locale(parsed) == LATIN_DIGITS:
        return format_decimal(value, pattern, locale=parsed)
    # Babel gives the locale's separators ("٫" in Dari and Pashto) but always Latin digits.
    text = format_decimal(value, pattern, locale=parsed, numbering_system="default")
    return native_digits(text, parsed)


def interpolate(message: str, variables: Mapping[str, Any], locale: Locale | str | None = None) -> str:
    """Fill a translated message's placeholders, writing numeric values in the locale's digits."""
    active = locale if locale is not None else active_locale()
    if digits_of(active) == LATIN_DIGITS:
        return message % variables
    numeric = {
        name for name, value in variables.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if not numeric:
        return message % variables

    def _as_text(match: re.Match[str]) -> str:
        return f"%({match.group(1)})s" if match.group(1) in numeric else match.group(0)

    template = _NUMERIC_PLACEHOLDER.sub(_as_text, str(message))
    if isinstance(message, Markup):
        template = Markup(template)
    values = {
        name: (format_number(value, locale=active) if name in numeric else value)
        for name, value in variables.items()
    }
    return template % values


def gettext(string: str, **variables: Any) -> str:
    """Translate `string` into the active locale and fill its placeholders (as Flask-Babel's)."""
    text = active_translations().ugettext(string)
    return interpolate(text, variables) if variables else text


def markup_gettext(string: str, **variables: Any) -> Markup:
    """Translate `string` as a template does: the message is markup, the values are escaped."""
    catalog = active_translations()
    if variables:
        return interpolate(Markup(catalog.ugettext(string)), variables)  # type: ignore[return-value]
    # A page says the same hundred fixed phrases on every request: keep each finished
    # (escaped, "%%" undone) phrase with the catalog it came from, which lives as long as the
    # process and is replaced, with its phrases, for another language.
    finished = _finished_phrases(catalog)
    text = finished.get(string)
    if text is None:
        text = finished[string] = interpolate(Markup(catalog.ugettext(string)), {})  # type: ignore[assignment]
    return text  # type: ignore[return-value]


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Translate the plural form for `num` and fill its placeholders (as Flask-Babel's)."""
    variables.setdefault("num", num)
    return interpolate(active_translations().ungettext(singular, plural, num), variables)


class NativeDigitsDomain(Domain):
    """Flask-Babel's message domain, with numbers filled in using the locale's digits."""

    def _catalog(self) -> Any:
        # The app has one domain, so the active catalog is this domain's (resolved once).
        return active_translations()

    def gettext(self, string: str, **variables: Any) -> str:
        """Translate `string` and fill its placeholders."""
        text = self._catalog().ugettext(string)
        return interpolate(text, variables) if variables else text

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str:
        """Translate the plural form for `num` and fill its placeholders."""
        variables.setdefault("num", num)
        return interpolate(self._catalog().ungettext(singular, plural, num), variables)

    def pgettext(self, context: str, string: str, **variables: Any) -> str:
        """Translate `string` in `context` and fill its placeholders."""
        text = self._catalog().upgettext(context, string)
        return interpolate(text, variables) if variables else text

    def npgettext(self, context: str, singular: str, plural: str, num: int, **variables: Any) -> str:
        """Translate the plural form for `num` in `context` and fill its placeholders."""
        variables.setdefault("num", num)
        return interpolate(self._catalog().unpgettext(context, singular, plural, num), variables)


class NativeDigitsBabel(Babel):
    """Flask-Babel whose default domain writes numbers in the locale's digits."""

    @cached_property
    def domain_instance(self) -> Domain:
        """Return the message domain used by `gettext` and `lazy_gettext`."""
        return NativeDigitsDomain(domain=self.domain)


def format_date(value: date | datetime | None = None, format: str | None = None, rebase: bool = True) -> str:
    """Return a date in the active locale's format and digits."""
    return native_digits(_babel_format_date(value, format, rebase))


def format_datetime(value: datetime | None = None, format: str | None = None, rebase: bool = True) -> str:
    """Return a date and time in the active locale's format and digits."""
    return native_digits(_babel_format_datetime(value, format, rebase))


def format_time(value: time | datetime | None = None, format: str | None = None, rebase: bool = True) -> str:
    """Return a time of day in the active locale's format and digits."""
    return native_digits(_babel_format_time(value, format, rebase))


def _finished_phrases(catalog: Any) -> dict[str, str]:
    """Return the catalog's memo of fixed phrases as the templates print them."""
    try:
        return catalog.__dict__.setdefault("_aanbod_finished_phrases", {})  # type: ignore[no-any-return]
    except AttributeError:  # a catalog without a __dict__ (none of ours): no memo
        return {}


def install_jinja(app: Any) -> None:
    """Make the templates' gettext calls and date helpers use the locale's digits."""
    _catalog = active_translations

    def _mark(eval_ctx: Any, text: str) -> str:
        return Markup(text) if eval_ctx.autoescape else text

    # Same contract as Jinja's "newstyle" gettext: always a format string, escaped when
    # autoescaping. They take the evaluation context, not the template context: Jinja copies
    # the whole template context for a context function called inside a loop or a block.
    @pass_eval_context
    def gettext(eval_ctx: Any, string: str, **variables: Any) -> str:
        if eval_ctx.autoescape:
            return markup_gettext(string, **variables)
        return interpolate(_catalog().ugettext(string), variables)

    @pass_eval_context
    def ngettext(eval_ctx: Any, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = _catalog().ungettext(singular, plural, num)
        return interpolate(_mark(eval_ctx, text), variables)

    @pass_eval_context
    def pgettext(eval_ctx: Any, ctx: str, string: str, **variables: Any) -> str:
        return interpolate(_mark(eval_ctx, _catalog().upgettext(ctx, string)), variables)

    @pass_eval_context
    def npgettext(eval_ctx: Any, ctx: str, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = _catalog().unpgettext(ctx, singular, plural, num)
        return interpolate(_mark(eval_ctx, text), variables)

    app.jinja_env.globals.update(gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext)
    # Jinja's i18n extension makes `_` an alias that looks `gettext` up and calls it through the
    # context on every use; pointing `_` at the same function skips that second call.
    app.jinja_env.globals["_"] = gettext
    app.jinja_env.filters.update(dateformat=format_date, datetimeformat=format_datetime, timeformat=format_time)


_DIGITS_ONLY = re.compile(r"[\d\s.,:/+٫٬-]*\d[\d\s.,:/+٫٬-]*")


def ascii_digits(value: str) -> str:
    """Return a value made only of digits and separators with its digits in ASCII ("۹۰۰۰" → "9000")."""
    if value.isascii() or not _DIGITS_ONLY.fullmatch(value):
        return value
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def _normalised(values: MultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict([(key, ascii_digits(value)) for key, value in values.items(multi=True)])


class AsciiDigitsRequest(Request):
    """A request whose postcodes, dates, times and numbers arrive with ASCII digits.

    A Dari or Pashto keyboard types ۹۰۰۰; the pages show numbers that way, so the forms and the
    search must take them. Free text keeps what was typed: only values that are all digits and
    separators are converted.
    """

    @request_cached_property
    def args(self) -> ImmutableMultiDict:  # type: ignore[override]
        """Return the query string arguments, digits in ASCII."""
        return _normalised(super().args)

    def _load_form_data(self) -> None:
        """Parse the form once, then put its digits in ASCII."""
        super()._load_form_data()
        self.__dict__["form"] = _normalised(self.__dict__["form"])
