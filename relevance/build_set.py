"""Write the first version of the relevance set: corpus.json and queries.json.

Run once (``python -m relevance.build_set``); from then on the two JSON files are the
reference and are edited by hand.  The taxonomy terms are copied into the corpus as
text, so later wording changes in the taxonomy do not move the corpus.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from aanbodplatform.services.taxonomy import load_taxonomy
from search_index.normalize import tokenize

HERE = Path(__file__).resolve().parent
TAXONOMY = load_taxonomy()

#: name, NIS, region, lat, lon, other spellings by locale (exonyms, transliterations)
PLACES = {
    "Gent": ("44021", "gent", 51.0543, 3.7174,
             {"fr": "Gand", "ar": "غنت", "ru": "Гент", "uk": "Гент", "es": "Gante", "pl": "Gandawa",
              "en": "Ghent", "fa-AF": "گنت", "tr": "Gent", "ro": "Gand", "ps": "ګنټ", "so": "Gent", "ti": "ገንት"}),
    "Antwerpen": ("11002", "antwerpen", 51.2199, 4.4035,
                  {"fr": "Anvers", "ar": "أنتويرب", "ru": "Антверпен", "uk": "Антверпен", "en": "Antwerp",
                   "es": "Amberes", "pl": "Antwerpia", "tr": "Anvers", "fa-AF": "انتورپ", "ro": "Anvers",
                   "ps": "انټورپ", "so": "Antwerp", "ti": "ኣንትወርፕ"}),
    "Leuven": ("24062", "leuven", 50.8798, 4.7005,
               {"fr": "Louvain", "ar": "لوفان", "ru": "Лёвен", "uk": "Левен", "es": "Lovaina", "pl": "Lowanium",
                "en": "Leuven", "tr": "Leuven", "fa-AF": "لوون", "ro": "Louvain", "ps": "لوون", "so": "Leuven",
                "ti": "ሉቨን"}),
    "Brugge": ("31005", "brugge", 51.2093, 3.2247,
               {"fr": "Bruges", "en": "Bruges", "ar": "بروج", "ru": "Брюгге", "uk": "Брюгге", "es": "Brujas",
                "pl": "Brugia", "tr": "Brugge", "ro": "Bruges", "fa-AF": "بروژ", "ps": "بروژ", "so": "Bruges",
                "ti": "ብሩገ"}),
    "Mechelen": ("12025", "mechelen", 51.0257, 4.4776, {"fr": "Malines", "es": "Malinas", "ru": "Мехелен"}),
    "Kortrijk": ("34022", "kortrijk", 50.8279, 3.2649, {"fr": "Courtrai", "ru": "Кортрейк"}),
    "Oostende": ("35013", "oostende", 51.2154, 2.9286, {"fr": "Ostende", "en": "Ostend", "ar": "أوستند"}),
    "Aalst": ("41002", "aalst", 50.9378, 4.0403, {"fr": "Alost"}),
    "Hasselt": ("71022", "limburg", 50.9307, 5.3325, {"ru": "Хасселт"}),
    "Brussel": ("21004", "brussel", 50.8504, 4.3488,
                {"fr": "Bruxelles", "en": "Brussels", "ar": "بروكسل", "ru": "Брюссель", "uk": "Брюссель",
                 "es": "Bruselas", "pl": "Bruksela", "tr": "Brüksel", "fa-AF": "بروکسل", "ro": "Bruxelles",
                 "ps": "بروکسل", "so": "Brussels", "ti": "ብራስልስ"}),
}
TOWNS = list(PLACES)

# activity -> offers: (offer type, Dutch title, Dutch summary, {locale: title} translations)
OFFERS: dict[str, list[tuple[str, str, str, dict[str, str]]]] = {
    "football": [
        ("club", "Voetbalclub voor nieuwkomers", "Elke zaterdag trainen met het team",
         {"ar": "نادي كرة القدم للقادمين الجدد", "en": "Football club for newcomers", "uk": "Футбольний клуб для новоприбулих"}),
        ("club", "Minivoetbal in de buurt", "Zaalvoetbal op woensdagavond", {"fr": "Mini-foot dans le quartier"}),
        ("volunteering", "Helpen bij de jeugdvoetbalclub", "Lijnen trekken en drank schenken bij wedstrijden", {}),
    ],
    "cycling": [
        ("club", "Samen fietsen op zondag", "Tochten van 30 kilometer met een groep", {"en": "Cycling together on Sunday"}),
        ("neighbourhood", "Fietsatelier in de wijk", "Leer je fiets herstellen en rijden", {"ar": "ورشة الدراجات في الحي"}),
    ],
    "swimming": [
        ("club", "Zwemclub voor volwassenen", "Leren zwemmen in een kleine groep", {"uk": "Плавальний клуб для дорослих", "ru": "Клуб плавания для взрослых"}),
        ("neighbourhood", "Zwemmen met het gezin", "Elke zondag het zwembad samen", {}),
    ],
    "running": [
        ("club", "Loopgroep start to run", "Van nul naar vijf kilometer lopen", {"en": "Start to run group"}),
        ("club", "Joggen in het park", "Rustig lopen met buren", {}),
    ],
    "dance": [
        ("club", "Dansgroep voor vrouwen", "Dansen op muziek uit de hele wereld", {"ar": "فرقة رقص للنساء", "fa-AF": "گروه رقص برای خانم‌ها"}),
        ("neighbourhood", "Volksdansen in het buurthuis", "Samen dansen, iedereen welkom", {}),
    ],
    "choir": [
        ("club", "Wereldkoor zoekt zangers", "Zingen in veel talen", {"en": "World choir looks for singers"}),
        ("club", "Koor in de kerk", "Elke week repeteren en zingen", {}),
    ],
    "music": [
        ("club", "Muziekatelier: speel een instrument", "Gitaar, trommel of piano leren", {"ti": "ሙዚቃ ኣብ ኣተሊየ"}),
        ("club", "Band met jongeren", "Samen muziek maken", {}),
    ],
    "theatre": [
        ("club", "Theatergroep zoekt spelers", "Toneel spelen op een echt podium", {"fr": "Troupe de théâtre cherche acteurs"}),
        ("volunteering", "Helpen in het theater", "Decor bouwen en zaal klaarzetten", {}),
    ],
    "art": [
        ("club", "Schilderen en tekenen", "Kunstatelier voor beginners", {"ro": "Pictură și desen"}),
        ("neighbourhood", "Kunst in de wijk", "Samen een muurschildering maken", {}),
    ],
    "cooking": [
        ("neighbourhood", "Samen koken met buren", "Gerechten uit je land delen", {"ar": "الطبخ مع الجيران", "uk": "Готуємо разом із сусідами"}),
        ("volunteering", "Koken in het sociaal restaurant", "Helpen in de keuken", {"en": "Cooking in the social restaurant"}),
        ("club", "Bakken voor het goede doel", "Taarten bakken voor de markt", {}),
    ],
    "gardening": [
        ("neighbourhood", "Samentuin zoekt tuiniers", "Groenten kweken in de moestuin", {"en": "Community garden looks for gardeners"}),
        ("volunteering", "Tuinieren in het woonzorgcentrum", "Bloemen planten met bewoners", {}),
    ],
    "sewing": [
        ("neighbourhood", "Naaiatelier", "Leren naaien met de naaimachine", {"tr": "Dikiş atölyesi", "so": "Aqoonta tolmada"}),
    ],
    "chess": [
        ("club", "Schaakclub", "Schaken op dinsdagavond", {"ru": "Шахматный клуб"}),
    ],
    "board_games": [
        ("neighbourhood", "Spelletjesavond", "Gezelschapsspelen in de bib", {"en": "Board game night"}),
        ("club", "Kaartclub", "Kaarten en spelen met buren", {}),
    ],
    "repair_cafe": [
        ("volunteering", "Repair Café zoekt herstellers", "Samen kapotte spullen repareren", {"en": "Repair café needs fixers", "fr": "Repair Café cherche bénévoles"}),
        ("neighbourhood", "Herstelcafé in de wijk", "Breng je kapotte lamp of fiets", {}),
    ],
    "library": [
        ("volunteering", "Vrijwilliger in de bibliotheek", "Boeken terugzetten en mensen helpen", {"ar": "متطوع في المكتبة"}),
    ],
    "walking": [
        ("club", "Wandelclub", "Elke zondag tien kilometer wandelen", {"en": "Walking club"}),
        ("neighbourhood", "Buurtwandeling", "Samen wandelen en praten", {}),
    ],
    "elderly_care": [
        ("volunteering", "Bezoek aan ouderen", "Praten met bewoners van het woonzorgcentrum", {"ar": "زيارة كبار السن", "ps": "د زړو خلکو لیدنه"}),
        ("volunteering", "Helpen in het rusthuis", "Koffie schenken en gezelschap houden", {}),
    ],
    "children": [
        ("volunteering", "Spelen met kinderen", "Helpen in de speelpleinwerking", {"fa-AF": "بازی با کودکان"}),
        ("school", "Helpen in de kleuterklas", "De juf helpen met knutselen", {}),
    ],
    "animals": [
        ("volunteering", "Dierenasiel zoekt vrijwilligers", "Honden uitlaten en katten verzorgen", {"en": "Animal shelter needs volunteers"}),
        ("volunteering", "Kinderboerderij", "Dieren voederen en stallen poetsen", {}),
    ],
    "environment": [
        ("volunteering", "Natuurwerkdag", "Bomen planten in het bos", {"fr": "Journée nature"}),
        ("club", "Natuurpunt wandeling", "Vogels kijken met een gids", {}),
    ],
    "computers": [
        ("volunteering", "Computerhulp in de bib", "Mensen helpen met e-mail en internet", {"ar": "مساعدة في الحاسوب", "fa-AF": "کمک کامپیوتر"}),
        ("neighbourhood", "Digitaal café", "Vragen over je smartphone en laptop", {}),
    ],
    "basketball": [("club", "Basketbal voor jongeren", "Trainen in de sporthal", {"en": "Basketball for young people"})],
    "volleyball": [("club", "Volleybalclub", "Recreatief volleybal op maandag", {"ru": "Волейбольный клуб"})],
    "tennis": [("club", "Tennisclub", "Tennislessen voor beginners", {"en": "Tennis club"})],
    "fitness": [
        ("club", "Fitness voor vrouwen", "Sporten in de fitnesszaal", {"ar": "لياقة بدنية للنساء"}),
        ("neighbourhood", "Bewegen in het park", "Gratis sportlessen buiten", {}),
    ],
    "yoga": [("club", "Yoga voor iedereen", "Rustige yogales op vrijdag", {"uk": "Йога для всіх"})],
    "martial_arts": [("club", "Judoclub", "Judo en zelfverdediging", {"fr": "Club de judo"})],
    "table_tennis": [
        ("club", "Tafeltennisclub", "Pingpong in de sporthal", {"uk": "Клуб настільного тенісу", "ar": "نادي كرة الطاولة"}),
        ("neighbourhood", "Pingpongtafel in het park", "Samen tafeltennissen", {}),
    ],
    "petanque": [("club", "Petanqueclub", "Petanque op het plein", {})],
    "photography": [("club", "Fotoclub", "Foto's maken in de stad", {"en": "Photo club"})],
    "crafts": [("neighbourhood", "Breien en haken", "Handwerk in het buurthuis", {"tr": "Örgü ve tığ işi"})],
    "woodwork": [("volunteering", "Houtatelier", "Meubels maken en herstellen", {})],
    "reading": [
        ("club", "Leesclub in eenvoudig Nederlands", "Samen een boek lezen", {"en": "Book club in plain Dutch"}),
        ("school", "Voorlezen op school", "Kinderen voorlezen in de klas", {}),
    ],
    "homework_help": [
        ("volunteering", "Huiswerkbegeleiding", "Kinderen helpen met huiswerk", {"ar": "مساعدة في الواجبات المدرسية"}),
        ("school", "Huiswerkklas", "Studiebegeleiding na school", {}),
    ],
    "youth_work": [("club", "Jeugdbeweging", "Spelen en kamp met de scouts", {"en": "Youth movement"})],
    "food_distribution": [
        ("volunteering", "Voedselbank zoekt helpers", "Voedselpakketten maken en uitdelen", {"ar": "بنك الطعام يبحث عن مساعدين", "so": "Bangiga cuntada"}),
        ("volunteering", "Sociale kruidenier", "Winkel met betaalbare voeding", {}),
    ],
    "litter_picking": [("neighbourhood", "Zwerfvuil opruimen", "Samen de straat proper maken", {"en": "Litter picking"})],
    "events": [
        ("volunteering", "Helpen op het stadsfestival", "Tickets scannen en mensen de weg wijzen", {"fr": "Aider au festival"}),
        # Distractors: "قدّم" (serve) is not "القدم" (foot); tables are not table tennis.
        ("volunteering", "Drank schenken op het buurtfeest", "Aan de toog helpen", {"ar": "قدّم المشروبات في حفل الحي"}),
        ("volunteering", "Tafels dekken voor het feest", "Zaal klaarzetten en tafels dekken", {"en": "Set the tables for the party"}),
    ],
    "museum": [("volunteering", "Gids in het museum", "Bezoekers rondleiden", {"en": "Museum guide"})],
    "film": [("club", "Filmclub", "Films kijken en erover praten", {"ru": "Киноклуб"})],
    "hospital": [("volunteering", "Vrijwilliger in het ziekenhuis", "Patiënten begeleiden", {"ar": "متطوع في المستشفى"})],
    "reception": [("volunteering", "Onthaal in het buurthuis", "Mensen welkom heten", {})],
    "administration": [("volunteering", "Administratieve hulp", "Helpen met papieren en post", {})],
    "second_hand_shop": [
        ("volunteering", "Kringwinkel zoekt helpers", "Kleding sorteren en verkopen", {"en": "Second-hand shop needs help"}),
    ],
}
POPULAR = ("football", "cooking", "swimming", "walking", "computers", "homework_help")
CONVERSATION = [
    ("Praattafel in de bib", "Nederlands praten bij een kop koffie", {"en": "Conversation table in the library", "ar": "نادي المحادثة في المكتبة"}),
    ("Taalcafé", "Oefen je Nederlands met vrijwilligers", {"fr": "Café des langues"}),
    ("Babbelbox", "Eén op één Nederlands oefenen", {}),
]


def terms(offer_type: str, activities: list[str]) -> list[str]:
    """Return the taxonomy terms the application indexes: every label and synonym."""
    out = dict.fromkeys(TAXONOMY.offer_types[offer_type].all_words())
    for code in activities:
        out.update(dict.fromkeys(TAXONOMY.activities[code].all_words()))
    return list(out)


def build_corpus() -> list[dict]:
    """Return the offers: every activity at least once, spread over the towns."""
    docs: list[dict] = []
    n = 0
    for activity, offers in OFFERS.items():
        for offer_type, title, summary, translations in offers:
            town = TOWNS[n % len(TOWNS)]
            nis, region, lat, lon, _ = PLACES[town]
            docs.append({
                "id": f"{activity}-{n}",
                "title": {"nl": title, **translations},
                "summary": {"nl": summary},
                "description_nl": f"{summary}. In {town}.",
                "organisation": f"Vzw {town} {n}",
                "offer_type": offer_type,
                "activities": [activity],
                "taxonomy_terms": terms(offer_type, [activity]),
                "municipality": nis,
                "municipality_name": town,
                "region": region,
                "points": [[lat, lon]],
                "published_at": 1_700_000_000 + n * 3600,
            })
            n += 1
    # Popular activities in many towns, so a place in the query has to decide.
    for activity in POPULAR:
        label = TAXONOMY.activities[activity].label("nl")
        for k, town in enumerate(TOWNS[3:9]):
            nis, region, lat, lon, _ = PLACES[town]
            offer_type = "club" if k % 2 else "volunteering"
            docs.append({
                "id": f"{activity}-{town.lower()}-{n}",
                "title": {"nl": f"{label} in {town}"},
                "summary": {"nl": "Elke week samen bezig, iedereen is welkom"},
                "description_nl": f"{label} met mensen uit de buurt in {town}.",
                "organisation": f"Vzw {town} {n}",
                "offer_type": offer_type,
                "activities": [activity],
                "taxonomy_terms": terms(offer_type, [activity]),
                "municipality": nis,
                "municipality_name": town,
                "region": region,
                "points": [[lat, lon]],
                "published_at": 1_700_000_000 + n * 3600,
            })
            n += 1
    for title, summary, translations in CONVERSATION:
        town = TOWNS[n % len(TOWNS)]
        nis, region, lat, lon, _ = PLACES[town]
        docs.append({
            "id": f"conversation-{n}", "title": {"nl": title, **translations},
            "summary": {"nl": summary}, "description_nl": summary, "organisation": f"Vzw {town} {n}",
            "offer_type": "conversation_table", "activities": [],
            "taxonomy_terms": terms("conversation_table", []),
            "municipality": nis, "municipality_name": town, "region": region,
            "points": [[lat, lon]], "published_at": 1_700_000_000 + n * 3600,
        })
        n += 1
    return docs


STOP_SENTENCES = {
    "nl": "ik wil graag {}", "en": "I would like to do {}", "fr": "je voudrais faire du {}",
    "ar": "أريد أن {}", "uk": "я хочу {}", "ru": "я хочу {}", "tr": "{} istiyorum",
    "fa-AF": "من {} میخواهم", "ps": "زه {} غواړم", "ti": "ኣነ {} ደልየ", "so": "waxaan doonayaa {}",
    "ro": "vreau {}", "pl": "chcę {}", "es": "quiero {}",
}
FAMILY_OF_INTEREST = ("sport", "music_dance", "food_cooking", "children_youth", "culture_heritage",
                      "nature_animals", "care_welfare", "tech_computers", "arts_crafts", "language_conversation")


def typo(word: str, rng: random.Random) -> str:
    """Return `word` with one edit after its first letter (words of 5+ letters)."""
    i = rng.randint(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if rng.random() < 0.5 else word[:i] + word[i + 1:]


def build_queries(docs: list[dict]) -> list[dict]:
    """Return queries per locale with the ids judged relevant."""
    rng = random.Random(10)
    by_activity: dict[str, list[str]] = {}
    for d in docs:
        for a in d["activities"]:
            by_activity.setdefault(a, []).append(d["id"])
    by_type: dict[str, list[str]] = {}
    for d in docs:
        by_type.setdefault(d["offer_type"], []).append(d["id"])
    queries: list[dict] = []

    def add(locale: str, kind: str, text: str, relevant: list[str], note: str = "") -> None:
        queries.append({"id": f"{locale}-{len(queries) + 1:03d}", "locale": locale, "kind": kind,
                        "text": text, "relevant": sorted(set(relevant)), **({"note": note} if note else {})})

    locales = ["nl", "en", "fr", "ar", "uk", "ru", "tr", "fa-AF", "ps", "ti", "so", "ro", "pl", "es"]
    activities = list(OFFERS)
    for li, loc in enumerate(locales):
        picks = [activities[(li * 7 + k * 11) % len(activities)] for k in range(4)]
        # words: one activity label each
        for a in picks[:2]:
            add(loc, "word", TAXONOMY.activities[a].label(loc), by_activity[a])
        # phrases: a multi-word label or synonym in this locale, if the taxonomy has one
        phrases = [(a, w) for a in activities for w in
                   (TAXONOMY.activities[a].labels.get(loc, ""), *TAXONOMY.activities[a].synonyms.get(loc, ()))
                   if len(tokenize(w)) > 1]
        rng.shuffle(phrases)
        for a, w in phrases[:2]:
            add(loc, "phrase", w, by_activity[a])
        # families
        for fam in (FAMILY_OF_INTEREST[li % len(FAMILY_OF_INTEREST)], FAMILY_OF_INTEREST[(li + 3) % len(FAMILY_OF_INTEREST)]):
            family = TAXONOMY.families[fam]
            rel = [i for a in family.activities for i in by_activity.get(a, [])]
            rel += [i for t in family.offer_types for i in by_type.get(t, [])]
            names = [family.label(loc), *family.synonyms.get(loc, ())]
            add(loc, "family", names[li % len(names)] if li % 2 else names[0], rel)
        # sentences with stop words
        for a in picks[2:4]:
            add(loc, "sentence", STOP_SENTENCES[loc].format(TAXONOMY.activities[a].label(loc).lower()), by_activity[a])
        # typos on a long label
        longs = [a for a in activities if len(TAXONOMY.activities[a].label(loc)) >= 6 and " " not in TAXONOMY.activities[a].label(loc)]
        if longs:
            a = longs[(li * 5) % len(longs)]
            add(loc, "typo", typo(TAXONOMY.activities[a].label(loc).lower(), rng), by_activity[a])
        # places in this locale's spelling: activity + town
        for k in range(2):
            a = activities[(li * 3 + k * 17) % len(activities)]
            hits = [d for d in docs if a in d["activities"]]
            town = hits[k % len(hits)]["municipality_name"]
            spelled = PLACES[town][4].get(loc, town)
            rel = [d["id"] for d in hits if d["municipality_name"] == town]
            add(loc, "place", f"{TAXONOMY.activities[a].label(loc)} {spelled}", rel)
    def of(*activities: str, town: str | None = None) -> list[str]:
        return [d["id"] for d in docs if set(activities) & set(d["activities"])
                and (town is None or d["municipality_name"] == town)]

    # Written by hand: the traps the issue names and their neighbours.
    hand = [
        ("ar", "phrase", "كرة القدم", of("football"), "قدّم (serve) in a bar job must not match"),
        ("ar", "sentence", "أريد أن ألعب كرة القدم", of("football"), ""),
        ("ar", "family", "رياضة", of(*TAXONOMY.families["sport"].activities), ""),
        ("ar", "place", "كرة القدم في غنت", of("football", town="Gent"), "Ghent in Arabic"),
        ("ar", "place", "الطبخ أنتويرب", of("cooking", town="Antwerpen"), ""),
        ("en", "phrase", "table tennis", of("table_tennis"), "not 'set the tables'"),
        ("en", "family", "sport", of(*TAXONOMY.families["sport"].activities), ""),
        ("en", "place", "football Ghent", of("football", town="Gent"), ""),
        ("en", "place", "cooking Antwerp", of("cooking", town="Antwerpen"), ""),
        ("nl", "family", "sport", of(*TAXONOMY.families["sport"].activities), "not 'sorteren'"),
        ("nl", "place", "voetbal gent", of("football", town="Gent"), ""),
        ("nl", "place", "koken in mechelen", of("cooking", town="Mechelen"), ""),
        ("nl", "word", "huiswerkbegeleiding", of("homework_help"), ""),
        ("nl", "typo", "huiswerkbegeleidng", of("homework_help"), ""),
        ("nl", "phrase", "huiswerk begeleiding", of("homework_help"), "compound written apart"),
        ("en", "phrase", "tabletennis", of("table_tennis"), "compound written together"),
        ("nl", "sentence", "ik zoek een praattafel", [d["id"] for d in docs if d["offer_type"] == "conversation_table"], ""),
        ("fr", "place", "football Gand", of("football", town="Gent"), ""),
        ("fr", "place", "cuisine Anvers", of("cooking", town="Antwerpen"), ""),
        ("fr", "place", "natation Bruges", of("swimming", town="Brugge"), ""),
        ("fr", "place", "football Louvain", of("football", town="Leuven"), ""),
        ("fr", "place", "cuisine Malines", of("cooking", town="Mechelen"), ""),
        ("fr", "place", "informatique Courtrai", of("computers", town="Kortrijk"), ""),
        ("fr", "place", "marche Ostende", of("walking", town="Oostende"), ""),
        ("fr", "place", "devoirs Alost", of("homework_help", town="Aalst"), ""),
        ("fr", "phrase", "repair café", of("repair_cafe"), ""),
        ("uk", "sentence", "гра в футбол", of("football"), ""),
        ("uk", "family", "готувати їжу", of("cooking", "food_distribution"), ""),
        ("uk", "phrase", "настільний теніс", of("table_tennis"), ""),
        ("uk", "place", "футбол Гент", of("football", town="Gent"), ""),
        ("ru", "family", "спорт", of(*TAXONOMY.families["sport"].activities), ""),
        ("ru", "place", "плавание Брюгге", of("swimming", town="Brugge"), ""),
        ("ru", "place", "футбол Антверпен", of("football", town="Antwerpen"), ""),
        ("tr", "phrase", "masa tenisi", of("table_tennis"), ""),
        ("tr", "sentence", "futbol oynamak istiyorum", of("football"), ""),
        ("fa-AF", "phrase", "تنیس روی میز", of("table_tennis"), ""),
        ("fa-AF", "word", "كامپيوتر", of("computers"), "Arabic kaf and yeh"),
        ("ps", "word", "فوتبال", of("football"), "Dari spelling on a Pashto page"),
        ("ti", "phrase", "ኩዕሶ እግሪ", of("football"), ""),
        ("so", "phrase", "kubadda cagta", of("football"), ""),
        ("ro", "word", "gatit", of("cooking"), "without diacritics"),
        ("pl", "phrase", "piłka nożna", of("football"), ""),
        ("pl", "word", "pilka nozna", of("football"), "without diacritics"),
        ("es", "place", "fútbol Gante", of("football", town="Gent"), ""),
        ("es", "family", "deporte", of(*TAXONOMY.families["sport"].activities), ""),
    ]
    conversation = [d["id"] for d in docs if d["offer_type"] == "conversation_table"]
    sport = of(*TAXONOMY.families["sport"].activities)
    hand += [
        # Still typing: the last word is a prefix.
        ("nl", "word", "voetb", of("football"), "prefix"),
        ("uk", "word", "кулін", of("cooking"), "prefix"),
        ("fr", "word", "natat", of("swimming"), "prefix"),
        ("ar", "phrase", "كرة الق", of("football"), "phrase still being typed"),
        # Typos in other scripts.
        ("ru", "typo", "футбл", of("football"), ""),
        ("ru", "typo", "плаванье", of("swimming"), "spelling variant"),
        ("en", "typo", "cookign", of("cooking"), ""),
        ("ro", "typo", "fotbol", of("football"), ""),
        ("tr", "typo", "yuzme", of("swimming"), "without diacritics"),
        # Sentences newcomers type.
        ("nl", "sentence", "ik ben nieuw en wil graag nederlands praten", conversation, ""),
        ("en", "sentence", "where can I practise Dutch", conversation, ""),
        ("fr", "sentence", "je veux pratiquer le néerlandais", conversation, ""),
        ("ar", "sentence", "أريد ممارسة الهولندية", conversation, ""),
        ("en", "sentence", "volunteer with animals", of("animals"), ""),
        ("nl", "sentence", "kinderen helpen met huiswerk", of("homework_help"), ""),
        ("nl", "sentence", "bezoek aan ouderen", of("elderly_care"), ""),
        # Two things at once: either is relevant.
        ("nl", "family", "sport of koken", sport + of("cooking"), "either"),
        ("en", "word", "football or basketball", of("football", "basketball"), "either"),
        # A family in a town.
        ("nl", "place", "sport in brugge", [i for i in sport if i in of(*TAXONOMY.families["sport"].activities, town="Brugge")], ""),
        ("ru", "place", "спорт Брюгге", [i for i in sport if i in of(*TAXONOMY.families["sport"].activities, town="Brugge")], ""),
        ("nl", "phrase", "voedsel bank", of("food_distribution"), "compound written apart"),
        ("fa-AF", "word", "کتابخانه", of("library"), ""),
        ("ar", "word", "مكتبة", of("library"), ""),
    ]
    for loc, kind, text, rel, note in hand:
        add(loc, kind, text, rel, note)
    empty = [q["id"] for q in queries if not q["relevant"]]
    assert not empty, empty
    return queries


def main() -> None:
    """Write corpus.json and queries.json beside this file."""
    docs = build_corpus()
    # Term lists repeat across offers: stored once, named by type and activities.
    term_sets: dict[str, list[str]] = {}
    stored = []
    for d in docs:
        key = "+".join([d["offer_type"], *d["activities"]])
        term_sets[key] = d["taxonomy_terms"]
        stored.append({**{k: v for k, v in d.items() if k != "taxonomy_terms"}, "terms": key})
    lines = ",\n".join("  " + json.dumps(d, ensure_ascii=False) for d in stored)
    sets = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                       for k, v in sorted(term_sets.items()))
    # Other names of each town, as the application indexes them (place_names.csv).
    from aanbodplatform.geo import default_gazetteer

    names = {nis: list(default_gazetteer().other_names(nis)) for nis, *_ in PLACES.values()}
    places = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                         for k, v in sorted(names.items()))
    (HERE / "corpus.json").write_text(
        '{"terms": {\n' + sets + '\n},\n"place_names": {\n' + places
        + '\n},\n"offers": [\n' + lines + "\n]}\n", encoding="utf-8")
    queries = build_queries(docs)
    lines = ",\n".join("  " + json.dumps(q, ensure_ascii=False) for q in queries)
    (HERE / "queries.json").write_text('{"queries": [\n' + lines + "\n]}\n", encoding="utf-8")
    print(len(docs), "offers,", len(queries), "queries")


if __name__ == "__main__":
    main()
