"""People as minutes name them: the name itself apart from titles, roles, parties and employers."""

import re
from dataclasses import dataclass

from .repair import common_words

#: Words that make a phrase an organisation, not a person.
ORGANISATION_WORDS = re.compile(
    r"\b(kommune|region(en)?|hospital|sygehus|universitetshospital|regionshospital|psykiatri(en)?|"
    r"plo|praksis|almen|sundhedsklynge|klyngen?|forvaltning(en)?|afdeling(en)?|center|centret|"
    r"sekretariat(et)?|styregruppe(n)?|udvalg(et)?|forum|direktion(en)?|ministeri(et|um)|"
    r"styrelse(n)?|universitet|college|a/s|aps|fonden|foreningen|råd(et)?|sundhed|omsorg|"
    r"hus(et)?|enhed(en)?|stab(en)?|lægeforening(en)?|danske|kl|auh|ouh|rh|aauh|sdu|via)\b",
    re.IGNORECASE,
)
#: Compounds that end in an organisation word: "Hospitalsenhed", "Regionshospitalet".
ORGANISATION_ENDINGS = re.compile(
    r"\b\w+(?:kommune|hospital(?:et)?|sygehus(?:et)?|psykiatri(?:en)?|enhed(?:en)?|region(?:en)?"
    r"|universitet(?:et)?|klyngen?|udvalg(?:et)?|sekretariat(?:et)?|forvaltning(?:en)?"
    r"|styregruppen?|center|centret|direktion(?:en)?|afdeling(?:en)?)\b",
    re.IGNORECASE,
)
#: Job titles written before a name ("Vicedirektør Lise Holm", "Regionsrådsmedlem Ib Dahl").
TITLE_WORD = re.compile(
    r"^\w*(?:direktør|chef|formand|formænd|medlem|konsulent|læge|leder|borgmester|rådmand"
    r"|sygeplejerske|fuldmægtig|koordinator|sekretær|overlæge|specialist|rådgiver|repræsentant"
    r"|næstformand|medformand|ansvarlig|udvikler|planlægger|projektleder)$",
    re.IGNORECASE,
)
#: The words of a document's own structure (`Sagsoversigt Side`, a table of contents' head run
#: into a list of names): no person is called by them.
DOCUMENT_WORDS = re.compile(
    r"\b(?:side|sagsoversigt|indholdsfortegnelse|indhold|dagsorden|referat|bilag|punkt|pkt)\b",
    re.IGNORECASE,
)
PARTICLES = {"von", "van", "de", "la", "le", "af", "du", "der", "den", "da", "di"}
NAME_TOKEN = re.compile(
    r"^(?:[A-ZÆØÅÉÜÖÄ][a-zæøåéèüöäëï'’]+(?:-[A-ZÆØÅÉa-zæøå][a-zæøåéüöä'’]+)*|[A-ZÆØÅ]\.)$"
)
PARTY = re.compile(r"\s*\((?:[A-ZÆØÅ]{1,2}|[a-zæøå][^()]{0,60})\)")
ABSENT = re.compile(
    r"\s*(?:[(\[]\s*(?:meldt\s+)?(?:afbud|fraværende|fravær|forhindret)\s*[)\]]"
    r"|[-–:]\s*(?:meldt\s+)?afbud\b\.?)",
    re.IGNORECASE,
)
#: A name, a dash and a role in lower case ("- formand", "– næstformand", "- medlem af FU").
ROLE_AFTER_DASH = re.compile(r"^(?P<name>.+?)\s+[-–]\s+(?P<role>[a-zæøå][\w\s.,/-]{2,60})$")
OFFICIAL = re.compile(r"^(?:sekretær|referent|protokolfører|mødesekretær)$", re.IGNORECASE)
#: "Anne Holm formand", "Per Lund næstformand for udvalget": a role in lower case after the name.
ROLE_AFTER = re.compile(r"^(?P<name>.+?)\s+(?P<role>[a-zæøå][\w\s.,/-]{2,60})$")
BRACKETED = re.compile(r"\s*\((?P<inside>[A-ZÆØÅ][^()]{1,60})\)\s*$")


def _is_role(text: str) -> bool:
    return bool(TITLE_WORD.match(text.split()[0]))


ACRONYM = re.compile(r"^(.*?)\s+([A-ZÆØÅ]{2,6}(?:-[A-ZÆØÅa-zæøå]+)?)$")


@dataclass
class PersonName:
    name: str
    title: str | None = None
    organisation: str | None = None
    absent: bool = False

    def as_json(self) -> dict[str, str | None]:
        return {"name": self.name, "title": self.title, "organisation": self.organisation}


def is_name(text: str) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 6 or ORGANISATION_WORDS.search(text) or DOCUMENT_WORDS.search(text):
        return False
    if ORGANISATION_ENDINGS.search(text) or TITLE_WORD.match(tokens[0]):
        return False
    words = [t for t in tokens if t.lower() not in PARTICLES]
    if len(words) < 2 or not NAME_TOKEN.match(tokens[0]) or not NAME_TOKEN.match(tokens[-1]):
        return False
    if sum(1 for t in words if NAME_TOKEN.match(t) and not t.endswith(".")) < 2:
        return False
    common = common_words()
    # "Sundhed Og Omsorg", "Godkendelse Dagsorden": phrases of ordinary words.
    ordinary = sum(1 for t in words if t.lower() in common and t[:1].isupper())
    return all(NAME_TOKEN.match(t) or t.lower() in PARTICLES for t in tokens) and ordinary < len(
        words
    )


def _trailing_name(text: str) -> tuple[str, str] | None:
    """Split "Lægefaglig direktør Claus Thomsen" into (title, name)."""
    tokens = text.split()
    end = len(tokens)
    start = end
    while start > 0 and (NAME_TOKEN.match(tokens[start - 1]) or tokens[start - 1] in PARTICLES):
        start -= 1
    common = common_words()
    while end - start > 2 and tokens[start].lower() in common:
        start += 1
    name = " ".join(tokens[start:end])
    if start == 0 or not is_name(name):
        return None
    return " ".join(tokens[:start]).strip(" ,"), name


def parse_person(text: str) -> PersonName | None:
    """One person with whatever title and organisation the line gives; None if it names nobody."""
    text = text.strip().strip("•·-–*").strip()
    text = re.sub(r"^\d+[.)]\s+", "", text)
    absent = bool(ABSENT.search(text))
    text = ABSENT.sub("", text)
    text = PARTY.sub("", text).strip(" ,;.")
    # "Anne Holm (Ældre Sagen)": the organisation the member stands for, in brackets.
    bracketed = BRACKETED.search(text)
    in_brackets = None
    if bracketed and is_name(text[: bracketed.start()].strip()):
        in_brackets = bracketed["inside"].strip()
        text = (text[: bracketed.start()] + text[bracketed.end() :]).strip(" ,;.")
    if not text or len(text) > 250:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    head, rest = parts[0], parts[1:]
    # "Lolan Ottesen - formand": the role after a dash, as member lists write it.
    role = ROLE_AFTER_DASH.match(head) or ROLE_AFTER.match(head)
    if role and is_name(role["name"]) and (role.re is ROLE_AFTER_DASH or _is_role(role["role"])):
        head, rest = role["name"], [role["role"], *rest]
    title_parts: list[str] = []
    tokens = head.split()
    # "Direktør Kasper Lykke": a capitalised title before the name.
    while len(tokens) > 2 and (TITLE_WORD.match(tokens[0]) or tokens[0].lower() in common_words()):
        title_parts.append(tokens.pop(0))
    if title_parts:
        title_parts = [" ".join(title_parts)]
        head = " ".join(tokens)
    if is_name(head):
        name = head
    else:
        split = _trailing_name(head)
        if split is None:
            return None
        before, name = split
        if before:
            title_parts.append(before)
    organisation = None
    # The employer is the last capitalised part naming an organisation ("Aarhus Kommune");
    # everything else is title and role ("rådmand, sundhed og omsorg").
    org_at = next(
        (
            i
            for i in range(len(rest) - 1, -1, -1)
            if rest[i][:1].isupper() and ORGANISATION_WORDS.search(rest[i]) and len(rest[i]) < 80
        ),
        None,
    )
    if org_at is not None:
        organisation = rest.pop(org_at)
    elif rest and (acronym := ACRONYM.match(rest[-1])):
        rest[-1] = acronym[1]
        organisation = acronym[2]
    title_parts.extend(rest)
    if in_brackets and organisation is None:
        organisation = in_brackets
    title = ", ".join(title_parts) or None
    return PersonName(name=name, title=title, organisation=organisation, absent=absent)


PARTY_MARK = re.compile(r"\((?:[A-ZÆØÅ]{1,2})\)(?:\s*\([A-ZÆØÅa-zæøå][^()]{0,40}\))?")
SEPARATORS = re.compile(r",\s*|\s+(?:og|samt|&)\s+|;\s*")


#: A surname ending: where a run of names without separators is cut (`… Olsen Peter …`).
_SURNAME_END = ("sen", "søn")


def _plain_name_token(token: str) -> bool:
    bare = token.lower()
    stems = [bare[: -len(end)] for end in ("en", "et") if bare.endswith(end)]
    return bool(NAME_TOKEN.match(token)) and not any(
        form in common_words() for form in (bare, *(s for s in stems if len(s) >= 6))
    )


def run_on_names(text: str) -> tuple[list[str], str]:
    """Names written one after another with no separator (`Karen Olsen Peter Nielsen Søren
    Berg`, a table flattened to a line): the run of name words at the start, up to an ordinary
    word or a mark, cut after each `-sen`/`-søn` and else in twos. ([], text) where the run is
    shorter than two names or cannot be cut with confidence."""
    tokens = text.split()
    run: list[str] = []
    for token in tokens:
        if not _plain_name_token(token) or token.endswith((".", ",", ":", ";")):
            break
        run.append(token)
    if len(run) < 4:
        return [], text
    segments: list[list[str]] = [[]]
    for token in run:
        segments[-1].append(token)
        if token.lower().endswith(_SURNAME_END) and len(segments[-1]) >= 2:
            segments.append([])
    names: list[str] = []
    for segment in (s for s in segments if s):
        if len(segment) in (2, 3):
            names.append(" ".join(segment))
        elif len(segment) % 2 == 0:
            names += [" ".join(segment[k : k + 2]) for k in range(0, len(segment), 2)]
        else:
            return [], text
    if len(names) < 2 or not all(is_name(name) for name in names):
        return [], text
    return names, " ".join(tokens[len(run) :])


def _without_title(text: str) -> str:
    """ "Formand Anne Holm", "næstformand Per Lund": the name without the title before it."""
    tokens = text.split()
    # "Sekretær Henrik Holm" after a run of members is the next heading of a flattened list, the
    # minute-taker: no title of a member.
    while len(tokens) > 2 and TITLE_WORD.match(tokens[0]) and not OFFICIAL.match(tokens[0]):
        tokens.pop(0)
    return " ".join(tokens)


def parse_people(text: str) -> list[PersonName]:
    """A line that may hold one person with titles or several people in a row."""
    # A name glued to the next item's number (`Lene Glesner1.`), as flattened text has it.
    text = re.sub(r"(?<=[a-zæøå])\d{1,3}\.?$", "", text.strip())
    if len(PARTY_MARK.findall(text)) >= 2 and "," not in text:
        # "Britt Mikkelsen (V) Jarne Rasmussen (O)": a run-on list, each name closed by its
        # party letter.
        text = PARTY_MARK.sub(lambda m: m.group(0) + ",", text)
    pieces = [p for p in SEPARATORS.split(text) if p and p.strip()]
    cleaned = [
        _without_title(re.sub(r"\s*\([^()]*\)?", "", ABSENT.sub("", p)).strip(" .")) for p in pieces
    ]
    if len(pieces) > 1 and all(is_name(p) for p in cleaned):
        return [
            PersonName(name=c, absent=bool(ABSENT.search(p)))
            for p, c in zip(pieces, cleaned, strict=True)
        ]
    if len(pieces) > 2 and sum(is_name(p) for p in cleaned) >= 2:
        # One long line: "Jens Hansen, Aalborg Kommune, Mette Jensen (afbud), PLO".
        people: list[PersonName] = []
        for piece, clean in zip(pieces, cleaned, strict=True):
            if is_name(clean):
                people.append(PersonName(name=clean, absent=bool(ABSENT.search(piece))))
            elif people and ORGANISATION_WORDS.search(clean) and people[-1].organisation is None:
                people[-1].organisation = clean
            elif people and people[-1].title is None and len(clean) < 60:
                people[-1].title = clean
        return people
    person = parse_person(text)
    return [person] if person else []
