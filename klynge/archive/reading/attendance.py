"""Who attended, who sent apologies, who stood in for whom: attendance headings and their lists,
"(afbud)" marks, and the prose that says the same."""

import re

from .people import NAME_TOKEN, PersonName, is_name, parse_people, run_on_names
from .repair import common_words
from .shapes import PUNKT, SECTION, is_label, looks_like_sentence

ATTENDANCE = re.compile(
    r"^(?:(?P<apologies>afbud/fraværende|afbud/fravær|afbud(?:\s+fra)?"
    r"|fraværende(?:\s+(?:med|uden)\s+afbud)?|fravær|forfald|(?:med|uden)\s+afbud"
    r"|ikke til stede|meldt afbud|deltog ikke|ikke mødt|ikke fremmødt|forhindret)"
    # A committee's member list says who belongs, not who came; its "(afbud)" marks count.
    r"|(?P<members>medlemmer|udvalgsmedlemmer|medlemmer af \w+)"
    r"|(?P<guests>g[æa]e?ster|g[æa]st|inviterede(?: gæster)?|oplægsholdere?"
    r"|deltog under punkt[\w\s.,]*)"
    r"|(?P<participants>deltagere|mødedeltagere|m[øoa]dedeltagere|deltagende|til\s?stede|fremmødte"
    r"|fremmødt|mødt|følgende deltog|til stede var|administrativ deltagelse"
    r"|sekretariat(?:et)?|referent|m[øoa]deleder|medformænd|formandskab(?:et)?|observatører"
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
    re.compile(rf"\bfor\s+(?P<for>{_NAME})\s+(?:deltog|mødte)\s+(?P<sub>{_NAME})"),
    re.compile(rf"(?P<for>{_NAME})\s+var\s+repræsenteret\s+ved\s+(?P<sub>{_NAME})"),
    # "Anne Holm – stedfortræder Per Lund": the member, and who stood in.
    re.compile(
        rf"(?P<for>{_NAME})\s*(?:\([A-ZÆØÅ]{{1,2}}\)\s*)?[-–]\s*stedfortræder:?\s+(?P<sub>{_NAME})"
    ),
]
#: `… deltog som suppleant for Y`, `… (suppleant for Y)`: the stand-in's name stands before.
STAND_IN = re.compile(
    r"\s*(?:\(\s*|[-–,]\s*|\s(?:deltog|deltager|mødte)\s+som\s+)"
    r"(?:suppleant|stedfortræder)\s+for\s+(?P<for>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,3})"
)


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
    return "participants"


class Attendance:
    def __init__(self) -> None:
        self.present: dict[str, PersonName] = {}
        self.absent: dict[str, None] = {}
        self.substitutes: dict[tuple[str, str], None] = {}
        self.guests: dict[str, None] = {}

    def add_person(self, person: PersonName, mode: str) -> None:
        key = person.name
        if person.absent or mode == "apologies":
            self.absent.setdefault(key, None)
            return
        if mode == "members":
            return
        if mode == "guests":
            self.guests.setdefault(key, None)
        existing = self.present.get(key)
        if existing is None:
            self.present[key] = person
        else:
            existing.title = existing.title or person.title
            existing.organisation = existing.organisation or person.organisation

    def read_substitutes(self, text: str, *, in_list: bool) -> None:
        if not SUBSTITUTE_HINT.search(text) or NOT_A_SUBSTITUTE.search(text):
            return
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
                self.substitutes.setdefault((sub, whom), None)
                if sub not in self.present and sub not in self.absent:
                    self.present[sub] = PersonName(name=sub)
                return

    def _read_stand_ins(self, text: str) -> bool:
        """`X deltog som suppleant for Y`, `X (suppleant for Y)`, each in a run of names or
        sentences: X is the name just before, read back to the first word that is not a name."""
        found = False
        for match in STAND_IN.finditer(text):
            sub, whom = name_before(text[: match.start()]), name_only(match["for"])
            if sub and whom and sub != whom:
                self.substitutes.setdefault((sub, whom), None)
                if sub not in self.present and sub not in self.absent:
                    self.present[sub] = PersonName(name=sub)
                found = True
        return found

    def read_prose(self, text: str) -> None:
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

    def read_attendance_line(self, text: str, mode: str) -> bool:
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
