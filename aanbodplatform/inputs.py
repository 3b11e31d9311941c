"""Strict parsing of numbers and ids that come from outside (URLs, forms, query strings)."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: The largest id a database integer column holds (signed 64-bit).
MAX_ID = 2**63 - 1


def ascii_int(raw: str | None, *, high: int = MAX_ID) -> int | None:
    """Return `raw` as a whole number when it is 1-19 ASCII digits within 0..`high`, else None.

    `str.isdigit()` also accepts ² or Arabic-Indic digits, which `int()` then rejects or reads;
    only what a person types on a Latin keyboard is a number here.
    """
    text = (raw or "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= high else None


class IdConverter(IntegerConverter):
    """The `<int:…>` URL converter limited to ASCII digits and the range of a database id."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map, *args, **kwargs):  # type: ignore[no-untyped-def]  # noqa: A002
        """Bound every id to 0..MAX_ID so an out-of-range id is a 404, not a database error."""
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
