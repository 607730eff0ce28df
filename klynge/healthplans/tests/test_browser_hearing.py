"""The hearing in real Chromium: the secretariat sends the plan in hearing, the party answers
through its personal link (the token after the #, posted by the page's script) with a file,
the secretariat writes the summary and comment and puts the høringsnotat on the council's
agenda. Every page checked with axe, the party's page and the hearing page at 390 px too."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from klynge.audit.models import AuditEvent
from klynge.core.tests.browser import check_accessibility, log_in
from klynge.healthplans.models import HearingAnswer
from klynge.healthplans.tests.hearings import LINK, make_plan, pdf_bytes

pytestmark = pytest.mark.browser


def fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True)
def test_a_party_answers_by_its_link_and_the_secretariat_makes_the_notat(
    page, live_server, body, meeting, secretariat, tmp_path
):
    from playwright.sync_api import expect

    plan = make_plan(body)
    log_in(page, "sekretariat@example.dk")

    page.goto(reverse("hearing_start", args=[plan.pk]))
    check_accessibility(page)
    page.get_by_label("Høringsfrist").fill("2099-01-15")
    page.get_by_label("Følgebrev").fill("Kære parter\n\nSe udkastet.")
    first = page.get_by_role("group", name="Høringspart 1")
    first.get_by_label("Navn").fill("Testkommune")
    first.get_by_label("E-mail").fill("hoering@testkommune.dk")
    first.get_by_label("Type").select_option("municipality")
    second = page.get_by_role("group", name="Høringspart 2")
    second.get_by_label("Navn").fill("Danske Patienter")
    second.get_by_label("E-mail").fill("dp@example.dk")
    second.get_by_label("Type").select_option("patient_organisation")
    page.get_by_role("button", name="Send i høring").click()
    expect(page.get_by_text("Planen er sendt i høring som version 1.")).to_be_visible()
    expect(page.get_by_text("Ikke svaret")).to_have_count(2)
    check_accessibility(page)
    fits_a_phone(page)

    message = next(m for m in mail.outbox if m.to == ["hoering@testkommune.dk"])
    token = LINK.search(message.body).group(1)
    link = f"{settings.SITE_URL}{reverse('hearing_link')}#{token}"
    assert link in message.body

    # The party: no login, its own page. The link's token is after the #: the page's script
    # posts it, and no address the browser asks for (or shows) holds it.
    page.context.clear_cookies()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(link.removeprefix(settings.SITE_URL))
    expect(page.get_by_role("heading", name=re.compile("Høring: Nærsundhedsplan"))).to_be_visible()
    expect(page.get_by_text("HØRINGSTEKST")).to_be_visible()
    assert page.url.endswith(reverse("hearing_link"))  # the # part dropped from the address
    check_accessibility(page)
    fits_a_phone(page)
    letter = tmp_path / "Høringssvar Testkommune.pdf"
    letter.write_bytes(pdf_bytes())
    page.get_by_label("Høringssvar").fill("Vi savner et afsnit om børn og unge.")
    page.get_by_label("Vedhæft fil").set_input_files(str(letter))
    page.get_by_role("button", name="Send høringssvar").click()
    expect(page.get_by_text("Tak for jeres høringssvar")).to_be_visible()
    expect(page.get_by_text("Høringssvar Testkommune.pdf")).to_be_visible()
    check_accessibility(page)
    answer = HearingAnswer.objects.get()
    assert answer.file_name == "Høringssvar Testkommune.pdf"
    assert page.url.endswith(reverse("hearing_link"))
    assert asked and not [url for url in asked if token in url]
    assert not [e.path for e in AuditEvent.objects.all() if token in e.path]

    # The secretariat reads it, writes the summary and comment, and makes the notat.
    log_in(page, "sekretariat@example.dk")
    page.goto(answer.party.hearing.get_absolute_url())
    page.get_by_role("link", name="Skriv resumé og bemærkning til svaret fra Testkommune").click()
    check_accessibility(page)
    page.get_by_label("Resumé").fill("Ønsker et afsnit om børn og unge.")
    page.get_by_label("Sekretariatets bemærkning").fill("Imødekommes i afsnittet om forebyggelse.")
    page.get_by_label("Giver anledning til ændring af planen").check()
    page.get_by_label("Afsnit, der ændres").select_option(label="Forebyggelse")
    page.get_by_role("button", name="Gem").click()
    expect(
        page.get_by_text("Sekretariatets behandling af svaret fra Testkommune er gemt.")
    ).to_be_visible()

    page.get_by_role("link", name="Se høringsnotatet").first.click()
    expect(page.get_by_text("Ønsker et afsnit om børn og unge.")).to_be_visible()
    expect(page.get_by_role("link", name="Afsnit 2: Forebyggelse")).to_be_visible()
    check_accessibility(page)
    fits_a_phone(page)

    page.get_by_role("link", name="Sæt på dagsordenen").click()
    check_accessibility(page)
    page.get_by_label("Møde").select_option(str(meeting.pk))
    page.get_by_role("button", name="Sæt på dagsordenen").click()
    expect(page.get_by_text("sat på dagsordenen som nyt punkt")).to_be_visible()
    item = meeting.items.get(title="Høringsnotat: Nærsundhedsplan for testrådet")
    assert item.attachments.get().original_name.endswith(".pdf")

    # The open page without a link (nothing to post), and a link mailed before the token
    # moved after the #: both plain pages that say what to do.
    page.context.clear_cookies()
    page.goto(reverse("hearing_link"))
    expect(page.get_by_role("button", name="Åbn høringen")).to_be_visible()
    check_accessibility(page)
    page.goto(reverse("hearing_old_link", args=["et-gammelt-link-" + "x" * 30]))
    expect(page.get_by_text("Linket er forældet.")).to_be_visible()
    check_accessibility(page)
    fits_a_phone(page)
