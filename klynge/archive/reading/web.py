"""Web pages read as a document tree: FirstAgenda publication pages, eDoc/SBSYS/Acadre/PolWeb/
InfRef exports, municipal and regional sites, print pages.

Page furniture (menus, cookie banners, buttons, share links, dialogs, breadcrumbs) is left out
by where it stands, never by what it says, in two steps:

1. `_prune`: subtrees that are furniture by their kind: navigation, forms, buttons and dialogs
   (by tag, by ARIA role, by class or id tokens such as `nav`, `modal`, `cookie`), and small
   hidden ones. A button that holds a heading is kept: FirstAgenda puts each item's title in
   the button that unfolds it.
2. `_keep`: the page's content is the smallest element that holds every paragraph of running
   text. Outside it a block passes only as a heading, a table row or a sentence; link lists
   and short scraps ("You are here", "0", a lone "UDVALG") do not. Inside it, a link that only
   jumps within the page ("Til toppen") and a link repeated on every item do not.

Each block becomes a `Line` with its kind (heading with level, list item with the number the
browser would draw, table row, label), whether it is bold throughout, in the page's order. A
bare number just before a heading (FirstAgenda's number cell) is joined to it: "1. Titel".
"""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .elements import Line
from .extracted import Extracted, ReadError, decode, row_lines, small_int

#: Never content, wherever they stand.
DROP_TAGS = {
    "script", "style", "noscript", "template", "head", "svg", "canvas", "iframe", "object",
    "embed", "video", "audio", "map", "nav", "aside", "footer", "form", "select", "option",
    "input", "textarea", "dialog", "menu", "title", "meta", "link",
}  # fmt: skip
#: Widgets: dropped unless they hold a heading or unfold a part of the page that is content
#: (then they are that part's title: FirstAgenda's items, accordions of municipal sites).
BUTTON_TAGS = {"button"}
FURNITURE_ROLES = {
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "menuitem", "toolbar", "tooltip", "alert", "status", "tablist", "tab",
    "log", "marquee", "timer", "progressbar", "button", "switch", "checkbox", "radio",
    "combobox", "slider", "spinbutton", "searchbox", "textbox",
}  # fmt: skip
#: Parts of class and id names (split at -, _ and spaces) that name furniture.
FURNITURE_NAME_PARTS = {
    "nav", "navbar", "navigation", "menu", "menus", "megamenu", "breadcrumb", "breadcrumbs",
    "cookie", "cookies", "cookiebanner", "consent", "gdpr", "skip", "skiplink", "share",
    "sharing", "social", "some", "toolbar", "sidebar", "topbar", "modal", "dialog", "popup",
    "popover", "tooltip", "dropdown", "offcanvas", "spinner", "loader", "pagination", "pager",
    "btn", "button", "buttons", "feedback", "newsletter", "subscribe", "searchbox", "quicklinks",
    "badge",
}  # fmt: skip
#: Whole class or id names that do (parts of them, like "hidden" in "hidden-xs", may not).
FURNITURE_NAMES = {
    "hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
    "site-header", "site-footer", "global-header", "global-footer", "page-footer",
}  # fmt: skip
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "li", "ul", "ol", "dl", "dt", "dd",
    "thead", "tbody", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "address", "figure", "figcaption", "hr", "details", "fieldset", "caption", "center",
    "td", "th", "body", "button", "summary",
}  # fmt: skip
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Tags inside a table cell that make its table a layout table (read as blocks, not rows).
LAYOUT_TAGS = (
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "ul", "ol", "table", "section", "article",
    "dl", "blockquote",
)  # fmt: skip
BOLD_TAGS = {"b", "strong"}
#: A hidden subtree with more text than this is folded-up content, not furniture.
HIDDEN_TEXT_KEEP = 200
#: Running text: a block with this many characters outside links marks the page's content.
PARAGRAPH_CHARS = 80
#: Deeper than this, the rest of a subtree is read as plain text (Python's own stack).
MAX_DEPTH = 300
CLASS_HEADING = re.compile(r"^(?:mso)?(?:heading|overskrift)[-_]?([1-6])$|^msotitle()$")
#: A paragraph bold throughout and shorter than this is a heading of unknown level (as in Word).
BOLD_HEADING_CHARS = 150
NUMBER_ONLY = re.compile(r"^(?:punkt\s+)?(\d{1,4})\.?$", re.IGNORECASE)
STARTS_NUMBERED = re.compile(r"^\s*\d{1,4}\s*[.)]")


@dataclass
class _Block:
    text: str
    owner: Any
    kind: str = "text"
    level: int = 0
    strong: bool = False
    link_share: float = 0.0
    hrefs: list[str] = field(default_factory=list)

    @property
    def inner_link(self) -> bool:
        """Only a link that stays on the page (or runs a script): "Til toppen", a fold."""
        return self.link_share > 0.95 and all(
            not href or href.startswith(("#", "javascript:")) for href in self.hrefs
        )


def read_html(data: bytes) -> Extracted:
    import lxml.html
    from lxml import etree

    text = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError) as error:
        raise ReadError("Websiden kan ikke læses.") from error
    body = root.find("body")
    body = body if body is not None else root
    _prune(body)
    reader = _Reader()
    reader.walk(body, 0)
    reader.flush()
    blocks = _keep(reader.blocks)
    return Extracted("html", list(_lines(blocks)), 1)


# --- 1. Furniture by kind ----------------------------------------------------------------------


def _names(element: Any) -> Iterator[str]:
    for attribute in ("class", "id"):
        yield from (element.get(attribute) or "").lower().split()


def _has_heading(element: Any) -> bool:
    return any(True for _ in element.iter(*HEADING_TAGS)) or any(
        (e.get("role") or "") == "heading" for e in element.iter()
    )


def _is_furniture(element: Any, ids: dict[str, Any]) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if not tag or tag in DROP_TAGS:
        return True  # comments, processing instructions, and tags that never hold content
    role = (element.get("role") or "").lower()
    names = list(_names(element))
    parts = {part for name in names for part in re.split(r"[-_]", name) if part}
    widget = (
        tag in BUTTON_TAGS
        or role in {"button", "menuitem"}
        or bool(parts & {"btn", "button", "buttons"})
    )
    if widget:
        return not (_has_heading(element) or _unfolds_content(element, ids))
    if role in FURNITURE_ROLES or parts & FURNITURE_NAME_PARTS or FURNITURE_NAMES & set(names):
        return True
    if tag == "header" and not any(
        a.tag in {"article", "main", "section"} for a in element.iterancestors()
    ):
        # The site's banner; the page's title may stand in it, as its h1.
        return not any(True for _ in element.iter("h1"))
    style = re.sub(r"\s+", "", (element.get("style") or "").lower())
    hidden = (
        element.get("hidden") is not None
        or (element.get("aria-hidden") or "").lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )
    return hidden and len(element.text_content().strip()) <= HIDDEN_TEXT_KEEP


def _unfolds_content(element: Any, ids: dict[str, Any]) -> bool:
    """A disclosure button whose part of the page (aria-controls) holds running text."""
    target = (element.get("aria-controls") or "").split()
    if not target or not element.text_content().strip():
        return False
    found = ids.get(target[0])
    if found is None or found.tag in BUTTON_TAGS or _is_furniture(found, ids):
        return False
    text = found.text_content()
    links = sum(len(a.text_content()) for a in found.iter("a"))
    return len(text.strip()) - links >= PARAGRAPH_CHARS


def _prune(body: Any) -> None:
    """Take furniture subtrees out of the tree (their tails, text that follows, stay)."""
    doomed: list[Any] = []
    ids = {e.get("id"): e for e in body.iter() if isinstance(e.tag, str) and e.get("id")}
    stack = [body]
    while stack:
        element = stack.pop()
        for child in element:
            if _is_furniture(child, ids):
                doomed.append(child)
            else:
                stack.append(child)
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)


# --- Blocks in the page's order ----------------------------------------------------------------


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        #: The pending block's text: (text, inside a link, bold) pieces, and its links.
        self.parts: list[tuple[str, bool, bool]] = []
        self.hrefs: list[str] = []
        #: The pending block's kind, level and element, the innermost block around it.
        self.context: list[tuple[str, int, Any]] = [("text", 0, None)]
        self.prefix = ""

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(t for t, _, _ in self.parts)).strip()
        if text:
            kind, level, owner = self.context[-1]
            letters = sum(len(t.strip()) for t, _, _ in self.parts) or 1
            linked = sum(len(t.strip()) for t, link, _ in self.parts if link)
            bold = sum(len(t.strip()) for t, _, b in self.parts if b)
            if self.prefix and not STARTS_NUMBERED.match(text):
                text = f"{self.prefix} {text}"
            self.prefix = ""
            self.blocks.append(
                _Block(
                    text, owner, kind, level, bold >= letters, linked / letters, list(self.hrefs)
                )
            )
        self.parts.clear()
        self.hrefs.clear()

    def add(self, text: str | None, *, link: bool, bold: bool) -> None:
        if text:
            self.parts.append((text, link, bold))

    def walk(self, element: Any, depth: int, *, link: bool = False, bold: bool = False) -> None:
        tag = element.tag.lower()
        if depth > MAX_DEPTH:
            self.add(element.text_content(), link=link, bold=bold)
            return
        if tag == "table":
            self.flush()
            self.table(element, depth)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
            self.context.append(self.block_context(element, tag))
        if tag == "li":
            self.prefix = _list_marker(element)
        if tag == "a" and element.get("href") is not None:
            link = True
            self.hrefs.append(element.get("href").strip())
        bold = bold or tag in BOLD_TAGS
        self.add(element.text, link=link, bold=bold)
        for child in element:
            self.walk(child, depth + 1, link=link, bold=bold)
            self.add(child.tail, link=link, bold=bold)
        if block:
            self.flush()
            self.context.pop()

    def block_context(self, element: Any, tag: str) -> tuple[str, int, Any]:
        if tag in HEADING_TAGS:
            return "heading", HEADING_TAGS[tag], element
        if (element.get("role") or "") == "heading":
            return "heading", min(small_int(element.get("aria-level"), 0), 6), element
        if tag in {"summary", "button"}:
            return "heading", 0, element  # the title of what it unfolds
        for name in _names(element):
            # Word's HTML export and print pages name their heading styles ("MsoHeading2").
            if match := CLASS_HEADING.search(name):
                return "heading", int(match[1] or 1), element
        if tag == "li":
            return "list", 0, element
        if tag == "dt":
            return "label", 0, element
        if tag == "th":
            return "label", 0, element
        parent_kind = self.context[-1][0]
        # The paragraphs inside a list item are the item's.
        return ("list" if parent_kind == "list" else "text"), 0, element

    def table(self, table: Any, depth: int) -> None:
        for row in table.xpath("./tr|./*/tr"):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in {"td", "th"}]
            layout = any(
                e.text_content().strip() for cell in cells for e in cell.iter(*LAYOUT_TAGS)
            )
            if layout:
                # A table used to lay out blocks (FirstAgenda's items): each cell read as blocks.
                for cell in cells:
                    self.walk(cell, depth + 1)
                continue
            texts = [re.sub(r"\s+", " ", c.text_content()).strip() for c in cells]
            texts = [t for t in texts if t]
            if not texts:
                continue
            letters = sum(len(t) for t in texts) or 1
            linked = sum(len(a.text_content().strip()) for a in row.iter("a") if a.get("href"))
            hrefs = [a.get("href").strip() for a in row.iter("a") if a.get("href")]
            bold = all(
                sum(len(b.text_content().strip()) for b in c.iter(*BOLD_TAGS, "th"))
                >= len(c.text_content().strip())
                for c in cells
                if c.text_content().strip()
            )
            for line in row_lines(texts):
                self.blocks.append(
                    _Block(line.text, row, line.kind, 0, bold, min(1.0, linked / letters), hrefs)
                )


def _list_marker(item: Any) -> str:
    """What the browser draws before a list item: its number in an <ol>, else a dash."""
    parent = item.getparent()
    if parent is None or parent.tag != "ol" or (parent.get("type") or "1") != "1":
        return "-"
    number = small_int(parent.get("start"), 1)
    for sibling in parent:
        if sibling is item:
            break
        if isinstance(sibling.tag, str) and sibling.tag == "li":
            number = small_int(sibling.get("value"), number) + 1
    return f"{small_int(item.get('value'), number)}."


# --- 2. Furniture by place ---------------------------------------------------------------------


def _content_root(blocks: list[_Block]) -> Any:
    """The smallest element holding every paragraph of running text and every heading (None:
    the page has neither). A block counts by the element around it, so that one paragraph
    alone marks its container, not itself; headings count so that items with short texts
    beside one long one are not taken for the page's margins."""
    root: list[Any] | None = None
    for block in blocks:
        marks = block.kind == "heading" or (
            len(block.text) * (1 - block.link_share) >= PARAGRAPH_CHARS
        )
        parent = block.owner.getparent() if block.owner is not None else None
        if not marks or block.link_share > 0.5 or parent is None:
            continue
        chain = [parent, *parent.iterancestors()][::-1]
        if root is None:
            root = chain
            continue
        shared = 0
        while shared < min(len(root), len(chain)) and root[shared] is chain[shared]:
            shared += 1
        root = root[:shared]
    return root[-1] if root else None


def _inside(element: Any, root: Any) -> bool:
    return element is root or any(a is root for a in element.iterancestors())


def _keep(blocks: list[_Block]) -> list[_Block]:
    root = _content_root(blocks)
    repeated = Counter(b.text for b in blocks if b.link_share > 0.95)
    kept: list[_Block] = []
    for block in blocks:
        inside = root is None or (block.owner is not None and _inside(block.owner, root))
        if inside:
            if block.inner_link and len(block.text.split()) <= 4:
                continue  # "Til toppen", "Vis mere"
            if block.inner_link and repeated[block.text] >= 3:
                continue
            if (
                block.kind == "text"
                and block.link_share > 0.95
                and repeated[block.text] >= 3
                and len(block.text.split()) <= 4
            ):
                # The same link standing alone by every item ("Udskriv", "Del"); documents
                # linked from an item stand in a list or a table and stay.
                continue
        elif block.link_share > 0.5:
            continue  # menus, breadcrumbs, "Tilbage til forsiden"
        elif block.kind in {"text", "list"} and _scrap(block.text):
            continue
        kept.append(block)
    return kept


def _scrap(text: str) -> bool:
    """A few words and no figure: "You are here", "UDVALG", "Abonnér"; not "8. oktober 2025"."""
    return len(text.split()) <= 3 and not re.search(r"\d{2}", text)


# --- Lines ------------------------------------------------------------------------------------


def _lines(blocks: list[_Block]) -> Iterator[Line]:
    pending: _Block | None = None
    for block in blocks:
        if pending is not None:
            number = NUMBER_ONLY.match(pending.text)
            if block.kind == "heading" and number and not STARTS_NUMBERED.match(block.text):
                # FirstAgenda: the item's number in a cell of its own, its title a heading.
                block.text = f"{number[1]}. {block.text}"
            elif _term_and_value(pending, block):
                # A definition list's term and its value, as a table's label row reads.
                block.text = f"{pending.text.rstrip(':')}: {block.text}"
                block.kind = "label"
            else:
                yield _line(pending)
        pending = block
    if pending is not None:
        yield _line(pending)


def _term_and_value(term: _Block, value: _Block) -> bool:
    if term.owner is None or value.owner is None or term.owner.tag != "dt":
        return False
    return value.owner.tag == "dd" and value.owner.getprevious() is term.owner


def _line(block: _Block) -> Line:
    if block.kind == "text" and block.strong and len(block.text) < BOLD_HEADING_CHARS:
        block.kind = "heading"  # level 0: bold, not marked up as a heading
    heading = block.kind == "heading"
    return Line(
        block.text, heading=heading, kind=block.kind, level=block.level, strong=block.strong
    )
