"""The readers per format (issue 23): lines with where they stood, and no page furniture.

Small files are made in the tests; the real files of ../shared/corpus-real/files are read where
they are present (all of them are in the development part)."""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from klynge.archive.reading.elements import Line
from klynge.archive.reading.extract import extract
from klynge.archive.reading.web import read_html
from klynge.archive.reading.word import read_docx

REAL_FILES = Path(__file__).resolve().parents[4] / "shared" / "corpus-real" / "files"


def _texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines if line.text.strip()]


def _html(body: str) -> list[Line]:
    page = f"<!doctype html><html><head><title>Side</title></head><body>{body}</body></html>"
    return read_html(page.encode()).lines


# --- Web pages ---------------------------------------------------------------------------------

#: A municipal page: its furniture in the forms the issue names, and the minutes in <main>.
MUNICIPAL_PAGE = """
<header><a href="/">Forside</a><ul><li><a href="/politik">Politik</a></li></ul></header>
<div class="cookie-consent"><p>Vi bruger cookies. Se vores "cookiepolitik".</p>
  <a href="/cookies">Læs mere</a></div>
<div class="crumbs"><span>You are here</span>
  <a href="/">Forside</a> / <a href="/p">Politik</a></div>
<div class="topline"><span>UDVALG</span> <span>0</span></div>
<main>
  <h1>Social- og Sundhedsudvalget</h1>
  <p>Referat af mødet den 14. juni 2017 kl. 16.00 i mødelokale 2 på rådhuset, hvor udvalget
     behandlede disse punkter.</p>
  <h2>1. Godkendelse af dagsorden</h2>
  <h3>Beslutning</h3><p>Godkendt.</p>
  <a href="#top">Til toppen</a>
  <h2>2. Budget 2018</h2>
  <p>Udvalget skal drøfte budgetforslaget for 2018 og de ændringer, som forvaltningen foreslår
     på ældreområdet.</p>
  <h3>Beslutning</h3><p>Drøftet.</p>
  <a href="#top">Til toppen</a>
  <h3>Bilag</h3>
  <ul><li><a href="/bilag/1.pdf">Budgetnotat</a></li>
    <li><a href="/bilag/2.pdf">Tidsplan</a></li></ul>
  <button>Tip en ven</button>
  <div role="alert">Der opstod en fejl</div>
</main>
<aside><a href="/abonner">Abonnér</a></aside>
<footer>Kontakt kommunen</footer>
<script>var tracking = "Kopier link";</script>
"""


def test_a_web_pages_furniture_never_passes() -> None:
    texts = _texts(_html(MUNICIPAL_PAGE))

    for furniture in (
        "Forside", "Politik", "Vi bruger cookies", "You are here", "UDVALG", "Til toppen",
        "Tip en ven", "Der opstod en fejl", "Abonnér", "Kontakt kommunen", "Kopier link",
    ):  # fmt: skip
        assert not any(furniture in text for text in texts), furniture
    assert "0" not in texts
    assert texts[0] == "Social- og Sundhedsudvalget"
    assert "- Budgetnotat" in texts and "- Tidsplan" in texts  # a bilag list is content


def test_a_web_page_gives_headings_with_their_level_in_page_order() -> None:
    lines = [line for line in _html(MUNICIPAL_PAGE) if line.kind == "heading"]

    assert [(line.level, line.text) for line in lines] == [
        (1, "Social- og Sundhedsudvalget"),
        (2, "1. Godkendelse af dagsorden"),
        (3, "Beslutning"),
        (2, "2. Budget 2018"),
        (3, "Beslutning"),
        (3, "Bilag"),
    ]
    assert all(line.heading for line in lines)


def test_furniture_is_told_by_its_place_not_by_its_words() -> None:
    """The same words as an item's heading in the page's content are the item's title."""
    lines = _html(
        "<nav><a href='/'>Kopier link</a></nav><main><h2>3. Kopier link til høringssvar</h2>"
        "<p>Forvaltningen foreslår, at link til høringssvarene kopieres til hjemmesiden, så "
        "borgerne kan læse dem.</p></main>"
    )

    assert _texts(lines)[0] == "3. Kopier link til høringssvar"
    assert sum("Kopier link" in t for t in _texts(lines)) == 1


def test_an_ordered_list_gets_the_numbers_the_browser_draws() -> None:
    lines = _html(
        "<main><p>Dagsorden for mødet, som holdes på rådhuset i byrådssalen klokken 16 og "
        "varer til klokken 18.</p><ol start='49'><li>Godkendelse af dagsorden</li>"
        "<li><p>Budget 2026</p></li><li value='58'>Eventuelt</li></ol>"
        "<ul><li>at udvalget godkender</li></ul></main>"
    )

    listed = [(line.kind, line.text) for line in lines if line.kind == "list"]
    assert listed == [
        ("list", "49. Godkendelse af dagsorden"),
        ("list", "50. Budget 2026"),
        ("list", "58. Eventuelt"),
        ("list", "- at udvalget godkender"),
    ]


def test_numbers_in_markup_that_are_no_numbers_fall_back() -> None:
    lines = _html(
        f"<ol start='²'><li>Første</li><li value='{'9' * 5000}'>Anden</li></ol>"
        "<div role='heading' aria-level='99999'>Overskrift</div>"
    )

    assert [(line.kind, line.level, line.text) for line in lines] == [
        ("list", 0, "1. Første"),
        ("list", 0, "2. Anden"),
        ("heading", 6, "Overskrift"),
    ]


def test_a_firstagenda_row_gives_number_and_title_as_one_heading() -> None:
    """FirstAgenda: the number in a cell of its own, the title a heading inside the button that
    unfolds the item, a menu of share actions and dialogs beside it."""
    row = (
        "<tr class='punktrow'><td><span class='label'>{n}</span></td><td>"
        "<button class='overskrift-btn' role='button'><h2>{title}</h2></button>"
        "<div class='details'><span>EMN-2025-00{n}</span><h3>Beslutninger</h3>"
        "<div>Byrådet vedtog indstillingen med de ændringer, som fremgår af protokollen, og "
        "sagen sendes videre.</div></div></td>"
        "<td><span class='dropdown'><button class='glyphicon'></button><ul role='menu'>"
        "<li><a role='menuitem' href='#'>Hent som PDF</a></li>"
        "<li><a role='menuitem' href='#'>Kopier link</a></li></ul></span></td></tr>"
    )
    page = (
        "<nav class='navbar'><a href='/'><img alt=''></a></nav>"
        "<div class='tilbage-wrapper'><a class='btn back-to-frontpage-button'>"
        "<span>Tilbage til forsiden</span></a></div>"
        "<h1>Dagsorden 8. oktober 2025 kl. 16.00</h1>"
        "<table class='dagsordeninfo'><tr><td>Mødedato:</td><td>8. oktober 2025</td></tr></table>"
        "<table class='dagsorden'><tbody>"
        + row.format(n=1, title="Godkendelse af dagsorden")
        + row.format(n=2, title="Forslag til budget 2026-2029")
        + "</tbody></table>"
        "<div class='modal' id='kopier_dialog'><h4>Kopier link</h4><p>Kopier linket</p></div>"
        "<div class='modal fade' role='dialog'><h4>Der opstod en fejl</h4></div>"
    )
    lines = _html(page)
    texts = _texts(lines)

    headings = [(line.level, line.text) for line in lines if line.kind == "heading"]
    assert headings == [
        (1, "Dagsorden 8. oktober 2025 kl. 16.00"),
        (2, "1. Godkendelse af dagsorden"),
        (3, "Beslutninger"),
        (2, "2. Forslag til budget 2026-2029"),
        (3, "Beslutninger"),
    ]
    assert Line("Mødedato: 8. oktober 2025", kind="label", strong=False) in lines
    for furniture in ("Tilbage til forsiden", "Hent som PDF", "Kopier link", "Der opstod en fejl"):
        assert not any(furniture in text for text in texts), furniture


def test_a_data_table_is_read_row_by_row_and_a_label_column_as_labels() -> None:
    lines = _html(
        "<table><tr><th>Punkt</th><th>Titel</th></tr>"
        "<tr><td>Mødested</td><td>Rådhuset</td></tr>"
        "<tr><td>4</td><td>Sundhedsaftalen</td></tr>"
        "<tr><td>Anne Holm</td><td>Region Nord</td><td>Afbud</td></tr></table>"
    )

    assert [(line.kind, line.text) for line in lines] == [
        ("table", "Punkt, Titel"),
        ("label", "Mødested: Rådhuset"),
        ("table", "4. Sundhedsaftalen"),
        ("table", "Anne Holm, Region Nord, Afbud"),
    ]
    assert lines[0].strong is True and lines[1].strong is False


def test_a_bold_paragraph_and_a_word_heading_style_are_headings_of_their_page() -> None:
    lines = _html(
        "<p class='MsoHeading2'>4. Sundhedsaftalen</p><p><b>Beslutning:</b><br>Godkendt.</p>"
        "<p>Udvalget <b>godkendte</b> indstillingen.</p>"
    )

    assert [(line.kind, line.level, line.strong, line.text) for line in lines] == [
        ("heading", 2, False, "4. Sundhedsaftalen"),
        ("heading", 0, True, "Beslutning:"),
        ("text", 0, False, "Godkendt."),
        ("text", 0, False, "Udvalget godkendte indstillingen."),
    ]


def test_an_accordion_gives_its_titles_and_a_menu_toggle_does_not() -> None:
    body = "Forvaltningen indstiller, at udvalget godkender planen for det kommende år med de"
    lines = _html(
        "<header><button aria-controls='menu' aria-expanded='false'>Menu</button>"
        "<ul id='menu'><li><a href='/politik'>Politik og demokrati</a></li></ul></header>"
        "<main><button aria-controls='p1' aria-expanded='false'>1. Godkendelse af plan</button>"
        f"<div id='p1'><p>{body} ændringer.</p></div>"
        "<button aria-controls='x' aria-expanded='false'>Vis mere</button><div id='x'>Lidt</div>"
        "<details><summary>2. Eventuelt</summary><p>Intet.</p></details>"
        "<dl><dt>Mødedato:</dt><dd>8. oktober 2025</dd><dt>Sted</dt><dd>Rådhuset</dd></dl></main>"
    )

    assert [(line.kind, line.text) for line in lines] == [
        ("heading", "1. Godkendelse af plan"),
        ("text", f"{body} ændringer."),
        ("text", "Lidt"),  # what "Vis mere" unfolds is the page's, the button is not
        ("heading", "2. Eventuelt"),
        ("text", "Intet."),
        ("label", "Mødedato: 8. oktober 2025"),
        ("label", "Sted: Rådhuset"),
    ]


def test_an_old_layout_table_drops_its_menu_column_and_repeated_item_links() -> None:
    text = (
        "Udvalget drøftede sagen og besluttede at sende den videre til byrådet med en anbefaling."
    )
    item = "<h3>{n}. Punkt {n}</h3><p>{text}</p><a href='/print?punkt={n}'>Udskriv punkt</a>"
    lines = _html(
        "<table><tr><td class='venstre'><a href='/'>Forside</a><br><a href='/borger'>Borger</a>"
        "<br><a href='/politik'>Politik</a></td><td>"
        + "".join(item.format(n=n, text=text) for n in (1, 2, 3))
        + "<ul><li><a href='/bilag/9'>Udskriv punkt</a></li></ul></td></tr></table>"
    )

    assert _texts(lines) == [
        "1. Punkt 1",
        text,
        "2. Punkt 2",
        text,
        "3. Punkt 3",
        text,
        "- Udskriv punkt",
    ]


def test_hidden_scraps_go_but_folded_content_stays() -> None:
    long_text = "Sagsfremstilling: " + "forvaltningen har undersøgt sagen grundigt. " * 8
    lines = _html(
        f"<main><h2>5. Trafikplan</h2><div style='display: none'>{long_text}</div>"
        "<span aria-hidden='true'>×</span><div hidden>Indlæser …</div></main>"
    )

    texts = _texts(lines)
    assert texts == ["5. Trafikplan", long_text.strip()]


# --- Word ------------------------------------------------------------------------------------


def _docx(build: Callable[[Any], None]) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_gives_heading_levels_and_the_numbers_word_draws() -> None:
    def build(document: Any) -> None:
        document.add_paragraph("Referat", style="Title")
        document.add_heading("Dagsorden", level=2)
        for title in ("Godkendelse af dagsorden", "Budget 2026", "Eventuelt"):
            document.add_paragraph(title, style="List Number")
        document.add_paragraph("at udvalget godkender", style="List Bullet")
        document.add_paragraph("").add_run("Beslutning").bold = True
        document.add_paragraph("Godkendt.")

    lines = [line for line in read_docx(_docx(build)).lines if line.text]

    assert [(line.kind, line.level, line.text) for line in lines] == [
        ("heading", 1, "Referat"),
        ("heading", 2, "Dagsorden"),
        ("list", 0, "1. Godkendelse af dagsorden"),
        ("list", 0, "2. Budget 2026"),
        ("list", 0, "3. Eventuelt"),
        ("list", 0, "- at udvalget godkender"),
        ("heading", 0, "Beslutning"),
        ("text", 0, "Godkendt."),
    ]
    assert lines[6].strong is True and lines[7].strong is False


def test_word_tables_are_rows_and_a_layout_table_is_read_cell_by_cell() -> None:
    def build(document: Any) -> None:
        facts = document.add_table(rows=2, cols=2)
        facts.cell(0, 0).text, facts.cell(0, 1).text = "Mødedato", "20. juni 2013"
        facts.cell(1, 0).text, facts.cell(1, 1).text = "Sted", "Rådhuset"
        layout = document.add_table(rows=1, cols=1)
        cell = layout.cell(0, 0)
        cell.paragraphs[0].text = "Medlemmer"
        members = cell.add_table(rows=2, cols=1)
        members.cell(0, 0).text, members.cell(1, 0).text = (
            "Jesper Mathiesen (A)",
            "Ole Bollesen (A)",
        )

    lines = [line for line in read_docx(_docx(build)).lines if line.text]

    assert [(line.kind, line.text) for line in lines] == [
        ("label", "Mødedato: 20. juni 2013"),
        ("label", "Sted: Rådhuset"),
        ("text", "Medlemmer"),
        ("table", "Jesper Mathiesen (A)"),
        ("table", "Ole Bollesen (A)"),
    ]


def test_word_text_in_content_controls_is_read() -> None:
    """Templates put their fields in content controls (w:sdt), around a paragraph or inside one;
    python-docx's own text leaves both out."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document: Any) -> None:
        document.add_paragraph("Referat")
        body = document.element.body
        body.insert(
            len(body) - 1,  # before the section properties
            parse_xml(
                f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Mødedato: 4. december 2012"
                "</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            ),
        )
        paragraph = document.add_paragraph("Udvalg: ")
        paragraph._p.append(
            parse_xml(
                f"<w:sdt {nsdecls('w')}><w:sdtContent><w:r><w:t>Sundhedsudvalget</w:t></w:r>"
                "</w:sdtContent></w:sdt>"
            )
        )

    lines = [line.text for line in read_docx(_docx(build)).lines if line.text]

    assert lines == ["Referat", "Mødedato: 4. december 2012", "Udvalg: Sundhedsudvalget"]


# --- PDF -------------------------------------------------------------------------------------


def test_a_pdf_gives_headings_by_type_and_never_its_running_head() -> None:
    from weasyprint import HTML

    pdf = HTML(
        string="<style>body{font-family:sans-serif;font-size:10pt} h1{font-size:20pt}"
        "h2{font-size:13pt} .head{font-size:7pt;font-weight:bold}</style>"
        "<p class='head'>Sundhedsudvalget</p><h1>Referat</h1><h2>1. Meddelelser</h2>"
        "<p><b>Beslutning</b></p><p>Udvalget tog orienteringen til efterretning og bad om en "
        "status på næste møde.</p><p>Godkendt uden bemærkninger af et enigt udvalg.</p>"
    ).write_pdf()

    lines = [line for line in extract(pdf, "referat.pdf", use_ocr=False).lines if line.text]

    found = {line.text.strip(): line for line in lines}
    assert (found["Referat"].kind, found["Referat"].level) == ("heading", 1)
    assert (found["1. Meddelelser"].kind, found["1. Meddelelser"].level) == ("heading", 2)
    assert (found["Beslutning"].kind, found["Beslutning"].level) == ("heading", 0)
    assert found["Beslutning"].strong is True
    assert not found["Sundhedsudvalget"].heading and found["Sundhedsudvalget"].strong
    assert all(line.page == 0 for line in lines)
    assert not any(line.heading for line in lines if line.text.startswith("Udvalget tog"))


def test_lines_a_pdf_wrapped_at_the_margin_are_joined_and_lines_broken_by_hand_are_not() -> None:
    from weasyprint import HTML

    long = (
        "Deltagere: Anne Hansen (A), Bo Ravn (V), Carla Holm (C), Dorte Lund (F), Erik Sand "
        "(O), Frida Berg (B), Gustav Moe (Ø), Hanne Krog (A), Ib Toft (V), Jens Kjær (A) "
        "Afbud: Karen Lind (V) 1. Godkendelse af dagsorden Beslutning: Godkendt."
    )
    pdf = HTML(
        string="<style>body{font-family:sans-serif;font-size:10pt}</style>"
        f"<p>{long}</p><p>2. Budgetopfølgning</p><p>Kort linje</p><p>Endnu en kort linje</p>"
    ).write_pdf()

    texts = [line.text.strip() for line in extract(pdf, "referat.pdf", use_ocr=False).lines]
    texts = [text for text in texts if text]

    assert texts == [long, "2. Budgetopfølgning", "Kort linje", "Endnu en kort linje"]


def test_a_paragraph_that_happens_to_reach_the_margin_stays_apart_from_the_next() -> None:
    from weasyprint import HTML

    # The first paragraph is set to the full width; the space a writer leaves between
    # paragraphs says the next line was not wrapped onto it.
    pdf = HTML(
        string="<style>body{font-family:sans-serif;font-size:10pt} p{margin:0 0 12pt}"
        ".full{text-align-last:justify}</style>"
        "<p class='full'>36. Høring: Forslag til lokalplan for boligområde ved Møllebakken</p>"
        "<p>01.02G00 - 2017/27088</p>"
    ).write_pdf()

    texts = [line.text.strip() for line in extract(pdf, "referat.pdf", use_ocr=False).lines]

    assert [text for text in texts if text] == [
        "36. Høring: Forslag til lokalplan for boligområde ved Møllebakken",
        "01.02G00 - 2017/27088",
    ]


def test_a_pdfs_running_head_stays_once_and_its_page_foot_goes() -> None:
    from weasyprint import HTML

    pages = "".join(
        f"<section style='page-break-after:always'><p>Sundhedsudvalget 3. marts 2021</p>"
        f"<p>{n}. Punkt nummer {n}</p>{'<p>Sagsfremstilling om emne.</p>' * n}"
        f"<p>Godkendt.</p><p style='position:absolute;bottom:0'>Side {n} af 3 – Vejle Kommune</p>"
        "</section>"
        for n in (1, 2, 3)
    )
    pdf = HTML(string=f"<style>body{{font-family:sans-serif}}</style>{pages}").write_pdf()

    texts = [line.text.strip() for line in extract(pdf, "referat.pdf", use_ocr=False).lines]
    texts = [text for text in texts if text]

    assert texts.count("Sundhedsudvalget 3. marts 2021") == 1
    assert not any("Vejle Kommune" in text for text in texts)
    assert "3. Punkt nummer 3" in texts and texts.count("Sagsfremstilling om emne.") == 6
    # An item's last line on every page, at another height each time, is its text.
    assert texts.count("Godkendt.") == 3


def test_a_short_pdf_of_short_lines_keeps_every_line_apart() -> None:
    from weasyprint import HTML

    rows = [f"Medlem nummer {n} fra en kommune i regionen, direktør" for n in range(1, 6)]
    pdf = HTML(
        string="<style>body{font-family:sans-serif;font-size:10pt}</style>"
        + "".join(f"<div>{row}</div>" for row in rows)
    ).write_pdf()

    texts = [line.text.strip() for line in extract(pdf, "liste.pdf", use_ocr=False).lines]

    assert [text for text in texts if text] == rows


def _tsv_word(block: int, par: int, line: int, left: int, width: int, text: str) -> str:
    return f"5\t1\t{block}\t{par}\t{line}\t1\t{left}\t100\t{width}\t30\t95\t{text}"


def test_ocr_lines_wrapped_at_the_margin_are_joined_and_paragraphs_kept_apart() -> None:
    from klynge.archive.reading.extract import ocr_text

    header = "\t".join(
        [
            "level",
            "page_num",
            "block_num",
            "par_num",
            "line_num",
            "word_num",
            "left",
            "top",
            "width",
            "height",
            "conf",
            "text",
        ]
    )
    page = "1\t1\t0\t0\t0\t0\t0\t0\t1240\t1754\t-1\t"
    # A page 1240 px wide with text from 150 to 1090: the first line ends at 1085, and
    # "Fritidsudvalget" would not have fitted after it; "2." ends short of the margin.
    words = [
        _tsv_word(1, 1, 1, 150, 400, "Deltagere:"),
        _tsv_word(1, 1, 1, 560, 525, "Sundheds-,Idræts-og"),
        _tsv_word(1, 1, 2, 150, 300, "Fritidsudvalget"),
        _tsv_word(2, 1, 1, 150, 40, "2."),
        _tsv_word(2, 1, 2, 150, 500, "Budgetopfølgning"),
    ]
    text = ocr_text("\n".join([header, page, *words]))

    assert text.splitlines() == [
        "Deltagere: Sundheds-,Idræts-og Fritidsudvalget",
        "",
        "2.",
        "Budgetopfølgning",
    ]


# --- The real files ------------------------------------------------------------------------

needs_real = pytest.mark.skipif(
    not REAL_FILES.is_dir(), reason="../shared/corpus-real/files is not beside the project"
)


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = json.loads(
        (REAL_FILES.parent / "files-expected.json").read_text(encoding="utf-8")
    )
    return data[name]


@needs_real
def test_a_real_firstagenda_page_gives_every_item_as_a_heading_and_no_furniture() -> None:
    name = "106_aarhus-byraad-2025-10-08.html"
    lines = extract((REAL_FILES / name).read_bytes(), name).lines

    items = _expected(name)["items"]
    titles = [f"{i['number']}. {i['title']}" for i in items]
    assert [line.text for line in lines if line.kind == "heading" and line.level == 2][1:] == titles
    texts = _texts(lines)
    for furniture in (
        "Kopier link", "Tip en ven", "Der opstod en fejl", "Tilbage til forsiden", "Hent som PDF",
        "Modtager e-mail", "Annuller",
    ):  # fmt: skip
        assert not any(furniture in text for text in texts), furniture
    assert "Udvalg: Aarhus Byråd" in texts


@needs_real
def test_a_real_word_file_keeps_its_member_table_and_item_heading() -> None:
    name = "105_syddjurs-udvalget-for-plan-udvikling-og-kultur-2013-06-20.docx"
    lines = extract((REAL_FILES / name).read_bytes(), name).lines

    texts = _texts(lines)
    assert {"Jesper Mathiesen (A)", "Steen Fris (C)"} <= set(texts)  # in tables in a table
    headings = [line for line in lines if line.kind == "heading" and line.level == 1]
    assert [line.text for line in headings] == ["715.\tKulturkommune 2017. Politiske fokusområder"]


@needs_real
def test_a_real_edoc_pdf_sets_its_item_headings_apart_by_type() -> None:
    name = "101_ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04.pdf"
    lines = extract((REAL_FILES / name).read_bytes(), name, use_ocr=False).lines

    items = _expected(name)["items"]
    numbered = {f"{i['number']}. {i['title']}" for i in items}
    headings = [line.text.strip() for line in lines if line.kind == "heading" and line.level]
    assert numbered <= set(headings)  # item 6's title wraps onto a second line: joined
    assert not any(line.heading for line in lines if line.text.startswith("Side "))
