"""Demo data: the real clusters, bodies, organisations and meetings of the seed documents,
with invented names for people. Written through the services, so it is audited like any
other change (with no actor: the system).
"""

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from klynge.accounts.models import User
from klynge.actionplans import demo as actionplan_demo
from klynge.actionplans import services as actionplan_services
from klynge.actionplans.models import Initiative
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, MinutesApproval
from klynge.organisations import services as org_services
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Person, Region

DEMO_PASSWORD = "demo"  # noqa: S105 - only ever set when DEMO_MODE is on
DEMO_USERS = [
    "admin@klynge.test",
    "sekretariat@klynge.test",
    "formand@klynge.test",
    "medlem@klynge.test",
    "borger@klynge.test",
    "projektleder@klynge.test",
]
CASE = "1-31-72-446-22"
Role = Membership.Role
Kind = AgendaItem.Kind


def _docx_bytes(title: str, lines: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DemoBuilder:
    def __init__(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}

    def org(self, name: str, kind: str, region: str) -> Organisation:
        if name not in self.orgs:
            self.orgs[name] = org_services.save_organisation(
                actor=None,
                organisation=Organisation(),
                values={"name": name, "kind": kind, "region": region},
            )
        return self.orgs[name]

    def person(self, name: str, user: User | None = None) -> Person:
        if name not in self.people:
            self.people[name] = org_services.save_person(
                actor=None,
                person=Person(),
                values={"name": name, "email": user.email if user else "", "user": user},
            )
        return self.people[name]

    def member(
        self,
        body: Body,
        name: str,
        org: str | None,
        title: str,
        role: str = Role.MEMBER,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        substitute_for: str | None = None,
        user: User | None = None,
    ) -> Membership:
        return org_services.add_membership(
            actor=None,
            body=body,
            person=self.person(name, user),
            values={
                "organisation": self.orgs[org] if org else None,
                "title": title,
                "role": role,
                "start_date": start,
                "end_date": end,
                "substitute_for": self.people[substitute_for] if substitute_for else None,
            },
        )

    def item(self, meeting: Meeting, **values: Any) -> AgendaItem:
        presenters = [self.people[n] for n in values.pop("presenters", [])]
        decision = values.pop("decision", "")
        bilag = values.pop("bilag", [])
        values.setdefault("kind", Kind.DECISION)
        item = meeting_services.add_agenda_item(
            actor=None, meeting=meeting, values=values, presenters=presenters
        )
        item.decision = decision  # written below once the meeting is held
        for filename in bilag:
            upload = SimpleUploadedFile(
                filename,
                _docx_bytes(filename, [values["title"]]),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            meeting_services.add_attachment(actor=None, item=item, upload=upload)
        return item


def _walk(meeting: Meeting, to: str, actor: User | None = None) -> None:
    """Move a demo meeting through the statuses up to `to`."""
    path = [
        MeetingStatus.AGENDA_PUBLISHED,
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
        MeetingStatus.MINUTES_PUBLISHED,
    ]
    for status in path[: path.index(to) + 1]:  # type: ignore[arg-type]
        if status == MeetingStatus.MINUTES_APPROVED:
            assert actor is not None
            meeting_services.approve_minutes(actor=actor, meeting=meeting)
            meeting.refresh_from_db()
            continue
        meeting_services.change_meeting_status(actor=actor, meeting=meeting, to_status=status)


def _write_decisions(meeting: Meeting, items: list[AgendaItem]) -> None:
    for item in items:
        if item.decision:
            fresh = AgendaItem.objects.get(pk=item.pk)
            meeting_services.record_decision(
                actor=None, item=fresh, decision=item.decision, version=fresh.version
            )


def _absent(meeting: Meeting, *names: str, builder: DemoBuilder) -> None:
    for name in names:
        attendance = Attendance.objects.get(meeting=meeting, person=builder.people[name])
        meeting_services.set_attendance(
            actor=None, attendance=attendance, status=Attendance.Status.ABSENT
        )


@transaction.atomic
def load_demo() -> dict[str, int]:
    b = DemoBuilder()
    users = {
        email: User.objects.create_user(email, DEMO_PASSWORD, name=name)
        for email, name in [
            ("admin@klynge.test", "Administrator"),
            ("sekretariat@klynge.test", "Sofie Holm"),
            ("formand@klynge.test", "Morten Lindgaard"),
            ("medlem@klynge.test", "Lene Dalsgaard"),
            ("borger@klynge.test", "Bo Borgersen"),
            ("projektleder@klynge.test", "Pernille Lauridsen"),
        ]
    }
    admin = users["admin@klynge.test"]
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])

    mid, nord = Region.MIDTJYLLAND, Region.NORDJYLLAND
    OK = Organisation.Kind
    for name, kind, region in [
        ("Region Midtjylland", OK.REGION, mid),
        ("Aarhus Kommune", OK.MUNICIPALITY, mid),
        ("Samsø Kommune", OK.MUNICIPALITY, mid),
        ("Aarhus Universitetshospital", OK.HOSPITAL, mid),
        ("Psykiatrien, Region Midtjylland", OK.PSYCHIATRY, mid),
        ("PLO-Midtjylland", OK.GENERAL_PRACTICE, mid),
        ("Region Nordjylland", OK.REGION, nord),
        ("Aalborg Kommune", OK.MUNICIPALITY, nord),
        ("Jammerbugt Kommune", OK.MUNICIPALITY, nord),
        ("Aalborg Universitetshospital", OK.HOSPITAL, nord),
        ("Psykiatrien, Region Nordjylland", OK.PSYCHIATRY, nord),
        ("PLO-Nordjylland", OK.GENERAL_PRACTICE, nord),
        ("Patientinddragelsesudvalget, Region Nordjylland", OK.PATIENT_ORGANISATION, nord),
        ("Uddannelseshuset, Aalborg Kommune", OK.OTHER, nord),
    ]:
        b.org(name, kind, region)

    def cluster(name: str, kind: str, region: str, orgs: list[str], **dates: Any) -> Cluster:
        return org_services.save_cluster(
            actor=None,
            cluster=Cluster(),
            values={"name": name, "kind": kind, "region": region, **dates},
            organisations=[b.orgs[o] for o in orgs],
        )

    def body(c: Cluster, name: str, level: str, parent: Body | None = None) -> Body:
        return org_services.save_body(
            actor=None,
            body=Body(),
            values={"cluster": c, "name": name, "level": level, "parent": parent},
        )

    aarhus_orgs = [
        "Region Midtjylland",
        "Aarhus Kommune",
        "Samsø Kommune",
        "Aarhus Universitetshospital",
        "Psykiatrien, Region Midtjylland",
        "PLO-Midtjylland",
    ]
    midt_orgs = [
        "Region Nordjylland",
        "Aalborg Kommune",
        "Jammerbugt Kommune",
        "Aalborg Universitetshospital",
        "Psykiatrien, Region Nordjylland",
        "PLO-Nordjylland",
    ]
    raad_aarhus = cluster(
        "Sundhedsråd Aarhus",
        Cluster.Kind.HEALTH_COUNCIL,
        mid,
        aarhus_orgs,
        valid_from=datetime.date(2027, 1, 1),
    )
    raad_limfjorden = cluster(
        "Sundhedsråd Limfjorden",
        Cluster.Kind.HEALTH_COUNCIL,
        nord,
        midt_orgs,
        valid_from=datetime.date(2027, 1, 1),
    )
    aarhus = cluster(
        "Aarhusklyngen",
        Cluster.Kind.HEALTH_CLUSTER,
        mid,
        aarhus_orgs,
        valid_from=datetime.date(2007, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
        successor=raad_aarhus,
    )
    midt = cluster(
        "Sundhedsklynge Midt",
        Cluster.Kind.HEALTH_CLUSTER,
        nord,
        midt_orgs,
        valid_from=datetime.date(2007, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
        successor=raad_limfjorden,
    )

    B = Body.Level
    a_pol = body(aarhus, "Politisk niveau", B.POLITICAL)
    a_dir = body(aarhus, "Direktørforum", B.DIRECTOR, a_pol)
    m_pol = body(midt, "Politisk Niveau", B.POLITICAL)
    m_dir = body(midt, "Direktørforum", B.DIRECTOR, m_pol)
    m_chef = body(midt, "Chefforum", B.CHIEF, m_dir)
    m_pat = body(midt, "Patientinddragelsesudvalgets repræsentanter", B.PATIENT, m_chef)
    body(raad_aarhus, "Sundhedsråd Aarhus", B.POLITICAL)
    body(raad_limfjorden, "Sundhedsråd Limfjorden", B.POLITICAL)

    # The secretariat serves every demo body.
    sec = users["sekretariat@klynge.test"]
    for each in [a_pol, a_dir, m_pol, m_dir, m_chef]:
        org = "Aarhus Kommune" if each.cluster == aarhus else "Aalborg Kommune"
        b.member(each, "Sofie Holm", org, "stabsleder", Role.SECRETARIAT, user=sec)

    # Aarhusklyngen, political level (seed 001: 2 May 2025).
    since = datetime.date(2022, 1, 1)
    for name, org, title, role in [
        (
            "Anders Kirkegaard",
            "Region Midtjylland",
            "regionsrådsformand (A), regional medformand",
            Role.CO_CHAIR,
        ),
        (
            "Christian Bruun",
            "Aarhus Kommune",
            "rådmand, Sundhed og Omsorg (V), kommunal medformand",
            Role.CO_CHAIR,
        ),
        ("Else Kastrup", "Region Midtjylland", "regionsrådsmedlem (Ø)", Role.MEMBER),
        ("Jakob Kjær", "Region Midtjylland", "regionsrådsmedlem (F)", Role.MEMBER),
        ("Anders Gade", "Region Midtjylland", "regionsrådsmedlem (V)", Role.MEMBER),
        ("Anne Winther", "Aarhus Kommune", "borgmester (A)", Role.MEMBER),
        ("Martin Meldgaard", "Samsø Kommune", "borgmester (A)", Role.MEMBER),
        (
            "Allan Holm Poulsen",
            "PLO-Midtjylland",
            "praktiserende læge i Aarhus Kommune",
            Role.MEMBER,
        ),
        ("Anna Vestergaard", "PLO-Midtjylland", "praktiserende læge i Aarhus Kommune", Role.MEMBER),
        ("Thomas Bach", "Aarhus Universitetshospital", "hospitalsdirektør", Role.MEMBER),
        ("Janni Friis", "Psykiatrien, Region Midtjylland", "sygeplejefaglig direktør", Role.MEMBER),
        ("Anders Kjeldsen", "Region Midtjylland", "koncerndirektør", Role.MEMBER),
        ("Christina Bang", "Aarhus Kommune", "direktør", Role.MEMBER),
        ("Dorthe Lund", "Samsø Kommune", "forvaltningschef", Role.MEMBER),
        (
            "Sandra Bjerg",
            "Region Midtjylland",
            "ac-fuldmægtig, Sundhedsplanlægning",
            Role.SECRETARIAT,
        ),
    ]:
        b.member(a_pol, name, org, title, role, start=since)
    b.member(
        a_pol,
        "Jens Bundgaard",
        "Aarhus Kommune",
        "borgmester (A)",
        start=since,
        end=datetime.date(2024, 12, 31),
    )

    # Aarhus-klyngen's Direktørforum (seed 000: 24 March 2017) and today.
    for name, org, title, role, start, end in [
        ("Lene Dalsgaard", "Region Midtjylland", "koncerndirektør", Role.MEMBER, since, None),
        (
            "Hanne Lind",
            "Aarhus Kommune",
            "direktør, Sundhed og Omsorg",
            Role.CHAIR,
            datetime.date(2016, 1, 1),
            None,
        ),
        (
            "Claus Thorsen",
            "Aarhus Universitetshospital",
            "lægefaglig direktør",
            Role.MEMBER,
            datetime.date(2016, 1, 1),
            None,
        ),
        (
            "Jette Kolind",
            "PLO-Midtjylland",
            "praktiserende læge",
            Role.MEMBER,
            datetime.date(2016, 1, 1),
            datetime.date(2019, 6, 30),
        ),
        (
            "Jakob Ravnsborg",
            "PLO-Midtjylland",
            "formand for PLO-Aarhus",
            Role.MEMBER,
            datetime.date(2017, 3, 1),
            None,
        ),
        (
            "Lise Høgh",
            "PLO-Midtjylland",
            "praktiserende læge",
            Role.MEMBER,
            datetime.date(2015, 1, 1),
            datetime.date(2017, 2, 28),
        ),
        (
            "Jan Præst",
            "Aarhus Kommune",
            "direktør, Børn og Unge",
            Role.MEMBER,
            datetime.date(2017, 3, 1),
            None,
        ),
        (
            "May-Britt Kulmann",
            "Aarhus Kommune",
            "chef for Sundhed og Trivsel, Børn og Unge",
            Role.MEMBER,
            datetime.date(2017, 3, 1),
            None,
        ),
        (
            "Inge Pia Clausen",
            "Aarhus Universitetshospital",
            "sygeplejefaglig direktør",
            Role.MEMBER,
            datetime.date(2017, 3, 1),
            None,
        ),
        (
            "Vibeke Juhl",
            "Aarhus Kommune",
            "beskæftigelseschef",
            Role.MEMBER,
            datetime.date(2016, 1, 1),
            None,
        ),
        (
            "Eva Storm Knudsen",
            "Region Midtjylland",
            "direktør",
            Role.MEMBER,
            datetime.date(2016, 1, 1),
            datetime.date(2020, 12, 31),
        ),
    ]:
        user = users["medlem@klynge.test"] if name == "Lene Dalsgaard" else None
        b.member(a_dir, name, org, title, role, start=start, end=end, user=user)
    b.person("Anna Marie Mikkelborg")
    b.person("Jørgen Schmidt Kristiansen")

    # Sundhedsklynge Midt (seed 002: 24 May 2023).
    start = datetime.date(2022, 1, 1)
    formand = users["formand@klynge.test"]
    for name, org, title, role, user in [
        (
            "Morten Lindgaard",
            "Region Nordjylland",
            "regionsrådsformand, medformand",
            Role.CO_CHAIR,
            formand,
        ),
        (
            "Jens Lundberg",
            "Aalborg Kommune",
            "rådmand i Sundhed og Kultur, medformand",
            Role.CO_CHAIR,
            None,
        ),
        ("Mogens Gaardbo", "Jammerbugt Kommune", "borgmester", Role.MEMBER, None),
        ("Ole Stausholm", "Region Nordjylland", "regionsrådsmedlem", Role.MEMBER, None),
        ("Rikke Sandvig", "PLO-Nordjylland", "PLO-Nordjylland", Role.MEMBER, None),
        (
            "Mette Bolding",
            "PLO-Nordjylland",
            "formand for PLO-K, Aalborg Kommune",
            Role.MEMBER,
            None,
        ),
        (
            "Ib Nørgaard",
            "Jammerbugt Kommune",
            "formand for Social- og Sundhedsudvalget",
            Role.OBSERVER,
            None,
        ),
        (
            "Torben Frost",
            "Aalborg Kommune",
            "næstformand i Sundheds- og Kulturudvalget",
            Role.OBSERVER,
            None,
        ),
        (
            "Pia Buhl",
            "Region Nordjylland",
            "formand for Udvalg for Det Nære Sundhedsvæsen",
            Role.OBSERVER,
            None,
        ),
        ("Lina Hjort", "Region Nordjylland", "formand for Sundhedsudvalget", Role.OBSERVER, None),
        (
            "Vibeke Gram",
            "Region Nordjylland",
            "formand for Psykiatri- og Socialudvalget",
            Role.OBSERVER,
            None,
        ),
        ("Bente Graa", "Aalborg Kommune", "direktør", Role.MEMBER, None),
        ("Hanne Mølgaard", "Jammerbugt Kommune", "direktør", Role.MEMBER, None),
        ("Eva Sejr", "Region Nordjylland", "direktør", Role.MEMBER, None),
        (
            "Lisbeth Lauge",
            "Aalborg Universitetshospital",
            "sygeplejefaglig direktør",
            Role.MEMBER,
            None,
        ),
        ("Jan Mørch", "Psykiatrien, Region Nordjylland", "direktør", Role.MEMBER, None),
        ("Henrik Ravnkilde", "Jammerbugt Kommune", "sundheds- og seniorchef", Role.MEMBER, None),
        ("Mikkel Grimstrup", "Aalborg Kommune", "vicedirektør og sundhedschef", Role.MEMBER, None),
        ("Daniel Kjærsgaard", "Region Nordjylland", "kontorchef", Role.MEMBER, None),
        ("Dorte Rosenkilde", "Jammerbugt Kommune", "sundhedskonsulent", Role.MEMBER, None),
        ("Bibi Borup", "Aalborg Kommune", "sundhedsstrategisk konsulent", Role.SECRETARIAT, None),
        ("Maja Lykke", "Region Nordjylland", "AC-fuldmægtig", Role.SECRETARIAT, None),
    ]:
        b.member(m_pol, name, org, title, role, start=start, user=user)
    b.member(
        m_pol,
        "Malou Skov",
        "Region Nordjylland",
        "regionsrådsmedlem",
        Role.SUBSTITUTE,
        start=start,
        substitute_for="Lina Hjort",
    )
    b.member(
        m_pol,
        "Jørgen Rørbæk",
        "Region Nordjylland",
        "regionsrådsmedlem",
        Role.SUBSTITUTE,
        start=start,
        substitute_for="Lina Hjort",
    )
    for name, org, title, role in [
        ("Bente Graa", "Aalborg Kommune", "direktør", Role.CO_CHAIR),
        ("Eva Sejr", "Region Nordjylland", "direktør", Role.CO_CHAIR),
        ("Hanne Mølgaard", "Jammerbugt Kommune", "direktør", Role.MEMBER),
        ("Lisbeth Lauge", "Aalborg Universitetshospital", "sygeplejefaglig direktør", Role.MEMBER),
        ("Jan Mørch", "Psykiatrien, Region Nordjylland", "direktør", Role.MEMBER),
    ]:
        b.member(m_dir, name, org, title, role, start=start)
    for name, org, title, role in [
        ("Mikkel Grimstrup", "Aalborg Kommune", "vicedirektør og sundhedschef", Role.CO_CHAIR),
        ("Daniel Kjærsgaard", "Region Nordjylland", "kontorchef", Role.CO_CHAIR),
        ("Henrik Ravnkilde", "Jammerbugt Kommune", "sundheds- og seniorchef", Role.MEMBER),
        (
            "Anni Overgaard",
            "Patientinddragelsesudvalget, Region Nordjylland",
            "næstformand for Patientinddragelsesudvalget",
            Role.MEMBER,
        ),
        (
            "Birgitte Pallesen",
            "Patientinddragelsesudvalget, Region Nordjylland",
            "medlem af Patientinddragelsesudvalget",
            Role.MEMBER,
        ),
    ]:
        b.member(m_chef, name, org, title, role, start=start)
    for name in ["Anni Overgaard", "Birgitte Pallesen"]:
        b.member(
            m_pat,
            name,
            "Patientinddragelsesudvalget, Region Nordjylland",
            "repræsentant",
            start=start,
        )

    _aarhus_2025(b, a_pol, sec)
    _aarhus_dir_2017(b, a_dir, sec)
    _midt_2023(b, m_pol, formand)
    _upcoming(b, a_dir, m_pol, m_chef)
    lead_user = users["projektleder@klynge.test"]
    b.member(m_chef, "Pernille Lauridsen", "Aalborg Kommune", "projektleder", user=lead_user)
    actionplan_demo.load_midt(
        sec=sec,
        chair=formand,
        lead_user=lead_user,
        political=m_pol,
        director=m_dir,
        chief=m_chef,
        people=b.people,
        orgs=b.orgs,
    )
    actionplan_demo.load_aarhus(sec=sec, political=a_pol)
    # Approvals of past minutes a week after each meeting, not today.
    for approval in MinutesApproval.objects.select_related("meeting"):
        approval.approved_at = approval.meeting.ends_at + datetime.timedelta(days=7)
        approval.save(update_fields=["approved_at"])
    # Status before Chefforum's next meeting: asked, partly answered.
    upcoming_chief = Meeting.objects.get(body=m_chef, date=datetime.date(2027, 1, 12))
    plan = m_pol.action_plans.get()
    cycle = actionplan_services.start_status_cycle(
        actor=sec, plan=plan, meeting=upcoming_chief, deadline=datetime.date(2027, 1, 5)
    )
    for report in cycle.reports.select_related("initiative").filter(initiative__number__lte=6):
        actionplan_services.report_status(
            actor=sec, report=report, values={"rag": "green", "delivered": "Følger planen."}
        )
    return {
        "users": len(users),
        "clusters": Cluster.objects.count(),
        "bodies": Body.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "initiatives": Initiative.objects.count(),
    }


def _aarhus_2025(b: DemoBuilder, body: Body, sec: User) -> Meeting:
    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        standing_items=False,
        values={
            "title": "Aarhusklyngen",
            "date": datetime.date(2025, 5, 2),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(12, 0),
            "place": "DokkX, Hack Kampmanns Plads 2, 8000 Aarhus C, Undervisningslokale 2",
            "chair": b.people["Christian Bruun"],
        },
    )
    items = [
        b.item(
            meeting,
            title="Velkommen og præsentation",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            presentation="<p>Formandskabet byder velkommen, og de nye medlemmer præsenterer sig.</p>",
            decision="Nye medlemmer blev budt velkommen.",
        ),
        b.item(
            meeting,
            title="Samarbejdet på sundhedsområdet under den nuværende og kommende struktur",
            case_number=CASE,
            kind=Kind.DISCUSSION,
            recommendation=[
                "at klyngen drøfter, hvordan de fælles pejlemærker for implementering af sundhedsreformen omsættes i klyngesamarbejdet, og",
                "at klyngen drøfter perspektiver på samarbejdet i lyset af aftalen om sundhedsreform 2024",
            ],
            presentation="<p>Aftalen om sundhedsreformen fra 15. november 2024 etablerer 17 sundhedsråd, heraf 5 i Region Midtjylland og 1 i Aarhusklyngen. Sundhedsrådene træder i kraft 1. januar 2027 og fungerer i 2026 som forberedende sundhedsråd.</p><p>KL og Danske Regioner har 30. januar 2025 udgivet seks fælles pejlemærker for implementeringen.</p>",
            decision="Klyngen drøftede samarbejdet om sundhedsreformen og dilemmaerne i implementeringen.\nDer var enighed om, at de bilaterale dialoger mellem regionen og de to kommuner er et godt afsæt for det videre samarbejde.",
            bilag=["Seks pejlemærker for implementering af sundhedsreformen.docx"],
        ),
        b.item(
            meeting,
            title="Status på de prioriterede temaer i Aarhusklyngen",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            recommendation=[
                "at orienteringen om status på de prioriterede temaer og klyngens øvrige initiativer tages til efterretning"
            ],
            presentation="<p>Klyngens prioriterede temaer:</p><ul><li>Børn og unges mentale sundhed og trivsel</li><li>Digitale løsninger og velfærdsteknologi</li><li>Fælles investeringer i sundhed, herunder borgere med lungeproblemer</li></ul><p>Center for Trivsel åbnede i januar 2025 for skolebørn og unge på 5-17 år med lette til moderate symptomer på psykisk mistrivsel. Virtuelle udskrivelsesmøder afprøves på 2 afdelinger og udvides med 7 mere.</p>",
            decision="Klyngen tog orienteringen til efterretning.",
            bilag=["Status på samarbejdsinitiativer i Aarhusklyngen, april 2025.docx"],
        ),
        b.item(
            meeting,
            title="Samarbejdsaftale om lægedækning på de midlertidige pladser på Vikærgården",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            recommendation=["at orienteringen tages til efterretning"],
            presentation="<p>Læger fra hospitalet dækker borgerens første 1-2 uger på de midlertidige pladser, hvorefter behandlingsansvaret går tilbage til egen læge. Aftalen skal forebygge genindlæggelser og forventes implementeret 1. september 2025 for et år, med evaluering.</p>",
            presenters_text="cheflæge, Ældresygdomme, og vicechef, Vikærgården",
            decision="Klyngen tog orienteringen til efterretning. De praktiserende læger ser positivt på aftalen.",
            bilag=["Oplæg om lægedækning på Vikærgården.docx"],
        ),
        b.item(
            meeting,
            title="Velfærdsteknologiens Hus",
            case_number=CASE,
            kind=Kind.DISCUSSION,
            recommendation=[
                "at statusorienteringen tages til efterretning",
                "at de regionale perspektiver for samarbejdet i Velfærdsteknologiens Hus drøftes",
            ],
            presentation="<p>Byrådet har besluttet at købe en ejendom tæt på Skejby med indflytning i september 2027.</p>",
            decision="Klyngen tog statusorienteringen til efterretning. Der er fortsat fælles opbakning til Velfærdsteknologiens Hus.",
            bilag=["Oplæg om Velfærdsteknologiens Hus.docx"],
        ),
        b.item(
            meeting,
            title="Orientering om møde om færdigbehandlede patienter i psykiatrien",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            is_closed=True,
            recommendation=["at orienteringen tages til efterretning"],
            presentation="<p>Kommunen og regionen mødes om færdigbehandlede patienter, der ikke kan udskrives på grund af manglende kommunalt tilbud.</p>",
            decision="Orienteringen blev taget til efterretning. Klyngen udvekslede synspunkter på problemstillingen.",
        ),
        b.item(
            meeting,
            title="Rundvisning på DokkX-udstillingen",
            case_number=CASE,
            kind=Kind.FOR_INFORMATION,
            presentation="<p>DokkX er en interaktiv udstilling med velfærdsteknologi og hjælpemidler.</p>",
        ),
        b.item(
            meeting,
            title="Eventuelt",
            case_number=CASE,
            kind=Kind.ANY_OTHER_BUSINESS,
            decision="Intet.",
        ),
    ]
    _walk(meeting, MeetingStatus.HELD)
    _absent(meeting, "Anne Winther", "Martin Meldgaard", "Else Kastrup", builder=b)
    _write_decisions(meeting, items)
    _walk_from_held(meeting, sec)
    return meeting


def _walk_from_held(meeting: Meeting, approver: User) -> None:
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    meeting_services.approve_minutes(actor=approver, meeting=meeting)
    meeting.refresh_from_db()
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.MINUTES_PUBLISHED
    )


def _aarhus_dir_2017(b: DemoBuilder, body: Body, sec: User) -> Meeting:
    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        standing_items=False,
        values={
            "title": "Direktørforum i Aarhus-klyngen",
            "date": datetime.date(2017, 3, 24),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(11, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
            "chair": b.people["Hanne Lind"],
        },
    )
    items = [
        b.item(
            meeting,
            title="Godkendelse af dagsorden",
            kind=Kind.APPROVAL,
            decision="Dagsordenen blev godkendt. Direktørforum bød velkommen til fire nye medlemmer.",
        ),
        b.item(
            meeting,
            title="Temadrøftelse: Sundhed og arbejdsmarked",
            kind=Kind.DISCUSSION,
            presenters=["Anna Marie Mikkelborg"],
            presentation="<p>Arbejdsgruppen foreslår fire satsningsområder: fælles sprog, særlig satsning på unge, et rummeligt arbejdsmarked og udbygning af fælles data.</p>",
            decision="Direktørforum ønsker at fokusere på målgruppen unge sårbare.\nArbejdsgruppen udarbejder en ramme for det videre arbejde. Det undersøges, om der kan hentes inspiration fra andre kommuner og regioner.",
        ),
        b.item(
            meeting,
            title="BorgerDesign Aarhus",
            kind=Kind.DECISION,
            recommendation=[
                "at BorgerDesign Aarhus frem til august 2017 arbejder med målgruppen unge med type 1-diabetes"
            ],
            presentation="<p>Der arbejdes med en konsortiemodel med de 19 kommuner, regionen og klyngen i en 2-årig periode; udgiften pr. klynge er ca. 350.000 kr.</p>",
            decision="Direktørforum godkendte målgruppen unge med type 1-diabetes.\nSekretariatet sender materiale om budget og konsortiemodel ud til medlemmerne.",
        ),
        b.item(
            meeting,
            title="Oplæg om forskningssporet Tværspor",
            kind=Kind.ORIENTATION,
            presenters=["Jørgen Schmidt Kristiansen"],
            presentation="<p>Data for 2007-2015: 61 borgere står for 5 % af indlæggelserne i en naboklynge.</p>",
            decision="Direktørforum takkede for oplægget. Muligheden for at samkøre data er også et ønske i Aarhus-klyngen.",
        ),
        b.item(
            meeting,
            title="Forventninger til næste temadrøftelse: Psykiatri",
            kind=Kind.DISCUSSION,
            decision="Regionens psykiatri og kommunen forbereder temadrøftelsen til næste møde.",
        ),
        b.item(meeting, title="Eventuelt", kind=Kind.ANY_OTHER_BUSINESS, decision="Ingen punkter."),
        b.item(
            meeting,
            title="Til orientering",
            kind=Kind.FOR_INFORMATION,
            decision="Ingen bemærkninger til det fremsendte materiale.",
        ),
    ]
    _walk(meeting, MeetingStatus.HELD)
    _absent(meeting, "Claus Thorsen", "Jette Kolind", builder=b)
    vibeke = Attendance.objects.get(meeting=meeting, person=b.people["Vibeke Juhl"])
    meeting_services.set_attendance(
        actor=None,
        attendance=vibeke,
        status=Attendance.Status.ATTENDING,
        note="Kaldt til andet møde under punkt 2",
        absent_items=[items[1]],
    )
    _write_decisions(meeting, items)
    _walk_from_held(meeting, sec)
    return meeting


def _midt_2023(b: DemoBuilder, body: Body, formand: User) -> Meeting:
    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        standing_items=False,
        values={
            "title": "Politisk Niveau, Sundhedsklynge Midt",
            "date": datetime.date(2023, 5, 24),
            "start_time": datetime.time(16, 0),
            "end_time": datetime.time(18, 0),
            "place": "Hjulmagervej 22, 9000 Aalborg, mødelokale 1",
            "chair": b.people["Morten Lindgaard"],
        },
    )
    items = [
        b.item(
            meeting,
            title="Godkendelse af dagsorden",
            kind=Kind.APPROVAL,
            presenters=["Morten Lindgaard"],
            decision="Ingen bemærkninger.",
        ),
        b.item(
            meeting,
            title="Tema: IPS for de 15-17-årige i Aalborg Kommune",
            kind=Kind.DISCUSSION,
            start_time=datetime.time(16, 0),
            end_time=datetime.time(16, 40),
            presenters_text="afdelingsleder, Uddannelseshuset, og IPS-konsulent",
            recommendation=["at Politisk Niveau drøfter erfaringerne fra IPS-indsatsen"],
            presentation="<p>Indsatsen “Udbredelse af IPS til unge i alderen 15-17 år” blev godkendt 13. marts og udbredes fra Aalborg til Jammerbugt.</p><p>Pr. november 2022 er 153 borgere startet i et IPS-forløb; 86 er i gang og 67 har afsluttet. 31 % af de afsluttede er i job, fleksjob eller uddannelse 3 måneder efter. 96 % oplever indsatsen som meningsfuld.</p>",
            decision="Punktet blev indledt med et oplæg om erfaringerne med den nye målgruppe. Indsatsen blev drøftet, herunder potentialet i at udvide målgruppen yderligere.",
        ),
        b.item(
            meeting,
            title="Status for handleplan",
            kind=Kind.ORIENTATION,
            start_time=datetime.time(16, 40),
            end_time=datetime.time(16, 50),
            presenters=["Mikkel Grimstrup", "Daniel Kjærsgaard"],
            recommendation=["at Politisk Niveau tager status til efterretning"],
            presentation="<p>Handleplanen er en bestilling af 15 indsatser fra politisk niveau. Leverandøren laver en ordrebekræftelse med leveringsbetingelserne (hvad, hvem, hvor og hvornår), som godkendes i Chefforum og derefter i Direktørforum. Status (grøn-gul-rød) indhentes til Chefforums møder.</p>",
            decision="Governancemodellen blev gennemgået. Indsatserne i handleplanen er igangsat.",
        ),
        b.item(
            meeting,
            title="Indsats 10: De ældste 2 % med mange sygehuskontakter",
            kind=Kind.ORIENTATION,
            start_time=datetime.time(16, 50),
            end_time=datetime.time(17, 0),
            presenters=["Mikkel Grimstrup", "Daniel Kjærsgaard"],
            presentation="<p>Ved godkendelsen 13. marts blev indsats 10 bedt konkretiseret. Direktørforum besluttede 17. april, at målgruppen er de ældste 2 %.</p>",
            decision="Der var opbakning til målgruppen og interventionerne, og der ønskes en målrettet opfølgning på indsatsen.",
        ),
        b.item(
            meeting,
            title="Dialog med Patientinddragelsesudvalget",
            kind=Kind.DISCUSSION,
            start_time=datetime.time(17, 0),
            end_time=datetime.time(17, 40),
            recommendation=[
                "at Politisk Niveau drøfter patientinddragelse i klyngen med repræsentanter fra Patientinddragelsesudvalget"
            ],
            decision="Patienterne skal være med til at beskrive opgaven, ikke kun løse en allerede defineret opgave.\nDet blev besluttet at løfte drøftelsen om fælles indkøbsaftaler til Sundhedssamarbejdsudvalget.",
        ),
        b.item(
            meeting,
            title="Drøftelse af akutplan for sygehusvæsenet",
            kind=Kind.DISCUSSION,
            start_time=datetime.time(17, 40),
            end_time=datetime.time(18, 0),
            presenters=["Eva Sejr"],
            recommendation=[
                "at Politisk Niveau drøfter akutplanen med udgangspunkt i klyngens status"
            ],
            decision="Akutplanen blev drøftet.",
            bilag=["Status på akutplanens indsatser.docx"],
        ),
    ]
    _walk(meeting, MeetingStatus.HELD)
    _absent(meeting, "Dorte Rosenkilde", "Maja Lykke", "Lina Hjort", "Torben Frost", builder=b)
    malou = Attendance.objects.get(meeting=meeting, person=b.people["Jørgen Rørbæk"])
    meeting_services.set_attendance(
        actor=None,
        attendance=malou,
        status=Attendance.Status.ATTENDING,
        substitute_for=b.people["Lina Hjort"],
    )
    for name, title, guest_items in [
        ("Sisse Møllgaard", "afdelingsleder, Uddannelseshuset", [items[1]]),
        ("Nikolaj Lybker", "IPS-konsulent", [items[1]]),
    ]:
        meeting_services.add_participant(
            actor=None,
            meeting=meeting,
            person=b.person(name),
            title=title,
            is_guest=True,
            guest_items=guest_items,
        )
    for name in ["Anni Overgaard", "Birgitte Pallesen"]:
        meeting_services.add_participant(
            actor=None,
            meeting=meeting,
            person=b.people[name],
            title="Patientinddragelsesudvalget",
            is_guest=True,
            guest_items=[items[4]],
        )
    _write_decisions(meeting, items)
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    meeting_services.approve_minutes(actor=formand, meeting=meeting)
    meeting.refresh_from_db()
    if meeting.status == MeetingStatus.MINUTES_DRAFT:
        # The other co-chair approved by e-mail; the demo leaves it at the formand's approval.
        pass
    return meeting


def _upcoming(b: DemoBuilder, a_dir: Body, m_pol: Body, m_chef: Body) -> list[Meeting]:
    """Meetings ahead: one with its agenda out (for afbud), one with a draft agenda."""
    direktoer = meeting_services.create_meeting(
        actor=None,
        body=a_dir,
        values={
            "title": "Direktørforum i Aarhusklyngen",
            "date": datetime.date(2026, 12, 15),
            "start_time": datetime.time(13, 0),
            "end_time": datetime.time(15, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
            "chair": b.people["Hanne Lind"],
        },
    )
    b.item(
        direktoer,
        title="Overdragelse til Sundhedsråd Aarhus pr. 1. januar 2027",
        kind=Kind.DISCUSSION,
        case_number=CASE,
        start_time=datetime.time(13, 15),
        end_time=datetime.time(14, 15),
        recommendation=[
            "at Direktørforum drøfter, hvordan klyngens initiativer og historik føres videre i sundhedsrådet"
        ],
        presentation="<p>De fire opgaver, der flytter fra kommunerne til regionen, gennemgås.</p>",
    )
    b.item(
        direktoer,
        title="Status på virtuelle udskrivelsesmøder",
        kind=Kind.ORIENTATION,
        start_time=datetime.time(14, 15),
        end_time=datetime.time(14, 45),
        recommendation=["at orienteringen tages til efterretning"],
    )
    meeting_services.change_meeting_status(
        actor=None, meeting=direktoer, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    chef = meeting_services.create_meeting(
        actor=None,
        body=m_chef,
        values={
            "title": "Chefforum, Sundhedsklynge Midt",
            "date": datetime.date(2027, 1, 12),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(11, 0),
            "place": "Hjulmagervej 22, 9000 Aalborg",
        },
    )
    b.item(
        chef,
        title="Statusrapportering på handleplanens 15 indsatser",
        kind=Kind.DECISION,
        start_time=datetime.time(9, 10),
        end_time=datetime.time(10, 0),
        recommendation=[
            "at Chefforum drøfter indsatser med gul og rød status",
            "at Chefforum beslutter, om noget skal eskaleres til Direktørforum",
        ],
    )
    politisk = meeting_services.create_meeting(
        actor=None,
        body=m_pol,
        values={
            "title": "Politisk Niveau, Sundhedsklynge Midt",
            "date": datetime.date(2026, 12, 9),
            "start_time": datetime.time(16, 0),
            "end_time": datetime.time(18, 0),
            "place": "Hjulmagervej 22, 9000 Aalborg, mødelokale 1",
            "chair": b.people["Morten Lindgaard"],
        },
    )
    b.item(
        politisk,
        title="Sidste møde før Sundhedsråd Limfjorden",
        kind=Kind.DISCUSSION,
        start_time=datetime.time(16, 10),
        end_time=datetime.time(17, 0),
        recommendation=["at Politisk Niveau drøfter erfaringerne fra klyngesamarbejdet"],
    )
    meeting_services.change_meeting_status(
        actor=None, meeting=politisk, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    return [direktoer, chef, politisk]
