"""Marking text that is not in the page's language: the organisation's own Dutch words.

Functions rather than Jinja macros: every result card calls them, and a macro call costs
several times a function call in Jinja. `_macros.html` binds them to the page's language once
(`for_page`), so a call inside a loop does not make Jinja copy the template context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from aanbodplatform.digits import markup_gettext as _


def content_attrs(content_lang: str, page_lang: str) -> Markup:
    """Return ` lang="nl" dir="ltr"` for text in another language than the page, else nothing."""
    if content_lang == page_lang:
        return Markup("")
    return Markup(' lang="%s" dir="ltr"') % content_lang


def dutch_badge(content_lang: str, page_lang: str) -> Markup:
    """Return the "in Dutch" badge for Dutch text on a page in another language, else nothing."""
    if content_lang == "nl" and page_lang != "nl":
        return Markup('<span class="badge badge-dutch">%s</span>') % _("in Dutch")
    return Markup("")


def for_page(locale: Any) -> tuple[Callable[[str], Markup], Callable[[str], Markup]]:
    """Return `content_attrs` and `dutch_badge` for a page in `locale` (its tag read at each call)."""
    return (
        lambda content_lang: content_attrs(content_lang, locale.tag),
        lambda content_lang: dutch_badge(content_lang, locale.tag),
    )
