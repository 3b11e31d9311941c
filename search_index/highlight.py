"""Safe highlighting shared by the engines.

Engines mark matches with two private-use sentinel characters; `render_marked`
escapes the whole text first and only then turns the sentinels into ``<mark>``.
So no engine output is ever rendered unescaped, whatever the offer text holds.
"""

from __future__ import annotations

from markupsafe import escape

#: Sentinels from the Unicode private-use area: never typed, never in offer text.
MARK_START = "\ue000"
MARK_END = "\ue001"


def strip_sentinels(text: str) -> str:
    """Remove sentinel characters that could only come from hostile input."""
    return text.replace(MARK_START, "").replace(MARK_END, "")


def render_marked(text: str) -> str:
    """Return HTML: `text` escaped, with sentinel-delimited spans wrapped in <mark>."""
    escaped = str(escape(text))
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def mark_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Return `text` with the (start, end) character spans wrapped in sentinels."""
    clean = strip_sentinels(text)
    if len(clean) != len(text):
        # Offsets refer to the original text; hostile sentinels make them unreliable.
        return clean
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end <= start:
            continue
        out.append(text[pos:start])
        out.append(MARK_START + text[start:end] + MARK_END)
        pos = end
    out.append(text[pos:])
    return "".join(out)
