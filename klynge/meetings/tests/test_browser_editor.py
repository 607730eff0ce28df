"""The sagsfremstilling's rich-text editor in real Chromium: typed structure and a paste
from Word come out as paragraphs, headings, lists and tables, on the page and in Word."""

import io

import pytest
from django.urls import reverse
from docx import Document

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings import services
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Membership
from klynge.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.browser

#: What Word 365 puts on the clipboard for a heading, a paragraph and a two-point list.
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal {margin:0cm}</style></head><body>
<h2 style="margin:12pt 0cm"><span lang=DA>Baggrund</span></h2>
<p class=MsoNormal><span lang=DA>Klyngen har <b>aftalt</b> et fælles forløb.</span><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style="text-indent:-18pt;mso-list:l0 level1 lfo1">
<span style="font-family:Symbol;mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>
<span lang=DA>Kommunerne</span></p>
<p class=MsoListParagraphCxSpLast style="text-indent:-18pt;mso-list:l0 level1 lfo1">
<span style="font-family:Symbol;mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span>
<span lang=DA>Regionen</span></p>
<table class=MsoTableGrid border=1><tr><td><p class=MsoNormal>Indsats</p></td>
<td><p class=MsoNormal>Status</p></td></tr><tr><td><p class=MsoNormal>IPS</p></td>
<td><p class=MsoNormal>Gul</p></td></tr></table>
</body></html>"""


@pytest.fixture
def planned(db):
    body = BodyFactory(name="Chefforum")
    secretariat = persona(body, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    from django.utils import timezone

    return services.create_meeting(
        actor=secretariat, body=body, values={"date": timezone.localdate()}
    )


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_writes_structure_with_the_toolbar(page, live_server, planned):
    from playwright.sync_api import expect

    log_in(page, "sekretariat@example.dk")
    page.goto(planned.get_absolute_url())
    page.get_by_text("Tilføj punkt", exact=True).first.click()
    page.get_by_label("Titel").fill("Status på akutplanen")
    editor = page.get_by_role("textbox", name="Sagsfremstilling")
    expect(editor).to_be_visible()
    check_accessibility(page)
    editor.click()
    page.get_by_role("button", name="Overskrift", exact=True).click()
    # A toolbar button hands the focus back to the editor: type only once it has it (on a
    # busy machine the first key otherwise went to the button).
    expect(editor).to_be_focused()
    expect(page.get_by_role("button", name="Overskrift", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.type("Baggrund")
    page.keyboard.press("Enter")
    page.keyboard.type("Akutplanen har ")
    page.keyboard.press("Control+b")
    page.keyboard.type("tre")
    page.keyboard.press("Control+b")
    page.keyboard.type(" spor.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Punktopstilling").click()
    expect(page.get_by_role("button", name="Punktopstilling")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(editor).to_be_focused()
    page.keyboard.type("Kommunerne")
    page.keyboard.press("Enter")
    page.keyboard.type("Regionen")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.get_by_role("button", name="Indsæt tabel").click()
    # The editor takes the focus back into the new table's first cell: wait for it.
    expect(page.locator(".ProseMirror table")).to_be_visible()
    expect(editor).to_be_focused()
    page.keyboard.type("Spor")
    page.keyboard.press("Tab")
    page.keyboard.type("Status")
    page.get_by_role("button", name="Tilføj punkt").click()
    expect(page.get_by_role("heading", name="Punkt 2: Status på akutplanen")).to_be_visible()

    item = AgendaItem.objects.get(title="Status på akutplanen")
    html = item.presentation
    assert "<h3>Baggrund</h3>" in html
    assert "<strong>tre</strong>" in html
    assert html.count("<li>") == 2 and "<ul>" in html
    assert "<table>" in html and "Spor" in html
    # The page shows the table; Word has the heading, the bullets and the table.
    expect(page.locator(".presentation table")).to_be_visible()
    response = page.request.get(
        live_server.url + reverse("meeting_document", args=[planned.pk, "dagsorden", "docx"])
    )
    document = Document(io.BytesIO(response.body()))
    styles = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Heading 3", "Baggrund") in styles
    assert ("List Bullet", "Kommunerne") in styles and ("List Bullet", "Regionen") in styles
    assert any(row.cells[0].text == "Spor" for table in document.tables for row in table.rows)


@pytest.mark.django_db(transaction=True)
def test_a_paste_from_word_keeps_its_structure_not_its_styling(page, live_server, planned):
    from playwright.sync_api import expect

    log_in(page, "sekretariat@example.dk")
    page.goto(planned.get_absolute_url())
    page.get_by_text("Tilføj punkt", exact=True).first.click()
    page.get_by_label("Titel").fill("Fælles forløb")
    editor = page.get_by_role("textbox", name="Sagsfremstilling")
    editor.click()
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Baggrund");
            const options = {clipboardData: data, bubbles: true, cancelable: true};
            element.dispatchEvent(new ClipboardEvent("paste", options));
        }""",
        WORD_CLIPBOARD,
    )
    page.get_by_role("button", name="Tilføj punkt").click()
    expect(page.get_by_role("heading", name="Punkt 2: Fælles forløb")).to_be_visible()
    html = AgendaItem.objects.get(title="Fælles forløb").presentation
    assert "<b>aftalt</b>" in html or "<strong>aftalt</strong>" in html
    assert "<ul><li><p>Kommunerne</p></li><li><p>Regionen</p></li></ul>" in html
    assert "·" not in html and "Mso" not in html and "style=" not in html
    assert "<table>" in html and "IPS" in html
