"""The hearing of Sundhedsråd Aarhus's nærsundhedsplan in the demo: version 1 sent in
hearing on 9 November 2026 to five parties with a deadline of 6 January 2027; three have
answered (Aarhus Kommune through its link with a letter as PDF, Region Midtjylland through
its link as text, PLO-Midtjylland by mail, recorded by the secretariat), each answer read
with a summary and a comment, PLO's changing a section; the høringsnotat (PDF) put on the
January meeting's plan item as bilag.

Written through the services, as the secretariat and the parties would; the dates are set
afterwards, since the services take today's date (and refuse a deadline already passed).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from klynge.accounts.models import User
from klynge.demo.builder import _pdf_bytes
from klynge.healthplans import documents, services
from klynge.healthplans.links import issue_link, party_for_token
from klynge.healthplans.models import (
    HealthPlan,
    Hearing,
    HearingAnswer,
    HearingParty,
    PlanStatusChange,
    PlanVersion,
)
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Organisation, Region

SENT = datetime.datetime(2026, 11, 9, 10, 0)
DEADLINE = datetime.date(2027, 1, 6)

LETTER = (
    "Kære høringsparter\n\n"
    "Sundhedsråd Aarhus sender hermed udkastet til nærsundhedsplan 2027–2030 i høring. "
    "Planen beskriver, hvordan rådet vil styrke det nære sundhedsvæsen i Aarhus og på Samsø "
    "de næste fire år.\n\n"
    "Vi vil gerne høre jeres bemærkninger, særligt til målene og de indsatser, der skal "
    "nå dem. Høringssvarene samles i et høringsnotat, som rådet behandler på mødet den "
    "21. januar 2027.\n\n"
    "Med venlig hilsen\nSekretariatet for Sundhedsråd Aarhus"
)

#: name -> (kind, e-mail)
PARTIES = {
    "Aarhus Kommune": (Organisation.Kind.MUNICIPALITY, "hoering.aarhus@klynge.test"),
    "Samsø Kommune": (Organisation.Kind.MUNICIPALITY, "hoering.samsoe@klynge.test"),
    "Region Midtjylland": (Organisation.Kind.REGION, "hoering.region@klynge.test"),
    "PLO-Midtjylland": (Organisation.Kind.GENERAL_PRACTICE, "hoering.plo@klynge.test"),
    "Danske Patienter": (
        Organisation.Kind.PATIENT_ORGANISATION,
        "hoering.danskepatienter@klynge.test",
    ),
}


def load(*, plan: HealthPlan, item: AgendaItem, sec: User) -> Hearing:
    """The hearing of `plan`, its answers, and its høringsnotat on `item`."""
    organisations = {name: _organisation(name, kind) for name, (kind, _mail) in PARTIES.items()}
    # The deadline lies ahead whenever the demo is loaded; set to 6 January below.
    deadline = max(DEADLINE, timezone.localdate() + datetime.timedelta(days=1))
    hearing = services.start_hearing(
        actor=sec,
        plan=plan,
        deadline=deadline,
        message=LETTER,
        parties=[
            {"name": name, "email": email, "kind": kind, "organisation": organisations[name]}
            for name, (kind, email) in PARTIES.items()
        ],
    )
    # The links as the mail task makes them (a worker, if one runs, mails the two parties
    # that have not answered a fresh link until the deadline).
    links = {party.name: issue_link(party) for party in hearing.parties.all()}
    _answer_by_link(links, "Aarhus Kommune", text=AARHUS_TEXT, letter=AARHUS_LETTER)
    _answer_by_link(links, "Region Midtjylland", text=REGION_TEXT)
    plo = hearing.parties.get(name="PLO-Midtjylland")
    services.record_hearing_answer(
        actor=sec,
        party=plo,
        text=PLO_TEXT,
        upload=None,
        received_on=min(timezone.localdate(), DEADLINE),
    )
    # PLO's answer changes the section on the elderly medical patients' course (the plan's
    # demo revises it after the hearing); another plan's first section otherwise.
    sections = list(plan.sections.order_by("position", "pk"))
    changed = next(
        (s for s in sections if "ældre medicinske" in s.title.lower()),
        sections[0] if sections else None,
    )
    for name, (summary, comment, changes) in READINGS.items():
        answer = HearingAnswer.objects.get(party__hearing=hearing, party__name=name)
        services.assess_hearing_answer(
            actor=sec,
            answer=answer,
            summary=summary,
            comment=comment,
            changes_plan=changes,
            section=changed if changes else None,
        )
    _set_dates(hearing)
    hearing.refresh_from_db()
    notat = documents.build_notat(hearing)
    pdf = documents.render_notat_pdf(notat)
    services.put_notat_on_agenda(
        actor=sec,
        hearing=hearing,
        meeting=item.meeting,
        item=item,
        pdf=pdf,
        filename=f"{notat.filename}.pdf",
    )
    return hearing


def _organisation(name: str, kind: str) -> Organisation:
    """The council's organisations exist; a patient organisation is added."""
    organisation, _new = Organisation.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "region": "" if name == "Danske Patienter" else Region.MIDTJYLLAND},
    )
    return organisation


def _answer_by_link(links: dict[str, str], name: str, *, text: str, letter: str = "") -> None:
    """As the party does it: the page found by the token in its link (after the #)."""
    token = links[name].rpartition("#")[2]
    party = party_for_token(token)
    if party is None:
        raise RuntimeError(f"The demo's link for {name} does not open its hearing.")
    upload = None
    if letter:
        data = _pdf_bytes(f"Høringssvar fra {name}", letter.split("\n\n"))
        upload = SimpleUploadedFile(
            f"Høringssvar {name} – nærsundhedsplan.pdf", data, content_type="application/pdf"
        )
    services.answer_hearing(party=party, text=text, upload=upload)


def _set_dates(hearing: Hearing) -> None:
    """The hearing as it went: sent on 9 November 2026, answered in December and January."""
    sent = timezone.make_aware(SENT)
    Hearing.objects.filter(pk=hearing.pk).update(sent_at=sent, deadline=DEADLINE)
    PlanVersion.objects.filter(pk=hearing.version_id).update(created_at=sent)
    PlanStatusChange.objects.filter(plan=hearing.plan, to_status="in_hearing").update(
        created_at=sent
    )
    HearingParty.objects.filter(hearing=hearing).update(link_sent_at=sent)
    for name, day in RECEIVED.items():
        HearingAnswer.objects.filter(party__hearing=hearing, party__name=name).update(
            received_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
        )


RECEIVED = {
    "Region Midtjylland": datetime.date(2026, 12, 14),
    "Aarhus Kommune": datetime.date(2027, 1, 4),
    "PLO-Midtjylland": datetime.date(2027, 1, 5),
}

AARHUS_TEXT = "Aarhus Kommunes høringssvar er vedhæftet som PDF."
AARHUS_LETTER = (
    "Aarhus Kommune takker for muligheden for at afgive høringssvar til udkastet til "
    "nærsundhedsplan 2027–2030.\n\n"
    "Kommunen bakker op om planens mål om færre forebyggelige indlæggelser og om et "
    "sammenhængende forløb for borgere med kronisk sygdom.\n\n"
    "Kommunen ønsker, at planen beskriver, hvordan de akutte sygeplejefunktioner, der "
    "flyttes til kommunerne, finansieres i overgangen, og at rådet følger op på kapaciteten "
    "i de midlertidige pladser hvert halve år.\n\n"
    "Med venlig hilsen\nSundhed og Omsorg, Aarhus Kommune"
)
REGION_TEXT = (
    "Region Midtjylland støtter udkastet. Regionen foreslår, at målet om opfølgning efter "
    "udskrivning får en indikator for genindlæggelser inden for 30 dage, så det kan følges "
    "med de data, hospitalerne allerede indberetter."
)
PLO_TEXT = (
    "PLO-Midtjylland finder det afgørende, at almen praksis inddrages i planlægningen af "
    "forløbene for ældre medicinske patienter. Planen bør nævne praksiskonsulenterne og "
    "aftalen om opfølgende hjemmebesøg, og målet om henvisninger bør først gælde, når "
    "aftalen med PLO er på plads."
)

#: name -> (the secretariat's summary, its comment, whether the plan changes)
READINGS = {
    "Aarhus Kommune": (
        "Støtter målene. Ønsker finansieringen af de akutte sygeplejefunktioner i "
        "overgangen beskrevet og halvårlig opfølgning på de midlertidige pladser.",
        "Finansieringen aftales i budgetterne og hører ikke hjemme i planen. Opfølgningen "
        "på pladserne indgår i rådets årlige opfølgning.",
        False,
    ),
    "Region Midtjylland": (
        "Støtter udkastet. Foreslår en indikator for genindlæggelser inden for 30 dage.",
        "Indikatoren findes allerede i rådets effektmål og knyttes til målet i den "
        "endelige plan uden ændring af teksten.",
        False,
    ),
    "PLO-Midtjylland": (
        "Almen praksis skal inddrages i forløbene for ældre medicinske patienter; "
        "praksiskonsulenter og opfølgende hjemmebesøg bør nævnes, og målet om henvisninger "
        "bør vente på aftalen med PLO.",
        "Imødekommes. Afsnittet suppleres med almen praksis' rolle og aftalen om "
        "opfølgende hjemmebesøg, og fristen for målet om henvisninger knyttes til aftalen.",
        True,
    ),
}
