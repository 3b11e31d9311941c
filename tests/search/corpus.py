"""A small fixed catalogue shared by the contract tests of every engine."""

from __future__ import annotations

import math

from search_index.contract import GeoPoint, OfferDocument

GENT = GeoPoint(51.0543, 3.7174)
ANTWERPEN = GeoPoint(51.2199, 4.4035)
LEUVEN = GeoPoint(50.8798, 4.7005)
BRUGGE = GeoPoint(51.2093, 3.2247)
HASSELT = GeoPoint(50.9307, 5.3325)
BRUSSEL = GeoPoint(50.8504, 4.3488)
MECHELEN = GeoPoint(51.0257, 4.4776)

# NIS codes and PNT regions per city: (municipality, name, region).
PLACES = {
    GENT: ("44021", "Gent", "gent"),
    ANTWERPEN: ("11002", "Antwerpen", "antwerpen"),
    LEUVEN: ("24062", "Leuven", "leuven"),
    BRUGGE: ("31005", "Brugge", "brugge"),
    HASSELT: ("71022", "Hasselt", "limburg"),
    BRUSSEL: ("21004", "Brussel", "brussel"),
    MECHELEN: ("12025", "Mechelen", "mechelen"),
}

FOOTBALL_TERMS = (
    "Voetbal",
    "voetballen",
    "Football",
    "soccer",
    "Football",
    "Fútbol",
    "Футбол",
    "كرة القدم",
    "فوتبال",
)


def haversine_m(a: GeoPoint, b: GeoPoint) -> float:
    """Return the great-circle distance between two points in metres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def offer(
    id: str,
    title: str | dict[str, str],
    *,
    at: GeoPoint | tuple[GeoPoint, ...] | None = GENT,
    summary: str | dict[str, str] = "",
    description: str = "",
    organisation: str = "Vzw De Brug",
    offer_type: str = "club",
    activities: tuple[str, ...] = (),
    terms: tuple[str, ...] = (),
    pnt: bool = True,
    weekdays: tuple[str, ...] = ("wed",),
    dayparts: tuple[str, ...] = ("afternoon",),
    free: bool = False,
    wheelchair: bool = False,
    level: str = "none",
    published: int = 0,
) -> OfferDocument:
    """Return an OfferDocument with sensible defaults for the test catalogue."""
    points: tuple[GeoPoint, ...]
    if at is None:
        points = ()
    elif isinstance(at, GeoPoint):
        points = (at,)
    else:
        points = at
    muni, muni_name, region = PLACES[points[0]] if points else ("", "", "")
    return OfferDocument(
        id=id,
        title=title if isinstance(title, dict) else {"nl": title},
        summary=summary if isinstance(summary, dict) else {"nl": summary},
        description_nl=description,
        organisation=organisation,
        offer_type=offer_type,
        activities=activities,
        taxonomy_terms=terms,
        municipality=muni,
        municipality_name=muni_name,
        region=region,
        points=points,
        dutch_context=pnt,
        social_participation=pnt,
        weekdays=weekdays,
        dayparts=dayparts,
        free=free,
        wheelchair=wheelchair,
        dutch_level=level,
        published_at=1_700_000_000 + published * 3600,
        confirmed_at=1_700_000_000,
    )


CORPUS: tuple[OfferDocument, ...] = (
    offer(
        "football",
        "Elke zaterdag samen trainen",
        summary="Wekelijkse training voor nieuwkomers",
        description="Trainers van de club begeleiden je. Neem sportschoenen mee.",
        organisation="KAA Gent Foundation",
        offer_type="club",
        activities=("football", "sport"),
        terms=FOOTBALL_TERMS,
        weekdays=("sat",),
        dayparts=("morning",),
        free=True,
        published=1,
    ),
    offer(
        "taalcafe",
        "Taalcafé in de stad",
        at=ANTWERPEN,
        summary="Praat Nederlands bij een kop koffie in het café",
        organisation="Atlas Antwerpen",
        offer_type="conversation_table",
        activities=("language",),
        terms=("Praattafel", "conversation table"),
        weekdays=("tue", "thu"),
        dayparts=("evening",),
        free=True,
        wheelchair=True,
        level="A1",
        published=2,
    ),
    offer(
        "ideeen",
        "Jouw ideeën voor de buurt",
        at=LEUVEN,
        summary="Denk mee over het plein",
        offer_type="neighbourhood",
        activities=("community",),
        weekdays=("wed",),
        dayparts=("afternoon",),
        wheelchair=True,
        level="A2",
        published=3,
    ),
    offer(
        "library",
        "Voorlezen in de bibliotheek",
        at=BRUGGE,
        summary="Samen prentenboeken lezen met kinderen",
        organisation="Openbare Bibliotheek Brugge",
        offer_type="volunteering",
        activities=("reading",),
        weekdays=("fri",),
        dayparts=("morning",),
        level="B1",
        published=4,
    ),
    offer(
        "cycling",
        "Leren fietsen",
        at=MECHELEN,
        summary="Lessen voor volwassenen op een veilig plein",
        offer_type="buddy",
        activities=("cycling", "sport"),
        weekdays=("mon", "wed"),
        dayparts=("morning",),
        free=True,
        level="A1",
        published=5,
    ),
    offer(
        "cooking",
        "Koken <script>alert(1)</script> & bakken",
        at=HASSELT,
        summary="Samen koken met buren",
        offer_type="neighbourhood",
        activities=("cooking",),
        weekdays=("thu",),
        dayparts=("evening",),
        published=6,
    ),
    offer(
        "cookies",
        "Koeken bakken met de buren",
        at=HASSELT,
        summary="Gezellig samen bakken",
        offer_type="neighbourhood",
        activities=("cooking",),
        weekdays=("sat",),
        dayparts=("afternoon",),
        published=30,
    ),
    offer(
        "two-places",
        "Wandelbuddy's",
        at=(BRUGGE, MECHELEN),
        summary="Wandel samen met een buddy",
        offer_type="buddy",
        activities=("walking",),
        weekdays=("sun",),
        dayparts=("afternoon",),
        free=True,
        published=7,
    ),
    offer(
        "online",
        "Online praatgroep",
        at=None,
        summary="Oefen Nederlands via videobellen",
        offer_type="conversation_table",
        activities=("language",),
        weekdays=("mon",),
        dayparts=("evening",),
        free=True,
        level="A2",
        published=8,
    ),
    offer(
        "not-pnt-gent",
        "Zwemmen voor beginners",
        summary="Zwemles in het stedelijk zwembad",
        offer_type="school",
        activities=("swimming", "sport"),
        pnt=False,
        weekdays=("tue",),
        dayparts=("evening",),
        published=9,
    ),
    offer(
        "not-pnt-antwerpen",
        "Stage in een bakkerij",
        at=ANTWERPEN,
        summary="Werkervaring in een bakkerij",
        offer_type="internship",
        activities=("work",),
        pnt=False,
        weekdays=("mon", "tue", "wed"),
        dayparts=("morning",),
        level="B1",
        published=10,
    ),
    offer(
        "translated",
        {"nl": "Kennismaking met de buurt", "uk": "Знайомство з районом", "ar": "التعرف على الحي"},
        at=BRUSSEL,
        summary={"nl": "Een wandeling langs de buurtwerking", "ar": "ورشة إبداعية للجميع"},
        offer_type="neighbourhood",
        activities=("community", "walking"),
        weekdays=("sat", "sun"),
        dayparts=("morning", "afternoon"),
        free=True,
        wheelchair=True,
        published=11,
    ),
    offer(
        "music-title",
        "Samen muziek maken",
        at=BRUSSEL,
        summary="Instrumenten zijn aanwezig",
        offer_type="club",
        activities=("music",),
        weekdays=("fri",),
        dayparts=("evening",),
        published=12,
    ),
    offer(
        "music-description",
        "Buurtfeest in het park",
        at=LEUVEN,
        summary="Iedereen is welkom",
        description="Met muziek, dans en hapjes uit de hele wereld.",
        offer_type="neighbourhood",
        activities=("community",),
        weekdays=("sun",),
        dayparts=("afternoon",),
        free=True,
        published=40,
    ),
    offer(
        "summer-camp",
        "Zomerkamp 2025 voor gezinnen",
        at=GENT,
        summary="Een week spel en sport",
        offer_type="school",
        activities=("sport",),
        weekdays=("mon", "tue", "wed", "thu", "fri"),
        dayparts=("morning", "afternoon"),
        level="A2",
        published=13,
    ),
    offer(
        "chess",
        "Schaakclub De Toren",
        at=ANTWERPEN,
        summary="Schaken voor alle niveaus",
        offer_type="club",
        activities=("chess",),
        weekdays=("thu",),
        dayparts=("evening",),
        wheelchair=True,
        level="B1",
        published=14,
    ),
    offer(
        "garden",
        "Moestuin in de wijk",
        at=MECHELEN,
        summary="Groenten kweken met de buren",
        offer_type="volunteering",
        activities=("gardening",),
        weekdays=("sat",),
        dayparts=("morning",),
        free=True,
        level="A1",
        published=15,
    ),
    offer(
        "dance-description",
        "Zomerfeest in de wijk",
        at=LEUVEN,
        summary="Een namiddag vol spelletjes",
        description="We gaan dansen en zingen tot de zon ondergaat.",
        offer_type="neighbourhood",
        activities=("dance",),
        weekdays=("sun",),
        dayparts=("afternoon",),
        published=20,
    ),
    offer(
        "dancer-title",
        "Danser gezocht voor de revue",
        at=HASSELT,
        summary="Repetities op dinsdag",
        offer_type="club",
        activities=("dance",),
        weekdays=("tue",),
        dayparts=("evening",),
        published=35,
    ),
    offer(
        "tuin-exact",
        "Tuin van de buurt",
        at=BRUGGE,
        summary="Plukken en genieten",
        offer_type="volunteering",
        activities=("gardening",),
        weekdays=("sat",),
        dayparts=("afternoon",),
        published=17,
    ),
    offer(
        "tuin-prefix",
        "Tuinieren voor beginners",
        at=LEUVEN,
        summary="Zaaien en oogsten",
        offer_type="volunteering",
        activities=("gardening",),
        weekdays=("wed",),
        dayparts=("evening",),
        published=25,
    ),
    offer(
        "sewing",
        "Naaiatelier",
        at=LEUVEN,
        summary="Kleren herstellen en maken",
        offer_type="neighbourhood",
        activities=("crafts",),
        weekdays=("wed",),
        dayparts=("morning",),
        level="A2",
        published=16,
    ),
)

BY_ID = {d.id: d for d in CORPUS}
PNT_IDS = frozenset(d.id for d in CORPUS if d.pnt_eligible)
ALL_IDS = frozenset(BY_ID)
