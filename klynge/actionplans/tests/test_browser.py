"""The action plan's governance flow in Chromium: from the order to an escalation closed by
Direktørforum's decision, with axe-core checks on the pages people use."""

import datetime
import re

import pytest

from klynge.actionplans import services
from klynge.actionplans.models import ActionPlan, Initiative, State, Theme
from klynge.core.tests import personas
from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.meetings import services as meeting_services
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, Membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory

pytestmark = pytest.mark.browser


def new_meeting(body: Body, day: int, actor) -> Meeting:
    return meeting_services.create_meeting(
        actor=actor,
        body=body,
        values={
            "date": personas.day(day),
            "start_time": datetime.time(9),
            "end_time": datetime.time(11),
            "place": "Hjulmagervej 22",
        },
    )


def hold_and_open_case(page, meeting: Meeting) -> None:
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Sæt sager fra handleplanen på dagsordenen").click()
    page.get_by_role("link", name="Udsend dagsorden").click()
    check_accessibility(page)  # the mail and its recipients before sending
    page.get_by_role("button", name="Udsend dagsorden nu").click()
    page.get_by_role("button", name="Marker som afholdt").click()
    page.get_by_role("link", name=re.compile("Registrér beslutning om Indsats 9")).click()


@pytest.mark.django_db(transaction=True)
def test_order_to_escalation_closed_by_direktoerforum(page, live_server):
    from playwright.sync_api import expect

    cluster = ClusterFactory(name="Sundhedsklynge Midt")
    political = BodyFactory(cluster=cluster, name="Politisk Niveau", level=Body.Level.POLITICAL)
    director = BodyFactory(
        cluster=cluster, name="Direktørforum", level=Body.Level.DIRECTOR, parent=political
    )
    chief = BodyFactory(cluster=cluster, name="Chefforum", level=Body.Level.CHIEF, parent=director)
    secretariat = persona(political, "sekretariat@example.dk", Membership.Role.SECRETARIAT)
    persona(chief, "chefformand@example.dk", Membership.Role.CO_CHAIR)
    lead = persona(chief, "projektleder@example.dk", Membership.Role.MEMBER)
    theme = services.save_theme(
        actor=secretariat, theme=Theme(cluster=cluster), values={"name": "Digitalisering"}
    )
    plan = services.save_plan(
        actor=secretariat,
        plan=ActionPlan(),
        values={
            "title": "Handleplan 2030",
            "body": political,
            "period_start": datetime.date(2030, 1, 1),
            "period_end": datetime.date(2032, 12, 31),
        },
    )
    initiative = services.save_initiative(
        actor=secretariat,
        initiative=Initiative(plan=plan),
        values={
            "number": 9,
            "title": "Optimering af digitale løsninger",
            "theme": theme,
            "project_lead": lead.person,
        },
    )
    chief_first, director_first = (
        new_meeting(chief, 5, secretariat),
        new_meeting(director, 12, secretariat),
    )
    chief_second, director_second = (
        new_meeting(chief, 31, secretariat),  # today: status is asked before it, then it is held
        new_meeting(director, 31, secretariat),
    )

    # The project lead confirms the order from the task on the home page.
    log_in(page, lead.email)
    page.get_by_role("link", name=re.compile("Send ordrebekræftelse for Indsats 9")).click()
    page.get_by_label("Hvad leveres?").fill("Flere borgere bruger Min Læge-appen")
    page.get_by_label("Hvem leverer?").fill("Projektgruppen")
    page.get_by_label("Hvor?").fill("Aalborg og Jammerbugt")
    page.get_by_label("Hvornår?").fill("Efteråret 2030")
    page.get_by_role("button", name="Send ordrebekræftelsen").click()
    expect(page.get_by_text("Dette felt er påkrævet.")).to_be_visible()  # patient involvement
    page.get_by_label("Patientinddragelse").fill("Patienter fortæller, hvorfor appen ikke bruges.")
    check_accessibility(page)
    page.get_by_role("button", name="Send ordrebekræftelsen").click()
    expect(page.locator("#initiative-state")).to_have_text("Ordrebekræftelse indsendt")
    check_accessibility(page)

    # Chefforum, then Direktørforum, approve it at their meetings.
    log_in(page, secretariat.email)
    for meeting, state in [(chief_first, "approved_chief"), (director_first, "active")]:
        hold_and_open_case(page, meeting)
        page.get_by_label("Godkend").check()
        check_accessibility(page)
        page.get_by_role("button", name="Registrér beslutning").click()
        expect(
            page.get_by_text("ordrebekræftelsen (version 1) blev godkendt").first
        ).to_be_visible()
        initiative.refresh_from_db()
        assert initiative.state == state

    # Status before Chefforum's next meeting.
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Indhent status før Chefforum").click()
    page.get_by_label("Chefforums møde").select_option(str(chief_second.pk))
    page.get_by_label("Frist for status").fill(personas.day(31).isoformat())
    page.get_by_role("button", name="Bed om status").click()
    expect(page.get_by_text("1 indsats mangler status")).to_be_visible()

    log_in(page, lead.email)
    page.get_by_role("link", name=re.compile("Giv status på Indsats 9")).click()
    page.get_by_role("radio", name="Rød").check()
    page.get_by_role("button", name="Indsend status").click()
    expect(page.get_by_text("Skal udfyldes ved gul eller rød status.").first).to_be_visible()
    page.get_by_label("Afvigelse").fill("Leverancen er forsinket")
    page.get_by_label("Årsag").fill("Ingen adgang til data")
    page.get_by_label("Forslag til handling").fill("Fælles dataaftale")
    page.get_by_role("button", name="Indsend status").click()
    expect(page.get_by_text("Status: Rød")).to_be_visible()

    # Chefforum escalates; Direktørforum's decision closes the escalation.
    log_in(page, secretariat.email)
    hold_and_open_case(page, chief_second)
    page.get_by_label("Eskalér til Direktørforum").check()
    page.get_by_label("Begrundelse for eskalering").fill("Chefforum kan ikke skaffe data")
    page.get_by_label("Hvad bedes Direktørforum om?").fill("Beslut en fælles dataaftale")
    page.get_by_role("button", name="Registrér beslutning").click()
    expect(page.get_by_text("eskaleres til Direktørforum").first).to_be_visible()
    hold_and_open_case(page, director_second)
    expect(page.get_by_text("Beslut en fælles dataaftale")).to_be_visible()
    page.get_by_label("Direktørforums beslutning").fill("Region og kommuner indgår en dataaftale.")
    page.get_by_role("button", name="Registrér beslutning").click()

    page.goto(initiative.get_absolute_url())
    expect(page.get_by_text("Eskalering lukket af Direktørforum")).to_be_visible()
    expect(page.get_by_text("Region og kommuner indgår en dataaftale.")).to_be_visible()
    page.goto(plan.get_absolute_url())
    expect(page.locator("td.rag-red")).to_have_text("Rød")
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    initiative.refresh_from_db()
    assert initiative.state == State.ACTIVE
    assert initiative.escalations.get().decision == "Region og kommuner indgår en dataaftale."
