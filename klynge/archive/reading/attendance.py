"""Who attended, who sent apologies, who stood in for whom: attendance headings and their lists,
"(afbud)" marks, and the prose that says the same."""

import re

from .people import (
    NAME_TOKEN,
    TITLE_WORD,
    PersonName,
    is_name,
    parse_people,
    parse_person,
    run_on_names,
)
from .repair import common_words
from .shapes import PUNKT, SECTION, is_label, looks_like_sentence

ATTENDANCE = re.compile(
    r"^(?:(?P<apologies>afbud/fraværende|afbud/fravær|afbud(?:\s+fra)?"
    r"|fraværende(?:\s+(?:med|uden)\s+afbud)?|fravær|forfald|(?:med|uden)\s+afbud"
    r"|ikke til stede|meldt afbud|deltog ikke|ikke mødt|ikke fremmødt|forhindret)"
    # A committee's member list says who belongs, not who came; its "(afbud)" marks count.
    r"|(?P<members>medlemmer|udvalgsmedlemmer|medlemmer af \w+)"
    # Who keeps the minutes attends as an official, not as a member (a "Sekretariat" heading
    # lists the staff who took part, and stays with those present).
    r"|(?P<officials>referent|sekretær|protokolfører|mødesekretær"
    # Staff and others who came besides the members: not among the members present.
    r"|desuden deltog|endvidere deltog|desuden til stede|fra administrationen|fra forvaltningen)"
    r"|(?P<guests>g[æa]e?ster|g[æa]st|inviterede(?: gæster)?|oplægsholdere?"
    r"|deltog under punkt[\w\s.,]*)"
    r"|(?P<participants>deltagere|mødedeltagere|m[øoa]dedeltagere|deltagende|til\s?stede|fremmødte"
    r"|fremmødt|mødt|følgende deltog|til stede var|administrativ deltagelse"
    r"|sekretariat(?:et)?|m[øoa]deleder|medformænd|formandskab(?:et)?|observatører"
    r"|[\w\s]{0,40}med observat[øg]rstatus|øvrige deltagere|deltagere fra [\w\s,&-]{2,120}"
    r"|deltog))"
    r"\s*(?::|\t|\s{2,}|$|\s(?=(?-i:[A-ZÆØÅ])))\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
ALL_BUT = re.compile(
    r"\balle\b[^.]{0,40}?\b(?:mødt|til stede|deltog|fremmødt)e?,?\s+(?:med\s+)?undtagen"
    r"\s+(?P<names>[^.]+)",
    re.IGNORECASE,
)
PROSE_APOLOGY = re.compile(
    r"(?:\bder\s+(?:var|er|havde været)\s+)?\bafbud\s+fra:?\s+(?P<names>[^.]+)"
    r"|(?P<before>(?-i:[A-ZÆØÅ])[^.]{3,200}?)\s+(?:havde|har)\s+(?:meldt|sendt|givet)\s+afbud",
    re.IGNORECASE,
)
_NAME = r"[A-ZÆØÅ][\w'’.-]+(?:\s+(?:[A-ZÆØÅ][\w'’.-]+|von|van|de|la|af)){1,5}"
SUBSTITUTE = [
    re.compile(
        rf"(?P<sub>{_NAME})[^.()]{{0,80}}?\b(?:deltog|deltager|mødte|var mødt)\s+"
        rf"(?:i stedet\s+)?for\s+(?P<for>{_NAME})"
    ),
    re.compile(
        rf"(?P<sub>{_NAME})[^.()]{{0,80}}?[(,]?\s*(?:tilforordnet|stedfortræder|suppleant|substitut)"
        rf"\s+for\s+(?P<for>{_NAME})"
    ),
    re.compile(rf"(?P<sub>{_NAME})[^.()]{{0,80}}?\(?\bi stedet for\s+(?P<for>{_NAME})"),
    re.compile(
        rf"(?P<for>{_NAME})[^.()]{{0,80}}?\bi stedet\s+(?:deltager|deltog|mødte)\s+(?P<sub>{_NAME})"
    ),
    re.compile(
        rf"\b[Ff]or\s+(?P<for>{_NAME})\s+(?:deltog|mødte)\s+(?:som\s+)?(?:suppleant|stedfortræder)?"
        rf"\s*(?P<sub>{_NAME})"
    ),
    # "Stedfortræder: Karen Olsen for Per Lund".
    re.compile(
        rf"(?:stedfortræder|suppleant)(?:e|er)?\s*:\s*(?P<sub>{_NAME})\s+for\s+(?P<for>{_NAME})",
        re.IGNORECASE,
    ),
    re.compile(rf"(?P<for>{_NAME})\s+var\s+repræsenteret\s+ved\s+(?P<sub>{_NAME})"),
    # "Anne Holm – stedfortræder Per Lund": the member, and who stood in.
    re.compile(
        rf"(?P<for>{_NAME})\s*(?:\([A-ZÆØÅ]{{1,2}}\)\s*)?[-–]\s*(?:stedfortræder|suppleant):?\s+"
        rf"(?P<sub>{_NAME})"
    ),
]
#: A stand-in named without whom they stood in for ("Som stedfortræder deltog Karen Olsen",
#: "Karen Olsen deltog som suppleant."): the member is the one absentee of the same line.
STAND_IN_ALONE = re.compile(
    rf"(?:[Ss]om\s+)?(?:[Ss]uppleant|[Ss]tedfortræder)\s+(?:deltog|mødte)\s+(?P<sub>{_NAME})"
    rf"|(?P<named>{_NAME})\s*(?:\([A-ZÆØÅ]{{1,3}}\)\s*)?\s(?:deltog|mødte)\s+som\s+"
    r"(?:suppleant|stedfortræder)\b(?!\s+for)"
)
#: `… deltog som suppleant for Y`, `… (suppleant for Y)`: the stand-in's name stands before.
STAND_IN = re.compile(
    r"\s*(?:\(\s*|[-–,]\s*|\s(?:deltog|deltager|mødte)\s+som\s+)"
    r"(?:suppleant|stedfortræder)\s+for\s+(?P<for>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,3})"
)


_INLINE_LABELS = (
    # Attendance...
    r"(?:fraværende|fravær)(?:\s+(?:med|uden)\s+afbud)?|afbud(?:/fravær\w*)?(?:\s+fra)?"
    r"|ikke\s+til\s+stede|meldt\s+afbud|til\s?stede|deltog(?:\s+ikke)?|ikke\s+mødt|forfald"
    r"|(?:møde|øvrige\s+)?deltagere|fremmødte?|referent|sekretær|protokolfører|g[æa]ester"
    r"|medlemmer|suppleanter?"
    # ... and the head's other labels, which end a list.
    r"|sted|mødested|tid|mødetid|dato|mødedato|lokale|start|slut|afbud\s+til|næste\s+møde"
)
#: A label inside a line ("… Bo Ravn. Afbud: Karen Olsen", "Deltagere: … Referent: …"), as run-on
#: paragraphs and flattened pages write a head: a label word of the head and a colon. Not any
#: capitalised word before a colon: "Anne Holm: afbud" is a name and its mark.
INLINE_LABEL = re.compile(rf"(?<=\S)\s+(?=(?i:{_INLINE_LABELS})\s*:)")
#: The end of a sentence in a run of text: a word in lower case (or a bracket) and a stop.
SENTENCE_END = re.compile(r"(?<=[a-zæøå)])\.\s+(?=[A-ZÆØÅ])")
#: The cells of a table row as text extraction leaves them: a tab, or a wide gap of spaces.
CELL = re.compile(r"\t|\s{3,}")
#: A cell that marks its row's person absent.
ABSENCE_CELL = re.compile(
    r"(?:meldt\s+)?afbud|fraværende|fravær|forhindret|ikke\s+(?:til\s+stede|mødt)|syg",
    re.IGNORECASE,
)
#: "Socialdemokratiet: Anne Holm, Per Lund": names grouped under a party or organisation.
GROUP = re.compile(r"^(?P<group>[A-ZÆØÅ][^:\d]{1,40}):\s*(?P<rest>\S.*)$")
#: The next item's number after the last name of a flattened head.
NEXT_ITEM = re.compile(r"\s\d{1,3}\.\s+[A-ZÆØÅ].*$")


def _word_forms(word: str) -> tuple[str, ...]:
    """The word and, for a long one, its stem without the definite ending (`prøvestenen`)."""
    stems = tuple(word[: -len(end)] for end in ("en", "et", "n", "t") if word.endswith(end))
    return (word, *(stem for stem in stems if len(stem) >= 6))


def name_before(text: str) -> str | None:
    """The name that ends `text`: its last capitalised words, back to a word that is an
    ordinary word of the language (`Prøvestenen Lars Løgstrup` → `Lars Løgstrup`) or a mark."""
    words: list[str] = []
    for token in reversed(text.split()):
        bare = token.lower()
        if (
            len(words) == 4
            or not NAME_TOKEN.match(token)
            or token.endswith((".", ",", ":", ";", ")"))
            or any(form in common_words() for form in _word_forms(bare))
        ):
            break
        words.insert(0, token)
    name = " ".join(words)
    return name if len(words) >= 2 and is_name(name) else None


PARTY_LETTERS = re.compile(r"\s*\((?:[A-ZÆØÅ]{1,3})\)(?=\s)")

#: A word one of the SUBSTITUTE patterns holds: most text has none, and is passed quickly.
SUBSTITUTE_HINT = re.compile(
    r"deltog|deltager|mødte|tilforordnet|stedfortræder|suppleant|substitut|i stedet|repræsenteret",
    re.IGNORECASE,
)
#: Membership changes, not a stand-in at this meeting.
NOT_A_SUBSTITUTE = re.compile(
    r"fremadrettet|fremover|nyt? medlem|nye medlemmer|pension|nyt job|efterfølger", re.I
)


def name_only(text: str) -> str | None:
    people = parse_people(text)
    if people:
        return people[0].name
    tokens = text.split()
    for size in range(len(tokens), 1, -1):
        if is_name(" ".join(tokens[:size])):
            return " ".join(tokens[:size])
    return None


def mode_of(match: re.Match[str]) -> str:
    if match["apologies"]:
        return "apologies"
    if match["guests"]:
        return "guests"
    if match["members"]:
        return "members"
    if match["officials"]:
        return "officials"
    return "participants"


class Attendance:
    def __init__(self) -> None:
        self.present: dict[str, PersonName] = {}
        self.absent: dict[str, None] = {}
        self.substitutes: dict[tuple[str, str], None] = {}
        self.guests: dict[str, None] = {}
        #: Members someone else stood in for: they did not attend.
        self.stood_in_for: set[str] = set()

    def add_person(self, person: PersonName, mode: str) -> None:
        key = person.name
        if person.absent or mode == "apologies":
            self.absent.setdefault(key, None)
            return
        if mode in ("members", "officials") or key in self.stood_in_for:
            return
        if mode == "guests":
            self.guests.setdefault(key, None)
        existing = self.present.get(key)
        if existing is None:
            self.present[key] = person
        else:
            existing.title = existing.title or person.title
            existing.organisation = existing.organisation or person.organisation

    def _stood_in(self, sub: str, whom: str) -> None:
        self.substitutes.setdefault((sub, whom), None)
        self.stood_in_for.add(whom)
        self.present.pop(whom, None)
        if sub not in self.present and sub not in self.absent:
            self.present[sub] = PersonName(name=sub)

    def read_substitutes(self, text: str, *, in_list: bool) -> None:
        if not SUBSTITUTE_HINT.search(text) or NOT_A_SUBSTITUTE.search(text):
            return
        # "Karen Olsen (O) deltog for Søren Berg (V)": party letters stand between the names.
        text = PARTY_LETTERS.sub("", text)
        if self._read_stand_ins(text):
            return
        for pattern in SUBSTITUTE:
            for match in pattern.finditer(text):
                sub, whom = name_only(match["sub"]), name_only(match["for"])
                if not (sub and whom) or sub == whom:
                    continue
                if (
                    "i stedet for" in match.group(0)
                    and not in_list
                    and "delt" not in match.group(0)
                ):
                    continue
                self._stood_in(sub, whom)
                return

    def _read_stand_ins(self, text: str) -> bool:
        """`X deltog som suppleant for Y`, `X (suppleant for Y)`, each in a run of names or
        sentences: X is the name just before, read back to the first word that is not a name."""
        found = False
        for match in STAND_IN.finditer(text):
            sub, whom = name_before(text[: match.start()]), name_only(match["for"])
            if sub and whom and sub != whom:
                self._stood_in(sub, whom)
                found = True
        return found

    def read_prose(self, text: str) -> None:
        before = len(self.absent)
        self._read_prose(text)
        self.pair_stand_in(text, before)

    def _read_prose(self, text: str) -> None:
        lowered = text.lower()
        # Each pattern needs its word; most paragraphs have none (and the patterns are slow).
        if not ("undtagen" in lowered or "afbud" in lowered or SUBSTITUTE_HINT.search(text)):
            return
        for match in ALL_BUT.finditer(text):
            for person in parse_people(match["names"]):
                self.absent.setdefault(person.name, None)
        for match in PROSE_APOLOGY.finditer(text):
            names = match["names"] or match["before"] or ""
            for person in parse_people(names):
                self.absent.setdefault(person.name, None)
        self.read_substitutes(text, in_list=False)

    def read_attendance_block(self, lines: list[str], start: int, mode: str) -> int:
        """People listed after an attendance heading; returns where the list ends."""
        i, misses = start, 0
        while i < len(lines):
            text = lines[i]
            if not text:
                i += 1
                continue
            if SECTION.match(text) or PUNKT.match(text) or is_label(text):
                break
            heading = ATTENDANCE.match(text)
            if heading and (not heading["rest"] or not looks_like_sentence(text)):
                mode = mode_of(heading)
                if heading["rest"]:
                    self.read_attendance_line(heading["rest"], mode)
                i += 1
                misses = 0
                continue
            while text.endswith(",") and i + 1 < len(lines) and lines[i + 1]:
                i += 1
                text = f"{text} {lines[i]}"
            people = self.read_attendance_line(text, mode)
            if people:
                misses = 0
            else:
                misses += 1
                if misses > 2 or looks_like_sentence(text):
                    return i - misses + 1
            i += 1
        return i

    def _read_row(self, cells: list[str], mode: str) -> bool:
        """A table row: the name in one cell, a party, a role or a mark of absence ("Afbud",
        "Fraværende") in the others."""
        names = [p for cell in cells if (p := parse_person(cell)) is not None]
        if len(names) != 1:
            # Several names a row: a list laid out in columns.
            found = False
            for cell in cells:
                found = self._read_one_line(cell, mode) or found
            return found
        person = names[0]
        person.absent = person.absent or any(ABSENCE_CELL.fullmatch(c.strip()) for c in cells)
        self.add_person(person, mode)
        return True

    def read_embedded(self, text: str) -> bool:
        """Attendance labels inside a line of the head that does not start with one (a flattened
        page: "Referat … Deltagere: Anne Holm, Bo Ravn Afbud: Karen Olsen Referent: …")."""
        segments = INLINE_LABEL.split(text)
        for n, segment in enumerate(segments[1:], start=1):
            heading = ATTENDANCE.match(segment)
            if heading:
                rest = " ".join([heading["rest"], *segments[n + 1 :]])
                return self.read_attendance_line(NEXT_ITEM.sub("", rest), mode_of(heading))
        return False

    def pair_stand_in(self, text: str, absent_before: int) -> None:
        """After a line is read: a stand-in it names alone stood in for its one absentee."""
        alone = STAND_IN_ALONE.search(text) if "som" in text.lower() else None
        if not alone:
            return
        sub = name_only(alone["sub"] or alone["named"])
        new = [name for name in list(self.absent)[absent_before:] if name != sub]
        if sub and len(new) == 1 and not any(s == sub for s, _ in self.substitutes):
            self.absent.pop(sub, None)
            self._stood_in(sub, new[0])

    def read_attendance_line(self, text: str, mode: str) -> bool:
        before = len(self.absent)
        found = self._read_attendance_line(text, mode)
        self.pair_stand_in(text, before)
        return found

    def _read_attendance_line(self, text: str, mode: str) -> bool:
        segments = INLINE_LABEL.split(text)
        if len(segments) == 1:
            return self._read_one_line(text, mode)
        found = self._read_one_line(segments[0], mode)
        current: str | None = mode
        for segment in segments[1:]:
            heading = ATTENDANCE.match(segment)
            if heading:
                current, segment = mode_of(heading), heading["rest"]
            else:
                current = None  # "Sted: …", "Tid: …": the lists end here
            if current and segment:
                found = self._read_one_line(segment, current) or found
        return found

    def _read_one_line(self, text: str, mode: str) -> bool:
        if text.isupper() and re.search(r"[A-ZÆØÅ]{3}", text):
            # "ANNE HOLM, PER LUND": a list set in capitals, read as names are written.
            text = re.sub(r"\((\w{1,3})\)", lambda m: m.group(0).upper(), text.title())
        sentences = SENTENCE_END.split(text)
        if len(sentences) > 1:
            # "Til stede var Anne Holm og Bo Ravn. Karen Olsen havde meldt afbud.": each its own.
            found = False
            for sentence in sentences:
                found = self._read_one_line(sentence, mode) or found
            return found
        cells = [c for c in CELL.split(text) if c.strip()]
        if len(cells) > 1:
            return self._read_row(cells, mode)
        group = GROUP.match(text)
        if (
            group
            and mode == "participants"
            and not ATTENDANCE.match(text)
            and not TITLE_WORD.match(group["group"].split()[0])
            and not SUBSTITUTE_HINT.search(group["group"])
            and parse_people(group["rest"])
        ):
            text = group["rest"]
        all_but = ALL_BUT.search(text)
        if all_but:
            self.read_prose(text)
            return True
        if PROSE_APOLOGY.search(text) and "afbud" in text.lower():
            # `Karen Olsen havde meldt afbud.` in a list of those present.
            self.read_prose(text)
            return True
        self.read_substitutes(text, in_list=True)
        run_on, _ = run_on_names(text)
        if run_on:
            for name in run_on:
                self.add_person(PersonName(name=name), mode)
            return True
        people = parse_people(text)
        reverse = re.search(r"\bi stedet\s+(?:deltager|deltog|mødte)\b", text)
        for person in people:
            self.add_person(person, mode)
            if reverse:
                break
        return bool(people)
