"""Demo action plans: Sundhedsklynge Midt's plan of 15 initiatives adopted 13 March 2023 (seed
002), taken through the whole flow with a year of status cycles, two escalations and
follow-ups; and Aarhusklyngen's three themes (seed 001) with their initiatives.

Everything goes through the services. Timestamps of the history rows are then moved to the
meeting dates, so the timelines read as the year they describe.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.actionplans import services
from klynge.actionplans.models import (
    ActionPlan,
    Escalation,
    Initiative,
    InitiativeStateChange,
    ItemCase,
    OrderConfirmation,
    Rag,
    Sector,
    StatusReport,
    Theme,
)
from klynge.followups.services import complete_follow_up, create_follow_up
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus
from klynge.organisations.models import Body, Organisation, Person

D = datetime.date


@contextmanager
def dated(when: datetime.date) -> Iterator[None]:
    """Move the timestamps of the history rows written inside the block to `when`."""
    marks = {
        model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        for model in (InitiativeStateChange, OrderConfirmation, StatusReport, Escalation, ItemCase)
    }
    yield
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(12)))
    InitiativeStateChange.objects.filter(pk__gt=marks[InitiativeStateChange]).update(
        created_at=moment
    )
    OrderConfirmation.objects.filter(pk__gt=marks[OrderConfirmation]).update(submitted_at=moment)
    StatusReport.objects.filter(pk__gt=marks[StatusReport], reported_at__isnull=False).update(
        reported_at=moment
    )
    Escalation.objects.filter(pk__gt=marks[Escalation]).update(raised_at=moment)
    ItemCase.objects.filter(decided_at__gt=moment).update(decided_at=moment)
    Escalation.objects.filter(closed_at__isnull=False, closed_at__gt=moment).update(
        closed_at=moment
    )


def _meeting(sec: User, body: Body, date: datetime.date, title: str) -> Meeting:
    return meeting_services.create_meeting(
        actor=sec,
        body=body,
        values={
            "title": title,
            "date": date,
            "start_time": datetime.time(9),
            "end_time": datetime.time(11),
            "place": "Hjulmagervej 22, 9000 Aalborg",
        },
    )


def _status(meeting: Meeting, sec: User, *statuses: str) -> None:
    for status in statuses:
        meeting_services.change_meeting_status(actor=sec, meeting=meeting, to_status=status)


def _publish_minutes(meeting: Meeting, sec: User, approver: User | None = None) -> None:
    _status(meeting, sec, MeetingStatus.MINUTES_DRAFT)
    meeting_services.approve_minutes(actor=approver or sec, meeting=meeting)
    meeting.refresh_from_db()
    _status(meeting, sec, MeetingStatus.MINUTES_PUBLISHED)


MIDT_THEMES = [
    (
        "Forebyggelse af indlæggelser",
        "Færre akutte og korte indlæggelser gennem indsatser i det nære.",
    ),
    ("Sammenhængende forløb", "Gode overgange mellem hospital, kommune og almen praksis."),
    ("Mental sundhed og beskæftigelse", "Borgere med psykisk sygdom i job og uddannelse."),
]
# number, title, theme, sectors, owner organisations
MIDT_INITIATIVES: list[tuple[int, str, int, list[str], list[str]]] = [
    (
        1,
        "Paramedicinere i eget hjem som alternativ til indlæggelse",
        0,
        ["region", "municipality"],
        ["Region Nordjylland", "Jammerbugt Kommune"],
    ),
    (
        2,
        "72-timers behandlingsansvar ved udskrivelse",
        1,
        ["hospital", "municipality"],
        ["Aalborg Universitetshospital"],
    ),
    (
        3,
        "Faste plejehjemslæger",
        0,
        ["general_practice", "municipality"],
        ["Aalborg Kommune", "PLO-Nordjylland"],
    ),
    (4, "Dosispakket medicin", 1, ["general_practice", "municipality"], ["PLO-Nordjylland"]),
    (
        5,
        "Forebyggelse i almen praksis og opfølgende hjemmebesøg",
        0,
        ["general_practice"],
        ["PLO-Nordjylland"],
    ),
    (
        6,
        "Audit af korte indlæggelser i akutmodtagelsen",
        0,
        ["hospital", "municipality"],
        ["Aalborg Universitetshospital", "Aalborg Kommune"],
    ),
    (
        7,
        "Udbredelse af IPS til unge i alderen 15-17 år",
        2,
        ["municipality", "psychiatry"],
        ["Aalborg Kommune", "Jammerbugt Kommune", "Psykiatrien, Region Nordjylland"],
    ),
    (
        8,
        "Samarbejde mellem APN-, brobygger- og hjemmesygeplejersker",
        1,
        ["hospital", "municipality"],
        ["Aalborg Universitetshospital", "Aalborg Kommune"],
    ),
    (
        9,
        "Optimering af eksisterende digitale løsninger",
        1,
        ["region", "municipality", "general_practice"],
        ["Region Nordjylland", "Aalborg Kommune"],
    ),
    (
        10,
        "Systematisk indsats for de ældste 2 % med mange sygehuskontakter",
        0,
        ["hospital", "municipality", "general_practice"],
        ["Aalborg Kommune", "Jammerbugt Kommune", "Region Nordjylland"],
    ),
    (
        11,
        "Kompetenceudvikling om senfølger",
        1,
        ["hospital", "municipality"],
        ["Region Nordjylland"],
    ),
    (
        12,
        "Sammenhæng i instruktion i hjælpemidler",
        1,
        ["hospital", "municipality"],
        ["Aalborg Kommune"],
    ),
    (
        13,
        "Færre færdigbehandlingsdage",
        1,
        ["hospital", "municipality"],
        ["Aalborg Universitetshospital", "Aalborg Kommune", "Jammerbugt Kommune"],
    ),
    (
        14,
        "Fælles indkøbsaftaler med patientperspektiv",
        1,
        ["region", "municipality"],
        ["Region Nordjylland"],
    ),
    (
        15,
        "Tidlig opsporing af KOL",
        0,
        ["general_practice", "municipality"],
        ["PLO-Nordjylland", "Jammerbugt Kommune"],
    ),
]
PATIENT = "Patientinddragelsesudvalgets repræsentanter deltager i projektgruppen og beskriver sammen med borgerne, hvad problemet er, før løsningerne vælges."


def _confirmation(initiative: Initiative, **extra: str) -> dict[str, str]:
    return {
        "what": f"{initiative.title}: leverancerne i indsatsbeskrivelsen",
        "who": "Projektgruppen med deltagere fra region, kommuner og almen praksis",
        "where": "Aalborg og Jammerbugt kommuner",
        "when": "Opstart efteråret 2023, evaluering efter 3, 6 og 12 måneder",
        "patient_involvement": PATIENT,
        **extra,
    }


def load_midt(
    *,
    sec: User,
    chair: User,
    lead_user: User,
    political: Body,
    director: Body,
    chief: Body,
    people: dict[str, Person],
    orgs: dict[str, Organisation],
) -> ActionPlan:
    themes = [
        services.save_theme(
            actor=sec,
            theme=Theme(cluster=political.cluster),
            values={"name": n, "description": d, "priority": i},
        )
        for i, (n, d) in enumerate(MIDT_THEMES, start=1)
    ]
    plan = services.save_plan(
        actor=sec,
        plan=ActionPlan(),
        values={
            "title": "Handleplan for Sundhedsklynge Midt 2023-2026",
            "body": political,
            "period_start": D(2023, 3, 13),
            "period_end": D(2026, 12, 31),
        },
    )
    lead = lead_user.person
    initiatives: dict[int, Initiative] = {}
    for number, title, theme, sectors, owners in MIDT_INITIATIVES:
        values: dict[str, Any] = {
            "number": number,
            "title": title,
            "theme": themes[theme],
            "sectors": sectors,
            "period_start": D(2023, 9, 1),
            "period_end": D(2025, 12, 31),
            "project_owner": people["Mikkel Grimstrup"]
            if number % 2
            else people["Daniel Kjærsgaard"],
            "project_lead": lead if number in (7, 9, 10, 13) else people["Henrik Ravnkilde"],
            "problem": "Borgerne oplever for mange og for korte indlæggelser og brud i overgangene.",
            "target_group": "Ældre medicinske patienter og borgere med kronisk sygdom.",
            "what_we_can_do": "Styrke samarbejdet mellem sektorerne om konkrete forløb.",
            "goals": "Færre indlæggelser og bedre oplevet kvalitet (Triple Aim).",
            "documentation": "Data fra EPJ, kommunernes omsorgssystem og en spørgeskemaundersøgelse.",
            "deliverables": [
                "Indsatsbeskrivelse",
                "Pilotafprøvning",
                "Evaluering efter 12 måneder",
            ],
            "milestones": ["Opstart: september 2023", "Evaluering efter 6 måneder: marts 2024"],
        }
        if number == 7:
            values |= {
                "target_group": "Unge på 15-17 år uden job eller uddannelse og tilknyttet Børne- og Ungdomspsykiatrien.",
                "goals": "Flere unge i job eller uddannelse; i Aalborg var 31 % i job, fleksjob eller uddannelse 3 måneder efter forløbet.",
                "what_we_can_do": "Udbrede IPS-indsatsen fra Aalborg Kommune til Jammerbugt Kommune.",
            }
        if number == 10:
            values["target_group"] = (
                "De ældste 2 % med flest sygehuskontakter, både psykiske og somatiske."
            )
        initiatives[number] = services.save_initiative(
            actor=sec,
            initiative=Initiative(plan=plan),
            values=values,
            owner_organisations=[orgs[o] for o in owners],
        )

    # 13 March 2023: the political level adopts the plan and asks for indsats 10 to be concretised.
    adoption = _meeting(sec, political, D(2023, 3, 13), "Politisk Niveau, Sundhedsklynge Midt")
    adopt_item = meeting_services.add_agenda_item(
        actor=sec,
        meeting=adoption,
        values={
            "title": "Godkendelse af handleplan for Sundhedsklynge Midt",
            "kind": AgendaItem.Kind.APPROVAL,
            "recommendation": ["at handleplanen med 15 indsatser godkendes"],
        },
    )
    _status(adoption, sec, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    with dated(D(2023, 3, 13)):
        meeting_services.record_decision(
            actor=sec,
            item=adopt_item,
            decision="Handleplanen blev godkendt.",
            version=adopt_item.version,
        )
        services.adopt_plan(actor=sec, plan=plan, item=adopt_item)
        services.return_initiative(
            actor=sec,
            initiative=initiatives[10],
            item=adopt_item,
            note="Indsatsen skal konkretiseres og være handlingsorienteret frem mod mødet 24. maj.",
            due_date=D(2023, 5, 24),
        )
    _publish_minutes(adoption, sec, approver=chair)

    # June 2023: confirmations; Chefforum then Direktørforum approve.
    skip = {14, 15}  # 14 is still only ordered; 15 is submitted and waits for Chefforum
    with dated(D(2023, 6, 12)):
        for number, initiative in initiatives.items():
            if number not in skip:
                extra = (
                    {"what": "IPS-forløb for unge i Jammerbugt, som i Aalborg"}
                    if number == 7
                    else {}
                )
                services.submit_confirmation(
                    actor=lead_user if initiative.project_lead == lead else sec,
                    initiative=initiative,
                    values=_confirmation(initiative, **extra),
                )
    chief_june = _meeting(sec, chief, D(2023, 6, 20), "Chefforum, Sundhedsklynge Midt")
    [confirm_item] = services.put_cases_on_agenda(actor=sec, meeting=chief_june)
    _status(chief_june, sec, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    with dated(D(2023, 6, 20)):
        for case in confirm_item.cases.all():
            back = case.initiative.number == 12
            services.decide_confirmation(
                actor=sec,
                case=case,
                approve=not back,
                note="Leveringstidspunktet skal konkretiseres." if back else "",
                due_date=D(2023, 9, 1) if back else None,
            )
    _publish_minutes(chief_june, sec)
    director_june = _meeting(sec, director, D(2023, 6, 27), "Direktørforum, Sundhedsklynge Midt")
    [director_item] = services.put_cases_on_agenda(actor=sec, meeting=director_june)
    _status(director_june, sec, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    with dated(D(2023, 6, 27)):
        for case in director_item.cases.all():
            if case.initiative.number != 11:  # 11 waits for Direktørforum's next meeting
                services.decide_confirmation(actor=sec, case=case, approve=True)
        create_follow_up(
            actor=sec,
            item=director_item,
            text="Sekretariatet sender de godkendte ordrebekræftelser ud",
            responsible=people["Bibi Borup"],
            due_date=D(2023, 7, 1),
        )
    _publish_minutes(director_june, sec)
    for follow_up in director_item.follow_ups.all():
        complete_follow_up(actor=sec, follow_up=follow_up)
    with dated(D(2023, 9, 1)):
        services.submit_confirmation(
            actor=sec, initiative=initiatives[15], values=_confirmation(initiatives[15])
        )

    # A year of status cycles before Chefforum's meetings.
    rounds: list[tuple[datetime.date, dict[int, str]]] = [
        (D(2023, 9, 19), {13: Rag.YELLOW}),
        (D(2023, 11, 21), {13: Rag.RED, 9: Rag.YELLOW, 1: Rag.YELLOW}),
        (D(2024, 2, 20), {13: Rag.YELLOW, 9: Rag.YELLOW}),
        (D(2024, 4, 23), {9: Rag.RED, 3: Rag.YELLOW}),
    ]
    for index, (date, colours) in enumerate(rounds):
        meeting = _meeting(sec, chief, date, "Chefforum, Sundhedsklynge Midt")
        with dated(date - datetime.timedelta(days=7)):
            cycle = services.start_status_cycle(
                actor=sec, plan=plan, meeting=meeting, deadline=date - datetime.timedelta(days=7)
            )
            for report in cycle.reports.select_related("initiative"):
                number = report.initiative.number
                if index == 3 and number in (5, 6):
                    continue  # missing reports show as such
                rag = colours.get(number, Rag.GREEN)
                values = {"rag": rag, "delivered": "Aktiviteterne følger planen."}
                if rag != Rag.GREEN:
                    values |= {
                        "delivered": "Analysen er gennemført.",
                        "deviation": "Leverancen er forsinket.",
                        "cause": "Adgang til data på tværs af sektorer mangler."
                        if number in (9, 13)
                        else "Rekruttering af medarbejdere.",
                        "proposed_action": "Fælles dataaftale og ny tidsplan.",
                    }
                services.report_status(
                    actor=lead_user if report.initiative.project_lead == lead else sec,
                    report=report,
                    values=values,
                )
        items = services.put_cases_on_agenda(actor=sec, meeting=meeting)
        _status(meeting, sec, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
        with dated(date):
            for item in items:
                for case in item.cases.filter(purpose="status").select_related("initiative"):
                    number = case.initiative.number
                    if (index, number) in ((1, 13), (3, 9)):
                        services.escalate_deviation(
                            actor=sec,
                            case=case,
                            reason="Chefforum kan ikke selv skaffe adgang til data på tværs af sektorer.",
                            ask="At Direktørforum beslutter en fælles dataaftale mellem region og kommuner.",
                        )
                    else:
                        services.record_status_action(
                            actor=sec, case=case, note="Chefforum følger op på næste møde."
                        )
        _publish_minutes(meeting, sec)
        if index == 1:
            director_meeting = _meeting(
                sec, director, D(2023, 12, 5), "Direktørforum, Sundhedsklynge Midt"
            )
            items = services.put_cases_on_agenda(actor=sec, meeting=director_meeting)
            _status(director_meeting, sec, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
            with dated(D(2023, 12, 5)):
                for item in items:
                    for case in item.cases.all():
                        if case.purpose == "escalation":
                            services.close_escalation(
                                actor=sec,
                                case=case,
                                decision="Region og kommuner indgår en dataaftale om færdigbehandlede patienter inden 1. marts 2024.",
                            )
                        else:
                            services.decide_confirmation(actor=sec, case=case, approve=True)
                create_follow_up(
                    actor=sec,
                    item=items[0],
                    text="Send opdateret tidsplan for indsats 13",
                    responsible=lead,
                    due_date=D(2024, 1, 15),
                )
            _publish_minutes(director_meeting, sec)
    for initiative in initiatives.values():
        initiative.refresh_from_db()
    with dated(D(2024, 6, 1)):
        services.finish_initiative(
            actor=sec,
            initiative=initiatives[7],
            completed=True,
            note="IPS-indsatsen er udbredt til Jammerbugt og overgået til drift.",
        )
        services.finish_initiative(
            actor=sec,
            initiative=initiatives[6],
            completed=False,
            note="Audit er gennemført; opfølgningen indgår i indsats 13.",
        )
    # The open escalation of indsats 9 waits for Direktørforum's next meeting.
    _meeting(sec, director, D(2027, 1, 19), "Direktørforum, Sundhedsråd Limfjorden (forberedende)")
    return plan


AARHUS_THEMES = [
    "Børn og unges mentale sundhed og trivsel",
    "Digitale løsninger og velfærdsteknologi",
    "Fælles investeringer i sundhed, herunder borgere med lungeproblemer",
]
AARHUS_INITIATIVES = [
    (1, "Center for Trivsel: lettilgængeligt behandlingstilbud til børn og unge på 5-17 år", 0),
    (2, "Virtuelle udskrivelsesmøder mellem hospital, kommune, borger og almen praksis", 1),
    (3, "Datadeling mellem plejesektor og hospital (Columna Axon)", 1),
    (4, "Velfærdsteknologiens Hus", 1),
    (5, "Social effektinvestering: lungekræft, KOL og beslægtede lungelidelser", 2),
    (6, "Lægedækning på de midlertidige pladser på Vikærgården", 2),
]


def load_aarhus(*, sec: User, political: Body) -> ActionPlan:
    themes = [
        services.save_theme(
            actor=sec, theme=Theme(cluster=political.cluster), values={"name": n, "priority": i}
        )
        for i, n in enumerate(AARHUS_THEMES, start=1)
    ]
    plan = services.save_plan(
        actor=sec,
        plan=ActionPlan(),
        values={
            "title": "Aarhusklyngens prioriterede temaer 2024-2026",
            "body": political,
            "period_start": D(2024, 1, 1),
            "period_end": D(2026, 12, 31),
        },
    )
    for number, title, theme in AARHUS_INITIATIVES:
        services.save_initiative(
            actor=sec,
            initiative=Initiative(plan=plan),
            values={
                "number": number,
                "title": title,
                "theme": themes[theme],
                "sectors": [Sector.REGION, Sector.MUNICIPALITY],
            },
        )
    return plan
