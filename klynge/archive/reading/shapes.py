"""Shapes of a line that more than one part of the reading needs: section words, case numbers,
recommendation clauses, item headings, time slots and header labels. Patterns and small
predicates only."""

import re

_DECISION = (
    r"beslutning(?:er)?(?:\s+(?:i|på|fra)\s+.{2,90}?)?|konklusion(?:er)?|referat|protokol"
    # "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012", "Beslutninger
    # Handicaprådet den 23.11.2015": the committee's name around the decision word.
    r"|[A-ZÆØÅ][\w ,-]{2,80}?s beslutning|beslutning(?:er)?\s+[A-ZÆØÅ][\w ,-]{2,80}?(?=\s+den\b)"
    r"|beslutningsprotokol|behandling\s+i\s+.{2,90}?|udvalgets beslutning|afgørelse"
    r"|drøftelse og beslutning|referat af (?:drøftelsen|punktet)|beslutning og opfølgning"
    # "Ældrerådet, den 12. marts 2020:", "Social- og Sundhedsudvalget den 12-03-2024" on a line
    # of its own: the body and the day, then what it decided.
    # The name's words joined by a hyphen or comma and "og"; the name must lead the line.
    r"|(?:(?-i:[A-ZÆØÅ])\w*[-,]{1,2}\s+(?:og\s+)?){0,4}[\w-]*(?:råd|udvalg|bestyrelse|nævn)\w*"
    r"(?:\s+for\s+[\w ,-]{2,60}?)?,?\s+den\s+"
    r"\d{1,2}\s*[./-]?\s*(?:\d{1,2}\s*[./-]?|[a-zæøå]+)\s*\d{2,4}(?=\s*:|\s*$)"
    # "Beslutning (Klima- og Miljøudvalget 07.05.2024)"
    r"|beslutning(?:er)?\s*\([^()]{2,90}\)"
    # "Behandling": how the committee dealt with the item, its decision.
    r"|behandling"
    # "Rådets bemærkninger", "Ældrerådets høringssvar": what a council answers is its decision.
    r"|[\w-]*(?:råd|udvalg|bestyrelse|nævn)(?:et|ets|s)\s+(?:bemærkninger|udtalelse|høringssvar"
    r"|kommentarer|anbefaling(?:er)?)"
)
SECTIONS = {
    "presentation": r"sagsfremstilling|sagsbeskrivelse|sagens (?:indhold|baggrund)|baggrund"
    r"|beskrivelse af sagen|sagen kort"
    r"|resum[eé]|kort om sagen|beskrivelse|redegørelse|sagsforklaring|formål",
    "recommendation": r"indstilling(?:er)?(?:\s+(?:fra|til)\s+.{2,60}?)?"
    r"|forslag til (?:beslutning|indstilling)"
    r"|(?:administrationens|direktionens|sekretariatets|forvaltningens) indstilling",
    "decision": _DECISION,
    "attachments": r"bilag(?:sliste)?|vedhæftede bilag|bilag til punktet|relaterede bilag",
    "case": r"sagsnr\.?|sagsnummer|sags\s*nr\.?|sag\s*nr\.?|j\.?\s*nr\.?|journalnr\.?"
    r"|journalnummer|acadre[\w\s.]*|dok\.?\s*nr\.?|emne\s*nr\.?|sagsid",
}
SECTION = re.compile(
    r"^(?P<head>" + "|".join(f"(?P<{k}>{v})" for k, v in SECTIONS.items()) + r")"
    # A dash before `og` joins a name (`Teknik- og Miljøudvalget`): it opens no rest.
    r"\s*(?:(?::|\.|[-–](?!\s*og\s))\s*(?P<rest>.*)|(?P<date_rest>\s+(?:den|d\.)(?:\s+.*)?)|)$",
    re.IGNORECASE,
)
RECOMMENDS = re.compile(
    r"^(?:det\s+indstilles|indstillingen er"
    r"|[\w\s,-]{2,70}?\s+indstiller(?:\s+til\s+[\w\s-]{2,60})?)"
    r"\s*[,:]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
CLAUSE = re.compile(r"^(?:[-•–*·▪○]\s*|\d{1,2}\s*[.)]\s+|[a-h][.)]\s+)(?P<text>.+)$")
CASE_NUMBER = re.compile(
    r"^(?:\d{1,2}-\d{1,2}-\d{1,3}-\d{1,5}-\d{2}"
    r"|\d{2}\.\d{2}\.\d{2}-[A-ZØÆÅ]\d{2}-\d+-\d{2}"
    r"|(?:EMN|SAG|SJ|DOK|J)-?\s?\d{4}-\d{3,}"
    r"|\d{4}-\d{4,}|\d{2}/\d{3,6}|\d{4}/\d{4,})$"
)
INLINE_CASE = re.compile(
    r"\(?\b(?:sagsnr|sags\s*nr|sag\s*nr|j\.\s*nr|journalnr)\.?\s*:?\s*(?P<case>[\w./-]*\d[\w./-]*)\)?",
    re.IGNORECASE,
)

PUNKT = re.compile(
    r"^(?:punkt|pkt|dagsordens?punkt|dagsordenpunkt)\.?\s*(?:nr\.?\s*)?(?P<number>\d{1,3}[a-z]?)"
    r"\s*(?:[.:)\-–]\s*|\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)

NUMBERED = re.compile(r"^(?P<number>\d{1,3})\s*(?:[.)]\s*|\s+|\t)(?P<title>[\"“”'‘A-ZÆØÅ(].*)$")

NUMBER_ALONE = re.compile(r"^(?P<number>\d{1,3})\s*[.)]?$")

#: `Mødedato Side Godkendelse af dagsorden Åben sag`: a case page's head, its labels' values
#: blanked by the transcript.
OPEN_CASE = re.compile(
    r"^(?:(?i:mødedato|side|dato)\s+)*(?P<title>[A-ZÆØÅ\"“].{2,200}?)\s+(?:Åben|Lukket) sag$"
)

LOST_NUMBER = re.compile(r"^[.,·]\s*(?P<title>[A-ZÆØÅ\"“].{2,})$")

TIME_SLOT = re.compile(
    r"\s*(?:kl\.?\s*)?(?P<start>[0-2]?\d[.:][0-5]\d)\s*(?:-|–|til)\s*(?P<end>[0-2]?\d[.:][0-5]\d)?\s*$"
)

#: `Kl. 14.00 Godkendelse af dagsorden`, `14.05-14.30 Budget`: an agenda line led by its hour.
LEADING_TIME = re.compile(
    r"^(?:kl\.?\s*)?[0-2]?\d[.:][0-5]\d(?:\s*(?:-|–|til)\s*[0-2]?\d[.:][0-5]\d)?\s+(?=[A-ZÆØÅ])",
    re.IGNORECASE,
)

TIME_ALONE = re.compile(
    r"^(?:kl\.?\s*)?[0-2]?\d[.:][0-5]\d\s*(?:(?:-|–)\s*(?:[0-2]?\d[.:][0-5]\d)?)?$"
)

PRESENTER = re.compile(
    r"\s+(?:v/|v\.|ved)\s*I?(?=[A-ZÆØÅ ])\s*(?P<who>.+)$|\s+v\s+(?P<who2>[A-ZÆØÅ].+)$"
)

STANDARD_TITLES = re.compile(
    r"^(?:godkendelse af (?:dagsorden(?:en)?|referat(?:et)?)|eventuelt|evt\.|meddelelser"
    r"|orientering(?:spunkter)?|næste møde|velkomst|velkommen)\b",
    re.IGNORECASE,
)

LOCATION = re.compile(
    r"^(?:mødested|m[øoa]dested|sted|lokale|lokation|adresse|mødelokale)\s*:?\s+(?P<place>.+)$",
    re.I,
)

TIME_LABEL = re.compile(
    r"^(?:tid|tidspunkt|mødetidspunkt|mødedato|dato|dato og tid|mødetid)\s*:?\s+", re.I
)


def standard_title(text: str) -> bool:
    return bool(STANDARD_TITLES.match(text))


def heading_like(title: str) -> bool:
    return (
        2 <= len(title) <= 220
        and not title.rstrip().endswith((",", ";"))
        and not re.match(r"^(?:at|og|samt)\s", title)
    )


def is_label(text: str) -> bool:
    """A key-value line of a letter or header ("Dato: …", "Sted …") that ends a list."""
    return bool(
        TIME_LABEL.match(text)
        or LOCATION.match(text)
        or re.match(
            r"^(?:dato|mail|e-mail|tlf|telefon|journalnr|sagsnr|emne|vedr)\.?\s*:", text, re.I
        )
    )


def looks_like_sentence(text: str) -> bool:
    words = text.split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) > 6 and lower > len(words) / 2
