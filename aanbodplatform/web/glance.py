"""The result cards' "at a glance" facts, rendered once per offer version and language.

A search page shows up to twenty cards; the facts before and after "Where" (what, when, access,
cost, Dutch, for whom, how to join) were most of a page's rendering time, and they depend only on
the offer's facts and the language. `GlanceFacts` is immutable and holds every fact the block
shows, so it is the cache key: an edited offer has other facts and gets rendered anew. The
taxonomy and the catalogs are loaded once per process, so they cannot change under the cache.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import current_app
from jinja2 import pass_context
from markupsafe import Markup, escape

from aanbodplatform.digits import active_locale_id
from aanbodplatform.digits import markup_gettext as _
from aanbodplatform.services.offers import GlanceFacts
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.web.presenters import format_distance

#: Parts of the block that can be cached; "Where" depends on the search and is not one of them.
PARTS = ("head", "tail")
#: About 1 KB a part: 2 parts x 14 languages x a few thousand offers stays within a few MB.
CACHE_SIZE = 16_384


def is_glance_facts(value: object) -> bool:
    """Jinja test: is this a card's `GlanceFacts` (rather than a full `Offer`)?"""
    return isinstance(value, GlanceFacts)


@pass_context
def cached_glance_part(context: Any, facts: GlanceFacts, part: str) -> Markup:
    """Return one compact part of the block in the template's language, from the cache."""
    if part not in PARTS:
        raise ValueError(f"unknown at-a-glance part {part!r}")
    # The template's `locale` (the side of a two-language page) and the gettext locale both
    # decide the words; both are in the key.
    return _render(facts, part, context["locale"], active_locale_id())


@lru_cache(maxsize=CACHE_SIZE)
def _render(facts: GlanceFacts, part: str, locale: Any, _babel_locale: str) -> Markup:
    template = current_app.jinja_env.get_template("_glance_part.html")
    return Markup(
        template.render(
            offer=facts, part=part, compact=True, locale=locale, taxonomy=get_taxonomy()
        )
    )


def card_glance(facts: GlanceFacts, place_name: str | None, distance_m: float | None, locale: Any) -> Markup:
    """Return a result card's whole compact block in `locale`: the cached parts around "Where".

    The same markup as `at_a_glance(facts, compact=true, …)` in `_glance.html`, put together
    here because the macro call cost more than the cached parts it shows.
    """
    babel_locale = active_locale_id()
    # Joined as text from escaped values and markup, then marked safe once: Markup's own + and
    # % wrap and copy every piece, which cost more than the cached parts here.
    where = f"<bdi>{escape(place_name)}</bdi>" if place_name is not None else ""
    if place_name is not None and distance_m is not None:
        where += _distance_away(babel_locale, format_distance(distance_m))
    where_label = _("Where")
    return Markup("".join((
        '<dl class="key-facts at-a-glance at-a-glance-compact" data-glance>\n',
        _render(facts, "head", locale, babel_locale),
        f'<div>\n    <dt>{where_label}</dt>\n    <dd>{where}</dd>\n  </div>\n',
        _render(facts, "tail", locale, babel_locale),
        "\n</dl>",
    )))


@lru_cache(maxsize=4096)
def _distance_away(_babel_locale: str, distance: str) -> str:
    # Per language (the key; the words come from the active catalog it names) and distance text.
    away = _("%(distance)s away", distance=Markup(f"<bdi>{escape(distance)}</bdi>"))
    return f' · <span class="distance">{away}</span>'


def init_templates(app: Any) -> None:
    """Make the cached parts and the `glance_facts` test available to the templates."""
    app.jinja_env.globals["cached_glance_part"] = cached_glance_part
    app.jinja_env.tests["glance_facts"] = is_glance_facts
