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
