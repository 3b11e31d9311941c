"""A deterministic demo catalogue: fictional organisations, offers, accounts and handovers.

Everything here is invented (names, KBO numbers, e-mail addresses at example.org)
and meant for development and demonstrations only: the CLI refuses to run it in
production. The same seed and reference date always give the same rows.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from aanbodplatform.models import (
    Client,
    Handover,
    Location,
    Membership,
    ModeratorScope,
    Offer,
    OfferActivity,
    OfferContact,
    OfferStatusChange,
    OfferTranslation,
    Organisation,
    Postcode,
    ScheduleSlot,
    TranslatorLanguage,
    User,
)
from aanbodplatform.services.demo_proofs import seed_demo_proofs
from aanbodplatform.services.offer_facts import derive_facts
from aanbodplatform.services.regions import MunicipalityInfo, municipalities, regions
from aanbodplatform.services.taxonomy import get_taxonomy
from aanbodplatform.services.translations import stamp_sources

#: The password of every demo account. Demo only: never use it for a real account.
DEMO_PASSWORD = "demo-aanbod-2026"
DEMO_EMAIL_DOMAIN = "demo.aanbodplatform.be"
#: The default "now": fixed, so two runs with the same seed write identical rows.
DEMO_REFERENCE_NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DEMO_REGION = "stad-gent"


@dataclass(frozen=True)
class DemoReport:
    """What `seed_demo` created: counts and the demo account per role."""

    offers: int
    organisations: int
    regions: int
    accounts: dict[str, str]


# --- content: organisation kinds and offer templates -------------------------------------


@dataclass(frozen=True)
class _Template:
    """One kind of offer; {gemeente}, {sport} and {Sport} are filled in per offer."""

    offer_type: str
    activities: tuple[str, ...]  # "*" stands for the organisation's sport
    title: str
    summary: str
    lead: str
    when: str = "any"
    eligible: bool = True  # False: see _NOT_ELIGIBLE for which criterion fails
    once: bool = False  # a yearly event: an organisation offers it only once


@dataclass(frozen=True)
class _Kind:
    """A kind of organisation with its name patterns and the offers it makes."""

    names: tuple[str, ...]
    templates: tuple[str, ...]
    about: str
    sport: tuple[str, str] | None = None  # (activity code, Dutch noun)
    eligible: bool = True


# fmt: off
# The content tables stay compact: one template or translation per few lines.
_T = _Template
TEMPLATES: dict[str, _Template] = {
    # neighbourhood work
    "samen_koken": _T("neighbourhood", ("cooking",), "Samen koken in het buurthuis",
        "Elke week koken we met buren een maaltijd en eten we samen aan één grote tafel.",
        "Iedereen brengt een recept mee en we verdelen de taken: snijden, roeren, tafel dekken.", "avond"),
    "buurtmoestuin": _T("neighbourhood", ("gardening", "environment"), "Meewerken in de buurtmoestuin",
        "Samen zaaien, wieden en oogsten in de moestuin van de buurt, met koffie in de pauze.",
        "De moestuin ligt achter het buurthuis en wordt onderhouden door een ploeg buren.", "weekend"),
    "spelnamiddag": _T("neighbourhood", ("board_games",), "Spelnamiddag voor jong en oud",
        "Gezelschapsspelen, kaarten en een babbel met buren van alle leeftijden.",
        "We hebben een grote kast vol spelletjes en leggen de regels altijd rustig uit.", "dag"),
    "buurtfeest": _T("volunteering", ("events",), "Helpen bij het buurtfeest in {gemeente}",
        "Mee opbouwen, de bar bemannen en kinderactiviteiten begeleiden op ons jaarlijkse feest.",
        "Het buurtfeest lukt alleen dankzij een grote groep vrijwilligers uit de wijk.", "weekend", once=True),
    "praattafel_buurthuis": _T("conversation_table", ("board_games",), "Babbelen en spelen in het buurthuis",
        "Nederlands oefenen al spelend, met buren die graag een handje helpen.",
        "We spelen eenvoudige spelletjes waarbij je vanzelf Nederlands praat.", "dag"),
    # library
    "praattafel_bib": _T("conversation_table", ("library",), "Praattafel Nederlands in de bib",
        "Elke week in een kleine groep Nederlands oefenen met vrijwilligers, bij een kop koffie.",
        "Aan elke tafel zitten een vrijwilliger en vier tot zes deelnemers.", "dag"),
    "voorlezen_bib": _T("volunteering", ("library", "reading", "children"), "Voorleesvrijwilliger in de bib",
        "Lees op woensdagnamiddag prentenboeken voor aan kinderen in de jeugdafdeling.",
        "Je kiest de boeken samen met een bibliothecaris en leest voor in een klein groepje.", "woensdag"),
    "leesclub": _T("club", ("reading", "library"), "Leesclub Makkelijk Lezen",
        "Samen korte boeken in eenvoudig Nederlands lezen en erover praten.",
        "We lezen elke maand een boek uit de reeks Makkelijk Lezen en bespreken het samen.", "avond"),
    "digipunt_bib": _T("volunteering", ("computers", "library"), "Vrijwilliger bij het digipunt",
        "Help bezoekers op weg met hun smartphone, e-mail of een online formulier.",
        "Het digipunt in de bib helpt iedereen die vastloopt met computers en formulieren.", "dag"),
    # second-hand shop
    "vrijwilliger_kringwinkel": _T("volunteering", ("second_hand_shop",), "Vrijwilliger in de kringwinkel",
        "Help mee in de winkel: spullen sorteren, prijzen en klanten helpen, in een vaste ploeg.",
        "Je werkt mee in het sorteeratelier of in de winkel, naast vaste medewerkers.", "dag"),
    "stage_kringwinkel": _T("internship", ("second_hand_shop", "administration"), "Stage in de kringwinkel",
        "Leer de winkel kennen achter de schermen: logistiek, kassa en klantencontact.",
        "Een stagebegeleider volgt je op en bespreekt elke week hoe het gaat.", "dag"),
    "fietsatelier_kringwinkel": _T("volunteering", ("cycling", "repair_cafe"), "Fietsen herstellen in het fietsatelier",
        "Knutsel mee aan tweedehandsfietsen die daarna verkocht worden.",
        "In het fietsatelier maken vrijwilligers gedoneerde fietsen weer rijklaar.", "dag"),
    # care home
    "wzc_wandelen": _T("volunteering", ("elderly_care", "walking"), "Wandelen met bewoners van het woonzorgcentrum",
        "Ga mee wandelen of een spelletje spelen met bewoners; een vaste begeleider helpt je op weg.",
        "Veel bewoners krijgen weinig bezoek en kijken uit naar een wandeling of een babbel.", "dag"),
    "wzc_cafetaria": _T("volunteering", ("elderly_care", "reception"), "Helpen in de cafetaria van het woonzorgcentrum",
        "Koffie en taart serveren aan bewoners en hun bezoek, en een praatje slaan.",
        "De cafetaria is de ontmoetingsplek van het huis en draait op vrijwilligers.", "dag"),
    "wzc_activiteiten": _T("volunteering", ("elderly_care", "music"), "Meehelpen bij activiteiten voor bewoners",
        "Help bij de zangnamiddag, de bingo of het bakatelier voor bewoners.",
        "De animator zoekt helpende handen om bewoners naar de activiteiten te begeleiden.", "dag"),
    # repair café
    "repair_cafe": _T("volunteering", ("repair_cafe",), "Vrijwilliger in het Repair Café",
        "Help kapotte spullen herstellen samen met andere vrijwilligers, of leer het van hen.",
        "Bezoekers brengen hun kapotte lampen, broodroosters en kleren mee; wij zoeken samen de fout.",
        "weekend"),
    "repair_naaien": _T("volunteering", ("repair_cafe", "sewing"), "Naaitafel in het Repair Café",
        "Help kleren herstellen aan de naaitafel van het Repair Café.",
        "Aan de naaitafel worden knopen aangezet, zomen vermaakt en ritsen vervangen.", "weekend"),
    # youth movement
    "jeugdbeweging": _T("volunteering", ("youth_work", "children"), "Helpen bij de jeugdbeweging",
        "Help op zondag mee bij spelen en activiteiten voor kinderen, samen met de leiding.",
        "Elke zondag spelen tientallen kinderen buiten onder begeleiding van jonge leiding.", "zondag"),
    "kamp_helpen": _T("volunteering", ("youth_work", "cooking"), "Kookploeg op kamp",
        "Kook mee voor de leden tijdens het zomerkamp, in een ploeg van ouders en oud-leiding.",
        "Tijdens het kamp zorgt de kookploeg drie keer per dag voor eten voor de hele groep.", "afspraak", once=True),
    "jeugd_fuif": _T("volunteering", ("youth_work", "events"), "Barploeg op het jaarlijkse eetfestijn",
        "Help mee in de bar of de keuken tijdens ons eetfestijn.",
        "Met het eetfestijn zamelen we geld in voor het kamp en de lokalen.", "weekend", once=True),
    # school
    "ouderkoffie": _T("school", ("children",), "Ouderkoffie op school",
        "Ontmoet andere ouders bij een kop koffie op school en praat mee over het schoolleven.",
        "Na het afzetten van de kinderen staat de koffie klaar in de refter.", "school"),
    "leesouder": _T("school", ("reading", "children"), "Leesouder in de klas",
        "Lees een keer per week met een groepje kinderen in de klas.",
        "Leesouders helpen kinderen die net leren lezen, met begeleiding van de juf of meester.", "school"),
    "schoolfeest": _T("school", ("events", "children"), "Helpen op het schoolfeest",
        "Help mee aan een standje of in de bar op het jaarlijkse schoolfeest.",
        "Het schoolfeest wordt georganiseerd door het oudercomité en leerkrachten samen.", "weekend", once=True),
    "moestuin_school": _T("school", ("gardening", "children"), "Schooltuin onderhouden met de kinderen",
        "Help de kinderen zaaien en oogsten in de schooltuin.",
        "De schooltuin is een les in de buitenlucht, met een leerkracht erbij.", "school"),
    # homework help
    "huiswerkklas": _T("volunteering", ("homework_help", "children"), "Vrijwilliger bij de huiswerkklas",
        "Help kinderen van de lagere school met hun huiswerk, samen met andere vrijwilligers.",
        "Na school komen kinderen samen om hun huiswerk te maken met hulp van vrijwilligers.", "school"),
    "taalspelletjes_kinderen": _T("volunteering", ("children", "board_games"), "Taalspelletjes met kinderen",
        "Speel taalspelletjes met kleuters en kinderen van het eerste leerjaar.",
        "Met eenvoudige spelletjes oefenen de kinderen hun woordenschat.", "woe"),
    # food bank
    "voedselbank": _T("volunteering", ("food_distribution",), "Vrijwilliger bij de voedselbank",
        "Help voedselpakketten klaarzetten en uitdelen in een vriendelijke ploeg.",
        "Elke week halen gezinnen hier een pakket met voeding en verzorgingsproducten.", "dag"),
    "sociaal_restaurant": _T("internship", ("cooking",), "Stage in de keuken van het sociaal restaurant",
        "Werk mee in de keuken en de zaal van ons sociaal restaurant.",
        "Het restaurant serveert elke middag een betaalbare maaltijd voor iedereen uit de buurt.", "dag"),
    # choir
    "koor": _T("club", ("choir", "music"), "Zingen in het koor",
        "Zing mee in ons gemengd koor; je hoeft geen noten te kunnen lezen.",
        "We zingen popsongs, volksliederen en af en toe een klassiek stuk.", "avond"),
    "koor_concert": _T("volunteering", ("choir", "events"), "Helpen bij ons jaarconcert",
        "Help mee met de zaal, de kaartverkoop en de bar tijdens ons jaarconcert.",
        "Ons concert trekt elk jaar honderden bezoekers uit de streek.", "afspraak", once=True),
    # theatre
    "toneel_spelen": _T("club", ("theatre",), "Meespelen in de toneelgroep",
        "Speel mee in een kleine rol of help achter de schermen bij onze voorstelling.",
        "Elk jaar brengen we een komedie op de planken, met repetities vanaf september.", "avond"),
    "toneel_decor": _T("volunteering", ("theatre", "woodwork"), "Decorbouw voor de toneelvoorstelling",
        "Timmer en schilder mee aan het decor van onze nieuwe voorstelling.",
        "De decorploeg werkt in een loods met al het nodige gereedschap.", "weekend"),
    # nature
    "natuurbeheer": _T("volunteering", ("environment",), "Natuurbeheer in het natuurgebied",
        "Help mee met maaien, snoeien en knotten in het natuurgebied.",
        "Een ervaren conservator leidt elke werkdag en legt uit waarom we wat doen.", "weekend"),
    "zwerfvuil": _T("volunteering", ("litter_picking", "environment"), "Zwerfvuilactie in {gemeente}",
        "Samen de straten en bermen van {gemeente} opruimen, met grijpers en hesjes van de gemeente.",
        "We verdelen ons in groepjes en ruimen telkens een andere wijk op.", "weekend"),
    "natuurwandeling": _T("club", ("walking", "environment"), "Natuurwandeling met gids",
        "Wandel mee met een natuurgids en leer de planten en vogels van de streek kennen.",
        "De wandelingen duren ongeveer twee uur en zijn geschikt voor iedereen.", "zondag"),
    # animal shelter
    "dierenasiel": _T("volunteering", ("animals",), "Vrijwilliger in het dierenasiel",
        "Help honden uitlaten en katten verzorgen samen met het vaste team.",
        "Het asiel vangt verlaten honden, katten en konijnen op tot ze een nieuwe thuis vinden.", "any"),
    "dieren_boerderij": _T("volunteering", ("animals",), "Verzorging van de boerderijdieren in de opvang",
        "Voeder de geiten, schapen en kippen en maak de stallen schoon met andere vrijwilligers.",
        "De opvang vangt ook geiten, schapen, kippen en twee ezels op.", "weekend"),
    # hospital
    "ziekenhuis_onthaal": _T("volunteering", ("hospital", "reception"), "Onthaalvrijwilliger in het ziekenhuis",
        "Wijs patiënten en bezoekers de weg en begeleid hen naar de juiste afdeling.",
        "Aan de onthaalbalie helpen vrijwilligers mensen die de weg zoeken in het ziekenhuis.", "dag"),
    "ziekenhuis_bibliotheek": _T("volunteering", ("hospital", "reading"), "Boekenkar in het ziekenhuis",
        "Ga met de boekenkar langs de kamers en maak een praatje met patiënten.",
        "Patiënten die lang opgenomen zijn, kijken uit naar de boekenkar.", "dag"),
    # culture
    "onthaal_cc": _T("volunteering", ("events", "reception"), "Onthaalvrijwilliger in het cultuurcentrum",
        "Ontvang bezoekers, scheur tickets en help aan de bar tijdens voorstellingen.",
        "Als onthaalvrijwilliger ben je het eerste gezicht dat bezoekers zien.", "avond"),
    "filmclub": _T("club", ("film",), "Filmclub met nabespreking",
        "Kijk elke maand een film met Nederlandse ondertitels en praat erover na.",
        "Na de film blijven we hangen in de foyer om over de film te praten.", "avond"),
    "evenement_medewerker": _T("volunteering", ("events",), "Medewerker op het zomerfestival",
        "Help mee op ons gratis zomerfestival: onthaal, bar of opruimen.",
        "Het festival brengt elk jaar duizenden mensen samen op het marktplein.", "weekend", once=True),
    # museum
    "museum_onthaal": _T("volunteering", ("museum", "reception"), "Onthaal in het museum",
        "Verwelkom bezoekers, geef uitleg over de tentoonstelling en help in de museumshop.",
        "Het museum toont de geschiedenis van {gemeente} aan de hand van foto's en voorwerpen.", "weekend"),
    "museum_rondleiding": _T("club", ("museum",), "Rondleiding in eenvoudig Nederlands",
        "Ontdek het museum met een gids die langzaam en duidelijk praat.",
        "De rondleiding duurt een uur en eindigt met koffie in het museumcafé.", "weekend"),
    # buddy projects
    "buddy_nieuwkomer": _T("buddy", ("walking",), "Buddy voor nieuwkomers in {gemeente}",
        "Een vaste vrijwilliger spreekt regelmatig met je af: wandelen, koffie drinken of samen de gemeente ontdekken.",
        "Je buddy is iemand uit de buurt die tijd maakt om je wegwijs te maken.", "afspraak"),
    "buddy_taal": _T("buddy", ("reading",), "Taalbuddy: samen Nederlands praten",
        "Spreek elke week af met een taalbuddy om Nederlands te praten over alledaagse dingen.",
        "Jullie kiezen samen waar en wanneer jullie afspreken: in de bib, een café of tijdens een wandeling.",
        "afspraak"),
    "buddy_sport": _T("buddy", ("fitness", "running"), "Sportbuddy: samen sporten",
        "Een sportbuddy neemt je mee naar een sportclub in de buurt tot je er je weg kent.",
        "Je buddy gaat de eerste keren mee en stelt je voor aan de trainer en de groep.", "afspraak"),
    # language
    "praatcafe": _T("conversation_table", ("board_games",), "Praatcafé Nederlands",
        "Gezellig Nederlands praten in een café, met vrijwilligers en andere deelnemers.",
        "We kiezen elke keer een onderwerp: het weer, eten, werk of de buurt.", "avond"),
    "praattafel_wandelen": _T("conversation_table", ("walking",), "Wandelpraattafel",
        "Wandel door {gemeente} en praat onderweg Nederlands met vrijwilligers.",
        "Al wandelend praat je makkelijker: je ziet onderweg genoeg om over te vertellen.", "dag"),
    "praattafel_ouders": _T("conversation_table", ("children",), "Praattafel voor ouders",
        "Nederlands oefenen over school, opvoeding en gezondheid, terwijl de kinderen spelen.",
        "Terwijl de ouders praten, zorgen vrijwilligers voor de kinderen in de speelhoek.", "school"),
    # football
    "voetbal_veteranen": _T("club", ("football",), "Meevoetballen bij de veteranen",
        "Train mee met onze veteranenploeg (35+) en speel mee in de vriendenreeks.",
        "Na de training of de match blijven we altijd nog even plakken in de kantine.", "avond"),
    "voetbal_recreatief": _T("club", ("football",), "Recreatief voetbal voor volwassenen",
        "Voetballen zonder competitiedruk in een gemengde groep van 18 tot 60 jaar.",
        "Iedereen mag meedoen, ook als je lang niet meer gespeeld hebt.", "avond"),
    "kantine_vrijwilliger": _T("volunteering", ("football", "events"), "Helpen in de kantine bij thuismatchen",
        "Tap een drankje en maak een praatje met spelers en supporters tijdens de thuismatchen.",
        "De kantine is het hart van de club en draait volledig op vrijwilligers.", "weekend"),
    "jeugdtrainer": _T("volunteering", ("football", "children"), "Hulptrainer bij de U9",
        "Help de trainer van onze jongste spelers bij trainingen en matchen.",
        "De kinderen van de U9 trainen twee keer per week en spelen op zaterdag.", "woe"),
    # cycling and walking clubs
    "fietsclub": _T("club", ("cycling",), "Samen fietsen met de fietsclub",
        "Rij mee op onze toertochten van 30 tot 50 km in een rustig tempo.",
        "Niemand wordt achtergelaten: we rijden in groep en wachten op elkaar.", "weekend"),
    "fietsles": _T("volunteering", ("cycling",), "Lesgever bij de fietslessen voor volwassenen",
        "Help volwassenen die nog nooit gefietst hebben hun evenwicht vinden.",
        "De fietslessen vinden plaats op een afgesloten terrein, met fietsen van de club.", "dag"),
    "wandelclub": _T("club", ("walking",), "Wandelen met de wandelclub",
        "Elke week een wandeling van 5 tot 10 km in de omgeving, met een drankje achteraf.",
        "We wandelen in alle weer en vertrekken telkens aan de kerk.", "zondag"),
    "wandelclub_bewegwijzering": _T("volunteering", ("walking", "events"), "Pijltjes zetten voor de wandeltocht",
        "Help onze jaarlijkse wandeltocht bewegwijzeren en bemannen.",
        "Onze wandeltocht lokt elk jaar wandelaars uit heel Vlaanderen.", "weekend", once=True),
    # sport clubs (the kind names the sport)
    "sport_beginners": _T("club", ("*",), "{Sport} voor beginners",
        "Leer {sport} in een ontspannen groep voor volwassenen; materiaal kan je lenen.",
        "De trainer legt alles stap voor stap uit en je oefent met andere beginners.", "avond"),
    "sport_kantine": _T("volunteering", ("*", "events"), "Helpen in de cafetaria van de club",
        "Tap een drankje en maak een praatje met leden en supporters tijdens trainingen en wedstrijden.",
        "De cafetaria is de plek waar iedereen na de training samenkomt.", "weekend"),
    "sport_tornooi": _T("volunteering", ("*", "events"), "Medewerker op ons jaarlijkse tornooi",
        "Help mee met opbouwen, inschrijvingen en de bar op ons grote clubtornooi.",
        "Het tornooi is het feest van het jaar voor alle leden en hun families.", "weekend", once=True),
    "loopgroep": _T("club", ("running",), "Samen leren lopen: van 0 naar 5 km",
        "In tien weken leer je samen met een groep 5 km lopen, onder begeleiding van een trainer.",
        "We beginnen met afwisselend wandelen en lopen, en bouwen rustig op.", "avond"),
    "schaakavond": _T("club", ("chess", "board_games"), "Schaakavond voor iedereen",
        "Kom schaken tegen spelers van elk niveau; beginners krijgen uitleg.",
        "Op de clubavond spelen we vriendschappelijke partijen en analyseren we samen.", "avond"),
    "volksdansen": _T("club", ("dance", "music"), "Volksdansen in groep",
        "Leer dansen uit heel Europa in een gezellige groep, zonder partner nodig.",
        "De dansen worden stap voor stap voorgedaan en herhaald.", "avond"),
    "yoga_parochiezaal": _T("club", ("yoga",), "Yoga voor iedereen in de parochiezaal",
        "Rustige yoga voor beginners en gevorderden, met aandacht voor ademhaling.",
        "Breng een matje en comfortabele kleren mee; de rest leer je ter plaatse.", "dag"),
    # local service centre
    "dienstencentrum_tafel": _T("neighbourhood", ("cooking", "elderly_care"), "Samen aan tafel in het dienstencentrum",
        "Eet 's middags mee met buurtbewoners en help bij het opdienen.",
        "Het restaurant van het dienstencentrum is een ontmoetingsplek voor de hele wijk.", "dag"),
    "computerclub": _T("club", ("computers",), "Computerclub voor beginners",
        "Leer e-mailen, surfen en je smartphone gebruiken in een kleine groep.",
        "Elke les behandelt één onderwerp, zoals foto's doorsturen of een afspraak maken.", "dag"),
    "petanque_senioren": _T("neighbourhood", ("petanque", "board_games"), "Petanque en kaarten met de senioren",
        "Speel petanque op het pleintje of kaart binnen met de vaste groep senioren.",
        "De senioren van de wijk zijn blij met nieuwe gezichten aan de petanquebaan.", "dag"),
    "maaltijdbedeling": _T("volunteering", ("elderly_care", "cooking"), "Vrijwilliger bij de maaltijdbedeling",
        "Breng samen met een vaste chauffeur warme maaltijden naar ouderen in de buurt.",
        "Voor veel ouderen is de maaltijdbedeling ook hun dagelijkse babbel.", "dag"),
    # crafts
    "naaiatelier": _T("club", ("sewing", "crafts"), "Naaiatelier voor iedereen",
        "Leer naaien en kleren herstellen aan onze naaimachines, samen met andere deelnemers.",
        "Je werkt aan je eigen project, met hulp van ervaren naaisters.", "dag"),
    "breien_haken": _T("club", ("crafts",), "Breien en haken in groep",
        "Brei en haak mee aan sjaals, mutsen en dekentjes voor het goede doel.",
        "We werken met wol die mensen schenken en leren elkaar nieuwe steken.", "dag"),
    "kostuums_stoet": _T("volunteering", ("sewing", "events"), "Kostuums naaien voor de stoet",
        "Help mee de kostuums voor de jaarlijkse stoet te naaien en te passen.",
        "De stoet trekt elk voorjaar door het centrum, met honderden deelnemers.", "avond", once=True),
    # photography
    "fotografie": _T("club", ("photography",), "Fotografie voor beginners",
        "Leer beter fotograferen met je smartphone of camera, in groep.",
        "Elke maand krijgen we een opdracht en bespreken we de foto's samen.", "avond"),
    "fotowandeling": _T("club", ("photography", "walking"), "Fotowandeling door {gemeente}",
        "Wandel met de fotoclub door {gemeente} en leer kijken door de lens.",
        "Onderweg geeft een ervaren lid tips over licht en kadrering.", "weekend"),
    # allotments
    "samentuin_perceel": _T("neighbourhood", ("gardening",), "Een eigen perceel in de samentuin",
        "Tuinier op je eigen stukje grond, naast andere tuiniers die graag raad geven.",
        "Gereedschap, water en zaden delen we; de oogst is voor jezelf.", "any"),
    "bijenhouden": _T("club", ("environment", "animals"), "Bijenhouden voor beginners",
        "Leer bijen houden bij een ervaren imker, samen met andere beginners.",
        "Een beschermpak lenen we je uit; je leert alles in de praktijk.", "weekend"),
    # companies (internships)
    "stage_bakkerij": _T("internship", ("cooking",), "Snuffelstage in de bakkerij",
        "Werk enkele weken mee in de bakkerij: deeg kneden, bakken en verkopen.",
        "De bakker neemt de tijd om alles voor te doen en uit te leggen.", "dag"),
    "stage_bakkerij_winkel": _T("internship", ("cooking",), "Stage in de bakkerijwinkel",
        "Help klanten in de winkel, vul de rekken aan en leer over brood en gebak vertellen.",
        "In de winkel praat je de hele dag met klanten uit de buurt.", "dag"),
    "stage_tuincentrum": _T("internship", ("gardening",), "Stage in het tuincentrum",
        "Help planten verzorgen en klanten raad geven in het tuincentrum.",
        "Je werkt mee in een team van tuiniers en verkopers.", "dag"),
    "workshop_moestuin": _T("club", ("gardening",), "Workshop moestuinieren op terras en balkon",
        "Leer in vier lessen groenten en kruiden kweken in potten en bakken.",
        "De workshops vinden plaats in de serre van het tuincentrum.", "weekend"),
    "stage_fietsenwinkel": _T("internship", ("cycling", "woodwork"), "Stage in de fietsenwerkplaats",
        "Leer fietsen herstellen en onderhouden in onze werkplaats.",
        "De mecaniciens tonen je hoe je banden, remmen en versnellingen herstelt.", "dag"),
    # extra templates (second batch)
    "repair_onthaal": _T("volunteering", ("repair_cafe", "reception"), "Onthaal en koffie in het Repair Café",
        "Ontvang bezoekers, noteer wat er kapot is en schenk koffie terwijl ze wachten.",
        "Aan het onthaal begint elk bezoek: je luistert naar het probleem en zoekt de juiste hersteller.",
        "weekend"),
    "huiswerk_vakantieschool": _T("volunteering", ("homework_help", "children"), "Begeleider in de vakantieschool",
        "Help kinderen in de schoolvakanties hun Nederlands en rekenen bij te werken, met spel en uitstappen.",
        "De vakantieschool loopt in de herfst-, kerst- en paasvakantie, telkens in de voormiddag.", "dag"),
    "voedselbank_ophalen": _T("volunteering", ("food_distribution",), "Bijrijder bij het ophalen van voedseloverschotten",
        "Rij mee met de bestelwagen om voeding op te halen bij supermarkten en bakkers.",
        "Elke ochtend halen we overschotten op die anders weggegooid zouden worden.", "dag"),
    "wereldkoor": _T("club", ("choir", "music"), "Wereldkoor: zingen in vele talen",
        "Zing liederen uit de hele wereld in een koor waar iedereen welkom is.",
        "De repetities verlopen in het Nederlands; de liederen komen uit alle windstreken.", "avond"),
    "theaterworkshop": _T("club", ("theatre",), "Theaterworkshop voor volwassenen",
        "Speel, improviseer en ontdek je stem in een reeks van tien workshops.",
        "Je hoeft geen ervaring te hebben: we beginnen met eenvoudige spelletjes.", "avond"),
    "kattenopvang": _T("volunteering", ("animals",), "Kattenknuffelaar in de opvang",
        "Geef de katten in de opvang aandacht en help bij het voederen en poetsen.",
        "Katten die veel aandacht krijgen, vinden sneller een nieuw baasje.", "any"),
    "ziekenhuis_cafetaria": _T("volunteering", ("hospital", "reception"), "Vrijwilliger in de ziekenhuiscafetaria",
        "Bedien patiënten en bezoekers in de cafetaria en maak een praatje.",
        "De cafetaria van het ziekenhuis wordt volledig door vrijwilligers uitgebaat.", "dag"),
    "museum_workshop": _T("volunteering", ("museum", "children", "art"), "Helpen bij kinderworkshops in het museum",
        "Help kinderen tekenen, knutselen en ontdekken tijdens de museumworkshops.",
        "In de schoolvakanties organiseert het museum creatieve workshops voor kinderen.", "woe"),
    "fietsherstel": _T("club", ("cycling", "repair_cafe"), "Fietsherstelavond",
        "Leer je fiets zelf herstellen met hulp van clubleden.",
        "Breng je fiets mee; gereedschap en reserveonderdelen zijn aanwezig.", "avond"),
    "avondwandeling": _T("club", ("walking",), "Avondwandeling in de zomer",
        "Wandel op zomeravonden mee langs de mooiste plekjes van {gemeente}.",
        "We wandelen ongeveer anderhalf uur en sluiten af op een terras.", "avond"),
    "stoelyoga": _T("club", ("yoga",), "Zachte yoga op de stoel",
        "Yoga op een stoel: geschikt voor iedereen, ook als je minder soepel bent.",
        "De oefeningen zijn rustig en worden goed voorgedaan en uitgelegd.", "dag"),
    "fototentoonstelling": _T("volunteering", ("photography", "events"), "Meehelpen aan onze fototentoonstelling",
        "Help foto's inlijsten, ophangen en bezoekers ontvangen op onze jaarlijkse tentoonstelling.",
        "De tentoonstelling toont het beste werk van onze leden van het voorbije jaar.", "weekend", once=True),
    # not eligible for the PNT: English-speaking or individual
    "expat_drinks": _T("club", ("events",), "International afterwork drinks",
        "Monthly drinks for internationals living in Flanders; the language is English.",
        "Elke maand spreken internationals af in een café; de voertaal is Engels.", "avond", eligible=False),
    "expat_bookclub": _T("club", ("reading",), "English-language book club",
        "We read a novel in English every month and discuss it over dinner.",
        "De leesclub leest en bespreekt Engelstalige romans.", "avond", eligible=False),
    "expat_picnic": _T("neighbourhood", ("children",), "Expat family picnic",
        "A summer picnic for international families; activities in English.",
        "Een picknick voor internationale gezinnen, met activiteiten in het Engels.", "weekend", eligible=False),
    "online_excel": _T("school", ("computers",), "Online cursus Excel voor beginners",
        "Leer de basis van Excel met video's en oefeningen, op je eigen tempo thuis.",
        "Je volgt de cursus alleen, online, wanneer het jou past.", "afspraak", eligible=False),
    "online_typen": _T("school", ("computers",), "Online typcursus op eigen tempo",
        "Leer blind typen met korte online oefeningen van tien minuten per dag.",
        "De cursus is volledig online en individueel.", "afspraak", eligible=False),
    "fitness_abonnement": _T("club", ("fitness",), "Fitnessabonnement: trainen op eigen tempo",
        "Train wanneer je wilt op onze toestellen; een coach stelt een schema voor je op.",
        "Je traint individueel op de toestellen, zonder vaste groep.", "any", eligible=False),
    "personal_training": _T("club", ("fitness",), "Personal training-traject",
        "Tien individuele sessies met een personal trainer.",
        "Je werkt een op een met een trainer aan je conditie.", "afspraak", eligible=False),
    "international_choir": _T("club", ("choir", "music"), "Sing with the International Choir",
        "An English-speaking choir for people from all over the world.",
        "Het koor repeteert in het Engels en zingt liederen uit de hele wereld.", "avond", eligible=False),
}

#: Which criterion an ineligible template fails, and the evidence it gives for the other.
_NOT_ELIGIBLE: dict[str, tuple[bool, bool]] = {
    "expat_drinks": (False, True),
    "expat_bookclub": (False, True),
    "expat_picnic": (False, True),
    "international_choir": (False, True),
    "online_excel": (True, False),
    "online_typen": (True, False),
    "fitness_abonnement": (True, False),
    "personal_training": (True, False),
}

_SPORT = ("sport_beginners", "sport_kantine", "sport_tornooi")
KINDS: dict[str, _Kind] = {
    "buurtwerk": _Kind(
        ("Vzw Buurtwerk De Brug", "Buurthuis 't Pleintje", "Wijkcentrum De Kring",
         "Buurtcentrum Het Anker", "Vzw Samen Buren", "Ontmoetingshuis De Schakel"),
        ("samen_koken", "buurtmoestuin", "spelnamiddag", "buurtfeest", "praattafel_buurthuis"),
        "Een buurtwerking die buren met elkaar in contact brengt."),
    "bibliotheek": _Kind(("Bibliotheek {gemeente}",),
        ("praattafel_bib", "voorlezen_bib", "leesclub", "digipunt_bib"),
        "De openbare bibliotheek van de gemeente."),
    "kringwinkel": _Kind(("Kringwinkel {regio}", "Kringwinkel De Cirkel", "Kringwinkel Weer Nieuw"),
        ("vrijwilliger_kringwinkel", "stage_kringwinkel", "fietsatelier_kringwinkel"),
        "Een kringwinkel die tweedehandsspullen een nieuw leven geeft."),
    "woonzorgcentrum": _Kind(
        ("Woonzorgcentrum Ter Linde", "Woonzorgcentrum De Wingerd", "Woonzorgcentrum Sint-Elisabeth",
         "Woonzorgcentrum Hof ter Beke"),
        ("wzc_wandelen", "wzc_cafetaria", "wzc_activiteiten"),
        "Een woonzorgcentrum met een actieve vrijwilligersploeg."),
    "repair": _Kind(("Repair Café {gemeente}",), ("repair_cafe", "repair_naaien", "repair_onthaal"),
        "Een Repair Café waar vrijwilligers samen met bezoekers spullen herstellen."),
    "jeugd": _Kind(("Chiro {jeugdnaam}", "Scouts {jeugdnaam} {gemeente}", "KSA {jeugdnaam}"),
        ("jeugdbeweging", "kamp_helpen", "jeugd_fuif"),
        "Een jeugdbeweging voor kinderen en jongeren van 6 tot 18 jaar."),
    "school": _Kind(
        ("Basisschool De Regenboog", "Basisschool De Zonnebloem", "Gemeentelijke Basisschool {gemeente}",
         "Vrije Basisschool Sint-Jozef"),
        ("ouderkoffie", "leesouder", "schoolfeest", "moestuin_school"),
        "Een basisschool die ouders graag bij het schoolleven betrekt."),
    "huiswerk": _Kind(("Huiswerkbegeleiding Studiebrug", "Huiswerkklas Het Potlood"),
        ("huiswerkklas", "taalspelletjes_kinderen", "huiswerk_vakantieschool"),
        "Een vrijwilligersorganisatie die kinderen helpt met hun huiswerk."),
    "voedselbank": _Kind(("Voedselbank {gemeente}", "Sociale Kruidenier De Korf"),
        ("voedselbank", "sociaal_restaurant", "voedselbank_ophalen"),
        "Een organisatie die voedselhulp biedt aan gezinnen in de regio."),
    "koor": _Kind(("Gemengd Koor Cantabile", "Koor Vox Nova {gemeente}", "Zanggroep De Nachtegalen"),
        ("koor", "koor_concert", "wereldkoor"), "Een koor voor iedereen die graag zingt."),
    "toneel": _Kind(("Toneelgroep De Planken", "Theatergezelschap 't Zwerk", "Toneelkring Vriendenkring {gemeente}"),
        ("toneel_spelen", "toneel_decor", "theaterworkshop"), "Een amateurtoneelgroep met een jaarlijkse voorstelling."),
    "natuur": _Kind(("Natuurvereniging De Groene Long", "Milieugroep Groen {gemeente}", "Bosgroep De Eik"),
        ("natuurbeheer", "zwerfvuil", "natuurwandeling"),
        "Een vereniging die zich inzet voor natuur en milieu in de streek."),
    "dieren": _Kind(("Dierenasiel Het Blije Baasje", "Dierenopvang De Ark"),
        ("dierenasiel", "dieren_boerderij", "kattenopvang"), "Een opvang voor dieren in nood."),
    "ziekenhuis": _Kind(("AZ Sint-Jan {gemeente}", "Ziekenhuis Heilig Hart"),
        ("ziekenhuis_onthaal", "ziekenhuis_bibliotheek", "ziekenhuis_cafetaria"),
        "Een algemeen ziekenhuis met een vrijwilligerswerking."),
    "cultuur": _Kind(("CC De Schakel", "Cultuurcentrum {gemeente}", "Cultuurhuis De Warande"),
        ("onthaal_cc", "filmclub", "evenement_medewerker"),
        "Een cultuurcentrum met voorstellingen, films en festivals."),
    "museum": _Kind(("Stadsmuseum {gemeente}", "Heemkundig Museum {gemeente}"),
        ("museum_onthaal", "museum_rondleiding", "museum_workshop"), "Een museum over de geschiedenis van de streek."),
    "buddy": _Kind(("Buddywerking Samen Thuis", "Vzw Duo voor Nieuwkomers", "Buddyproject Welkom {gemeente}"),
        ("buddy_nieuwkomer", "buddy_taal", "buddy_sport"),
        "Een buddywerking die nieuwkomers koppelt aan vrijwilligers uit de buurt."),
    "taal": _Kind(("Taalpunt {gemeente}", "Praatcafé De Babbelaar", "Vzw Taalbrug"),
        ("praatcafe", "praattafel_wandelen", "praattafel_ouders"),
        "Een organisatie die kansen biedt om Nederlands te oefenen."),
    "voetbal": _Kind(("Voetbalclub Eendracht {gemeente}", "KFC Sparta {gemeente}", "VV De Zwaluwen {gemeente}"),
        ("voetbal_veteranen", "voetbal_recreatief", "kantine_vrijwilliger", "jeugdtrainer"),
        "Een voetbalclub met jeugdploegen, een veteranenploeg en een gezellige kantine."),
    "fiets": _Kind(("Wielerclub De Trappers {gemeente}", "Fietsclub Rustig Aan"),
        ("fietsclub", "fietsles", "fietsherstel"), "Een fietsclub voor recreatieve fietsers."),
    "wandel": _Kind(("Wandelclub De Stappers {gemeente}", "Wandelvrienden {gemeente}"),
        ("wandelclub", "wandelclub_bewegwijzering", "avondwandeling"), "Een wandelclub die elke week samen op pad gaat."),
    "basket": _Kind(("Basketbalclub BBC {gemeente}",), _SPORT, "Een basketbalclub.", ("basketball", "basketbal")),
    "volley": _Kind(("Volleybalclub VC {gemeente}",), _SPORT, "Een volleybalclub.", ("volleyball", "volleybal")),
    "tafeltennis": _Kind(("Tafeltennisclub TTC {gemeente}",), _SPORT, "Een tafeltennisclub.",
        ("table_tennis", "tafeltennis")),
    "petanque": _Kind(("Petanqueclub De Boules {gemeente}",), _SPORT, "Een petanqueclub.", ("petanque", "petanque")),
    "zwemmen": _Kind(("Zwemclub De Dolfijnen {gemeente}",), _SPORT, "Een zwemclub.", ("swimming", "zwemmen")),
    "judo": _Kind(("Judoclub Kiai {gemeente}",), _SPORT, "Een judoclub.", ("martial_arts", "judo")),
    "tennis": _Kind(("Tennisclub Ter Heide",), _SPORT, "Een tennisclub.", ("tennis", "tennis")),
    "loop": _Kind(("Loopclub De Snelle Duiven {gemeente}",), ("loopgroep", "sport_kantine", "sport_tornooi"),
        "Een loopclub voor recreatieve lopers.", ("running", "lopen")),
    "schaak": _Kind(("Schaakclub De Loper {gemeente}",), ("schaakavond", "sport_beginners", "sport_tornooi"),
        "Een schaakclub voor alle niveaus.", ("chess", "schaken")),
    "dans": _Kind(("Dansschool Passe-Partout", "Volksdansgroep De Rozenkrans"),
        ("volksdansen", "sport_beginners", "sport_kantine"), "Een dansgroep.", ("dance", "dansen")),
    "yoga": _Kind(("Yogagroep Ademruimte",), ("yoga_parochiezaal", "sport_beginners", "stoelyoga"), "Een yogagroep.",
        ("yoga", "yoga")),
    "dienstencentrum": _Kind(("Lokaal Dienstencentrum De Vlier", "Dienstencentrum Zonnehoek"),
        ("dienstencentrum_tafel", "computerclub", "petanque_senioren", "maaltijdbedeling"),
        "Een lokaal dienstencentrum voor ontmoeting en ondersteuning in de wijk."),
    "handwerk": _Kind(("Naaiatelier De Draad", "Handwerkgroep Creatief {gemeente}"),
        ("naaiatelier", "breien_haken", "kostuums_stoet"), "Een atelier voor naaien en handwerk."),
    "foto": _Kind(("Fotoclub Diafragma {gemeente}",), ("fotografie", "fotowandeling", "fototentoonstelling"),
        "Een fotoclub voor beginnende en ervaren fotografen."),
    "samentuin": _Kind(("Volkstuinvereniging De Spade", "Samentuin {gemeente}"),
        ("samentuin_perceel", "buurtmoestuin", "bijenhouden"), "Een samentuin met percelen voor buurtbewoners."),
    "bakkerij": _Kind(("Bakkerij Van den Broeck", "Bakkerij De Korenbloem"),
        ("stage_bakkerij", "stage_bakkerij_winkel"), "Een ambachtelijke bakkerij die stageplaatsen aanbiedt."),
    "tuincentrum": _Kind(("Tuincentrum De Groene Vinger",), ("stage_tuincentrum", "workshop_moestuin"),
        "Een tuincentrum met stageplaatsen en workshops."),
    "fietsenwinkel": _Kind(("Fietsenwinkel Op Wielekes",), ("stage_fietsenwinkel", "fietsherstel"),
        "Een fietsenwinkel met een werkplaats."),
    # The kinds below only make offers that do not meet the PNT criteria.
    "expat": _Kind(("Expat Social Club {gemeente}", "International Newcomers Network"),
        ("expat_drinks", "expat_bookclub", "expat_picnic"),
        "An English-speaking club for internationals.", eligible=False),
    "online": _Kind(("Leerplatform Digitaal Vooruit",), ("online_excel", "online_typen"),
        "Een aanbieder van online cursussen.", eligible=False),
    "fitness": _Kind(("Fitnesscentrum FitZone {gemeente}",), ("fitness_abonnement", "personal_training"),
        "Een fitnesscentrum.", eligible=False),
    "intl_koor": _Kind(("International Choir {gemeente}",), ("international_choir",),
        "An international choir.", eligible=False),
}

# Title + summary of some templates in other UI locales, written for real per language.
TRANSLATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "praattafel_bib": {
        "en": ("Dutch conversation table at the library",
               "Practise Dutch every week in a small group with volunteers, over a cup of coffee."),
        "fr": ("Table de conversation en néerlandais à la bibliothèque",
               "Pratiquez le néerlandais chaque semaine en petit groupe avec des bénévoles, autour d'un café."),
        "ar": ("طاولة محادثة باللغة الهولندية في المكتبة",
               "تدرّب على اللغة الهولندية كل أسبوع في مجموعة صغيرة مع متطوعين، مع فنجان قهوة."),
        "uk": ("Розмовний клуб нідерландської в бібліотеці",
               "Щотижня практикуйте нідерландську в невеликій групі з волонтерами за чашкою кави."),
        "tr": ("Kütüphanede Felemenkçe sohbet masası",
               "Her hafta küçük bir grupta gönüllülerle bir fincan kahve eşliğinde Felemenkçe pratik yapın."),
        "ru": ("Разговорный клуб нидерландского в библиотеке",
               "Каждую неделю практикуйте нидерландский в небольшой группе с волонтёрами за чашкой кофе."),
        "es": ("Mesa de conversación en neerlandés en la biblioteca",
               "Practica neerlandés cada semana en un grupo pequeño con voluntarios, con un café."),
        "fa-AF": ("میز گفتگوی هالندی در کتابخانه",
                  "هر هفته در یک گروه کوچک همراه با رضاکاران و یک پیاله قهوه، هالندی تمرین کنید."),
        "pl": ("Stolik konwersacyjny po niderlandzku w bibliotece",
               "Co tydzień ćwicz niderlandzki w małej grupie z wolontariuszami przy filiżance kawy."),
        "ro": ("Masă de conversație în neerlandeză la bibliotecă",
               "Exersează neerlandeza în fiecare săptămână, într-un grup mic, cu voluntari, la o cafea."),
    },
    "vrijwilliger_kringwinkel": {
        "en": ("Volunteer at the second-hand shop",
               "Help out in the shop: sorting goods, pricing and helping customers, as part of a steady team."),
        "fr": ("Bénévole au magasin de seconde main",
               "Aidez au magasin : trier, étiqueter les prix et aider les clients, au sein d'une équipe fixe."),
        "ar": ("متطوع في متجر السلع المستعملة",
               "ساعد في المتجر: فرز الأغراض وتسعيرها ومساعدة الزبائن، ضمن فريق ثابت."),
        "uk": ("Волонтер у секонд-хенд магазині",
               "Допомагайте в магазині: сортуйте речі, ставте ціни та допомагайте покупцям у постійній команді."),
        "tr": ("İkinci el mağazasında gönüllü",
               "Mağazada yardım edin: eşyaları ayırın, fiyatlandırın ve müşterilere yardımcı olun; sabit bir ekiple."),
        "ru": ("Волонтёр в магазине секонд-хенд",
               "Помогайте в магазине: сортируйте вещи, назначайте цены и помогайте покупателям в постоянной команде."),
        "es": ("Voluntario en la tienda de segunda mano",
               "Ayuda en la tienda: clasificar artículos, poner precios y atender a los clientes, en un equipo fijo."),
        "fa-AF": ("رضاکار در فروشگاه اجناس دست دوم",
                  "در فروشگاه کمک کنید: دسته‌بندی اجناس، قیمت‌گذاری و کمک به مشتریان، در یک تیم ثابت."),
        "pl": ("Wolontariat w sklepie z rzeczami używanymi",
               "Pomagaj w sklepie: sortuj rzeczy, wyceniaj je i obsługuj klientów w stałym zespole."),
        "ro": ("Voluntar la magazinul second-hand",
               "Ajută în magazin: sortezi obiecte, pui prețuri și ajuți clienții, într-o echipă stabilă."),
    },
    "buddy_nieuwkomer": {
        "en": ("A buddy for newcomers in {gemeente}",
               "A regular volunteer meets up with you: going for a walk, having coffee or exploring the town together."),
        "fr": ("Un binôme pour les primo-arrivants à {gemeente}",
               "Un bénévole attitré vous rencontre régulièrement : promenade, café ou découverte de la commune ensemble."),
        "ar": ("رفيق للقادمين الجدد في {gemeente}",
               "يلتقي بك متطوع ثابت بانتظام: نزهة، أو شرب القهوة، أو اكتشاف البلدة معًا."),
        "uk": ("Бадді для новоприбулих у {gemeente}",
               "Постійний волонтер регулярно зустрічається з вами: прогулянки, кава або спільне знайомство з містом."),
        "tr": ("{gemeente} bölgesinde yeni gelenler için buddy",
               "Sabit bir gönüllü sizinle düzenli olarak buluşur: yürüyüş, kahve ya da şehri birlikte keşfetmek."),
        "ru": ("Бадди для новоприбывших в {gemeente}",
               "Постоянный волонтёр регулярно встречается с вами: прогулки, кофе или совместное знакомство с городом."),
        "es": ("Un compañero (buddy) para recién llegados en {gemeente}",
               "Un voluntario fijo queda contigo con regularidad: pasear, tomar un café o descubrir juntos el municipio."),
        "fa-AF": ("همراه (بادی) برای تازه‌واردان در {gemeente}",
                  "یک رضاکار ثابت به طور منظم با شما ملاقات می‌کند: قدم زدن، نوشیدن قهوه یا کشف شهر با هم."),
        "pl": ("Buddy dla nowo przybyłych w {gemeente}",
               "Stały wolontariusz regularnie się z tobą spotyka: spacer, kawa albo wspólne poznawanie gminy."),
    },
    "voetbal_veteranen": {
        "en": ("Play football with the veterans' team",
               "Train with our veterans' team (35+) and play in the friendly league."),
        "fr": ("Jouer au football avec les vétérans",
               "Entraînez-vous avec notre équipe de vétérans (35+) et jouez dans le championnat amical."),
        "ar": ("العب كرة القدم مع فريق المخضرمين",
               "تدرّب مع فريق المخضرمين لدينا (35+) والعب في دوري الأصدقاء."),
        "uk": ("Футбол із командою ветеранів",
               "Тренуйтеся з нашою командою ветеранів (35+) та грайте в аматорській лізі."),
        "tr": ("Veteranlar takımında futbol",
               "Veteran takımımızla (35+) antrenman yapın ve dostluk liginde oynayın."),
    },
    "samen_koken": {
        "en": ("Cooking together at the community centre",
               "Every week we cook a meal with neighbours and eat together at one big table."),
        "fr": ("Cuisiner ensemble à la maison de quartier",
               "Chaque semaine, nous cuisinons un repas avec des voisins et mangeons ensemble autour d'une grande table."),
        "ar": ("الطبخ معًا في المركز المجتمعي للحي",
               "كل أسبوع نطبخ وجبة مع الجيران ونأكل معًا حول طاولة كبيرة واحدة."),
        "uk": ("Готуємо разом у районному центрі",
               "Щотижня ми готуємо страву разом із сусідами та їмо за одним великим столом."),
        "tr": ("Mahalle evinde birlikte yemek pişirme",
               "Her hafta komşularla birlikte yemek pişiriyor ve büyük bir masada birlikte yiyoruz."),
        "ru": ("Готовим вместе в районном центре",
               "Каждую неделю мы готовим еду вместе с соседями и едим за одним большим столом."),
        "es": ("Cocinar juntos en el centro del barrio",
               "Cada semana cocinamos una comida con los vecinos y comemos juntos en una gran mesa."),
        "fa-AF": ("آشپزی با هم در خانه محله",
                  "هر هفته با همسایه‌ها غذا می‌پزیم و دور یک دسترخوان بزرگ با هم غذا می‌خوریم."),
        "pl": ("Wspólne gotowanie w domu sąsiedzkim",
               "Co tydzień gotujemy posiłek z sąsiadami i jemy razem przy jednym dużym stole."),
        "ro": ("Gătim împreună la centrul de cartier",
               "În fiecare săptămână gătim o masă cu vecinii și mâncăm împreună la o masă mare."),
    },
    "repair_cafe": {
        "en": ("Volunteer at the Repair Café",
               "Help repair broken items together with other volunteers, or learn how from them."),
        "fr": ("Bénévole au Repair Café",
               "Aidez à réparer des objets cassés avec d'autres bénévoles, ou apprenez à leurs côtés."),
        "ar": ("متطوع في مقهى التصليح (Repair Café)",
               "ساعد في تصليح الأغراض المعطلة مع متطوعين آخرين، أو تعلّم منهم."),
        "uk": ("Волонтер у Repair Café",
               "Допомагайте лагодити зламані речі разом з іншими волонтерами або вчіться в них."),
        "tr": ("Repair Café'de gönüllü",
               "Bozuk eşyaları diğer gönüllülerle birlikte onarmaya yardım edin ya da onlardan öğrenin."),
    },
    "wzc_wandelen": {
        "en": ("Walks with residents of the care home",
               "Go for walks or play games with residents; a regular supervisor helps you get started."),
        "fr": ("Promenades avec les résidents de la maison de repos",
               "Promenez-vous ou jouez à des jeux avec les résidents ; un accompagnateur attitré vous guide."),
        "ar": ("المشي مع سكان دار رعاية المسنين",
               "رافق السكان في نزهة أو العب معهم لعبة؛ ويساعدك مرافق ثابت في البداية."),
        "uk": ("Прогулянки з мешканцями будинку для літніх людей",
               "Гуляйте або грайте в ігри з мешканцями; постійний координатор допоможе вам на початку."),
        "tr": ("Huzurevi sakinleriyle yürüyüş",
               "Sakinlerle yürüyüşe çıkın ya da oyun oynayın; sabit bir rehber başlamanıza yardımcı olur."),
        "ru": ("Прогулки с жителями дома престарелых",
               "Гуляйте или играйте в игры с жителями; постоянный координатор поможет вам на первых порах."),
        "es": ("Paseos con los residentes de la residencia de mayores",
               "Sal a pasear o juega con los residentes; un acompañante fijo te ayuda a empezar."),
        "fa-AF": ("قدم زدن با ساکنان خانه سالمندان",
                  "با ساکنان قدم بزنید یا بازی کنید؛ یک همراه ثابت در شروع به شما کمک می‌کند."),
        "pl": ("Spacery z mieszkańcami domu opieki",
               "Chodź na spacery lub graj w gry z mieszkańcami; stały opiekun pomoże ci na początku."),
    },
    "buurtmoestuin": {
        "en": ("Help in the neighbourhood vegetable garden",
               "Sow, weed and harvest together in the neighbourhood's vegetable garden, with coffee during the break."),
        "fr": ("Participer au potager de quartier",
               "Semer, désherber et récolter ensemble dans le potager du quartier, avec un café à la pause."),
        "ar": ("العمل في حديقة الخضروات في الحي",
               "نزرع وننقّي الأعشاب ونحصد معًا في حديقة خضروات الحي، مع القهوة في الاستراحة."),
        "uk": ("Працюємо в районному городі",
               "Разом сіємо, полемо та збираємо врожай у районному городі, з кавою на перерві."),
        "tr": ("Mahalle bostanında birlikte çalışma",
               "Mahallenin sebze bahçesinde birlikte ekip, ot ayıklayıp hasat yapıyoruz; molada kahve içiyoruz."),
    },
    "koor": {
        "en": ("Sing in the choir", "Sing along in our mixed choir; you don't need to read music."),
        "fr": ("Chanter dans la chorale",
               "Chantez dans notre chorale mixte ; pas besoin de savoir lire les notes."),
        "ar": ("الغناء في الجوقة",
               "غنِّ معنا في جوقتنا المختلطة؛ لا تحتاج إلى معرفة قراءة النوتة الموسيقية."),
        "uk": ("Співи в хорі", "Співайте в нашому змішаному хорі; знати ноти не потрібно."),
        "tr": ("Koroda şarkı söyleme", "Karma korumuzda şarkı söyleyin; nota okumayı bilmeniz gerekmez."),
        "ru": ("Пение в хоре", "Пойте в нашем смешанном хоре; знать ноты не нужно."),
        "es": ("Cantar en el coro", "Canta en nuestro coro mixto; no hace falta saber leer partituras."),
        "fa-AF": ("آواز خواندن در گروه کُر",
                  "در گروه کُر مختلط ما آواز بخوانید؛ لازم نیست نت موسیقی بلد باشید."),
        "pl": ("Śpiew w chórze", "Śpiewaj w naszym chórze mieszanym; nie musisz znać nut."),
    },
    "huiswerkklas": {
        "en": ("Volunteer at the homework class",
               "Help primary school children with their homework, together with other volunteers."),
        "fr": ("Bénévole à l'école de devoirs",
               "Aidez des enfants du primaire à faire leurs devoirs, avec d'autres bénévoles."),
        "ar": ("متطوع في صف المساعدة على الواجبات المدرسية",
               "ساعد أطفال المدرسة الابتدائية في واجباتهم، مع متطوعين آخرين."),
        "uk": ("Волонтер у групі допомоги з домашніми завданнями",
               "Допомагайте дітям молодшої школи з домашніми завданнями разом з іншими волонтерами."),
        "tr": ("Ödev sınıfında gönüllü",
               "Diğer gönüllülerle birlikte ilkokul çocuklarına ödevlerinde yardım edin."),
    },
    "ouderkoffie": {
        "en": ("Parents' coffee morning at school",
               "Meet other parents over a cup of coffee at school and talk about school life."),
        "fr": ("Café des parents à l'école",
               "Rencontrez d'autres parents autour d'un café à l'école et discutez de la vie scolaire."),
        "ar": ("قهوة الأهالي في المدرسة",
               "تعرّف على أولياء أمور آخرين مع فنجان قهوة في المدرسة وتحدّث عن الحياة المدرسية."),
        "uk": ("Кава для батьків у школі",
               "Знайомтеся з іншими батьками за чашкою кави в школі та говоріть про шкільне життя."),
        "tr": ("Okulda veli kahvesi",
               "Okulda bir fincan kahve eşliğinde diğer velilerle tanışın ve okul hayatı hakkında konuşun."),
    },
    "voedselbank": {
        "en": ("Volunteer at the food bank", "Help prepare and hand out food parcels in a friendly team."),
        "fr": ("Bénévole à la banque alimentaire",
               "Aidez à préparer et distribuer des colis alimentaires dans une équipe sympathique."),
        "ar": ("متطوع في بنك الطعام", "ساعد في تجهيز الطرود الغذائية وتوزيعها ضمن فريق ودود."),
        "uk": ("Волонтер у продовольчому банку",
               "Допомагайте збирати та роздавати продуктові набори в дружній команді."),
        "tr": ("Gıda bankasında gönüllü",
               "Samimi bir ekipte gıda kolilerini hazırlamaya ve dağıtmaya yardım edin."),
        "ru": ("Волонтёр в продовольственном банке",
               "Помогайте собирать и раздавать продуктовые наборы в дружной команде."),
        "es": ("Voluntario en el banco de alimentos",
               "Ayuda a preparar y repartir lotes de comida en un equipo amable."),
        "fa-AF": ("رضاکار در بانک غذا",
                  "در آماده‌سازی و توزیع بسته‌های غذایی در یک تیم صمیمی کمک کنید."),
        "pl": ("Wolontariat w banku żywności",
               "Pomagaj przygotowywać i rozdawać paczki żywnościowe w przyjaznym zespole."),
    },
    "fietsclub": {
        "en": ("Cycling together with the cycling club", "Join our 30 to 50 km rides at a relaxed pace."),
        "fr": ("Rouler ensemble avec le club cycliste",
               "Participez à nos balades de 30 à 50 km à un rythme tranquille."),
        "ar": ("ركوب الدراجات مع نادي الدراجات",
               "شارك في جولاتنا التي تتراوح بين 30 و50 كم بوتيرة هادئة."),
        "uk": ("Велопрогулянки з велоклубом",
               "Приєднуйтеся до наших поїздок на 30–50 км у спокійному темпі."),
        "tr": ("Bisiklet kulübüyle birlikte bisiklet",
               "Sakin bir tempoda 30 ila 50 km'lik turlarımıza katılın."),
    },
    "wandelclub": {
        "en": ("Walking with the walking club",
               "A 5 to 10 km walk in the area every week, with a drink afterwards."),
        "fr": ("Marcher avec le club de marche",
               "Chaque semaine, une promenade de 5 à 10 km dans les environs, suivie d'un verre."),
        "ar": ("المشي مع نادي المشي", "نزهة أسبوعية من 5 إلى 10 كم في المنطقة، مع مشروب بعدها."),
        "uk": ("Прогулянки з клубом пішохідного туризму",
               "Щотижня прогулянка на 5–10 км околицями, а потім — напій разом."),
        "tr": ("Yürüyüş kulübüyle yürüyüş",
               "Her hafta çevrede 5 ila 10 km'lik bir yürüyüş, ardından birlikte bir içecek."),
    },
    "naaiatelier": {
        "en": ("Sewing workshop for everyone",
               "Learn to sew and mend clothes on our sewing machines, together with other participants."),
        "fr": ("Atelier couture pour tous",
               "Apprenez à coudre et à réparer des vêtements sur nos machines, avec d'autres participants."),
        "ar": ("ورشة خياطة للجميع",
               "تعلّم الخياطة وتصليح الملابس على ماكينات الخياطة لدينا، مع مشاركين آخرين."),
        "uk": ("Швейна майстерня для всіх",
               "Навчіться шити й лагодити одяг на наших швейних машинах разом з іншими учасниками."),
        "tr": ("Herkes için dikiş atölyesi",
               "Diğer katılımcılarla birlikte dikiş makinelerimizde dikiş dikmeyi ve kıyafet onarmayı öğrenin."),
    },
    "dierenasiel": {
        "en": ("Volunteer at the animal shelter",
               "Help walk the dogs and care for the cats together with the regular team."),
        "fr": ("Bénévole au refuge pour animaux",
               "Aidez à promener les chiens et à soigner les chats avec l'équipe permanente."),
        "ar": ("متطوع في ملجأ الحيوانات", "ساعد في تمشية الكلاب ورعاية القطط مع الفريق الثابت."),
        "uk": ("Волонтер у притулку для тварин",
               "Допомагайте вигулювати собак і доглядати котів разом із постійною командою."),
        "tr": ("Hayvan barınağında gönüllü",
               "Sabit ekiple birlikte köpekleri gezdirmeye ve kedilere bakmaya yardım edin."),
    },
    "jeugdbeweging": {
        "en": ("Help out at the youth movement",
               "Help with games and activities for children on Sundays, together with the leaders."),
        "fr": ("Aider au mouvement de jeunesse",
               "Aidez le dimanche aux jeux et activités pour enfants, avec les animateurs."),
        "ar": ("المساعدة في الحركة الشبابية", "ساعد أيام الأحد في الألعاب والأنشطة للأطفال، مع القادة."),
        "uk": ("Допомога в молодіжному русі",
               "Допомагайте в неділю з іграми та заходами для дітей разом із керівниками."),
        "tr": ("Gençlik hareketinde yardım",
               "Pazar günleri liderlerle birlikte çocuklar için oyun ve etkinliklere yardım edin."),
    },
    "onthaal_cc": {
        "en": ("Front-of-house volunteer at the cultural centre",
               "Welcome visitors, check tickets and help at the bar during performances."),
        "fr": ("Bénévole d'accueil au centre culturel",
               "Accueillez le public, contrôlez les billets et aidez au bar pendant les spectacles."),
        "ar": ("متطوع استقبال في المركز الثقافي", "استقبل الزوار وتحقق من التذاكر وساعد في البار أثناء العروض."),
        "uk": ("Волонтер на рецепції культурного центру",
               "Зустрічайте відвідувачів, перевіряйте квитки та допомагайте в барі під час вистав."),
        "tr": ("Kültür merkezinde karşılama gönüllüsü",
               "Gösteriler sırasında ziyaretçileri karşılayın, biletleri kontrol edin ve barda yardım edin."),
    },
    "praatcafe": {
        "en": ("Dutch conversation café",
               "Chat in Dutch in a relaxed café setting, with volunteers and other participants."),
        "fr": ("Café de conversation en néerlandais",
               "Parlez néerlandais dans une ambiance conviviale de café, avec des bénévoles et d'autres participants."),
        "ar": ("مقهى المحادثة باللغة الهولندية", "تحدّث بالهولندية في أجواء مقهى مريحة، مع متطوعين ومشاركين آخرين."),
        "uk": ("Розмовне кафе нідерландською",
               "Спілкуйтеся нідерландською в затишному кафе з волонтерами та іншими учасниками."),
        "tr": ("Felemenkçe sohbet kafesi",
               "Gönüllüler ve diğer katılımcılarla rahat bir kafe ortamında Felemenkçe konuşun."),
        "ru": ("Разговорное кафе на нидерландском",
               "Общайтесь на нидерландском в уютном кафе с волонтёрами и другими участниками."),
        "es": ("Café de conversación en neerlandés",
               "Habla neerlandés en un ambiente de café agradable, con voluntarios y otros participantes."),
        "fa-AF": ("کافه گفتگوی هالندی",
                  "در فضای دوستانه یک کافه با رضاکاران و دیگر شرکت‌کنندگان هالندی صحبت کنید."),
        "pl": ("Kawiarenka konwersacyjna po niderlandzku",
               "Rozmawiaj po niderlandzku w przyjemnej kawiarnianej atmosferze z wolontariuszami i innymi uczestnikami."),
        "ro": ("Cafenea de conversație în neerlandeză",
               "Vorbește neerlandeză într-o cafenea primitoare, cu voluntari și alți participanți."),
    },
    "spelnamiddag": {
        "en": ("Games afternoon for young and old",
               "Board games, cards and a chat with neighbours of all ages."),
        "fr": ("Après-midi jeux pour petits et grands",
               "Jeux de société, cartes et papotage avec des voisins de tous âges."),
        "ar": ("فترة ألعاب بعد الظهر للصغار والكبار", "ألعاب لوحية وورق ودردشة مع جيران من جميع الأعمار."),
        "uk": ("Ігровий день для малих і дорослих", "Настільні ігри, карти та розмови із сусідами різного віку."),
        "tr": ("Büyük küçük herkes için oyun öğleden sonrası",
               "Her yaştan komşuyla kutu oyunları, kâğıt oyunları ve sohbet."),
    },
    "voorlezen_bib": {
        "en": ("Reading volunteer at the library",
               "Read picture books aloud to children in the children's section on Wednesday afternoons."),
        "fr": ("Bénévole lecteur à la bibliothèque",
               "Lisez des albums illustrés aux enfants dans l'espace jeunesse, le mercredi après-midi."),
        "ar": ("متطوع للقراءة بصوت عالٍ في المكتبة",
               "اقرأ كتب الصور للأطفال في قسم الأطفال بعد ظهر يوم الأربعاء."),
        "uk": ("Волонтер-читач у бібліотеці",
               "Читайте вголос книжки з картинками дітям у дитячому відділі в середу після обіду."),
        "tr": ("Kütüphanede kitap okuma gönüllüsü",
               "Çarşamba öğleden sonraları çocuk bölümünde çocuklara resimli kitaplar okuyun."),
    },
    "digipunt_bib": {
        "en": ("Volunteer at the digital help desk",
               "Help visitors with their smartphone, e-mail or an online form."),
        "fr": ("Bénévole au point numérique",
               "Aidez les visiteurs avec leur smartphone, leurs e-mails ou un formulaire en ligne."),
        "ar": ("متطوع في نقطة المساعدة الرقمية",
               "ساعد الزوار في استخدام هواتفهم الذكية أو البريد الإلكتروني أو تعبئة نموذج إلكتروني."),
        "uk": ("Волонтер у пункті цифрової допомоги",
               "Допомагайте відвідувачам зі смартфоном, електронною поштою чи онлайн-формою."),
        "tr": ("Dijital yardım noktasında gönüllü",
               "Ziyaretçilere akıllı telefon, e-posta ya da çevrim içi formlar konusunda yardım edin."),
    },
    "wzc_cafetaria": {
        "en": ("Help in the care home's cafeteria",
               "Serve coffee and cake to residents and their visitors, and have a chat."),
        "fr": ("Aider à la cafétéria de la maison de repos",
               "Servez café et gâteau aux résidents et à leurs visiteurs, et faites un brin de causette."),
        "ar": ("المساعدة في كافتيريا دار رعاية المسنين",
               "قدّم القهوة والكعك للسكان وزوارهم، وتبادل معهم أطراف الحديث."),
        "uk": ("Допомога в кафетерії будинку для літніх людей",
               "Подавайте каву й пиріг мешканцям та їхнім гостям і спілкуйтеся з ними."),
        "tr": ("Huzurevinin kafeteryasında yardım",
               "Sakinlere ve ziyaretçilerine kahve ve pasta servis edin, sohbet edin."),
    },
    "voetbal_recreatief": {
        "en": ("Recreational football for adults",
               "Play football without the pressure of competition in a mixed group aged 18 to 60."),
        "fr": ("Football récréatif pour adultes",
               "Jouez au football sans pression de compétition, dans un groupe mixte de 18 à 60 ans."),
        "ar": ("كرة قدم ترفيهية للبالغين",
               "العب كرة القدم بلا ضغط المنافسة في مجموعة مختلطة من عمر 18 إلى 60 عامًا."),
        "uk": ("Аматорський футбол для дорослих",
               "Грайте у футбол без тиску змагань у змішаній групі віком від 18 до 60 років."),
        "tr": ("Yetişkinler için amatör futbol",
               "18-60 yaş arası karma bir grupta rekabet baskısı olmadan futbol oynayın."),
    },
    "kantine_vrijwilliger": {
        "en": ("Help in the clubhouse bar at home matches",
               "Pour drinks and chat with players and supporters during home matches."),
        "fr": ("Aider à la buvette lors des matchs à domicile",
               "Servez des boissons et discutez avec les joueurs et les supporters pendant les matchs à domicile."),
        "ar": ("المساعدة في مقصف النادي خلال المباريات على أرضه",
               "قدّم المشروبات وتحدّث مع اللاعبين والمشجعين خلال المباريات على أرض النادي."),
        "uk": ("Допомога в клубному буфеті під час домашніх матчів",
               "Наливайте напої та спілкуйтеся з гравцями й уболівальниками під час домашніх матчів."),
        "tr": ("İç saha maçlarında kulüp kantininde yardım",
               "İç saha maçlarında içecek servis edin, oyuncular ve taraftarlarla sohbet edin."),
    },
    "sport_kantine": {
        "en": ("Help in the club's cafeteria",
               "Pour drinks and chat with members and supporters during training sessions and matches."),
        "fr": ("Aider à la cafétéria du club",
               "Servez des boissons et discutez avec les membres et les supporters pendant les entraînements et les matchs."),
        "ar": ("المساعدة في كافتيريا النادي", "قدّم المشروبات وتحدّث مع الأعضاء والمشجعين خلال التدريبات والمباريات."),
        "uk": ("Допомога в кафетерії клубу",
               "Наливайте напої та спілкуйтеся з членами клубу й уболівальниками під час тренувань і матчів."),
        "tr": ("Kulübün kafeteryasında yardım",
               "Antrenman ve maçlarda içecek servis edin, üyeler ve taraftarlarla sohbet edin."),
    },
    "natuurbeheer": {
        "en": ("Nature conservation work in the nature reserve",
               "Help with mowing, pruning and pollarding trees in the nature reserve."),
        "fr": ("Gestion de la nature dans la réserve naturelle",
               "Aidez à faucher, tailler et étêter les arbres dans la réserve naturelle."),
        "ar": ("العناية بالطبيعة في المحمية الطبيعية",
               "ساعد في جزّ العشب وتقليم الأشجار وتشذيبها في المحمية الطبيعية."),
        "uk": ("Догляд за природою в заповіднику",
               "Допомагайте косити траву, обрізати та кронувати дерева в природному заповіднику."),
        "tr": ("Doğa koruma alanında doğa bakımı",
               "Doğa koruma alanında ot biçme, budama ve ağaç bakımına yardım edin."),
    },
    "zwerfvuil": {
        "en": ("Litter picking in {gemeente}",
               "Clean up the streets and verges of {gemeente} together, with litter pickers and vests from the municipality."),
        "fr": ("Ramassage de déchets à {gemeente}",
               "Nettoyons ensemble les rues et les accotements de {gemeente}, avec pinces et gilets fournis par la commune."),
        "ar": ("حملة جمع النفايات في {gemeente}",
               "ننظّف معًا شوارع {gemeente} وأطراف طرقها، بملاقط وسترات توفرها البلدية."),
        "uk": ("Прибирання сміття в {gemeente}",
               "Разом прибираємо вулиці та узбіччя {gemeente} із грейферами та жилетами від громади."),
        "tr": ("{gemeente} bölgesinde çöp toplama",
               "Belediyenin verdiği maşa ve yeleklerle {gemeente} sokaklarını ve yol kenarlarını birlikte temizliyoruz."),
    },
    "buddy_taal": {
        "en": ("Language buddy: speaking Dutch together",
               "Meet a language buddy every week to talk in Dutch about everyday things."),
        "fr": ("Binôme linguistique : parler néerlandais ensemble",
               "Retrouvez chaque semaine un binôme pour parler néerlandais de la vie de tous les jours."),
        "ar": ("رفيق اللغة: نتحدث الهولندية معًا",
               "التقِ كل أسبوع برفيق لغة لتتحدثا بالهولندية عن أمور الحياة اليومية."),
        "uk": ("Мовний бадді: говоримо нідерландською разом",
               "Щотижня зустрічайтеся з мовним бадді, щоб говорити нідерландською про повсякденні речі."),
        "tr": ("Dil arkadaşı: birlikte Felemenkçe konuşma",
               "Her hafta bir dil arkadaşıyla buluşup gündelik konular hakkında Felemenkçe konuşun."),
    },
    "praattafel_wandelen": {
        "en": ("Walk and talk in Dutch",
               "Walk through {gemeente} and speak Dutch with volunteers along the way."),
        "fr": ("Table de conversation en marchant",
               "Promenez-vous dans {gemeente} et parlez néerlandais avec des bénévoles en chemin."),
        "ar": ("محادثة أثناء المشي", "تمشَّ في {gemeente} وتحدّث بالهولندية مع المتطوعين على الطريق."),
        "uk": ("Розмовна прогулянка",
               "Гуляйте вулицями {gemeente} і говоріть нідерландською з волонтерами дорогою."),
        "tr": ("Yürüyüşlü sohbet masası",
               "{gemeente} sokaklarında yürüyün ve yol boyunca gönüllülerle Felemenkçe konuşun."),
    },
    "computerclub": {
        "en": ("Computer club for beginners",
               "Learn to e-mail, browse the internet and use your smartphone in a small group."),
        "fr": ("Club informatique pour débutants",
               "Apprenez à envoyer des e-mails, à naviguer sur internet et à utiliser votre smartphone en petit groupe."),
        "ar": ("نادي الحاسوب للمبتدئين",
               "تعلّم استخدام البريد الإلكتروني وتصفح الإنترنت وهاتفك الذكي في مجموعة صغيرة."),
        "uk": ("Комп'ютерний клуб для початківців",
               "Навчіться користуватися електронною поштою, інтернетом і смартфоном у невеликій групі."),
        "tr": ("Yeni başlayanlar için bilgisayar kulübü",
               "Küçük bir grupta e-posta göndermeyi, internette gezinmeyi ve akıllı telefonunuzu kullanmayı öğrenin."),
    },
    "dienstencentrum_tafel": {
        "en": ("Lunch together at the community service centre",
               "Have lunch with local residents and help serve the meals."),
        "fr": ("Ensemble à table au centre de services",
               "Déjeunez avec des habitants du quartier et aidez à servir les repas."),
        "ar": ("على مائدة واحدة في مركز الخدمات المحلي", "تناول الغداء مع سكان الحي وساعد في تقديم الوجبات."),
        "uk": ("Разом за столом у центрі соціальних послуг",
               "Обідайте разом із мешканцями району та допомагайте подавати страви."),
        "tr": ("Hizmet merkezinde birlikte sofrada",
               "Mahalle sakinleriyle birlikte öğle yemeği yiyin ve yemeklerin servisine yardım edin."),
    },
    # {label} is the sport's taxonomy label in the translation's locale.
    "sport_beginners": {
        "en": ("{label} for beginners",
               "Sessions in a relaxed group for adults, step by step; you can borrow the equipment."),
        "fr": ("{label} pour débutants",
               "Des séances en groupe détendu pour adultes, pas à pas ; le matériel peut être prêté."),
        "ar": ("{label} للمبتدئين", "حصص في مجموعة مريحة للبالغين خطوة بخطوة؛ ويمكنك استعارة المعدات."),
        "uk": ("{label} для початківців",
               "Заняття в невимушеній групі для дорослих, крок за кроком; спорядження можна позичити."),
        "tr": ("Yeni başlayanlar için {label}",
               "Yetişkinler için rahat bir grupta adım adım dersler; ekipmanı ödünç alabilirsiniz."),
    },
    "sport_tornooi": {
        "en": ("Volunteer at our annual tournament",
               "Help with setting up, registrations and the bar at our big club tournament."),
        "fr": ("Bénévole à notre tournoi annuel",
               "Aidez au montage, aux inscriptions et au bar lors de notre grand tournoi de club."),
        "ar": ("متطوع في بطولتنا السنوية", "ساعد في التجهيز والتسجيل والبار خلال بطولة النادي الكبرى."),
        "uk": ("Волонтер на нашому щорічному турнірі",
               "Допомагайте з підготовкою, реєстрацією та баром на великому клубному турнірі."),
        "tr": ("Yıllık turnuvamızda gönüllü",
               "Büyük kulüp turnuvamızda kurulum, kayıt ve bar işlerine yardım edin."),
    },
}

_DESCRIPTION_EXTRAS = (
    "Nieuwe mensen zijn altijd welkom, ook als je nog niemand kent.",
    "Je hoeft nog geen vlot Nederlands te spreken: we praten rustig en tonen wat we bedoelen.",
    "Na afloop drinken we samen iets en is er tijd om bij te praten.",
    "Kom gerust eerst eens kijken voor je beslist.",
    "Een vaste begeleider vangt je op en legt alles uit.",
    "Zo leer je de buurt en haar bewoners beter kennen.",
    "Je werkt altijd samen met andere vrijwilligers, nooit alleen.",
    "We passen de taken aan aan wat jij graag doet en kan.",
    "Wie wil, kan na een tijd ook zelf mee organiseren.",
    "Vragen stellen mag altijd: niemand verwacht dat je alles meteen weet.",
)
_DUTCH_EVIDENCE = (
    "Alle begeleiders en vrijwilligers spreken Nederlands met de deelnemers; er is altijd een "
    "Nederlandstalige contactpersoon aanwezig.",
    "De activiteit verloopt volledig in het Nederlands. We praten traag en duidelijk en herhalen "
    "als iets niet begrepen is.",
    "De voertaal in de club is Nederlands, ook tijdens trainingen en in de kantine.",
    "Deelnemers werken in een Nederlandstalige ploeg; instructies en overleg gebeuren in het "
    "Nederlands.",
    "Onze vrijwilligers zijn Nederlandstalig en kregen een vorming over helder Nederlands praten "
    "met anderstaligen.",
    "Alle communicatie (mails, afspraken, uitleg ter plaatse) gebeurt in eenvoudig Nederlands.",
)
_SOCIAL_EVIDENCE = (
    "Deelnemers werken samen in een vaste groep met buurtbewoners en leren elkaar zo goed kennen.",
    "Er is telkens een moment om samen iets te drinken en bij te praten met andere leden.",
    "Je maakt deel uit van een ploeg van vrijwilligers uit de gemeente en doet mee aan onze "
    "teamactiviteiten.",
    "De activiteit gebeurt in groep; nieuwe deelnemers krijgen een meter of peter uit de groep.",
    "Je komt in contact met bezoekers, bewoners of klanten en met de andere vrijwilligers.",
    "Leden nemen ook deel aan ons clubfeest, de barbecue en de nieuwjaarsreceptie.",
)
_INDIVIDUAL_EVIDENCE = (
    "De deelnemer werkt individueel; er is geen vaste groep.",
    "Je volgt het traject alleen, op je eigen tempo.",
)
_ENGLISH_EVIDENCE = "De voertaal van de activiteiten is Engels."
_INSURANCE = (
    "Vrijwilligers zijn verzekerd via de vrijwilligersverzekering van de organisatie "
    "(burgerlijke aansprakelijkheid en lichamelijke ongevallen).",
    "Leden zijn verzekerd via de sportfederatie.",
    "Deelnemers zijn verzekerd via de gratis vrijwilligersverzekering van de provincie.",
    "Deelnemers zijn verzekerd tijdens de activiteit; vraag gerust naar de polis.",
    "Stagiairs zijn verzekerd via een stageovereenkomst met de organisatie.",
)
#: Who pays what, by offer type: (chance of a cost, amounts, notes). Volunteering is free.
_COSTS: dict[str, tuple[float, tuple[int, ...], tuple[str, ...]]] = {
    "club": (0.45, (15, 25, 40, 60), (
        "Lidgeld € {n} per seizoen; met een UiTPAS met kansentarief betaal je 20%.",
        "€ {n} per jaar voor verzekering en materiaal; vraag gerust naar een sociaal tarief.",
        "Inschrijving € {n}; wie het moeilijk heeft, betaalt minder.",
    )),
    "neighbourhood": (0.25, (2, 3, 5), (
        "Bijdrage van € {n} per keer voor eten, koffie en materiaal.",
        "€ {n} per keer; met een UiTPAS met kansentarief betaal je minder.",
    )),
    "conversation_table": (0.1, (1, 2), ("€ {n} per keer voor koffie en thee.",)),
}
_SCHEDULE_NOTES = (
    "Niet tijdens de schoolvakanties.",
    "Ook in de zomer, behalve in augustus.",
    "Kom gerust wat vroeger: de koffie staat klaar.",
    "Van september tot juni.",
)
_ARRANGEMENT_NOTES = (
    "Op afspraak: je spreekt samen met de contactpersoon een moment af.",
    "Dag en uur kies je zelf, in overleg met de vrijwilligersverantwoordelijke.",
    "We zoeken samen een moment dat past bij jouw uurrooster.",
)
_FIRST_NAMES = (
    "An", "Bart", "Sofie", "Jan", "Els", "Koen", "Lien", "Pieter", "Marleen", "Tom",
    "Nathalie", "Wim", "Griet", "Jens", "Fatma", "Youssef", "Inge", "Dirk", "Hilde", "Lotte",
    "Stijn", "Karim", "Ilse", "Joris", "Sarah", "Ruben", "Annelies", "Mehmet", "Veerle", "Luc",
    "Nadia", "Hanne", "Thomas", "Mieke", "Said", "Eline", "Kristof", "Ann-Sophie", "Frank", "Zeynep",
)
_LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Dubois", "Vermeulen", "Van den Broeck", "De Clercq", "Hermans", "Aerts",
    "Van Damme", "Lambrechts", "De Backer", "Pauwels", "Verhoeven", "Bogaert", "Yilmaz",
    "El Amrani", "Coppens", "Segers", "Van Acker", "D'Hondt", "Vandenberghe", "Bulut",
)
_STREETS = (
    "Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat", "Schoolstraat", "Nieuwstraat",
    "Kapelstraat", "Beekstraat", "Lindelaan", "Markt", "Hoogstraat", "Kasteelstraat", "Veldstraat",
    "Statiestraat", "Gildestraat", "Kouter", "Brouwerijstraat", "Parklaan", "Zandstraat",
    "Heirweg", "Vaartstraat", "Meersstraat", "Sportlaan", "Jeugdlaan", "Pastoriestraat",
)
_YOUTH_NAMES = ("Sint-Jan", "Sint-Pieter", "De Kiem", "Ter Beke", "Sint-Rita", "De Horizon", "Sint-Job")
_WHEN: dict[str, tuple[tuple[str, ...], tuple[str, ...], float]] = {
    # when → (weekdays, dayparts, chance of "by arrangement")
    "avond": (("mon", "tue", "wed", "thu", "fri"), ("evening",), 0.03),
    "dag": (("mon", "tue", "wed", "thu", "fri"), ("morning", "afternoon"), 0.08),
    "school": (("mon", "tue", "thu", "fri"), ("morning", "afternoon"), 0.03),
    "woe": (("wed", "sat"), ("afternoon", "morning"), 0.03),
    "woensdag": (("wed",), ("afternoon",), 0.0),
    "weekend": (("sat", "sun"), ("morning", "afternoon"), 0.06),
    "zondag": (("sun",), ("morning", "afternoon"), 0.0),
    "any": (("mon", "tue", "wed", "thu", "fri", "sat"), ("morning", "afternoon", "evening"), 0.1),
    "afspraak": (("mon", "tue", "wed", "thu", "fri", "sat"), ("morning", "afternoon", "evening"), 0.85),
}
_TIMES: dict[str, tuple[tuple[time, time], ...]] = {
    "morning": ((time(9, 0), time(12, 0)), (time(9, 30), time(11, 30)), (time(10, 0), time(12, 0))),
    "afternoon": ((time(13, 30), time(16, 30)), (time(14, 0), time(16, 0)), (time(13, 0), time(17, 0))),
    "evening": ((time(19, 0), time(21, 0)), (time(19, 30), time(22, 0)), (time(18, 30), time(20, 30))),
}
_TRANSLATORS = ("organisation", "volunteer", "counsellor")
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Title endings for a second offer from the same template, by offer type.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "volunteering": ("nieuwe ploeg", "tweede ploeg", "extra vrijwilligers gezocht"),
    "club": ("beginnersgroep", "groep 55+", "vrouwengroep", "jongeren 16-25"),
    "conversation_table": ("beginners", "gevorderden", "tweede groep"),
    "neighbourhood": ("tweede groep", "nieuwe reeks"),
    "school": ("tweede groep", "nieuwe reeks"),
    "internship": ("tweede stageplaats", "nieuwe stageperiode"),
    "buddy": ("nieuwe koppels", "tweede reeks"),
}

# fmt: on


# --- helpers --------------------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def demo_kbo_number(rng: random.Random) -> str:
    """Return a random, well-formed KBO number (10 digits, valid mod-97 check)."""
    base = f"{rng.choice('0001')}{rng.randint(2_000_000, 9_999_999):07d}"
    return f"{base}{97 - int(base) % 97:02d}"


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@dataclass
class _Org:
    """An organisation being generated, with where it is."""

    row: Organisation
    kind: _Kind
    info: MunicipalityInfo
    postcode: str
    lat: float
    lon: float
    street: str | None
    offers: list[Offer] = field(default_factory=list)
    templates_used: list[str] = field(default_factory=list)

    def unused(self) -> list[str]:
        """Return the templates this organisation has not used yet."""
        return [t for t in self.kind.templates if t not in self.templates_used]


class _Generator:
    """Builds the demo rows from one seeded random generator, in a fixed order."""

    def __init__(self, session: Session, rng: random.Random, now: datetime) -> None:
        self.session = session
        self.rng = rng
        self.now = now
        self.postcodes: dict[str, list[tuple[str, float, float]]] = {}
        for code, nis, lat, lon in session.execute(
            select(Postcode.postcode, Postcode.nis_code, Postcode.lat, Postcode.lon)
            .where(Postcode.gewest.in_(("flanders", "brussels")))
            .order_by(Postcode.id)
        ):
            self.postcodes.setdefault(nis, []).append((code, lat, lon))
        self.by_region: dict[str, list[MunicipalityInfo]] = {}
        for info in municipalities().values():
            if info.nis_code in self.postcodes:
                self.by_region.setdefault(info.region_code, []).append(info)
        if not self.by_region:
            raise RuntimeError("reference data is missing; run `flask setup` first")
        self.names = set(session.scalars(select(Organisation.name)))
        self.kbo_numbers = set(
            session.scalars(
                select(Organisation.kbo_number).where(Organisation.kbo_number.is_not(None))
            )
        )

    # places

    def place_in(self, info: MunicipalityInfo) -> tuple[str, float, float]:
        """Return a real postcode of the municipality with its point."""
        return self.rng.choice(self.postcodes[info.nis_code])

    def jitter(self, lat: float, lon: float) -> tuple[float, float]:
        """Return a point a few hundred metres from (lat, lon), as a street address would be."""
        return (
            round(lat + self.rng.uniform(-0.005, 0.005), 6),
            round(lon + self.rng.uniform(-0.008, 0.008), 6),
        )

    def street(self) -> str:
        """Return a plausible street address."""
        return f"{self.rng.choice(_STREETS)} {self.rng.randint(1, 180)}"

    def person(self) -> tuple[str, str, str]:
        """Return a fictional (name, e-mail at example.org, mobile number)."""
        first, last = self.rng.choice(_FIRST_NAMES), self.rng.choice(_LAST_NAMES)
        email = f"{_slug(first)}.{_slug(last).replace('-', '')}@example.org"
        digits = [self.rng.randint(0, 99) for _ in range(3)]
        prefix = f"04{self.rng.choice('789')}{self.rng.randint(0, 9)}"
        phone = f"{prefix} {digits[0]:02d} {digits[1]:02d} {digits[2]:02d}"
        return f"{first} {last}", email, phone

    # organisations

    def organisation(self, kind_key: str, info: MunicipalityInfo, name: str | None = None) -> _Org:
        """Create one organisation of `kind_key` in the municipality `info`."""
        kind = KINDS[kind_key]
        values = {
            "gemeente": info.name_nl,
            "regio": info.region_name.replace("Regio ", "").replace("Stad ", ""),
            "jeugdnaam": self.rng.choice(_YOUTH_NAMES),
        }
        base = name or _fill(self.rng.choice(kind.names), values)
        unique = base
        if unique in self.names:
            unique = (
                f"{base} {info.name_nl}"
                if info.name_nl not in base
                else f"{base} ({len(self.names)})"
            )
        while unique in self.names:
            unique = f"{base} ({self.rng.randint(2, 999)})"
        self.names.add(unique)
        postcode, lat, lon = self.place_in(info)
        with_street = self.rng.random() < 0.8
        if with_street:
            lat, lon = self.jitter(lat, lon)
        street = self.street() if with_street else None
        slug = _slug(unique)
        kbo = None
        if self.rng.random() < 0.6:
            kbo = demo_kbo_number(self.rng)
            while kbo in self.kbo_numbers:
                kbo = demo_kbo_number(self.rng)
            self.kbo_numbers.add(kbo)
        created = self.now - timedelta(days=self.rng.randint(400, 900))
        row = Organisation(
            name=unique,
            kbo_number=kbo,
            street=street,
            postcode=postcode,
            municipality_nis=info.nis_code,
            lat=lat,
            lon=lon,
            website=f"https://{slug}.example.org",
            phone=" ".join(
                (
                    f"0{self.rng.randint(2, 9)}",
                    str(self.rng.randint(200, 899)),
                    str(self.rng.randint(10, 99)),
                    str(self.rng.randint(10, 99)),
                )
            ),
            email=f"info@{slug}.example.org",
            description=kind.about,
            created_at=created,
            updated_at=created,
        )
        self.session.add(row)
        return _Org(row, kind, info, postcode, lat, lon, street)

    # offers

    def pick_template(self, org: _Org) -> tuple[str, bool]:
        """Return a template key for the organisation's next offer and whether it repeats one."""
        unused = org.unused()
        if unused:
            # Translated templates come first more often: about a third of offers are translated.
            key = self.rng.choices(unused, [3.0 if t in TRANSLATIONS else 1.0 for t in unused])[0]
        else:
            key = self.rng.choice(
                [t for t in org.kind.templates if not TEMPLATES[t].once] or list(org.kind.templates)
            )
        org.templates_used.append(key)
        return key, not unused

    def variant_title(self, org: _Org, title: str, offer_type: str) -> str:
        """Return `title` with an ending that sets a repeated offer apart from the first one."""
        taken = {o.title_nl for o in org.offers}
        for ending in self.rng.sample(_VARIANTS[offer_type], len(_VARIANTS[offer_type])):
            candidate = f"{title} – {ending}"
            # "Judo voor beginners – beginnersgroep" says the same thing twice.
            if candidate not in taken and ending.split()[0][:8] not in title.lower():
                return candidate
        number = 2
        while f"{title} – groep {number}" in taken:
            number += 1
        return f"{title} – groep {number}"

    def offer(self, org: _Org, status: str, actors: dict[str, User]) -> Offer:
        """Create one offer for `org` with its locations, schedule, contact and history."""
        rng = self.rng
        key, repeat = self.pick_template(org)
        tpl = TEMPLATES[key]
        sport_code, sport_noun = org.kind.sport or ("", "")
        values = {
            "gemeente": org.info.name_nl,
            "sport": sport_noun,
            "Sport": sport_noun.capitalize(),
        }
        title = _fill(tpl.title, values)
        if repeat:
            title = self.variant_title(org, title, tpl.offer_type)
        activities = tuple(dict.fromkeys(sport_code if a == "*" else a for a in tpl.activities))
        extras = rng.sample(_DESCRIPTION_EXTRAS, rng.randint(1, 3))
        description = " ".join([_fill(tpl.lead, values), *extras])
        dutch_ok, social_ok = _NOT_ELIGIBLE.get(key, (True, True))
        if not tpl.eligible and not dutch_ok:
            description = f"{description} {_ENGLISH_EVIDENCE}"

        offer = Offer(
            organisation=org.row,
            offer_type=tpl.offer_type,
            title_nl=title[:120],
            summary_nl=_fill(tpl.summary, values)[:300],
            description_nl=description,
            dutch_level=rng.choices(("none", "A1", "A2", "B1"), (40, 30, 20, 10))[0],
            dutch_context=dutch_ok,
            dutch_context_evidence=rng.choice(_DUTCH_EVIDENCE) if dutch_ok else "",
            social_participation=social_ok,
            social_participation_evidence=(
                rng.choice(_SOCIAL_EVIDENCE) if social_ok else rng.choice(_INDIVIDUAL_EVIDENCE)
            ),
            insurance_note=rng.choice(_INSURANCE),
            status=status,
        )
        if not dutch_ok:
            offer.dutch_context_evidence = _ENGLISH_EVIDENCE
        self._cost_and_access(offer, tpl)
        self._schedule(offer, tpl)
        self._locations(offer, org)
        self._capacity(offer)
        name, email, phone = self.person()
        offer.contacts.append(OfferContact(name=name, email=email, phone=phone, signs_proof=True))
        offer.activities = [OfferActivity(activity_code=code) for code in activities[:3]]
        self._history(offer, org, status, actors)
        # Translations match the template's title, so a variant title stays Dutch only.
        if key in TRANSLATIONS and not repeat and rng.random() < 0.95:
            self._translate(offer, key, values, sport_code)
        # Structured facts the Dutch states plainly; translations were made from this Dutch.
        for name, value in derive_facts(_text_values(offer)).items():
            setattr(offer, name, value)
        for translation in offer.translations:
            stamp_sources(translation, offer)
        org.offers.append(offer)
        self.session.add(offer)
        return offer

    def _cost_and_access(self, offer: Offer, tpl: _Template) -> None:
        rng = self.rng
        chance, amounts, notes = _COSTS.get(tpl.offer_type, (0.0, (), ()))
        paid = rng.random() < chance
        offer.free = not paid
        if paid:
            offer.cost_note = rng.choice(notes).replace("{n}", str(rng.choice(amounts)))
        offer.wheelchair = rng.random() < 0.35
        if offer.wheelchair:
            offer.accessibility_note = rng.choice(
                (
                    "Rolstoeltoegankelijk: gelijkvloers en een aangepast toilet.",
                    "Toegankelijk met rolstoel via de zij-ingang; er is een lift.",
                    None,
                )
            )
        elif rng.random() < 0.3:
            offer.accessibility_note = rng.choice(
                (
                    "Het lokaal ligt op de eerste verdieping, zonder lift.",
                    "Enkele treden aan de ingang; we helpen je graag.",
                )
            )

    def _schedule(self, offer: Offer, tpl: _Template) -> None:
        rng = self.rng
        days, parts, arrangement = _WHEN[tpl.when]
        if tpl.once:
            # A yearly event has a date, not a weekly moment.
            day = (self.now + timedelta(days=rng.randint(14, 150))).date()
            offer.schedule_kind = "by_arrangement"
            offer.start_date = offer.end_date = day
            offer.schedule_note = (
                "Eenmalig; we spreken vooraf af wie wanneer helpt, ook bij het opbouwen."
            )
            offer.slots = [
                ScheduleSlot(weekday=WEEKDAY_CODES[day.weekday()], daypart=rng.choice(parts))
            ]
            return
        if rng.random() < arrangement:
            offer.schedule_kind = "by_arrangement"
            offer.schedule_note = rng.choice(_ARRANGEMENT_NOTES)
            if rng.random() < 0.4:
                offer.slots = [ScheduleSlot(weekday=None, daypart=rng.choice(parts))]
            return
        offer.schedule_kind = "weekly"
        count = rng.choices((1, 2, 3), (60, 30, 10))[0]
        chosen = sorted(
            rng.sample(days, min(count, len(days))),
            key=WEEKDAY_CODES.index,
        )
        slots = []
        for weekday in chosen:
            part = rng.choice(parts)
            with_times = rng.random() < 0.8
            start, end = rng.choice(_TIMES[part]) if with_times else (None, None)
            slots.append(ScheduleSlot(weekday=weekday, daypart=part, starts_at=start, ends_at=end))
        offer.slots = slots
        if rng.random() < 0.2:
            offer.schedule_note = rng.choice(_SCHEDULE_NOTES)
        if rng.random() < 0.25:
            # A season or a series: some have started already, some start soon.
            first_day = (self.now - timedelta(days=rng.randint(-30, 120))).date()
            offer.start_date = first_day
            if rng.random() < 0.7:
                offer.end_date = max(first_day, self.now.date()) + timedelta(days=rng.randint(30, 240))

    def _locations(self, offer: Offer, org: _Org) -> None:
        rng = self.rng
        precision = "address" if org.street else "postcode"
        locations = [
            Location(
                name=org.row.name,
                street=org.street,
                postcode=org.postcode,
                municipality_nis=org.info.nis_code,
                lat=org.lat,
                lon=org.lon,
                precision=precision,
            )
        ]
        if rng.random() < 0.07:
            info = rng.choice(self.by_region[org.info.region_code])
            postcode, lat, lon = self.place_in(info)
            lat, lon = self.jitter(lat, lon)
            locations.append(
                Location(
                    name=f"Ontmoetingsruimte {info.name_nl}",
                    street=self.street(),
                    postcode=postcode,
                    municipality_nis=info.nis_code,
                    lat=lat,
                    lon=lon,
                    precision="address",
                )
            )
        offer.locations = locations

    def _capacity(self, offer: Offer) -> None:
        rng = self.rng
        if rng.random() < 0.6:
            capacity = rng.choice((6, 8, 10, 12, 15, 20, 25, 30))
            offer.capacity = capacity
            offer.places_free = 0 if rng.random() < 0.12 else rng.randint(1, capacity)

    def _history(self, offer: Offer, org: _Org, status: str, actors: dict[str, User]) -> None:
        rng = self.rng
        published_days = rng.randint(20, 600)
        stale = rng.random() < 0.06
        if stale:
            confirmed_days = rng.randint(213, 395)
            published_days = max(published_days, confirmed_days + rng.randint(0, 120))
        else:
            confirmed_days = rng.randint(0, min(150, published_days))
        minutes = rng.randint(0, 600)
        submitted = self.now - timedelta(days=published_days + rng.randint(1, 6), minutes=minutes)
        created = submitted - timedelta(days=rng.randint(0, 14))
        moderator = actors["moderator"] if org.info.region_code == DEMO_REGION else actors["admin"]
        if status in ("draft",):
            created = self.now - timedelta(days=rng.randint(1, 60), minutes=minutes)
            offer.created_at = offer.updated_at = created
            return
        offer.submitted_at = submitted
        offer.created_at = created
        offer.history = [
            OfferStatusChange(from_status=None, to_status="submitted", created_at=submitted)
        ]
        if status == "submitted":
            offer.submitted_at = self.now - timedelta(days=rng.randint(0, 10), minutes=minutes)
            offer.history[0].created_at = offer.submitted_at
            offer.updated_at = offer.submitted_at
            return
        if status == "changes_requested":
            requested = submitted + timedelta(days=rng.randint(1, 4))
            offer.history.append(
                OfferStatusChange(
                    from_status="submitted",
                    to_status="changes_requested",
                    actor_id=moderator.id,
                    comment="Beschrijf nog wat duidelijker hoe deelnemers Nederlands spreken "
                    "tijdens de activiteit.",
                    created_at=requested,
                )
            )
            offer.updated_at = requested
            return
        published = self.now - timedelta(days=published_days, minutes=minutes)
        confirmed = self.now - timedelta(days=confirmed_days, minutes=rng.randint(0, 600))
        offer.published_at = published
        offer.confirmed_at = max(published, confirmed)
        offer.updated_at = offer.confirmed_at
        offer.history.append(
            OfferStatusChange(
                from_status="submitted",
                to_status="published",
                actor_id=moderator.id,
                comment=None,
                created_at=published,
            )
        )

    def _translate(self, offer: Offer, key: str, values: dict[str, str], sport_code: str) -> None:
        rng = self.rng
        available = sorted(TRANSLATIONS[key])
        count = rng.randint(2, min(5, len(available)))
        locales = sorted(rng.sample(available, count))
        if "en" in available and "en" not in locales and rng.random() < 0.7:
            locales[0] = "en"
        stamp = offer.updated_at or self.now
        translator = rng.choice(_TRANSLATORS)
        sport = get_taxonomy().activities.get(sport_code) if sport_code else None
        translations = []
        for locale in sorted(set(locales)):
            local = {**values, "label": sport.label(locale) if sport else ""}
            title, summary = TRANSLATIONS[key][locale]
            translations.append(
                OfferTranslation(
                    locale=locale,
                    title=_fill(title, local)[:160],
                    summary=_fill(summary, local)[:400],
                    translated_by=translator,
                    updated_at=stamp,
                )
            )
        offer.translations = translations


def _text_values(offer: Offer) -> dict[str, object]:
    return {
        "free": offer.free,
        "cost_note": offer.cost_note,
        "summary_nl": offer.summary_nl,
        "description_nl": offer.description_nl,
    }


# --- accounts, clients and handovers ------------------------------------------------------

# fmt: off
ACCOUNTS: tuple[tuple[str, str, str, str | None], ...] = (
    # role, e-mail local part, display name, office
    ("organisation_member", "organisation", "Sofie Vermeulen", None),
    ("counsellor", "counsellor", "Karim El Amrani", "Agentschap Integratie en Inburgering Gent"),
    ("moderator", "moderator", "Griet De Smet", "Moderatie aanbodplatform regio Gent"),
    ("admin", "admin", "Pieter Janssens", None),
    ("guide", "guide", "Lotte Maes", "Trajectbegeleiding Gent"),
    ("translator", "translator", "Tesfay Haile", None),
)
#: The languages the demo translator (a volunteer social interpreter) translates into.
DEMO_TRANSLATOR_LOCALES = ("ti", "ar", "en")
_CLIENTS = (
    # reference, first name, languages, locale, level, postcode, days, parts, status, interests
    ("GNT-2026-0141", "Amina", ["ar", "fr"], "ar", "A1", "9000", ["tue", "thu"], ["morning"],
     "obliged", ["cooking", "children"]),
    ("GNT-2026-0152", "Oleksandr", ["uk", "ru"], "uk", "A2", "9040", ["mon", "wed", "sat"],
     ["evening"], "obliged", ["football", "repair_cafe"]),
    ("GNT-2026-0163", "Yusuf", ["tr"], "tr", "none", "9030", ["sat", "sun"], ["afternoon"],
     "entitled", ["cycling"]),
    ("GNT-2026-0170", "Mariam", ["fa-AF", "ps"], "fa-AF", "A1", "9050", ["mon", "tue", "wed"],
     ["morning", "afternoon"], "obliged", ["sewing", "gardening"]),
    ("GNT-2026-0188", "Tesfay", ["ti"], "ti", "none", "9042", ["fri"], ["afternoon", "evening"],
     "obliged", ["running", "football"]),
    ("GNT-2026-0194", "Hodan", ["so", "en"], "so", "A2", "9000", ["wed", "thu"], ["morning"],
     "exempt", ["library", "reading"]),
)
_GUIDE_CLIENTS = (
    ("WW-2026-017", "Ivan", ["uk"], "uk", "A1", "9000", ["tue", "sat"], ["afternoon"],
     "entitled", ["chess", "walking"]),
    ("WW-2026-021", "Samira", ["ar"], "ar", "none", "9040", ["mon", "thu"], ["morning"],
     "obliged", ["sewing", "cooking"]),
)
# fmt: on


def _accounts(gen: _Generator, member_org: Organisation) -> dict[str, User]:
    session, now = gen.session, gen.now
    password_hash: str | None = None
    users: dict[str, User] = {}
    for role, local, display, office in ACCOUNTS:
        email = f"{local}@{DEMO_EMAIL_DOMAIN}"
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            # One hash for all accounts: scrypt is slow on purpose and the password is shared.
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user = User(
                email=email,
                password_hash=password_hash,
                display_name=display,
                role=role,
                locale="nl",
                office=office,
                region_code=DEMO_REGION if role in ("counsellor", "moderator", "guide") else None,
                is_coordinator=role == "counsellor",
                email_confirmed_at=now - timedelta(days=90),
                created_at=now - timedelta(days=90),
                updated_at=now - timedelta(days=90),
            )
            session.add(user)
            if role == "moderator":
                user.moderator_scopes.append(ModeratorScope(region_code=DEMO_REGION))
            if role == "translator":
                session.flush()
                session.add_all(
                    TranslatorLanguage(user_id=user.id, locale=tag)
                    for tag in DEMO_TRANSLATOR_LOCALES
                )
        users[role] = user
    session.flush()
    member = users["organisation_member"]
    if not any(m.organisation_id == member_org.id for m in member.memberships):
        session.add(Membership(user=member, organisation=member_org, is_admin=True, state="member"))
    return users


def _clients(gen: _Generator, counsellor: User, rows: tuple[tuple, ...]) -> list[Client]:
    session, now = gen.session, gen.now
    clients: list[Client] = []
    for ref, first, langs, locale, level, postcode, days, parts, status, interests in rows:
        client = session.scalar(
            select(Client).where(
                Client.counsellor_id == counsellor.id, Client.reference_code == ref
            )
        )
        if client is None:
            client = Client(
                counsellor_id=counsellor.id,
                reference_code=ref,
                first_name=first,
                languages=langs,
                preferred_locale=locale,
                dutch_level=level,
                home_postcode=postcode,
                weekdays=days,
                dayparts=parts,
                status=status,
                contract_end_date=(now + timedelta(days=gen.rng.randint(150, 500))).date(),
                interests=interests,
                created_at=now - timedelta(days=gen.rng.randint(10, 80)),
                updated_at=now - timedelta(days=5),
            )
            session.add(client)
        clients.append(client)
    session.flush()
    return clients


def _handovers(
    gen: _Generator, users: dict[str, User], clients: list[Client], offers: list[Offer]
) -> int:
    """Create the demo handovers through the handover service, so their mails (with
    working links for the contact persons) are in the outbox like real ones."""
    # Imported here: the handover service pulls in mail and the web layer's URL map.
    from aanbodplatform.services import handovers as handover_service

    session, now = gen.session, gen.now
    counsellor, member = users["counsellor"], users["organisation_member"]
    exists = session.scalar(
        select(func.count()).select_from(Handover).where(Handover.counsellor_id == counsellor.id)
    )
    if exists or len(offers) < 2 or len(clients) < 2:
        return 0
    # Everything before is committed with the handovers (the service commits each step).
    session.flush()
    plans = ((clients[0], offers[0], "sent"), (clients[1], offers[1], "accepted"))
    for client, offer, status in plans:
        started = now - timedelta(days=6 if status == "accepted" else 2, hours=3)
        data = handover_service.HandoverInput(
            wishes="Wil graag mensen uit de buurt leren kennen en Nederlands oefenen.",
            practical_needs="Komt met de fiets; heeft 's ochtends tijd."
            if status == "sent"
            else "Heeft een kinderopvangplaats op dinsdag en donderdag.",
            preferred_start=(now + timedelta(days=14)).date(),
            note="Eerste keer graag samen met de contactpersoon kennismaken.",
            shared_fields=["first_name", "languages", "dutch_level"],
            consent_given=True,
            consent_date=started.date(),
        )
        handover = handover_service.submit_handover(
            session, None, counsellor, client.id, offer.id, data,
            now=started + timedelta(minutes=15),
        ).handover
        if status == "accepted":
            handover_service.mark_seen(
                session, member, handover.id, now=started + timedelta(hours=20)
            )
            contact = offer.contacts[0].name if offer.contacts else None
            appointment = handover_service.Appointment(
                day=(now + timedelta(days=5)).date(),
                at=time(14, 0),
                place=(offer.locations[0].name if offer.locations else None)
                or offer.organisation.name,
                ask_for=contact or "het onthaal",
            )
            handover_service.accept(
                session, None, member, handover.id, appointment,
                now=started + timedelta(hours=46),
            )
    return len(plans)


# --- the use case ---------------------------------------------------------------------------


def _plan_kinds(rng: random.Random, count: int) -> list[str]:
    """Return one kind per organisation: about 6% ineligible kinds, the rest spread evenly."""
    eligible = [k for k, kind in KINDS.items() if kind.eligible]
    ineligible = [k for k, kind in KINDS.items() if not kind.eligible]
    n_bad = max(1, round(count * 0.06)) if count >= 10 else 0
    plan = [ineligible[i % len(ineligible)] for i in range(n_bad)]
    pool: list[str] = []
    while len(plan) + len(pool) < count:
        batch = eligible[:]
        rng.shuffle(batch)
        pool.extend(batch)
    plan.extend(pool[: count - len(plan)])
    rng.shuffle(plan)
    return plan


def seed_demo(
    session: Session,
    *,
    offers: int = 300,
    seed: int = 2026,
    if_empty: bool = False,
    now: datetime | None = None,
) -> DemoReport | None:
    """Create the demo catalogue, accounts, clients and handovers in one transaction."""
    if if_empty and session.scalar(select(func.count()).select_from(Offer)):
        return None
    try:
        return _seed(session, offers, seed, now or DEMO_REFERENCE_NOW)
    except BaseException:
        session.rollback()
        raise


def _seed(session: Session, offers: int, seed: int, now: datetime) -> DemoReport:
    rng = random.Random(seed)
    gen = _Generator(session, rng, now)
    region_codes = [code for code in regions() if code in gen.by_region]
    # At least two organisations per region besides the fixed one in Gent.
    org_count = min(80, max(2 * len(region_codes) + 1, round(offers * 80 / 300)))

    # The organisation-member account belongs to the first, fixed organisation in Gent.
    gent = gen.by_region[DEMO_REGION][0]
    member_org = gen.organisation("buurtwerk", gent, name="Vzw Buurtwerk De Brug")
    orgs = [member_org]
    kinds = _plan_kinds(rng, org_count - 1)
    for index, kind in enumerate(kinds, start=1):
        region = region_codes[index % len(region_codes)]
        orgs.append(gen.organisation(kind, rng.choice(gen.by_region[region])))
    session.flush()
    users = _accounts(gen, member_org.row)

    # Every organisation gets an offer first; the member's organisation three: two published
    # ones for the demo handovers and one waiting in the demo moderator's queue.
    first_round = [member_org, member_org, *orgs]
    created: list[Offer] = []
    for index in range(offers):
        if index < len(first_round):
            org = first_round[index]
        else:
            # Prefer organisations with templates left, so few offers repeat a template;
            # the English-speaking and individual offers never repeat (they stay about 5%).
            weights = [len(o.unused()) + (0.15 if o.kind.eligible else 0.0) for o in orgs]
            org = rng.choices(orgs, weights)[0]
        roll = rng.random()
        if org is member_org and len(org.offers) < 3:
            status = ("published", "published", "submitted")[len(org.offers)]
        elif roll < 0.05:
            status = "draft"
        elif roll < 0.09:
            status = "submitted"
        elif roll < 0.11:
            status = "changes_requested"
        else:
            status = "published"
        created.append(gen.offer(org, status, users))
    session.flush()

    clients = _clients(gen, users["counsellor"], _CLIENTS)
    _clients(gen, users["guide"], _GUIDE_CLIENTS)
    handover_offers = [o for o in member_org.offers if o.status == "published"]
    _handovers(gen, users, clients, handover_offers)
    session.commit()
    seed_demo_proofs(session, now)  # issue 12: proofs in every status, through the services
    return DemoReport(
        offers=len(created),
        organisations=len(orgs),
        regions=len({org.info.region_code for org in orgs}),
        accounts={role: user.email for role, user in users.items()},
    )
