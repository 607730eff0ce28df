import datetime

import pytest
from django.core.exceptions import PermissionDenied

from klynge.actionplans import services
from klynge.actionplans.access import get_case_for_user
from klynge.actionplans.models import (
    Escalation,
    Initiative,
    ItemCase,
    OrderConfirmation,
    State,
    StatusReport,
)
from klynge.actionplans.tests.factories import CONFIRMATION
from klynge.audit.models import AuditEvent
from klynge.core.exceptions import ConcurrentEditError, ServiceError
from klynge.core.tests import personas

pytestmark = pytest.mark.django_db


def test_confirmation_needs_patient_involvement(gov):
    initiative = gov.initiative()
    with pytest.raises(ServiceError, match="patientinddragelsen"):
        services.submit_confirmation(
            actor=gov.lead,
            initiative=initiative,
            values={**CONFIRMATION, "patient_involvement": " "},
        )
    initiative.refresh_from_db()
    assert initiative.state == State.ORDERED
    assert not OrderConfirmation.objects.exists()


def test_order_flows_through_chefforum_then_direktoerforum(gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    item = gov.approve_at(gov.chief, initiative, actor=gov.chief_chair)
    assert initiative.state == State.APPROVED_CHIEF
    assert "ordrebekræftelsen (version 1) blev godkendt" in item.decision
    change = initiative.changes.get(to_state=State.APPROVED_CHIEF)
    assert (change.actor, change.agenda_item) == (gov.chief_chair, item)
    gov.approve_at(gov.director, initiative, actor=gov.director_chair)
    assert initiative.state == State.ACTIVE
    assert initiative.confirmations.get().outcome == OrderConfirmation.Outcome.APPROVED
    assert list(initiative.changes.values_list("to_state", flat=True)) == [
        "submitted",
        "approved_chief",
        "active",
    ]


def test_direktoerforum_cannot_approve_before_chefforum(gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    meeting = gov.meeting(gov.director)
    assert services.put_cases_on_agenda(actor=gov.secretariat, meeting=meeting) == []
    chief_meeting = gov.meeting(gov.chief)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=chief_meeting)
    # A case from the Chefforum agenda decided as if at Direktørforum is refused.
    case = item.cases.get()
    case.agenda_item.meeting = gov.hold(meeting)
    with pytest.raises(ServiceError, match="først i Chefforum"):
        services.decide_confirmation(actor=gov.secretariat, case=case, approve=True)
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_decisions_wait_for_the_meeting(gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=gov.meeting(gov.chief))
    with pytest.raises(ServiceError, match="afholdt"):
        services.decide_confirmation(actor=gov.secretariat, case=item.cases.get(), approve=True)


def test_only_chairs_and_secretariat_decide(gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    meeting = gov.meeting(gov.chief)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=meeting)
    gov.hold(meeting)
    case = item.cases.get()
    # Who may decide is the door's rule, as for every object: the services trust it.
    for who in [gov.lead, gov.director_chair, gov.outsider]:
        with pytest.raises(PermissionDenied):
            get_case_for_user(who, case.pk)
    for who in [gov.chief_chair, gov.secretariat]:
        assert get_case_for_user(who, case.pk) == case
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_two_approvers_at_once_only_one_succeeds(gov):
    initiative = gov.initiative()
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    meeting = gov.meeting(gov.chief)
    [item] = services.put_cases_on_agenda(actor=gov.secretariat, meeting=meeting)
    gov.hold(meeting)
    first = ItemCase.objects.get(agenda_item=item)
    second = ItemCase.objects.get(agenda_item=item)  # read before the first decision
    services.decide_confirmation(actor=gov.chief_chair, case=first, approve=True)
    with pytest.raises(ServiceError):
        services.decide_confirmation(actor=gov.secretariat, case=second, approve=True)
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED_CHIEF
    assert initiative.changes.filter(to_state=State.APPROVED_CHIEF).count() == 1


def test_state_race_is_caught_by_the_conditional_update(gov):
    initiative = gov.initiative()
    stale = Initiative.objects.get(pk=initiative.pk)
    services.finish_initiative(
        actor=gov.secretariat, initiative=initiative, completed=False, note="x"
    )
    with pytest.raises(ConcurrentEditError):
        services.submit_confirmation(actor=gov.lead, initiative=stale, values=CONFIRMATION)
    assert not OrderConfirmation.objects.exists()  # rolled back with the failed transition


def test_sent_back_resubmission_keeps_earlier_versions(gov):
    initiative = gov.initiative(10, title="De ældste 2 % med mange sygehuskontakter")
    services.submit_confirmation(actor=gov.lead, initiative=initiative, values=CONFIRMATION)
    gov.approve_at(gov.chief, initiative, approve=False, note="Målgruppen skal konkretiseres")
    assert initiative.state == State.RETURNED
    assert initiative.return_request == "Målgruppen skal konkretiseres"
    services.submit_confirmation(
        actor=gov.lead, initiative=initiative, values={**CONFIRMATION, "what": "De ældste 2 %"}
    )
    versions = list(
        initiative.confirmations.order_by("version").values_list(
            "version", "outcome", "returned_reason"
        )
    )
    assert versions == [
        (1, "returned", "Målgruppen skal konkretiseres"),
        (2, "pending", ""),
    ]
    initiative.refresh_from_db()
    assert initiative.return_request == ""


def test_political_level_sends_back_an_ordered_initiative(gov):
    initiative = gov.initiative(10)
    meeting = gov.hold(gov.meeting(gov.political))
    item = meeting.items.first()
    services.return_initiative(
        actor=gov.secretariat,
        initiative=initiative,
        item=item,
        note="Konkretiseres frem mod næste møde",
        due_date=personas.day(84),
    )
    initiative.refresh_from_db()
    assert (initiative.state, initiative.return_due) == (State.RETURNED, personas.day(84))
    item.refresh_from_db()
    assert "skal konkretiseres" in item.decision


def test_status_cycle_red_needs_deviation_and_escalation_is_closed_by_direktoerforum(
    gov, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = gov.activate(gov.initiative(9, title="Optimering af digitale løsninger"))
    chief_meeting = gov.meeting(gov.chief, day=20)
    with django_capture_on_commit_callbacks(execute=True):
        cycle = services.start_status_cycle(
            actor=gov.secretariat,
            plan=gov.plan,
            meeting=chief_meeting,
            deadline=personas.day(13),
        )
    assert [m.to for m in mailoutbox] == [[gov.lead.email]]
    report = cycle.reports.get()
    with pytest.raises(ServiceError, match="afvigelsen"):
        services.report_status(
            actor=gov.lead, report=report, values={"rag": "red", "delivered": "x"}
        )
    report.refresh_from_db()
    assert report.rag == ""
    services.report_status(
        actor=gov.lead,
        report=report,
        values={
            "rag": "red",
            "delivered": "Analyse",
            "deviation": "Forsinket",
            "cause": "Manglende data",
            "proposed_action": "Ny dataaftale",
        },
    )
    items = services.put_cases_on_agenda(actor=gov.secretariat, meeting=chief_meeting)
    [status_item] = [i for i in items if i.cases.filter(purpose="status").exists()]
    assert status_item.position == 2  # deviations first, after the approval of the agenda
    # The item says what it is about: deviation, cause and proposed action, as a table.
    assert "<table>" in status_item.presentation
    for text in ("Rød", "Forsinket", "Manglende data", "Ny dataaftale"):
        assert text in status_item.presentation
    gov.hold(chief_meeting)
    escalation = services.escalate_deviation(
        actor=gov.chief_chair,
        case=status_item.cases.get(),
        reason="Chefforum kan ikke løse dataadgangen",
        ask="Beslut en fælles dataaftale",
    )
    assert escalation.to_body == gov.director
    director_meeting = gov.meeting(gov.director, day=27)
    [escalation_item] = services.put_cases_on_agenda(
        actor=gov.secretariat, meeting=director_meeting
    )
    assert escalation_item.cases.get().escalation == escalation
    assert "Chefforum kan ikke løse dataadgangen" in escalation_item.presentation
    gov.hold(director_meeting)
    with pytest.raises(ServiceError):
        services.close_escalation(
            actor=gov.secretariat, case=escalation_item.cases.get(), decision=" "
        )
    services.close_escalation(
        actor=gov.director_chair,
        case=escalation_item.cases.get(),
        decision="Regionen og kommunerne indgår en dataaftale inden sommer.",
    )
    escalation.refresh_from_db()
    assert not escalation.is_open and escalation.closed_item == escalation_item
    assert escalation.initiative == initiative
    assert AuditEvent.objects.filter(action="escalation.close").exists()
    assert Escalation.objects.filter(closed_at__isnull=True).count() == 0


def test_status_cycle_only_before_a_chefforum_meeting(gov):
    with pytest.raises(ServiceError, match="Chefforum"):
        services.start_status_cycle(
            actor=gov.secretariat,
            plan=gov.plan,
            meeting=gov.meeting(gov.director),
            deadline=personas.day(1) - datetime.timedelta(days=28),
        )


def test_political_level_gets_a_status_summary(gov):
    initiative = gov.activate(gov.initiative())
    chief_meeting = gov.meeting(gov.chief, day=20)
    cycle = services.start_status_cycle(
        actor=gov.secretariat,
        plan=gov.plan,
        meeting=chief_meeting,
        deadline=personas.day(10),
    )
    services.report_status(
        actor=gov.lead, report=cycle.reports.get(), values={"rag": "green", "delivered": "Alt"}
    )
    [item] = services.put_cases_on_agenda(
        actor=gov.secretariat, meeting=gov.meeting(gov.political, day=25)
    )
    assert "1 grønne, 0 gule og 0 røde af 1" in item.presentation
    assert StatusReport.objects.get().initiative == initiative


def test_follow_up_from_a_decision(gov):
    from klynge.followups.services import complete_follow_up, create_follow_up

    meeting = gov.hold(gov.meeting(gov.chief))
    follow_up = create_follow_up(
        actor=gov.secretariat,
        item=meeting.items.first(),
        text="Sekretariatet sender materiale ud",
        responsible=gov.lead.person,
        due_date=personas.day(62),
    )
    complete_follow_up(actor=gov.lead, follow_up=follow_up)
    with pytest.raises(ServiceError, match="allerede"):
        complete_follow_up(actor=gov.lead, follow_up=follow_up)
