"""Word documents: what every .docx Klynge writes shares."""

from typing import Any

from klynge.core.text import clean_text


def page_footer(document: object, text: str) -> None:
    """Every page: `text` and "Side N af M" in the footer, as Word fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.sections[0].footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.text = clean_text(text) + " · Side "

    def field(code: str) -> None:
        run = paragraph.add_run()
        for kind, value in [("begin", None), (None, code), ("end", None)]:
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = value
            run._r.append(element)

    field("PAGE")
    paragraph.add_run(" af ")
    field("NUMPAGES")


def page_header(document: object, text: str, *, logo: bytes = b"", mark: str = "") -> None:
    """Every page: the logo (if any), `text`, and a `mark` such as UDKAST at the right."""
    import contextlib
    import io

    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Cm, Pt, RGBColor

    section = document.sections[0]  # type: ignore[attr-defined]
    paragraph = section.header.paragraphs[0]
    if logo:
        # A logo Word cannot read must not stop the agenda.
        with contextlib.suppress(UnrecognizedImageError, ValueError, OSError):
            paragraph.add_run().add_picture(io.BytesIO(logo), height=Cm(1))
            paragraph.add_run("  ")
    paragraph.add_run(clean_text(text))
    if mark:
        width = section.page_width - section.left_margin - section.right_margin
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        run = paragraph.add_run("\t" + mark)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)


def add_rich_text(document: object, rich: str) -> None:
    """Sanitised rich text (`core.text.RICH_TEXT_TAGS`) as Word structure: paragraphs,
    headings, bullet and numbered lists (nested), bold/italic/underline, links, tables with
    a header row, quotes; the same structure the page and the PDF show."""
    from lxml import html as lxml_html

    if not rich.strip():
        return
    for node in lxml_html.fragments_fromstring(rich):
        if isinstance(node, str):
            if node.strip():
                document.add_paragraph(clean_text(node.strip()))  # type: ignore[attr-defined]
            continue
        _block(document, node, level=0)


_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4}


def _block(document: Any, node: Any, level: int) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _HEADINGS:
        document.add_heading(clean_text(node.text_content().strip()), level=_HEADINGS[tag])
    elif tag in {"ul", "ol"}:
        style = "List Bullet" if tag == "ul" else "List Number"
        for child in node:
            if getattr(child, "tag", "") != "li":
                continue
            paragraph = document.add_paragraph(style=style + (f" {level + 1}" if level else ""))
            _inline(paragraph, child, skip_lists=True)
            for nested in child:
                if getattr(nested, "tag", "") in {"ul", "ol"}:
                    _block(document, nested, min(level + 1, 2))
    elif tag == "table":
        rows = [row for row in node.iter("tr")]
        if not rows:
            return
        width = max(len([c for c in row if c.tag in {"td", "th"}]) for row in rows)
        table = document.add_table(rows=0, cols=max(width, 1))
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for index, cell in enumerate(c for c in row if c.tag in {"td", "th"}):
                paragraph = cells[index].paragraphs[0]
                _inline(paragraph, cell, bold=cell.tag == "th")
    elif tag == "blockquote":
        paragraph = document.add_paragraph(style="Quote")
        _inline(paragraph, node)
    else:  # p, div and anything else: one paragraph
        paragraph = document.add_paragraph()
        _inline(paragraph, node)


def _inline(
    paragraph: Any,
    node: Any,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    skip_lists: bool = False,
) -> None:
    def run(text: str | None) -> None:
        if text:
            piece = paragraph.add_run(clean_text(text))
            piece.bold, piece.italic = bold or None, italic or None
            piece.underline = underline or None

    run(node.text)
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if skip_lists and tag in {"ul", "ol"}:
            continue
        if tag == "br":
            paragraph.add_run().add_break()
        elif tag == "a":
            href = child.get("href", "")
            text = child.text_content()
            run(text + (f" ({href})" if href and href != text else ""))
        else:
            _inline(
                paragraph,
                child,
                bold=bold or tag in {"b", "strong", "th"},
                italic=italic or tag in {"i", "em"},
                underline=underline or tag == "u",
            )
        # The text after a child belongs to this node's formatting.
        if child.tail:
            run(child.tail)
