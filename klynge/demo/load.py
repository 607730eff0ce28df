"""Demo data: the real clusters, bodies, organisations and meetings of the seed documents,
with invented names for people. Written through the services, so it is audited like any
other change (with no actor: the system).
"""

import datetime
from typing import Any

from django.db import transaction

from klynge.accounts.models import User
from klynge.actionplans import services as actionplan_services
from klynge.actionplans.models import Initiative
from klynge.demo import actionplans as actionplan_demo
from klynge.demo import carryover as carryover_demo
from klynge.demo import councils as council_demo
from klynge.demo import outcomes as outcome_demo
from klynge.demo.builder import (
    DEMO_PASSWORD,
    DemoBuilder,
    Role,
)
from klynge.demo.meetings import _aarhus_2025, _aarhus_dir_2017, _midt_2023, _upcoming
from klynge.meetings.models import Meeting, MinutesApproval
from klynge.organisations import services as org_services
from klynge.organisations.models import Body, Cluster, Membership, Organisation, Region
from klynge.outcomes.models import Indicator


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
    outcome_demo.load(sec=sec, midt_plan_cluster=midt, aarhus=aarhus)
    outcome_demo.load_lighed_i_sundhed(sec=sec, aarhus=aarhus)
    outcome_demo.load_evaluation(chief=m_chef)
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
    # From 1 January 2027 the sundhedsråd take over.
    # The councils' secretariat prepares their first meetings from November 2026 (so the
    # carry-over meets one person already in the new body, and does not add her twice).
    for council, org in [(raad_aarhus, "Aarhus Kommune"), (raad_limfjorden, "Aalborg Kommune")]:
        b.member(
            council.bodies.get(level=B.POLITICAL),
            "Sofie Holm",
            org,
            "stabsleder",
            Role.SECRETARIAT,
            start=council_demo.APPOINTED,
            user=sec,
        )
    carryover_demo.load(sec=sec)
    council_demo.load_aarhus_council(b=b, sec=sec)
    return {
        "users": User.objects.count(),
        "clusters": Cluster.objects.count(),
        "bodies": Body.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "initiatives": Initiative.objects.count(),
        "indicators": Indicator.objects.count(),
    }
