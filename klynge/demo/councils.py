"""The sundhedsråd's first meeting in the demo: Sundhedsråd Aarhus in January 2027.

Loaded after the carry-over, so the members who continue from Aarhusklyngen are on the
council's body; the council's own new members start on 1 January 2027.
"""

import datetime

from django.utils import timezone

from klynge.accounts.models import User
from klynge.demo.builder import DemoBuilder, _walk, _write_decisions
from klynge.meetings import services as meeting_services
from klynge.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    MeetingStatusChange,
)
from klynge.organisations.models import Body, Cluster
from klynge.organisations.models import Membership as M

Kind = AgendaItem.Kind
START = datetime.date(2027, 1, 1)

#: Item titles the later parts of the demo (votes, recommendations) look their items up by.
ITEM_TASKS = "Anbefaling til regionsrådet: placering af opgaver mellem region og kommuner"
ITEM_FRAME = "Minimumsramme 2027: anbefaling om fordeling"


def load_aarhus_council(*, b: DemoBuilder, sec: User) -> Meeting:
    council = Cluster.objects.get(name="Sundhedsråd Aarhus")
    body = Body.objects.get(cluster=council, name="Sundhedsråd Aarhus")
    for name, org, title, role in [
        ("Mette Kjær", "Region Midtjylland", "regionsrådsmedlem (A)", M.Role.VICE_CHAIR),
        ("Jens Vestergaard", "Region Midtjylland", "regionsrådsmedlem (V)", M.Role.MEMBER),
        ("Rasmus Holt", "Region Midtjylland", "regionsrådsmedlem (O)", M.Role.MEMBER),
        ("Lone Dalsgaard", "Aarhus Kommune", "byrådsmedlem (F)", M.Role.MEMBER),
        ("Karsten Møller", "Samsø Kommune", "borgmester (C)", M.Role.MEMBER),
    ]:
        b.member(body, name, org, title, role, start=START)
    if not body.memberships.filter(role=M.Role.SECRETARIAT, person__user=sec).exists():
        b.member(body, "Sofie Holm", "Aarhus Kommune", "stabsleder", M.Role.SECRETARIAT, user=sec)

    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        values={
            "title": "Sundhedsråd Aarhus",
            "date": datetime.date(2027, 1, 21),
            "start_time": datetime.time(15, 0),
            "end_time": datetime.time(17, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
        },
    )
    items = [
        b.item(
            meeting,
            title="Godkendelse af dagsorden",
            kind=Kind.APPROVAL,
            recommendation=["at dagsordenen godkendes"],
            decision="Dagsordenen blev godkendt.",
        ),
        b.item(
            meeting,
            title="Forretningsorden for Sundhedsråd Aarhus",
            kind=Kind.DECISION,
            recommendation=["at sundhedsrådet vedtager forretningsordenen"],
            presentation=(
                "<p>Forretningsordenen følger de kommunale udvalgsregler: sager afgøres ved "
                "simpelt flertal, og punkter skal være sekretariatet i hænde ti arbejdsdage "
                "før mødet.</p>"
            ),
            decision="Forretningsordenen blev vedtaget.",
        ),
        b.item(
            meeting,
            title=ITEM_TASKS,
            kind=Kind.DECISION,
            recommendation=[
                "at sundhedsrådet anbefaler regionsrådet, at genoptræning efter "
                "udskrivning og de akutte sygeplejefunktioner placeres i kommunerne"
            ],
            presentation=(
                "<p>Sundhedsreformen lader sundhedsrådet anbefale, hvor opgaverne skal ligge. "
                "Administrationen foreslår, at de fire opgaver, der i dag løses på tværs, "
                "placeres som beskrevet i bilaget.</p>"
            ),
            bilag=["Opgaveplacering – oversigt.pdf"],
            decision=(
                "Sundhedsrådet anbefaler regionsrådet, at genoptræning efter udskrivning og "
                "de akutte sygeplejefunktioner placeres i kommunerne."
            ),
        ),
        b.item(
            meeting,
            title=ITEM_FRAME,
            kind=Kind.DECISION,
            recommendation=[
                "at sundhedsrådet anbefaler regionsrådet at fordele minimumsrammen 2027 "
                "med 60 % til det nære sundhedsvæsen og 40 % til fælles indsatser"
            ],
            decision=(
                "Sundhedsrådet anbefaler regionsrådet fordelingen af minimumsrammen 2027 "
                "som indstillet."
            ),
        ),
        b.item(
            meeting,
            title="Eventuelt",
            kind=Kind.ANY_OTHER_BUSINESS,
            decision="Intet.",
        ),
    ]
    _walk(meeting, MeetingStatus.AGENDA_PUBLISHED)
    _hold_ahead_of_time(meeting)
    _write_decisions(meeting, items)
    meeting_services.change_meeting_status(
        actor=sec, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    return meeting


def _hold_ahead_of_time(meeting: Meeting) -> None:
    """Mark the meeting held even before its day. The demo shows the council's first meeting
    as held while 2027 may still lie ahead; for live work `change_meeting_status` refuses it."""
    if meeting.date <= timezone.localdate():
        _walk(meeting, MeetingStatus.HELD)
        return
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=MeetingStatus.HELD
    )
    meeting.attendances.filter(status=Attendance.Status.INVITED).update(
        status=Attendance.Status.ATTENDING
    )
    meeting.status = MeetingStatus.HELD
