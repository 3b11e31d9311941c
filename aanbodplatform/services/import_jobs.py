"""An organisation's CSV import as a background job: the file, its quota, its progress.

The request only stores the upload and queues a job; the job checks (or imports) the file
row by row and writes its progress and result to a small JSON file beside the upload, which
the page polls. Uploaded files count against a per-organisation quota and are removed when
the import is done, or by the daily clean-up when nobody confirms them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from aanbodplatform.models import User
from aanbodplatform.services.authz import NotFound, ValidationFailed, require_member
from aanbodplatform.services.importer import ImportedRow, ImportReport, Problem, RejectedRow

#: Bytes of uploads one organisation may keep waiting at once.
ORGANISATION_QUOTA_BYTES = 20 * 1024 * 1024
#: Uploads (and their job state) nobody confirmed are removed after this many seconds.
UPLOAD_MAX_AGE_S = 24 * 3600
#: How often (in rows) a running job writes its progress.
PROGRESS_EVERY = 25
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STATES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class ImportJob:
    """Where a job stands: its kind (check or import), state, rows done and the result."""

    token: str
    organisation_id: int
    kind: str
    state: str
    done: int
    total: int
    report: ImportReport | None

    @property
    def finished(self) -> bool:
        """Return True when the job is done or failed."""
        return self.state in ("done", "failed")


def upload_folder(instance_path: Path) -> Path:
    """Return (and create) the folder holding uploads and job states."""
    folder = instance_path / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _csv(folder: Path, org_id: int, token: str) -> Path:
    return folder / f"{org_id}-{token}.csv"


def _state(folder: Path, org_id: int, token: str) -> Path:
    return folder / f"{org_id}-{token}.json"


def _used_bytes(folder: Path, org_id: int) -> int:
    return sum(p.stat().st_size for p in folder.glob(f"{org_id}-*.csv") if p.is_file())


def store_upload(
    folder: Path, user: User | None, org_id: int, save: Callable[[Path], None], size: int
) -> str:
    """Store an upload for `org_id` within its quota; return the job token."""
    require_member(user, org_id)
    if _used_bytes(folder, org_id) + size > ORGANISATION_QUOTA_BYTES:
        raise ValidationFailed(
            {"file": str(_l("Your organisation has too many files waiting. Import them or try again tomorrow."))}
        )
    token = secrets.token_urlsafe(24)
    path = _csv(folder, org_id, token)
    save(path)
    rows = _count_rows(path)
    _write(folder, org_id, token, kind="check", state="queued", done=0, total=rows)
    return token


def _count_rows(path: Path) -> int:
    # Lines minus the header: an estimate for the progress bar (quoted newlines are rare).
    with path.open("rb") as handle:
        return max(0, sum(1 for line in handle if line.strip()) - 1)


def _write(folder: Path, org_id: int, token: str, **data: Any) -> None:
    target = _state(folder, org_id, token)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, target)  # readers never see half a file


def _report_to_json(report: ImportReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "imported": [[r.line, r.offer_id, r.title] for r in report.imported],
        "rejected": [
            [r.line, [[p.code, dict(p.params)] for p in r.problems]] for r in report.rejected
        ],
    }


def _report_from_json(data: dict[str, Any]) -> ImportReport:
    return ImportReport(
        imported=[ImportedRow(line, offer_id, title) for line, offer_id, title in data["imported"]],
        rejected=[
            RejectedRow(line, tuple(Problem(code, params) for code, params in problems))
            for line, problems in data["rejected"]
        ],
        dry_run=bool(data.get("dry_run")),
    )


def read_job(folder: Path, user: User | None, org_id: int, token: str) -> ImportJob:
    """Return the job `token` of organisation `org_id` (members only)."""
    require_member(user, org_id)
    if not _TOKEN.match(token or ""):
        raise NotFound("import")
    path = _state(folder, org_id, token)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        raise NotFound("import") from None
    report = _report_from_json(data["report"]) if data.get("report") else None
    return ImportJob(
        token, org_id, data["kind"], data["state"], data["done"], data["total"], report
    )


def queue_confirm(folder: Path, user: User | None, org_id: int, token: str) -> None:
    """Mark a checked upload for import (the caller then queues the job)."""
    require_member(user, org_id)
    path = _csv(folder, org_id, token) if _TOKEN.match(token or "") else None
    if path is None or not path.is_file():
        raise NotFound("import")
    if _state(folder, org_id, token).exists():
        job = read_job(folder, user, org_id, token)
        if job.kind != "check" or job.state != "done":
            raise NotFound("import")
    # Without a state file the upload predates background jobs: import it all the same.
    _write(folder, org_id, token, kind="import", state="queued", done=0, total=_count_rows(path))


def run_job(
    session: Session,
    folder: Path,
    user_id: int,
    org_id: int,
    token: str,
    geocoder: Any = None,
) -> ImportJob:
    """Run a queued check or import, writing progress every few rows and the result."""
    from aanbodplatform.services.offer_import import check_upload, run_upload

    user = session.get(User, user_id)
    job = read_job(folder, user, org_id, token)
    path = _csv(folder, org_id, token)
    kind, total = job.kind, job.total

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            _write(folder, org_id, token, kind=kind, state="running", done=done, total=total)

    _write(folder, org_id, token, kind=kind, state="running", done=0, total=total)
    run = check_upload if kind == "check" else run_upload
    try:
        report = run(session, user, org_id, path, geocoder=geocoder, progress=progress)
    except Exception:
        _write(folder, org_id, token, kind=kind, state="failed", done=0, total=total)
        path.unlink(missing_ok=True)
        raise
    done = len(report.imported) + len(report.rejected)
    _write(
        folder, org_id, token,
        kind=kind, state="done", done=done, total=max(total, done), report=_report_to_json(report),
    )  # fmt: skip
    if kind == "import":
        # The file has served its purpose: it holds personal data of contact people.
        path.unlink(missing_ok=True)
    return read_job(folder, user, org_id, token)


def prune_uploads(folder: Path, max_age_s: int = UPLOAD_MAX_AGE_S, now: float | None = None) -> int:
    """Remove uploads and job states older than `max_age_s`; return how many files went."""
    limit = (now or time.time()) - max_age_s
    removed = 0
    # Half-written files (.part, .tmp) of a job that died go too.
    patterns = ("*.csv", "*.json", "*.part", "*.tmp")
    for path in [p for pattern in patterns for p in folder.glob(pattern)]:
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
