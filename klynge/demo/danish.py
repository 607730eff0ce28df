"""Danish text of the domain for generated data: agenda titles, indstillinger,
sagsfremstillinger and decisions built from the words clusters write with (not lorem ipsum),
so the search index is as large and as repetitive as a national archive.

`NEEDLES` are items planted in the haystack, and `RELEVANCE` the queries that must find them
(in the forms people type: inflected, ae/oe, prefixes, phrases, typos): the benchmark's
recall@10.
"""

import random

SUBJECTS = [
    "borgere med KOL",
    "ældre medicinske patienter",
    "unge med psykiske lidelser",
    "borgere med type 2-diabetes",
    "patienter med hjertesvigt",
    "borgere med demens",
    "børn og unge med angst",
    "udsatte gravide",
    "borgere med samtidigt misbrug",
    "skrøbelige ældre i eget hjem",
    "patienter med kræft i efterforløb",
    "borgere med psykisk sygdom og rygning",
    "færdigbehandlede patienter",
    "borgere med erhvervet hjerneskade",
    "kronisk syge i arbejde",
]
ACTIONS = [
    "et fælles forløbsprogram",
    "tidlig opsporing",
    "virtuelle udskrivelsesmøder",
    "opfølgende hjemmebesøg",
    "et tværsektorielt akutteam",
    "rygestopforløb",
    "IPS-forløb",
    "et sundhedshus",
    "telemedicinsk hjemmemonitorering",
    "fælles medicinlister",
    "genoptræning efter udskrivelse",
    "udgående sygeplejersker",
    "samarbejdsaftaler med almen praksis",
    "datadeling mellem sektorerne",
    "en fælles indgang for pårørende",
]
EFFECTS = [
    "genindlæggelserne inden for 30 dage faldt",
    "færre borgere blev indlagt akut",
    "ventetiden til første samtale blev halveret",
    "flere kom i job eller uddannelse",
    "patienterne oplevede mere sammenhæng",
    "forbruget af sengedage faldt",
    "de praktiserende læger fik hurtigere svar",
    "andelen af røgfrie efter seks måneder steg",
]
TOWNS = [
    "Aalborg", "Hjørring", "Thisted", "Viborg", "Skive", "Silkeborg", "Horsens", "Randers",
    "Herning", "Holstebro", "Odense", "Svendborg", "Kolding", "Vejle", "Esbjerg", "Sønderborg",
    "Aabenraa", "Roskilde", "Næstved", "Slagelse", "Holbæk", "Hillerød", "Helsingør", "Køge",
]  # fmt: skip
TITLES = [
    "{action} for {subject}",
    "Status: {action} i {town}",
    "Tema: {subject}",
    "Evaluering af {action}",
    "Udbredelse af {action} til hele klyngen",
    "Orientering om {action}",
    "Godkendelse af {action} for {subject}",
]
PRESENTATION = [
    "Klyngen har siden {year} arbejdet med {action} for {subject}.",
    "Erfaringerne fra {town} viser, at {effect}.",
    "Arbejdsgruppen foreslår, at indsatsen udbredes til {town2} i løbet af næste år.",
    "Indsatsen finansieres af de fælles midler, og kommunerne bidrager med personale.",
    "Almen praksis og sygehuset deltager i styregruppen for {action}.",
    "Der er behov for en fælles forståelse af målgruppen, {subject}.",
    "Sekretariatet har samlet data fra de seneste tolv måneder.",
    "Patientinddragelsesudvalget har givet input til beskrivelsen af forløbet.",
]
DECISIONS = [
    "Indstillingen blev godkendt.",
    "Orienteringen blev taget til efterretning.",
    "{body} godkendte {action} og bad sekretariatet om at følge op i {town}.",
    "Punktet blev drøftet; {action} genoptages på næste møde.",
    "{body} bakkede op om at udbrede {action} til {subject}.",
    "Indstillingen blev godkendt med den tilføjelse, at {effect} skal måles.",
]
RECOMMENDATIONS = [
    "at {body} godkender {action}",
    "at orienteringen tages til efterretning",
    "at {body} drøfter erfaringerne med {action}",
    "at sekretariatet udarbejder en evaluering af {action} for {subject}",
]


def _fill(template: str, rng: random.Random, body: str, year: int) -> str:
    town, town2 = rng.sample(TOWNS, 2)
    text = template.format(
        subject=rng.choice(SUBJECTS),
        action=rng.choice(ACTIONS),
        effect=rng.choice(EFFECTS),
        town=town,
        town2=town2,
        body=body,
        year=year,
    )
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, body: str, year: int) -> str:
    return " ".join(
        _fill(rng.choice(PRESENTATION), rng, body, year) for _n in range(rng.randint(2, 4))
    )


def item_text(rng: random.Random, body: str, year: int) -> dict[str, object]:
    """Title, indstilling, sagsfremstilling and decision of one generated agenda item."""
    paragraphs = [paragraph(rng, body, year) for _p in range(rng.randint(1, 3))]
    return {
        "title": _fill(rng.choice(TITLES), rng, body, year)[:300],
        "recommendation": [
            _fill(rng.choice(RECOMMENDATIONS), rng, body, year).replace("At ", "at ", 1)
        ],
        "presentation": "".join(f"<p>{p}</p>" for p in paragraphs),
        "decision": _fill(rng.choice(DECISIONS), rng, body, year),
    }


#: Planted items: (title, sagsfremstilling, decision). Their words are rare in the haystack.
NEEDLES = [
    ("Rygestop for gravide i Thisted", "Jordemødrene henviser gravide rygere til rygestopkurser.", "Godkendt."),
    ("Vandrehjem som aflastningspladser", "Vandrehjemmet i Skagen stiller værelser til rådighed.", "Godkendt."),
    ("Tandpleje på plejecentre", "Omsorgstandplejen besøger plejecentrene hver måned.", "Taget til efterretning."),
    ("Hørescreening af nyfødte", "Hørescreeningen flyttes fra sygehuset til sundhedsplejen.", "Godkendt."),
    ("Akutteamsygeplejersker om natten", "Akutteamet dækker nu også nattevagter i Lemvig.", "Godkendt."),
    ("Færgeforbindelsen til Læsø og ambulancer", "Ambulancefly til Læsø ved akut sygdom.", "Drøftet."),
    ("Sprogtolkning ved video", "Videotolkning til patienter, der ikke taler dansk.", "Godkendt."),
    ("Mobilt røntgen på bosteder", "Et mobilt røntgenapparat kører ud til bostederne.", "Godkendt."),
    ("Hedebølger og ældres væskeindtag", "Varslingen ved hedebølge sendes til hjemmeplejen.", "Godkendt."),
    ("Ordblinde patienters indkaldelser", "Indkaldelser læses højt for ordblinde borgere.", "Godkendt."),
    ("Sundhedshusene i Brønderslev og Dronninglund", "Sundhedshuset samler jordemødre og fysioterapeuter.", "Godkendt."),
    ("Psykiatriplanens lokale handleplan", "Psykiatriplanen omsættes til lokale initiativer.", "Godkendt."),
    ("Fælles sårbehandling med kamera", "Sårsygeplejersker vurderer sår via billeder.", "Godkendt."),
    ("Diætister til nyresyge", "Nyresyge får diætistvejledning i dialysen.", "Godkendt."),
    ("Cykelambulance i midtbyen", "En cykelambulance prøves af i sommermånederne.", "Forkastet."),
    ("Geriatrisk udkørende team", "Geriaterne kører ud til skrøbelige ældre i eget hjem.", "Godkendt."),
    ("Medicingennemgang på apoteket", "Farmaceuter gennemgår medicinen for borgere med polyfarmaci.", "Godkendt."),
    ("Hjertestartere i landsbyerne", "Hjertestarterne registreres i det fælles kort.", "Godkendt."),
    ("Frivillige besøgsvenner efter udskrivelse", "Besøgsvennerne ringer til ensomme ældre.", "Godkendt."),
    ("Kræftrehabilitering i naturen", "Rehabiliteringsforløb i skov og ved vand.", "Godkendt."),
    ("Stofmisbrug og akutmodtagelsen", "Misbrugskonsulenter i akutmodtagelsen om weekenden.", "Godkendt."),
    ("Søvnklinik for børn", "Børn med søvnproblemer får tilbud om søvnskole.", "Godkendt."),
    ("Tolkebistand til døve", "Tegnsprogstolke bestilles gennem én fælles portal.", "Godkendt."),
    ("Faldforebyggelse med dans", "Seniordans forebygger fald hos ældre.", "Godkendt."),
    ("Hospice og palliative senge", "Flere palliative senge i den nordlige del af regionen.", "Godkendt."),
    ("Migræneskole i almen praksis", "Praktiserende læger tilbyder migræneskole.", "Godkendt."),
    ("Astmabørn og skolens personale", "Skolepersonalet undervises i astmamedicin.", "Godkendt."),
    ("Gigtpatienters ventetid", "Reumatologerne åbner en fælles telefonlinje.", "Godkendt."),
    ("Epilepsiambulatoriet flytter", "Epilepsiambulatoriet samles på ét matrikel.", "Taget til efterretning."),
    ("Blodprøver i hjemmet", "Hjemmesygeplejen tager blodprøver hos borgeren.", "Godkendt."),
]  # fmt: skip

#: (query, the needle's title it must find within the first ten results).
RELEVANCE = [
    ("rygestop gravide", NEEDLES[0][0]),
    ("gravide rygere thisted", NEEDLES[0][0]),
    ("vandrehjem aflastning", NEEDLES[1][0]),
    ("tandplejen plejecenter", NEEDLES[2][0]),
    ("hørescreening", NEEDLES[3][0]),
    ("hoerescreening nyfødte", NEEDLES[3][0]),
    ("akutteamsygeplejerske nat*", NEEDLES[4][0]),
    ("læsø ambulance", NEEDLES[5][0]),
    ("videotolkning", NEEDLES[6][0]),
    ("mobilt røntgen", NEEDLES[7][0]),
    ('"mobilt røntgenapparat"', NEEDLES[7][0]),
    ("hedebølge", NEEDLES[8][0]),
    ("ordblind*", NEEDLES[9][0]),
    ("sundhedshus brønderslev", NEEDLES[10][0]),
    ("psykiatriplanen lokal", NEEDLES[11][0]),
    ("sårbehandling kamera", NEEDLES[12][0]),
    ("diaetist nyresyge", NEEDLES[13][0]),
    ("cykelambulance", NEEDLES[14][0]),
    ("geriatrisk team", NEEDLES[15][0]),
    ("medicingennemgang apotek", NEEDLES[16][0]),
    ("hjertestarter landsby", NEEDLES[17][0]),
    ("besøgsvenner", NEEDLES[18][0]),
    ("kræftrehabilitering natur", NEEDLES[19][0]),
    ("stofmisbrug akutmodtagelse", NEEDLES[20][0]),
    ("søvnklinik børn", NEEDLES[21][0]),
    ("tegnsprogstolke", NEEDLES[22][0]),
    ("faldforebyggelse dans", NEEDLES[23][0]),
    ("palliative senge hospice", NEEDLES[24][0]),
    ("migræneskole", NEEDLES[25][0]),
    ("astmabørn skole", NEEDLES[26][0]),
    ("gigtpatienter ventetid", NEEDLES[27][0]),
    ("epilepsiambulatoriet", NEEDLES[28][0]),
    ("blodprøver hjemme", NEEDLES[29][0]),
    ("migraeneskole praksis", NEEDLES[25][0]),
    ("vandrehjemmet skagen", NEEDLES[1][0]),
]
