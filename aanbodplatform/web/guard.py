"""Request helpers of the signed-in pages: settings, the current user, sign-in, safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlsplit

from flask import current_app, redirect, request, url_for
from flask_login import current_user

from aanbodplatform.config import Settings
from aanbodplatform.extensions import login_manager
from aanbodplatform.models import User


def settings() -> Settings:
    """Return the app's settings."""
    return current_app.extensions["settings"]


def actor() -> User | None:
    """Return the signed-in user, or None for visitors."""
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()  # type: ignore[attr-defined]
    return None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors to the sign-in page (and back afterwards) before running `view`."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if actor() is None:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapper


def safe_next(target: str | None) -> str | None:
    """Return `target` rebuilt from its parsed path, query and fragment when it is a path on
    this site (never another host), else None.

    Rebuilding (and percent-encoding) the parts means no CR, LF or other control character
    from the query string ever reaches a `Location` header.
    """
    if not target:
        return None
    # Browsers drop tab, CR and LF from URLs; parse what they would follow.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return None
    rebuilt = quote(path, safe=_PATH_SAFE)
    if parts.query:
        rebuilt += "?" + quote(parts.query, safe=_QUERY_SAFE)
    if parts.fragment:
        rebuilt += "#" + quote(parts.fragment, safe=_QUERY_SAFE)
    return rebuilt


#: Characters kept as they are when a `next` path or query is rebuilt (RFC 3986 pchar + %).
_PATH_SAFE = "/%:@-._~!$&'()*+,;="
_QUERY_SAFE = _PATH_SAFE + "?"


def back_or(endpoint: str, **values: Any):  # type: ignore[no-untyped-def]
    """Redirect to the page the form came from when it is ours, else to `endpoint`."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if referrer and parts.netloc == request.host:
        local = safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))
        if local:
            return redirect(local)
    return redirect(url_for(endpoint, **values))
