"""The whole open data file (HSDS) as a background job: its progress and the finished file.

Every published offer makes the file long (seconds per thousand offers), so it is never
built in a request: an admin queues it, the worker writes it aside with its progress in a
small JSON state file, and the page offers the download when it is done. Files are removed
by the daily clean-up. Bounded exports (one dashboard table, one client's data, one proof,
one page of the HSDS API) stay in the request; docs/operations.md lists them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aanbodplatform.models import Offer, User
from aanbodplatform.services.authz import NotFound, PermissionDenied, require_user

#: Kinds of export a job can make.
KINDS = ("hsds",)
#: How often (in offers) a running export writes its progress.
PROGRESS_EVERY = 100
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class ExportJob:
    """Where an export stands: its kind, state, offers written and the total."""

    token: str
    kind: str
    state: str
    done: int
    total: int

    @property
    def finished(self) -> bool:
        """Return True when the export is done or failed."""
        return self.state in ("done", "failed")


def export_folder(instance_path: Path) -> Path:
    """Return (and create) the folder holding export files and their states."""
    folder = instance_path / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _require_admin(user: User | None) -> User:
    found = require_user(user)
    if found.role != "admin":
        raise PermissionDenied("admins only")
    return found


def _state(folder: Path, token: str) -> Path:
    return folder / f"export-{token}.state.json"


def _file(folder: Path, token: str, kind: str) -> Path:
    return folder / f"{kind}-{token}.json"


def _write(folder: Path, token: str, **data: Any) -> None:
    target = _state(folder, token)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, target)  # the page never reads half a state


def start_export(session: Session, folder: Path, user: User | None, kind: str = "hsds") -> str:
    """Note a queued export of `kind` (admins only); return its token for the job."""
    _require_admin(user)
    if kind not in KINDS:
        raise NotFound("export")
    total = int(
        session.scalar(select(func.count()).select_from(Offer).where(Offer.status == "published"))
        or 0
    )
    token = secrets.token_urlsafe(24)
    _write(folder, token, kind=kind, state="queued", done=0, total=total)
    return token


def read_export(folder: Path, user: User | None, token: str) -> ExportJob:
    """Return the export `token` (admins only)."""
    _require_admin(user)
    if not _TOKEN.match(token or ""):
        raise NotFound("export")
    try:
        data = json.loads(_state(folder, token).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        raise NotFound("export") from None
    return ExportJob(token, data["kind"], data["state"], data["done"], data["total"])


def export_file(folder: Path, user: User | None, token: str) -> Path:
    """Return the finished file of export `token`; NotFound until it is done."""
    job = read_export(folder, user, token)
    path = _file(folder, token, job.kind)
    if job.state != "done" or not path.is_file():
        raise NotFound("export")
    return path


def run_export(
    session: Session,
    folder: Path,
    token: str,
    offer_url: Callable[[Offer], str] | None = None,
) -> int:
    """Write the export `token` aside, noting progress, then rename it; return the offers."""
    from aanbodplatform.services.hsds import iter_services

    data = json.loads(_state(folder, token).read_text(encoding="utf-8"))
    kind, total = data["kind"], data["total"]
    target = _file(folder, token, kind)
    tmp = target.with_suffix(".part")
    _write(folder, token, kind=kind, state="running", done=0, total=total)
    count = 0
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write("[")
            for service in iter_services(session, offer_url):
                handle.write(",\n" if count else "\n")
                json.dump(service, handle, ensure_ascii=False)
                count += 1
                if count % PROGRESS_EVERY == 0:
                    # Offers published meanwhile may make the count pass the first total.
                    _write(folder, token, kind=kind, state="running", done=count,
                           total=max(total, count))
            handle.write("\n]\n")
        tmp.replace(target)
    except Exception:
        tmp.unlink(missing_ok=True)
        _write(folder, token, kind=kind, state="failed", done=count, total=total)
        raise
    _write(folder, token, kind=kind, state="done", done=count, total=max(total, count))
    return count
