"""Flattened text (a transcript of a PDF, one line per page): pages, running heads, a table of
contents whose titles are glued together, each on made-up text in the shape of the class."""

from klynge.archive.reading.elements import Line
from klynge.archive.reading.flattened import is_flattened
from klynge.archive.reading.parse import parse_text


def titles(text: str) -> list[str]:
    return [item.title for item in parse_text(text).items if not item.listed_only]


#: Case pages under a running head whose labels' values were blanked (`Mødedato Side`), each
#: title before its `Åben sag` mark; the case overview lists the titles glued together.
CASE_PAGES = """Referat Seniorrådet

Transkript

1 Referat Seniorrådet Mødedato: Tirsdag den 9. april 2019 Mødetidspunkt: Kl. 9:00 \
Sluttidspunkt: Kl. 11:30 Mødested: Byrådssalen Deltagere: Ole Friis, Karen Holm \
Fraværende: Per Dahl Sagsoversigt Side 01. Godkendelse af dagsorden Status på arbejdet med \
den nye plan for seniorboliger i kommunen Eventuelt...9 Bilagsliste...10

2 Seniorrådet Mødedato Side Godkendelse af dagsorden Åben sag Sagsnr.: Sagen afgøres i: \
Bilag: Seniorrådet Beslutninger Seniorrådet den Godkendt.

3 Seniorrådet Mødedato Side Status på arbejdet med den nye plan for seniorboliger i kommunen \
Åben sag Sagsnr.: Sagen afgøres i: Bilag: 19/1234 Seniorrådet Indledning/Baggrund Byrådet \
vedtog i efteråret at udarbejde en ny plan for boliger til seniorer. Forvaltningen har siden \
holdt møder med boligselskaberne og gennemført en spørgeskemaundersøgelse blandt borgere over \
65 år om deres ønsker til fremtidens boliger. Resultatet forelægges her.

4 Seniorrådet Mødedato Side Eventuelt Åben sag Sagsnr.: Sagen afgøres i: Bilag: Seniorrådet \
Beslutninger Seniorrådet den Intet.
"""


def test_titles_between_the_running_head_and_the_case_mark():
    assert titles(CASE_PAGES) == [
        "Godkendelse af dagsorden",
        "Status på arbejdet med den nye plan for seniorboliger i kommunen",
        "Eventuelt",
    ]


def test_a_blanked_decision_head_keeps_its_decision():
    items = parse_text(CASE_PAGES).items
    assert items[0].decision == "Godkendt."


#: Pages of a few hundred characters, numbered; the contents list its titles without numbers,
#: and each body heading runs on into its text.
GLUED_CONTENTS = """DAGSORDEN Ældrerådet

Transkript

1 Ældrerådet DAGSORDEN Møde nr. : 04/2012 Sted : Mødelokale 2 Dato : 14. maj 2012 \
Start kl. : Slut kl. : Ældrerådet Anna Berg Bo Lund Carl Nørgaard Deltog x x Afbud x \
G:\\Ældreråd\\2012\\Dagsorden 04.doc

2 Indholdsfortegnelse 1. Orientering om ældreboliger Budgetopfølgning for ældreområdet pr. \
31. marts Plan for aktivitetscentre Eventuelt G:\\Ældreråd\\2012\\Dagsorden 04.doc

3 1. Orientering om ældreboliger Lone Berg fra boligselskabet fortæller om de nye boliger \
ved havnen og om ventelisten. Ældrerådet tager orienteringen til efterretning. \
G:\\Ældreråd\\2012\\Dagsorden 04.doc

4 2. Budgetopfølgning for ældreområdet pr. 31. marts Ø Forvaltningen gennemgår forbruget \
for årets første kvartal. Der forventes et mindreforbrug på hjemmeplejen og et merforbrug på \
hjælpemidler. G:\\Ældreråd\\2012\\Dagsorden 04.doc
"""


def test_a_glued_contents_ends_the_titles_it_names():
    assert titles(GLUED_CONTENTS) == [
        "Orientering om ældreboliger",
        "Budgetopfølgning for ældreområdet pr. 31. marts",
    ]


#: A page stamp with a letter for its number (`Side K`), the title alone before `Resumé`;
#: the list under `Følgende sager behandles` has item and page numbers side by side.
STAMPED_PAGE = """Åben dagsorden Teknisk Udvalg

Transkript

1 Åben dagsorden Teknisk Udvalg Side 1. Mødedato: Mødet påbegyndt: kl. 08:30 Mødested: \
Rådhuset Fraværende: Følgende sager behandles: Pkt. Tekst Side 1 Trafikplan for bymidten 2 \
2 Vintertjeneste Salg af grund ved skolen 7 4 Eventuelt 9

2 Side K Trafikplan for bymidten Resumé Forvaltningen fremlægger et forslag til en ny \
trafikplan for bymidten med færre parkeringspladser og flere cykelstier. Sagsfremstilling \
Planen bygger på en trafiktælling fra sidste år og på borgernes forslag fra to borgermøder. \
Den skal i høring i otte uger, før den vedtages endeligt af byrådet. Forslaget indebærer, at \
gennemkørsel gennem bymidten begrænses, og at der etableres en ny p-plads ved stationen med \
plads til omkring to hundrede biler. Handelsstandsforeningen har udtalt sig positivt om \
forslaget, men ønsker, at der fortsat er korttidsparkering ved butikkerne. Økonomi Udgifterne \
til ombygningen afholdes inden for det afsatte anlægsbudget.
"""


def test_a_page_stamp_before_a_title_that_a_section_word_follows():
    assert titles(STAMPED_PAGE) == ["Trafikplan for bymidten"]


def test_a_short_numbered_list_is_not_a_transcript():
    lines = [
        Line("1 Godkendelse af dagsorden"),
        Line("2 Budget 2025"),
        Line("3 Eventuelt"),
        Line("Referatet blev godkendt uden bemærkninger."),
    ]
    assert not is_flattened(lines)


#: A first page set in spaced type, its words broken into groups of a few letters, a name
#: broken over the page's end; the rest of the document in ordinary words.
LETTER_GROUPS = """Transkript

1 Ref erat Kul tur udv alge ts mø de Tirs dag den 03-05- 201 1 Kl. 15: 00 Byr åds sal en \
Delt ager e: Hans Pet ers en, Lon e Mik kels en, Kir sten Da

2 hl Afbu d: Mor ten Niel sen Indholdsfortegnelse 1. Biblioteksplan Tilskud til foreninger \
Eventuelt

3 1. Biblioteksplan /2211 Forvaltningen fremlægger forslag til en ny plan for bibliotekerne \
med længere åbningstider og selvbetjening om aftenen. Udvalget godkendte planen med den \
ændring, at filialen i Nørreby holder åbent om lørdagen. Planen sendes til byrådet.

4 2. Tilskud til foreninger Der er indkommet tolv ansøgninger om tilskud fra puljen til \
foreningslivet. Forvaltningen har vurderet dem efter de vedtagne kriterier og indstiller, \
at der gives tilskud til ni af dem. Udvalget godkendte indstillingen.
"""


def test_letter_groups_are_joined_into_words():
    meeting = parse_text(LETTER_GROUPS)
    assert [p.name for p in meeting.participants] == [
        "Hans Petersen",
        "Lone Mikkelsen",
        "Kirsten Dahl",
    ]
    assert meeting.apologies == ["Morten Nielsen"]
    assert str(meeting.date) == "2011-05-03"
    assert [item.title for item in meeting.items] == ["Biblioteksplan", "Tilskud til foreninger"]


def test_a_closed_case_page_is_an_item_and_closed():
    text = CASE_PAGES.replace("Eventuelt Åben sag", "Personalesag Lukket sag").replace(
        "i kommunen Eventuelt", "i kommunen Personalesag"
    )
    items = parse_text(text).items
    assert [(item.title, item.closed) for item in items] == [
        ("Godkendelse af dagsorden", False),
        ("Status på arbejdet med den nye plan for seniorboliger i kommunen", False),
        ("Personalesag", True),
    ]
