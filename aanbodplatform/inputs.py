"""Strict parsing of numbers and ids that come from outside (URLs, forms, query strings)."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: The largest id our primary keys hold: INTEGER, signed 32-bit on PostgreSQL (SQLite's
#: would take more, but a larger id must be a 404 on both, not a database error).
MAX_ID = 2**31 - 1


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

    regex = r"[0-9]{1,19}"  # longer than MAX_ID on purpose: too large is a 404, not a miss

    def __init__(self, map, *args, **kwargs):  # type: ignore[no-untyped-def]  # noqa: A002
        """Bound every id to 0..MAX_ID so an out-of-range id is a 404, not a database error."""
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def has_nul(values: object) -> bool:
    """Return True when a MultiDict of request values holds a NUL character in a key or value.

    PostgreSQL text cannot store NUL and no person types one: such a request is refused
    as a whole (400) instead of failing deep inside a query.
    """
    items = values.items(multi=True)  # type: ignore[attr-defined]
    return any("\x00" in key or (isinstance(value, str) and "\x00" in value) for key, value in items)
