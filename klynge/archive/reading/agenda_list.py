"""The agenda list at the top of a document (a table of contents with page numbers or dot
leaders): its titles are kept to recognise the items' headings in the body."""

import re

from .elements import Line
from .shapes import TIME_SLOT

TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.{3,}|…+|\t|\s{3,}|_{3,})\s*(?P<page>\d{1,3})\s*$")

TOC_HEAD = re.compile(r"^(?:indholdsfortegnelse|indhold|dagsordenspunkter|oversigt)\s*:?$", re.I)


def title_key(text: str) -> str:
    text = TIME_SLOT.sub("", text)
    text = re.sub(r"^(?:punkt\s*)?\d{1,3}\s*[.):]?\s*", "", text, flags=re.I)
    return re.sub(r"\W+", " ", text).strip().lower()[:50]


def split_agenda_list(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Drop a table of contents (titles with page numbers or dot leaders), keep its titles."""
    toc: list[str] = []
    out: list[Line] = []
    in_toc = False
    for line in lines:
        text = line.text
        if TOC_HEAD.match(text):
            in_toc = True
            continue
        match = TOC_LINE.match(text)
        if match and (in_toc or re.search(r"\.{4,}|…", text)):
            toc.append(match["title"].strip())
            in_toc = True
            continue
        if in_toc and text and not match:
            in_toc = False
        out.append(line)
    return out, toc
