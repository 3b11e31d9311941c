"""Places in any script: exonyms, transliterations and suggestions ranked by size."""

from __future__ import annotations

import csv

import pytest

from aanbodplatform.geo import DATA_DIR, PLACE_NAMES_FILE, OfflineGazetteer, name_key


@pytest.fixture(scope="module")
def gazetteer() -> OfflineGazetteer:
    return OfflineGazetteer()


@pytest.mark.parametrize(
    ("typed", "municipality"),
    [
        ("Gand", "Gent"), ("Ghent", "Gent"), ("Гент", "Gent"), ("غنت", "Gent"), ("گنت", "Gent"),
        ("Anvers", "Antwerpen"), ("Antwerp", "Antwerpen"), ("Антверпен", "Antwerpen"),
        ("أنتويرب", "Antwerpen"), ("انتويرب", "Antwerpen"), ("Amberes", "Antwerpen"),
        ("Bruxelles", "Brussel"), ("Brussels", "Brussel"), ("Брюссель", "Brussel"), ("بروكسل", "Brussel"),
        ("بروکسل", "Brussel"), ("Brüksel", "Brussel"),
        ("Louvain", "Leuven"), ("Лёвен", "Leuven"), ("Левен", "Leuven"), ("Льовен", "Leuven"), ("لوفان", "Leuven"),
        ("Bruges", "Brugge"), ("Брюгге", "Brugge"), ("Malines", "Mechelen"), ("Courtrai", "Kortrijk"),
        ("Ostende", "Oostende"), ("Ostend", "Oostende"), ("Alost", "Aalst"), ("Ypres", "Ieper"),
        ("gand", "Gent"), ("ГЕНТ", "Gent"), ("Ghent (Gent)", "Gent"), ("Гент (Gent)", "Gent"),
    ],
)
def test_exonyms_resolve_to_the_municipality(gazetteer, typed, municipality) -> None:
    place = gazetteer.lookup(typed)
    assert place is not None, typed
    assert (place.municipality_name, place.precision) == (municipality, "municipality")


def test_name_key_folds_each_script() -> None:
    assert name_key("Liège") == "liege"
    assert name_key("Лёвен") == name_key("Левен") == "левен"
    assert name_key("أنتويرب") == name_key("انتويرب")
    assert name_key("بروکسل") == name_key("بروكسل")  # Persian kaf
    assert name_key("ـغنـت") == name_key("غنت")  # tatweel
    assert name_key("Sint-Niklaas") == "sint niklaas"


def test_leu_suggests_leuven_first(gazetteer) -> None:
    labels = [p.label for p in gazetteer.suggest("Leu")]
    assert labels[0] == "Leuven"
    assert labels.index("Leut") > 0


def test_suggestions_rank_bigger_places_first(gazetteer) -> None:
    assert [p.label for p in gazetteer.suggest("Br")][:2] == ["Brussel", "Brugge"]
    assert [p.label for p in gazetteer.suggest("Gen")][:2] == ["Gent", "Genk"]
    # An exact name still comes first, however small.
    assert gazetteer.suggest("Leut")[0].label == "Leut"


def test_every_pnt_region_has_its_centre_and_every_row_a_real_municipality() -> None:
    with (DATA_DIR / PLACE_NAMES_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8") as handle:
        municipalities = {row["nis_code"]: row for row in csv.DictReader(handle)}
    centres = {code for row in rows for code in row["centre_of"].split()}
    assert centres == {row["pnt_region"] for row in municipalities.values()}
    assert len(centres) == 18
    for row in rows:
        assert municipalities[row["nis_code"]]["name_nl"] == row["name_nl"]
        assert int(row["population_k"]) > 0
        for locale in ("fr", "en", "ar", "ru", "uk"):
            assert row[locale], (row["name_nl"], locale)
