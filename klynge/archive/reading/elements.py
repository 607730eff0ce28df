"""What every format's reader yields: lines of text with where they stood.

Readers (`extract.py`: text, PDF, scans, Word, web pages) say what they know of a line's
place — a heading and its level, a list item, a table row, a page — and the structure finder
(`parse.py`) works on these, never on the raw string. Page furniture (navigation, cookie
banners, share links) is left out by the reader that sees the page's tree, not passed on.
"""

from dataclasses import dataclass


@dataclass
class Line:
    text: str
    heading: bool = False
    page: int | None = None
    #: "text", "heading", "list" (a list item), "table" (a table row) or "label" (a form-like
    #: label cell, e.g. "Beslutning" beside its value); readers that cannot tell say "text".
    kind: str = "text"
    #: A heading's level (1 for h1 or a Word "Heading 1"); 0 where unknown or not a heading.
    level: int = 0
    #: Set where the reader sees bold or larger type (Word runs, PDF fonts); None if unknown.
    strong: bool | None = None
