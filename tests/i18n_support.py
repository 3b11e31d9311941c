"""Expected UI text, computed through the app's own catalogs in a given locale.

Tests that must run in one locale (Dutch number formats, right-to-left pages, an email in
the recipient's language, the client's language beside the counsellor's) assert the text
the app itself would show there, so they pass whatever the translators have put in the
catalogs, and still fail when the page shows another message, or none.

    tr(app, "nl", "Search")                      # what /nl/ pages call "Search"
    ntr(app, "nl", "%(num)d offer", "%(num)d offers", 3)
    tr_regex(app, "nl", "%(distance)s away", distance=r"\\d,\\d km")
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aanbodplatform.i18n import BY_TAG


def babel_id(tag: str) -> str:
    """Return the Babel identifier of a UI locale tag (``"nl"`` → ``"nl_BE"``)."""
    # get_locale() falls back to Dutch for unknown tags: a typo must not pass silently.
    assert tag in BY_TAG, f"{tag!r} is not a UI locale"
    return BY_TAG[tag].babel_id


@contextmanager
def in_locale(app: Any, tag: str) -> Iterator[None]:
    """Run the block with `app`'s gettext and formatting in the UI locale `tag`."""
    from flask_babel import force_locale

    # Reuses the app context the test already holds (the `app` fixture keeps one open), or
    # pushes one for an app that has none here (the browser tests' live server).
    with app.test_request_context(), force_locale(babel_id(tag)):
        yield


def tr(app: Any, tag: str, msgid: str, **variables: Any) -> str:
    """Return `msgid` as the app shows it in the UI locale `tag`, with `variables` filled in."""
    from flask_babel import gettext

    with in_locale(app, tag):
        return str(gettext(msgid, **variables))


def ntr(app: Any, tag: str, singular: str, plural: str, num: int, **variables: Any) -> str:
    """Return the plural message for `num` as the app shows it in the UI locale `tag`."""
    from flask_babel import ngettext

    with in_locale(app, tag):
        return str(ngettext(singular, plural, num, **variables))


def tr_text(app: Any, tag: str, msgid: str, **variables: Any) -> str:
    """Return `msgid` in locale `tag` with its whitespace collapsed, as text taken from a page reads.

    A translation may hold a no-break space or a line break where the page's extracted
    text (``Node.text()``, `text_of`) has one plain space.
    """
    return " ".join(tr(app, tag, msgid, **variables).split())


def tr_regex(app: Any, tag: str, msgid: str, **patterns: str) -> str:
    """Return a regular expression for `msgid` in locale `tag`; each placeholder matches its pattern.

    The translated text is matched literally (any run of whitespace matching any other);
    only the ``%(name)s`` placeholders are patterns, e.g.
    ``tr_regex(app, "nl", "%(distance)s away", distance=r"\\d,\\d km")``.
    """
    markers = {name: f"\x00{name}\x00" for name in patterns}
    text = tr(app, tag, msgid, **markers)
    for name in patterns:
        assert markers[name] in text, f"{msgid!r} in {tag} lost its placeholder {name!r}"
    pieces = re.split(r"(\x00\w+\x00)", text)
    regex = ""
    for piece in pieces:
        if piece.startswith("\x00") and piece.endswith("\x00"):
            regex += f"(?:{patterns[piece.strip(chr(0))]})"
        else:
            regex += r"\s+".join(re.escape(word) for word in re.split(r"\s+", piece))
    return regex


def text_of(markup: str) -> str:
    """Return the text of an HTML page or fragment: tags dropped, entities decoded, spaces collapsed.

    Compare translated messages with this rather than the raw HTML, where a translation's
    apostrophe or ampersand may be written as an entity.
    """
    without_tags = re.sub(r"<[^>]*>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(without_tags)).strip()


def squash(text: str) -> str:
    """Return `text` without whitespace, for mail headers whose folding can drop a space.

    Python 3.11's email package folds a long Subject between two RFC 2047 encoded words
    and puts the space in the fold, where readers ignore it (CPython gh-144156), so a
    subject with many accented words can come back from the outbox with a space missing.
    """
    return "".join(text.split())
