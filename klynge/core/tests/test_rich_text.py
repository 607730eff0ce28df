"""Rich text keeps its structure everywhere: plain text becomes paragraphs and lists, and
Word gets the same paragraphs, headings, lists and tables as the page and the PDF."""

import io

from docx import Document

from klynge.core.docx import add_rich_text
from klynge.core.text import sanitize_rich_text


def test_plain_text_becomes_paragraphs_and_lists():
    text = "Baggrund.\nMere baggrund.\n\n- Kommunerne\n- Regionen\n\n1. Først\n2. Så\n\nTil slut"
    assert sanitize_rich_text(text) == (
        "<p>Baggrund.<br>Mere baggrund.</p>"
        "<ul><li>Kommunerne</li><li>Regionen</li></ul>"
        "<ol><li>Først</li><li>Så</li></ol>"
        "<p>Til slut</p>"
    )


def test_plain_text_is_escaped_and_html_is_left_to_the_sanitiser():
    assert sanitize_rich_text("1 < 2 & <3") == "<p>1 &lt; 2 &amp; &lt;3</p>"
    assert sanitize_rich_text("<p>Hej <script>x</script></p>") == "<p>Hej </p>"
    assert sanitize_rich_text("") == ""


def word(rich: str):
    document = Document()
    add_rich_text(document, sanitize_rich_text(rich))
    return Document(io.BytesIO(_save(document)))


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_gets_headings_lists_and_formatting():
    document = word(
        "<h3>Baggrund</h3><p>Det er <strong>vigtigt</strong> og <em>haster</em>.</p>"
        "<ul><li>Et<ul><li>Under</li></ul></li><li>To</li></ul><ol><li>Først</li></ol>"
        '<p>Se <a href="https://www.sst.dk">Sundhedsstyrelsen</a></p>'
    )
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled == [
        ("Heading 3", "Baggrund"),
        ("Normal", "Det er vigtigt og haster."),
        ("List Bullet", "Et"),
        ("List Bullet 2", "Under"),
        ("List Bullet", "To"),
        ("List Number", "Først"),
        ("Normal", "Se Sundhedsstyrelsen (https://www.sst.dk)"),
    ]
    bold = [run.text for run in document.paragraphs[1].runs if run.bold]
    italic = [run.text for run in document.paragraphs[1].runs if run.italic]
    assert (bold, italic) == (["vigtigt"], ["haster"])


def test_word_keeps_tables():
    document = word(
        "<table><thead><tr><th>Indsats</th><th>Status</th></tr></thead>"
        "<tbody><tr><td>IPS</td><td>Gul</td></tr><tr><td>Rehab</td><td>Rød</td></tr></tbody>"
        "</table>"
    )
    [table] = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Indsats", "Status"],
        ["IPS", "Gul"],
        ["Rehab", "Rød"],
    ]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_bidirectional_overrides_are_removed_from_text_the_marks_stay():
    """An override makes a text read otherwise than it is written (a file name or an answer
    that shows "fdp.exe" as "exe.pdf"); a mark is what right-to-left text really needs."""
    from klynge.core.text import clean_text

    assert clean_text("svar\u202eexe.pdf\u202c og \u2066isoleret\u2069") == (
        "svarexe.pdf og isoleret"
    )
    assert clean_text("\u200fمرحبا\u200e") == "\u200fمرحبا\u200e"
