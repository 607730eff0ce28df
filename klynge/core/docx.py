"""Word documents: what every .docx Klynge writes shares."""

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
