"""Time an organisation's dashboard import of a large CSV file: the check, then the import.

Reproduces issue 16's case: a generated file of 12,500 valid offers (about 9.7 MB, under the
upload limit) for one organisation, stored through the upload quota and run through the
import job's *check* step and then its confirmed import, as the worker does. Prints the wall
time of each step. Run it with ``make bench-import`` or
``python -m bench.import_check --rows 12500 [--profile]``; it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
import time
from pathlib import Path

#: Target size of the issue's file, in bytes.
ISSUE_FILE_BYTES = 9_700_000


def write_csv(path: Path, rows: int, postcodes: list[tuple[str, str]], seed: int = 16) -> None:
    """Write `rows` valid, distinct offers of one organisation, about 776 bytes each."""
    from bench.run import write_import_csv

    # Long descriptions bring the file to the issue's 9.7 MB at 12,500 rows.
    filler = (
        "Iedereen is welkom, ook wie nog maar net Nederlands leert. We werken in kleine groepen "
        "en helpen elkaar. Koffie en thee staan klaar. "
    )
    write_import_csv(
        path,
        rows,
        postcodes,
        seed,
        organisation="Buurtwerk Samen",
        description=lambda i, _rng: filler * 3 + f"Groep {i % 40}, elke week opnieuw, ook in de vakantie.",
        bad_every=0,
    )


def run(rows: int, workdir: Path, profile: bool = False) -> dict[str, object]:
    """Set up a fresh instance, upload the file, run check and import jobs; return timings."""
    from sqlalchemy import select

    from aanbodplatform import create_app
    from aanbodplatform.cli import run_migrations
    from aanbodplatform.extensions import db
    from aanbodplatform.models import Membership, Organisation, Postcode, User
    from aanbodplatform.services.import_jobs import (
        queue_confirm,
        read_job,
        run_job,
        store_upload,
        upload_folder,
    )
    from aanbodplatform.services.reference import load_reference_data
    from search_index.sqlite import SQLiteSearchEngine

    # The app never creates an index itself: start from an empty one, so the outbox
    # sync after the confirmed import runs as in production (imported offers wait for
    # review, so none is published yet).
    SQLiteSearchEngine(workdir / "search.sqlite3").rebuild(iter(()))
    app = create_app(
        {
            "APP_ENV": "development",
            "INSTANCE_PATH": str(workdir),
            "SECRET_KEY": "bench-" + "k" * 40,
        }
    )
    run_migrations(app.extensions["settings"].database_url)
    with app.app_context(), db.new_session() as session:
        load_reference_data(session)
        org = Organisation(name="Buurtwerk Samen")
        user = User(email="bench@example.org", password_hash="x", display_name="Bench")
        session.add_all([org, user])
        session.flush()
        session.add(Membership(user_id=user.id, organisation_id=org.id, is_admin=True))
        session.commit()
        postcodes = sorted(
            set(
                session.execute(
                    select(Postcode.postcode, Postcode.municipality_name_nl).where(
                        Postcode.gewest.in_(("flanders", "brussels")),
                        Postcode.municipality_name_nl.is_not(None),
                    )
                ).all()
            )
        )
        source = workdir / "offers.csv"
        write_csv(source, rows, postcodes)
        size = source.stat().st_size
        folder = upload_folder(workdir)
        token = store_upload(
            folder, user, org.id, lambda p: shutil.copyfile(source, p), size
        )
        user_id, org_id = user.id, org.id

        def timed(step: str) -> float:
            with db.new_session() as job_session:
                profiler = cProfile.Profile() if profile else None
                start = time.perf_counter()
                if profiler:
                    profiler.enable()
                run_job(job_session, folder, user_id, org_id, token)
                if profiler:
                    profiler.disable()
                seconds = time.perf_counter() - start
            if profiler:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
                print(f"--- profile of the {step} ---\n{out.getvalue()}")
            return seconds

        check_s = timed("check")
        checked = read_job(folder, session.get(User, user_id), org_id, token)
        assert checked.report is not None
        queue_confirm(folder, session.get(User, user_id), org_id, token)
        import_s = timed("import")
        done = read_job(folder, session.get(User, user_id), org_id, token)
        assert done.report is not None
    return {
        "rows": rows,
        "file_mb": round(size / 1_000_000, 1),
        "check_seconds": round(check_s, 1),
        "check_ok": len(checked.report.imported),
        "check_rejected": len(checked.report.rejected),
        "import_seconds": round(import_s, 1),
        "imported": len(done.report.imported),
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, run the measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=12_500)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each step")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aanbod-import-bench-") as tmp:
        result = run(args.rows, Path(tmp), profile=args.profile)
    print(
        f"{result['rows']:,} rows, {result['file_mb']} MB: "
        f"check {result['check_seconds']} s ({result['check_ok']:,} good, "
        f"{result['check_rejected']} rejected), "
        f"import {result['import_seconds']} s ({result['imported']:,} imported)"
    )


if __name__ == "__main__":
    main()
