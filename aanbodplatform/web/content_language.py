"""Marking text that is not in the page's language: the organisation's own Dutch words.

Functions rather than Jinja macros: every result card calls them, and a macro call costs
several times a function call in Jinja. `_macros.html` exports them under their old names.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from aanbodplatform.digits import gettext as _


@pass_context
def content_attrs(context: Any, content_lang: str) -> Markup:
    """Return ` lang="nl" dir="ltr"` for text in another language than the page, else nothing."""
    if content_lang == context["locale"].tag:
        return Markup("")
    return Markup(' lang="%s" dir="ltr"') % content_lang


@pass_context
def dutch_badge(context: Any, content_lang: str) -> Markup:
    """Return the "in Dutch" badge for Dutch text on a page in another language, else nothing."""
    if content_lang == "nl" and context["locale"].tag != "nl":
        return Markup('<span class="badge badge-dutch">%s</span>') % _("in Dutch")
    return Markup("")
