"""Small pieces the search page repeats, as functions rather than Jinja macros.

A search page draws twenty cards and forty filter choices, and a macro call costs several
times a function call in Jinja. The templates use these under their old macro names.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from aanbodplatform.digits import active_locale_id
from aanbodplatform.digits import markup_gettext as _
from aanbodplatform.web.icons import icon
from aanbodplatform.web.presenters import format_number


def save_button(offer_id: int | str) -> Markup:
    """Return the "Save to my list" toggle for one offer (hidden until site.js runs)."""
    before, after = _save_button_around(active_locale_id())
    return before + escape(offer_id) + after


@lru_cache(maxsize=64)
def _save_button_around(_locale_id: str) -> tuple[Markup, Markup]:
    # Everything but the offer id depends on the language only (the key; the words come from
    # the active catalog, which that language names). The shortlist lives in the browser's
    # localStorage, so only the script can show whether an offer is saved.
    before = Markup('<button type="button" class="button button-secondary save-toggle" data-offer-id="')
    after = Markup(
        '" aria-pressed="false" data-label-save="%s" data-label-saved="%s" hidden>%s'
        '<span class="save-label">%s</span></button>'
    ) % (_("Save to my list"), _("Saved in my list"), icon("star"), _("Save to my list"))
    return before, after


def filter_checkbox(
    name: str, value: str, label: str, selected: Mapping[str, Collection[str]],
    counts: Mapping[str, Mapping[str, int]] | None, group: str | None = None, idx: str = "",
) -> Markup:
    """Return one search filter choice; with `group` and `counts`, how many results it has."""
    ident = escape(f"f-{name}-{value}{idx}")
    checked = " checked" if value in selected.get(name, ()) else ""
    count = ""
    if group and counts is not None and group in counts:
        count = f' <span class="count">(<bdi>{escape(format_number(counts[group].get(value, 0)))}</bdi>)</span>'
    # Plain formatting of escaped values: Markup's own % wraps every value and cost more here.
    return Markup(
        f'<li><input type="checkbox" id="{ident}" name="{escape(name)}" value="{escape(value)}"{checked}>\n'
        f'<label for="{ident}">{escape(label)}{count}</label></li>'
    )


class FilterCheckboxes:
    """The filter choices of one search page: `checkbox(name, value, label, group=None, idx="")`.

    Bound to the page's choices and counts (counts only when there are results), so the
    template calls a plain object, not a context function; `many` draws a whole list at once.
    """

    def __init__(self, selected: Mapping[str, Collection[str]], counts: Mapping[str, Mapping[str, int]] | None):
        self.selected, self.counts = selected, counts

    def __call__(self, name: str, value: str, label: str, group: str | None = None, idx: str = "") -> Markup:
        """Return one choice."""
        return filter_checkbox(name, value, label, self.selected, self.counts, group, idx)

    def many(self, name: str, choices: Iterable[tuple[str, str]], group: str | None = None) -> Markup:
        """Return one choice per (value, label), in order."""
        return Markup("".join(
            filter_checkbox(name, value, label, self.selected, self.counts, group) for value, label in choices
        ))


def filter_checkboxes(
    selected: Mapping[str, Collection[str]], facets: Mapping[str, Mapping[str, int]], result: Any
) -> FilterCheckboxes:
    """Return the filter choices of one search page (with counts only when there are results)."""
    return FilterCheckboxes(selected, facets if result else None)
