"""User text as Klynge stores it: one cleaning and one set of limits, whoever writes.

Forms, the API, services and importers all end in a service, and every service passes its
text through `clean_values` (directly, or through `save_with_audit`). So a title typed in a
form, sent to the API or imported from a file is held to the same rules, and whatever is
stored can be rendered in every export (PDF, .docx, .xlsx, .ics).
"""

import html
import re
from typing import Any

import nh3
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from klynge.core.exceptions import ServiceError

#: Control characters (but tab, line feed and carriage return), lone surrogates and the two
#: non-characters: invisible in text, refused by XML (.docx, .xlsx) and by PostgreSQL (NUL);
#: and the bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9), which make
#: a text read otherwise than it is written ("Trojan source"); the marks (U+200E/F) stay.
_UNSTORABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)

#: A text field without a max_length still has one: long enough for any real sagsfremstilling,
#: short enough that no single field can flood a page or a document.
TEXT_MAX_LENGTH = 100_000
#: A list of short texts (the at-clauses of an indstilling, deliverables, milestones).
LIST_MAX_ITEMS = 100
LIST_ITEM_MAX_LENGTH = 2_000

#: Tags allowed in rich text (a sagsfremstilling): what minutes use, nothing that runs or loads.
RICH_TEXT_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
}


def clean_text(value: str) -> str:
    """The text without the characters no document format can hold."""
    return _UNSTORABLE.sub("", value)


def lines_of(text: str) -> list[str]:
    """The non-empty lines of `text`, stripped (a form's "one per line" field)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


#: Danish letters in a file name, spelt as Danes write them without æ, ø, å (the search
#: folds them the same way, `search.text.fold`).
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
#: En and em dashes, minus signs and the like: a hyphen in a file name (2027–2030).
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def file_slug(text: str, *, fallback: str, max_length: int = 80) -> str:
    """A document's file name (without its suffix) from its title, for a download or a
    bilag: Django's `slugify`, but with æ, ø and å spelt out (it drops them: "nrsundhedsplan")
    and a dash between years kept as a hyphen (2027–2030, not 20272030)."""
    spelt = _DASHES.sub("-", text.translate(_DANISH_LETTERS))
    return slugify(spelt)[:max_length].strip("-") or fallback


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h\d|tr|div|blockquote)>|<br\s*/?>", re.I)


def rich_text_to_plain(rich: str) -> str:
    """Rich text as plain text: a line for each paragraph, list item, heading or table row."""
    return html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", rich)))


_HAS_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_BULLET = re.compile(r"^\s*[-*•–]\s+")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")


def plain_text_to_html(text: str) -> str:
    """Plain text as rich text: blank lines part paragraphs, lines starting "- ", "* " or
    "•" make a bullet list, "1." or "1)" a numbered one, other line breaks stay breaks."""
    # Each line is (kind, text): "p" for text, "ul"/"ol" for list entries; a blank line
    # ends the run it is in. Runs of the same kind are then written as one block.
    runs: list[tuple[str, list[str]]] = []
    for line in text.replace("\r\n", "\n").strip().split("\n"):
        if not line.strip():
            runs.append(("", []))
            continue
        kind = "ul" if _BULLET.match(line) else "ol" if _NUMBER.match(line) else "p"
        entry = (_BULLET if kind == "ul" else _NUMBER).sub("", line).strip()
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(entry)
        else:
            runs.append((kind, [entry]))
    blocks = []
    for kind, entries in runs:
        escaped = [html.escape(entry) for entry in entries]
        if kind == "p":
            blocks.append("<p>" + "<br>".join(escaped) + "</p>")
        elif kind:
            items = "".join(f"<li>{entry}</li>" for entry in escaped)
            blocks.append(f"<{kind}>{items}</{kind}>")
    return "".join(blocks)


def sanitize_rich_text(value: str) -> str:
    """The one sanitiser for rich text: allowed tags only, links to http(s) and mail only.
    Text without any tags (typed, from the API or an import) becomes paragraphs and lists."""
    value = clean_text(value)
    if value.strip() and not _HAS_TAG.search(value):
        value = plain_text_to_html(value)
    return nh3.clean(
        value,
        tags=RICH_TEXT_TAGS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _label(field: Any) -> str:
    return capfirst(str(field.verbose_name))


def clean_values(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """`values` with every text cleaned and checked against the field's limits.

    Raises ServiceError (a Danish message naming the field) when a text is too long.
    """
    cleaned = dict(values)
    for name, value in values.items():
        try:
            field: Any = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if isinstance(value, str):
            value = clean_text(value)
            if field is not None and not field.blank and not value.strip():
                raise ServiceError(_("“%(field)s” skal udfyldes.") % {"field": _label(field)})
            limit = getattr(field, "max_length", None) or TEXT_MAX_LENGTH
            if len(value) > limit:
                raise ServiceError(
                    _("“%(field)s” må højst være %(limit)s tegn (den er %(length)s).")
                    % {
                        "field": _label(field) if field is not None else name,
                        "limit": limit,
                        "length": len(value),
                    }
                )
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = [clean_text(v) for v in value]
            label = _label(field) if field is not None else name
            if len(value) > LIST_MAX_ITEMS or any(len(v) > LIST_ITEM_MAX_LENGTH for v in value):
                raise ServiceError(
                    _("“%(field)s” må højst have %(items)s linjer på hver %(limit)s tegn.")
                    % {"field": label, "items": LIST_MAX_ITEMS, "limit": LIST_ITEM_MAX_LENGTH}
                )
        cleaned[name] = value
    return cleaned


#: A spreadsheet takes a cell starting with one of these as a formula (or DDE command).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A value safe for a spreadsheet cell: text is cleaned and never read as a formula.

    Text that would start a formula gets a leading apostrophe, as OWASP advises for CSV and
    spreadsheet exports: shown, never evaluated (`=HYPERLINK(…)` from a status report).
    """
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def format_kroner(amount: int | None) -> str:
    """Whole kroner the Danish way: `1.250.000 kr.` (a minus sign for a correction); an
    empty string for no amount. Integers only: money is never a float here."""
    if amount is None:
        return ""
    digits = f"{abs(int(amount)):,}".replace(",", ".")
    return f"{'−' if amount < 0 else ''}{digits} kr."
