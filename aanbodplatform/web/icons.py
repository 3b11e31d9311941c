"""The interface icons as inline SVG, shared by every template (`icon(name)`).

A Python function rather than a Jinja macro: a search page draws dozens of icons, and a macro
call costs about ten times a function call in Jinja.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

#: The drawing inside each icon's 24 x 24 viewBox.
ICON_PATHS = {
    "next": (
        '<path d="M9 5l7 7-7 7" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "prev": (
        '<path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "pin": (
        '<path d="M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z" fill="currentColor"/>'
    ),
    "clock": (
        '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 7v5l3 3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>'
    ),
    "people": (
        '<circle cx="8" cy="8" r="3.2" fill="currentColor"/><circle cx="16.5" cy="9" r="2.7" fill="currentColor"/><path d="M2 20c0-3.6 2.7-6 6-6s6 2.4 6 6z M13.5 20c0-2.1-.6-3.9-1.7-5.2.9-.6 2-.9 3.2-.9 3 0 5 2.2 5 5.1V20z" fill="currentColor"/>'
    ),
    "speech": (
        '<path d="M4 4h16v11H9l-5 4z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
    ),
    "euro": (
        '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M15.5 8.5a4 4 0 1 0 0 7M7 11h6M7 13.5h6" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>'
    ),
    "access": (
        '<circle cx="12" cy="4.5" r="2" fill="currentColor"/><path d="M12 7.5v6h5l2 5M12 10h5M10 10a6 6 0 1 0 5.6 8" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "check": (
        '<path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round" stroke-linejoin="round"/>'
    ),
    "cross": (
        '<path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round"/>'
    ),
    "star": (
        '<path d="M12 3l2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 16.8l-5.4 2.9 1.1-6.1-4.5-4.2 6.1-.8z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
    ),
    "print": (
        '<path d="M7 9V3h10v6M7 17H4v-7h16v7h-3M7 14h10v7H7z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
    ),
    "speaker": (
        '<path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor"/><path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>'
    ),
    "location": (
        '<circle cx="12" cy="12" r="4" fill="currentColor"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="12" r="7.5" fill="none" stroke="currentColor" stroke-width="2"/>'
    ),
    "list": (
        '<path d="M8 6h13M8 12h13M8 18h13" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/><circle cx="4" cy="6" r="1.5" fill="currentColor"/><circle cx="4" cy="12" r="1.5" fill="currentColor"/><circle cx="4" cy="18" r="1.5" fill="currentColor"/>'
    ),
    "map": (
        '<path d="M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2z M9 4v14M15 6v14" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>'
    ),
    "share": (
        '<circle cx="6" cy="12" r="2.5" fill="currentColor"/><circle cx="18" cy="6" r="2.5" fill="currentColor"/><circle cx="18" cy="18" r="2.5" fill="currentColor"/><path d="M8 11l8-4M8 13l8 4" stroke="currentColor" stroke-width="2"/>'
    ),
    "globe": (
        '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18" fill="none" stroke="currentColor" stroke-width="1.6"/>'
    ),
}


@lru_cache(maxsize=64)
def icon(name: str, flip: bool = False) -> Markup:
    """Return the icon `name` as decorative inline SVG (flipped for "next" and "prev" in RTL)."""
    css = "icon icon-flip" if flip else "icon"
    return Markup(
        f'<svg class="{css}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
        f'width="20" height="20">{ICON_PATHS.get(name, "")}</svg>'
    )
