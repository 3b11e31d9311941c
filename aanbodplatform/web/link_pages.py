"""Pages opened by a signed link (handover answers, proof signing, the newcomer's own page)."""

from __future__ import annotations

from flask import Blueprint, Response


def _private(response: Response) -> Response:
    # Personal data and a capability in the URL: no caching, no referrer to other sites.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def keep_private(bp: Blueprint) -> None:
    """Answer every page of `bp` uncached and without a referrer: its URLs carry a token."""
    bp.after_request(_private)
