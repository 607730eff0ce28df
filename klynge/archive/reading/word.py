"""Word (.docx) read as a document: paragraph styles (Heading N, Title, lists), bold, the list
numbers Word draws itself (w:numPr: "1." exists only in the numbering part, not in the text),
and tables row by row, a table used for layout (cells holding tables or several paragraphs, as
Acadre lays out its minutes) read cell by cell.

Headers and footers (running heads, page numbers) are other parts of the package and are not
read."""

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from klynge.core.files import TooManyMembers, open_zip

from .elements import Line
from .extracted import Extracted, ReadError, row_lines, small_int

#: A Word file unpacked: all its parts, and its XML (which is parsed into a tree many times
#: its size; a 1,000-page document.xml is some 10 MB).
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_XML_UNZIPPED = 25 * 1024 * 1024
#: A bold paragraph shorter than this is taken for a heading (of unknown level).
BOLD_HEADING_CHARS = 150

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)", re.IGNORECASE)
TITLE_STYLE = re.compile(r"^(?:title|titel)\b", re.IGNORECASE)
LIST_STYLE = re.compile(r"^(?:list|liste)", re.IGNORECASE)


def _check_zip(data: bytes) -> None:
    try:
        archive = open_zip(data)
        infos = archive.infolist()
    except TooManyMembers as error:
        raise ReadError("Word-filen består af urimeligt mange dele og læses ikke.") from error
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ReadError("Word-filen er beskadiget (ikke en gyldig .docx).") from error
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if total > MAX_UNZIPPED or xml > MAX_XML_UNZIPPED or total / packed > 200:
        raise ReadError("Word-filen pakker ud til urimeligt meget data og læses ikke.")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise ReadError("Filen er ikke et Word-dokument (.docx).")


def read_docx(data: bytes) -> Extracted:
    import docx

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise ReadError("Word-filen er beskadiget og kan ikke læses.") from error
    reader = _WordReader(document)
    try:
        lines = list(reader.blocks(document))
    except (KeyError, ValueError, AttributeError) as error:  # a part or style that is not there
        raise ReadError("Word-filen er beskadiget og kan ikke læses.") from error
    return Extracted("docx", lines, 1)


class _WordReader:
    def __init__(self, document: Any) -> None:
        self.numbering = _Numbering(document)

    def blocks(self, container: Any) -> Iterator[Line]:
        from docx.table import Table

        for block in _inner_content(container):
            if isinstance(block, Table):
                yield from self.table(block)
                yield Line("")
            else:
                yield from self.paragraph(block)

    def paragraph(self, paragraph: Any) -> Iterator[Line]:
        text = paragraph_text(paragraph).strip()
        style = paragraph.style
        name = (style.name if style is not None else "") or ""
        marker = self.numbering.marker(paragraph)
        if not text:
            yield Line("")  # a blank paragraph still ends a list of names
            return
        runs = [r for r in paragraph.runs if r.text.strip()]
        style_bold = bool(style is not None and style.font is not None and style.font.bold)
        bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
        level = _heading_level(paragraph, name)
        if marker and not re.match(r"^\d{1,4}\s*[.)]", text):
            text = f"{marker} {text}"
        for n, part in enumerate(text.splitlines() or [text]):
            part = part.strip()
            if not part:
                continue
            if level:
                yield Line(part, heading=True, kind="heading", level=level, strong=bold)
            elif bold and len(part) < BOLD_HEADING_CHARS:
                # Bold and short: a heading of unknown level (many minutes use no styles).
                yield Line(part, heading=True, kind="heading", level=0, strong=True)
            elif marker or LIST_STYLE.match(name):
                text_part = part if marker or n else f"- {part}"
                yield Line(text_part, kind="list", strong=bold)
            else:
                yield Line(part, strong=bold)

    def table(self, table: Any) -> Iterator[Line]:
        for row in table.rows:
            cells = _unique_cells(row)
            if any(_is_layout(cell) for cell in cells):
                for cell in cells:
                    yield from self.blocks(cell)
                continue
            texts: list[str] = []
            for cell in cells:
                text = "\n".join(
                    t
                    for p in _paragraphs(cell)
                    if (t := paragraph_text(p).replace("\t", " ").strip())
                )
                if text and (not texts or texts[-1] != text):
                    texts.append(text)
            if texts:
                yield from row_lines(texts)


def _inner_content(container: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, those inside content controls (w:sdt, as templates hold
    their fields and tables of contents) and custom XML too; python-docx gives only the
    container's own children."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = getattr(container, "_body", None)  # a Document: its body holds the blocks
    if body is not None:
        container = body
    element = container._element
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child.tag == f"{W}p":
            yield Paragraph(child, container)
        elif child.tag == f"{W}tbl":
            yield Table(child, container)
        elif child.tag in {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"} and len(stack) < 50:
            stack.append(iter(child))


def _paragraphs(cell: Any) -> list[Any]:
    from docx.table import Table

    return [block for block in _inner_content(cell) if not isinstance(block, Table)]


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text with what python-docx leaves out: inline content controls (w:sdt),
    fields' results, text boxes. Deleted text (w:delText) and field codes are not text."""
    out: list[str] = []
    for element in paragraph._p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = element.tag
        if tag == f"{W}t":
            out.append(element.text or "")
        elif tag == f"{W}tab":
            if element.getparent() is not None and element.getparent().tag == f"{W}r":
                out.append("\t")  # not a tab stop in the paragraph's properties
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


def _unique_cells(row: Any) -> list[Any]:
    """A row's cells, a merged cell once."""
    seen: set[int] = set()
    cells = []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _is_layout(cell: Any) -> bool:
    """A cell that holds a table or a heading is laid out, not a value."""
    if cell._tc.find(f"{W}tbl") is not None:
        return True
    return any(
        paragraph_text(p).strip() and _heading_level(p, (p.style.name if p.style else "") or "")
        for p in _paragraphs(cell)
    )


def _heading_level(paragraph: Any, style_name: str) -> int:
    if match := HEADING_STYLE.match(style_name):
        return int(match[1])
    if TITLE_STYLE.match(style_name):
        return 1
    # An outline level set on the paragraph or its style (0 is the first level; 9 is body text).
    for element in (paragraph._p.pPr, *_style_chain_ppr(paragraph.style)):
        level = element.find(f"{W}outlineLvl") if element is not None else None
        if level is not None:
            value = level.get(f"{W}val", "9")
            level_number = small_int(value, 9)
            return level_number + 1 if level_number < 9 else 0
    return 0


def _style_chain_ppr(style: Any) -> Iterator[Any]:
    seen = 0
    while style is not None and seen < 20:
        yield style.element.pPr
        style = style.base_style
        seen += 1


class _Numbering:
    """The number Word draws before a numbered paragraph, counted as Word counts: per list
    definition (abstractNum) and level, deeper levels starting over under a new parent."""

    def __init__(self, document: Any) -> None:
        self.abstract: dict[str, Any] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(f"{W}abstractNum"):
            self.abstract[abstract.get(f"{W}abstractNumId", "")] = abstract
        for num in root.findall(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            ref = num.find(f"{W}abstractNumId")
            self.num_to_abstract[num_id] = ref.get(f"{W}val", "") if ref is not None else ""
            for override in num.findall(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                level = override.get(f"{W}ilvl", "0")
                if start is not None:
                    self.overrides.setdefault(num_id, {})[small_int(level, 0)] = small_int(
                        start.get(f"{W}val"), 1
                    )

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        for ppr in (paragraph._p.pPr, *_style_chain_ppr(paragraph.style)):
            num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
            if num_pr is None:
                continue
            num_id = num_pr.find(f"{W}numId")
            ilvl = num_pr.find(f"{W}ilvl")
            num = num_id.get(f"{W}val", "0") if num_id is not None else "0"
            level = ilvl.get(f"{W}val", "0") if ilvl is not None else "0"
            return (num, small_int(level, 0)) if num != "0" else None
        return None

    def _level(self, abstract_id: str, level: int) -> Any:
        abstract = self.abstract.get(abstract_id)
        if abstract is None:
            return None
        for lvl in abstract.findall(f"{W}lvl"):
            if lvl.get(f"{W}ilvl") == str(level):
                return lvl
        return None

    def marker(self, paragraph: Any) -> str:
        """ "3." or "2.1" for a numbered paragraph, "-" for a bullet, "" for none."""
        found = self._num_pr(paragraph)
        if found is None or not paragraph_text(paragraph).strip():
            return ""
        num_id, level = found
        abstract_id = self.num_to_abstract.get(num_id, "")
        lvl = self._level(abstract_id, level)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden, start in self.overrides.get(num_id, {}).items():
                counters[overridden] = start - 1
        counters[level] = counters.get(level, _start(lvl) - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        text = _val(lvl, "lvlText")
        if _val(lvl, "numFmt") in {"bullet", "none"} or "%" not in text:
            return "-"

        def number(match: re.Match[str]) -> str:
            n = int(match[1]) - 1
            lvl_n = self._level(abstract_id, n)
            value = counters.get(n, _start(lvl_n) if lvl_n is not None else 1)
            return _format(value, _val(lvl_n, "numFmt") if lvl_n is not None else "decimal")

        return re.sub(r"%(\d)", number, text).strip()


def _val(lvl: Any, name: str) -> str:
    element = lvl.find(f"{W}{name}")
    return element.get(f"{W}val", "") if element is not None else ""


def _start(lvl: Any) -> int:
    return small_int(_val(lvl, "start"), 1)


def _format(value: int, kind: str) -> str:
    if kind in {"lowerLetter", "upperLetter"} and 0 < value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if kind == "upperLetter" else letter
    if kind in {"lowerRoman", "upperRoman"} and 0 < value < 40:
        tens, ones = divmod(value, 10)
        roman = "x" * tens + ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][ones]
        return roman.upper() if kind == "upperRoman" else roman
    return str(value)
