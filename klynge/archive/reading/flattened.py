"""Text that has lost its line breaks (one long line per page, as PDF converters and web
transcripts give it) cut back into lines on the signals the structure finder reads anyway:
numbered headings, section words, attendance and header labels. Lines of ordinary length pass
through untouched, and so do glued words that are not a section word.
"""

import re
from dataclasses import replace

from .elements import Line
from .headings import unspace_capitals

#: A line this long holds more than one paragraph's worth of structure.
FLAT_LENGTH = 300

#: Labels that start a new part of a document wherever they stand: the section words of an
#: item and the labels of a header and its attendance lists. Capitalised, as labels are.
_LABELS = (
    r"Sagsfremstilling|Sagsbeskrivelse|Resum[eé]|Indstilling(?:er)?|Beslutning(?:er)?"
    r"|Behandling|Bilag(?:sliste)?|Baggrund|Økonomi|Sagsnr\.?|Sags nr\.?|Dok\.nr\.?"
    r"|Sagsbehandler|Sagen afgøres i|Deltagere|Mødedeltagere|Til stede|Tilstede|Fremmødt"
    r"|Afbud(?:/Fraværende)?|Fraværende|Ikke til stede|Deltog ikke|Medlemmer|Referent|Gæster"
    r"|Mødedato|Mødetidspunkt|Mødested|Mødelokale|Sluttidspunkt|Dato|Tid|Sted|Forum"
    r"|Indholdsfortegnelse|INDHOLDSFORTEGNELSE|Sagsoversigt|Det indstilles"
)
LABEL_BREAK = re.compile(rf"\s+(?=(?:{_LABELS})(?:\s*:|\s+(?=[A-ZÆØÅ0-9])))")
#: ` 3. Titel`: a number and a capitalised word after the end of something else.
#: Not after "den", "d." or "kl.": "den 8. Juni" is a date.
NUMBER_BREAK = re.compile(
    r"(?<=[^\d\s,(])(?<!\bden)(?<!\bd\.)(?<!\bkl\.)\s+(?=\d{1,3}\.\s+[A-ZÆØÅ\"“][a-zæøåA-ZÆØÅ])"
)
#: `Side 1 af 6`, `Side! 1 af! 6`: a page stamp inside the run of text.
PAGE_STAMP = re.compile(r"\s*\bSide!?\s*\d{1,3}\s*af!?\s*\d{1,3}\b\s*")
#: A section word glued to the end of a title: `Meddelelse fra formandenReferat`.
GLUED_SECTION = re.compile(
    r"(?<=[a-zæøå])(?P<word>Referat|Beslutning(?:er)?|Resum[eé]|Sagsfremstilling|Indstilling)$"
)

_GLUED_WORDS = (
    "Referat",
    "Beslutning",
    "Beslutninger",
    "Resume",
    "Resumé",
    "Sagsfremstilling",
    "Indstilling",
)


def split_glued_section(text: str) -> list[str]:
    """`…formandenReferat` → [`…formanden`, `Referat`]; anything else as it is."""
    if not text.endswith(_GLUED_WORDS):
        return [text]
    match = GLUED_SECTION.search(text)
    if not match:
        return [text]
    return [text[: match.start()], match["word"]]


def resegment_text(text: str) -> list[str]:
    """One flattened line as the lines it once was."""
    text = PAGE_STAMP.sub(" ", text)
    pieces: list[str] = []
    for part in NUMBER_BREAK.split(text):
        pieces.extend(LABEL_BREAK.split(part))
    return [p.strip() for p in pieces if p.strip()]


def is_flattened(lines: list[Line]) -> bool:
    """Most of the text stands in a few very long lines."""
    total = sum(len(line.text) for line in lines)
    long = sum(len(line.text) for line in lines if len(line.text) > FLAT_LENGTH * 2)
    return total > 0 and long / total > 0.5


def resegment(lines: list[Line], *, flattened: bool | None = None) -> list[Line]:
    """Long lines cut at their signals; every line's glued section word set apart.
    `flattened`: whether `is_flattened(lines)`, where the caller knows already."""
    flat = is_flattened(lines) if flattened is None else flattened
    out: list[Line] = []
    page = 1
    for line in lines:
        texts = [unspace_capitals(line.text)]
        # Transcripts begin each page's line with the page's number: `3 1. Oplæg …`.
        number = re.match(r"^(\d{1,3})\s+(?=\S)", texts[0]) if flat else None
        if number and int(number[1]) == page and len(texts[0]) > 100:
            texts = [texts[0][number.end() :]]
            page += 1
        if flat and len(texts[0]) > FLAT_LENGTH:
            texts = resegment_text(texts[0])
        for text in texts:
            for piece in split_glued_section(text):
                out.append(line if piece == line.text else replace(line, text=piece))
    return out
