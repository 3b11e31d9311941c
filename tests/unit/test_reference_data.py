"""Reference data: counts, regions, known points, idempotent loading."""

from __future__ import annotations

from geopy.distance import geodesic
from sqlalchemy import func, select

from aanbodplatform.models import Municipality, Postcode, Region, TaxonomyLabel
from aanbodplatform.services.reference import load_reference_data


def test_counts(session) -> None:  # type: ignore[no-untyped-def]
    assert session.scalar(select(func.count()).select_from(Municipality)) == 304
    assert session.scalar(select(func.count()).select_from(Region)) == 18
    assert session.scalar(select(func.count(func.distinct(Postcode.postcode)))) == 1146
    assert session.scalar(select(func.count()).select_from(Postcode)) == 2781


def test_every_region_has_municipalities(session) -> None:  # type: ignore[no-untyped-def]
    for region in session.scalars(select(Region)):
        assert region.municipalities, region.code
    assert len(session.get(Region, "brussel").municipalities) == 19
    assert [m.name_nl for m in session.get(Region, "stad-gent").municipalities] == ["Gent"]


def test_gent_postcode_point(session) -> None:  # type: ignore[no-untyped-def]
    gent = session.scalars(select(Postcode).where(Postcode.postcode == "9000")).first()
    assert geodesic((gent.lat, gent.lon), (51.05, 3.72)).km < 1


def test_loading_twice_changes_nothing(session) -> None:  # type: ignore[no-untyped-def]
    before = session.scalar(select(func.count()).select_from(TaxonomyLabel))
    report = load_reference_data(session)
    session.commit()
    assert report.municipalities == 304 and report.regions == 18 and report.postcodes == 2781
    assert session.scalar(select(func.count()).select_from(TaxonomyLabel)) == before


def test_setup_command_is_idempotent(app) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["setup"])
        assert result.exit_code == 0, result.output
        assert "304 municipalities" in result.output
        assert "18 regions" in result.output
