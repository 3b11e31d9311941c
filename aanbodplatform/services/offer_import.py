"""The foundation's CSV import, offered to one organisation from its dashboard.

Every row becomes an offer of that organisation (whatever its organisation
columns say) and is submitted for moderation: an organisation can never publish
through the import, nor write into another organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from aanbodplatform.models import User
from aanbodplatform.services import audit
from aanbodplatform.services.authz import NotFound, require_member
from aanbodplatform.services.importer import ImportReport, import_offers


def _run(
    session: Session,
    user: User | None,
    organisation_id: int,
    path: Path,
    *,
    dry_run: bool,
    geocoder: Any,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    require_member(user, organisation_id)
    if not path.is_file():
        raise NotFound("upload")
    return import_offers(
        session,
        path,
        dry_run=dry_run,
        geocoder=geocoder,
        organisation_id=organisation_id,
        status="submitted",
        progress=progress,
    )


def check_upload(
    session: Session,
    user: User | None,
    organisation_id: int,
    path: Path,
    geocoder: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every row of an uploaded file for the organisation; save nothing."""
    return _run(
        session, user, organisation_id, path, dry_run=True, geocoder=geocoder, progress=progress
    )


def run_upload(
    session: Session,
    user: User | None,
    organisation_id: int,
    path: Path,
    geocoder: Any = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import the good rows of a checked file as offers submitted for moderation."""
    report = _run(
        session, user, organisation_id, path, dry_run=False, geocoder=geocoder, progress=progress
    )
    if report.imported:
        from aanbodplatform.models import Organisation

        org = session.get(Organisation, organisation_id)
        audit.record(
            session,
            user,
            "organisation.offers_imported",
            org,
            {"imported": [r.offer_id for r in report.imported], "rejected": len(report.rejected)},
        )
        session.commit()
    return report
