"""Demo outcomes: indicators with the seeds' figures on Sundhedsklynge Midt's initiatives and
Aarhusklyngen's themes, a data package, evaluations, and the 2017 afrapportering "Lighed i
sundhed" (seed 003) with a part from each of its five clusters, in our own words.

Figures from the seeds: IPS-forløb for 153 borgere by November 2022 (seed 002); 46 % røgfri
after six months against 37 % nationally, and 27/19/11 % daily smokers among adults with
short/medium/long education (seed 003). The rest are plausible, and say so in their source.
"""

import datetime
import decimal
from typing import Any

from django.utils import timezone

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative, Theme
from klynge.evaluations.models import Answer, Evaluation, Receipt
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Body, Cluster, Membership, Region
from klynge.organisations.services import add_membership
from klynge.outcomes import services as outcome_services
from klynge.outcomes.models import DeliverableStatus, Indicator
from klynge.reports import services as report_services
from klynge.reports.models import FIVE_QUESTIONS, ReportPart

D = datetime.date
N = decimal.Decimal

#: (initiative number, name, dimension, unit, direction, source, detail, baseline (value,
#: date), target (value, date), comparison (value, label) or None, measurements)
MIDT = [
    (
        7,
        "IPS-forløb i alt (antal borgere)",
        "equity",
        "count",
        "up",
        "municipal_database",
        "Jobcentrenes IPS-registrering",
        ("0", D(2021, 1, 1)),
        ("200", D(2025, 12, 31)),
        None,
        [
            (D(2021, 11, 30), "38"),
            (D(2022, 3, 31), "81"),
            (D(2022, 6, 30), "120"),
            (D(2022, 11, 30), "153"),
        ],
    ),
    (
        7,
        "I job, fleksjob eller uddannelse 3 måneder efter IPS-forløbet",
        "health",
        "percent",
        "up",
        "municipal_database",
        "Jobcentrenes opfølgning",
        ("22", D(2021, 6, 30)),
        ("35", D(2025, 12, 31)),
        None,
        [
            (D(2022, 3, 31), "24"),
            (D(2022, 9, 30), "27"),
            (D(2023, 3, 31), "29"),
            (D(2023, 9, 30), "31"),
        ],
    ),
    (
        10,
        "Genindlæggelser inden 30 dage blandt de ældste 2 %",
        "quality",
        "percent",
        "down",
        "epj",
        "Aalborg Universitetshospital, EPJ-udtræk",
        ("24,1", D(2022, 12, 31)),
        ("20", D(2026, 6, 30)),
        ("22,5", "Region Nordjylland i alt"),
        [
            (D(2023, 6, 30), "23,8"),
            (D(2023, 12, 31), "22,9"),
            (D(2024, 6, 30), "22,0"),
            (D(2024, 12, 31), "21,4"),
        ],
    ),
    (
        13,
        "Udgifter til færdigbehandlingsdage pr. borger over 65 år",
        "cost",
        "money",
        "down",
        "regional_database",
        "Medfinansiering og færdigbehandlingsdage, regionens ledelsesinformation",
        ("212", D(2022, 12, 31)),
        ("150", D(2026, 6, 30)),
        None,
        [
            (D(2023, 6, 30), "205"),
            (D(2023, 12, 31), "190"),
            (D(2024, 6, 30), "181"),
            (D(2024, 12, 31), "168"),
        ],
    ),
    (
        15,
        "Helbredsrelateret livskvalitet (EQ-5D) blandt borgere med KOL",
        "health",
        "score",
        "up",
        "survey",
        "EQ-5D ved opstart og opfølgning i almen praksis",
        ("0,68", D(2023, 3, 31)),
        ("0,72", D(2026, 3, 31)),
        None,
        [
            (D(2023, 9, 30), "0,68"),
            (D(2024, 3, 31), "0,69"),
            (D(2024, 9, 30), "0,70"),
            (D(2025, 3, 31), "0,71"),
        ],
    ),
]

#: Aarhusklyngen's themes, by their position in AARHUS_THEMES.
AARHUS = [
    (
        2,
        "Røgfri 6 måneder efter rygestopforløb",
        "health",
        "percent",
        "up",
        "national_database",
        "Rygestopbasen",
        ("37", D(2015, 1, 1)),
        ("50", D(2026, 12, 31)),
        ("37", "Landsgennemsnit (Rygestopbasen)"),
        [
            (D(2015, 12, 31), "41"),
            (D(2016, 12, 31), "44"),
            (D(2017, 3, 31), "46"),
            (D(2024, 12, 31), "47"),
        ],
    ),
    (
        2,
        "Dagligrygere blandt voksne med kort uddannelse",
        "equity",
        "percent",
        "down",
        "health_profile",
        "Hvordan har du det?",
        ("27", D(2013, 12, 31)),
        ("20", D(2026, 12, 31)),
        ("11", "Voksne med lang uddannelse"),
        [
            (D(2013, 12, 31), "27"),
            (D(2017, 12, 31), "26"),
            (D(2021, 12, 31), "24"),
            (D(2023, 12, 31), "23"),
        ],
    ),
    (
        0,
        "Børn og unge med første samtale inden 4 uger i Center for Trivsel",
        "quality",
        "percent",
        "up",
        "municipal_database",
        "Center for Trivsels egen registrering",
        ("40", D(2024, 1, 31)),
        ("80", D(2026, 6, 30)),
        None,
        [
            (D(2024, 6, 30), "52"),
            (D(2024, 12, 31), "61"),
            (D(2025, 6, 30), "70"),
            (D(2025, 12, 31), "74"),
        ],
    ),
    (
        1,
        "Virtuelle udskrivelsesmøder pr. måned",
        "cost",
        "count",
        "up",
        "epj",
        "Aarhus Universitetshospital, bookinger i EPJ",
        ("0", D(2024, 1, 31)),
        ("120", D(2026, 6, 30)),
        None,
        [
            (D(2024, 6, 30), "18"),
            (D(2024, 12, 31), "47"),
            (D(2025, 6, 30), "76"),
            (D(2025, 12, 31), "98"),
        ],
    ),
]

SMOKING_PACKAGE = (
    "Uddannelse;Dagligrygere (%);Storrygere (%)\n"
    "Kort uddannelse;27;12\n"
    "Mellemlang uddannelse;19;7\n"
    "Lang uddannelse;11;3\n"
)


def _indicator(sec: User, spec: tuple[Any, ...], **owner: Any) -> Indicator:
    _key, name, dimension, unit, direction, source, detail, base, target, comp, series = spec
    indicator = Indicator(**owner)
    if "theme" in owner:
        indicator.cluster_id = owner["theme"].cluster_id
    outcome_services.save_indicator(
        actor=sec,
        indicator=indicator,
        values={
            "name": name,
            "dimension": dimension,
            "unit": unit,
            "direction": direction,
            "data_source": source,
            "data_source_detail": detail,
            "definition": "",
            "baseline_value": N(base[0].replace(",", ".")),
            "baseline_date": base[1],
            "target_value": N(target[0].replace(",", ".")),
            "target_date": target[1],
            "comparison_value": N(comp[0].replace(",", ".")) if comp else None,
            "comparison_label": comp[1] if comp else "",
        },
    )
    for date, value in series:
        outcome_services.add_measurement(
            actor=sec,
            indicator=indicator,
            date=date,
            value=N(value.replace(",", ".")),
            source=detail.split(" (")[0],
        )
    return indicator


def load(*, sec: User, midt_plan_cluster: Cluster, aarhus: Cluster) -> dict[str, int]:
    initiatives = {i.number: i for i in Initiative.objects.filter(plan__cluster=midt_plan_cluster)}
    for spec in MIDT:
        _indicator(sec, spec, initiative=initiatives[spec[0]])
    themes = list(Theme.objects.filter(cluster=aarhus).order_by("priority"))
    for spec in AARHUS:
        _indicator(sec, spec, theme=themes[spec[0]])
    outcome_services.add_data_package(
        actor=sec,
        theme=themes[2],
        values={
            "title": "Rygning efter uddannelse",
            "target_group": "Voksne 25-79 år",
            "sources": "Sundhedsprofilen “Hvordan har du det?” 2017",
        },
        content=SMOKING_PACKAGE.encode(),
        name="rygning-efter-uddannelse.csv",
    )
    ips = initiatives[7]
    for months, text in [
        (
            3,
            "Otte unge er i gang; to er startet på en ungdomsuddannelse. Samarbejdet med "
            "Børne- og Ungdomspsykiatrien om henvisning fungerer.",
        ),
        (
            6,
            "Fjorten unge i forløb. Ventetiden fra henvisning til første samtale er under "
            "to uger. Forældrene efterspørger et fælles informationsmøde.",
        ),
    ]:
        outcome_services.save_evaluation_note(actor=sec, initiative=ips, months=months, text=text)
    statuses = [DeliverableStatus.Status.DELIVERED, DeliverableStatus.Status.STARTED]
    for initiative in initiatives.values():
        if initiative.deliverables:
            outcome_services.set_deliverable_statuses(
                actor=sec,
                initiative=initiative,
                statuses={d: (statuses[i % 2], "") for i, d in enumerate(initiative.deliverables)},
            )
    return {"indicators": Indicator.objects.count()}


#: Seed 003's five clusters, each answering the five questions in our own words.
LIGHED = {
    "Horsensklyngen": [
        "Rygning og alkohol står for en stor del af den sociale ulighed i sundhed. Henvisningen "
        "til rygestop er forskellig fra kommune til kommune, og almen praksis er ikke med.",
        "Rygere og borgere med et skadeligt alkoholforbrug, særligt med kort uddannelse.",
        "Elektronisk henvisning og ens arbejdsgange på rygestopområdet udvides til almen praksis. "
        "Et strategisk værksted i efteråret 2017 tager fat på alkohol.",
        "Flere henvises til rygestop fra alle sektorer, og erfaringerne bruges på alkoholområdet.",
        "Vi skaffer data, der viser, om rygestopindsatsen mindsker uligheden.",
    ],
    "Vestklyngen": [
        "Rygning bidrager mest til sygdomsbyrden og til uligheden: 27 % af de voksne med kort "
        "uddannelse ryger dagligt mod 11 % af dem med lang uddannelse.",
        "Storrygere i klyngens seks kommuner; almen praksis er på vej ind i projektet.",
        "Et treårigt projekt med forstærket rygestopindsats over for storrygere (2015-2017) i "
        "alle seks kommuner og Hospitalsenheden Vest.",
        "Flere storrygere, der holder op og forbliver røgfri.",
        "46 % af deltagerne er røgfri efter seks måneder, mod 37 % i Rygestopbasen på landsplan.",
    ],
    "Midtklyngen": [
        "Hjertepatienter får meget forskellige svar på, hvor længe de skal være sygemeldt, og "
        "vi ved for lidt om, hvad genoptræning tæt på hjemmet betyder for vejen tilbage til job.",
        "Borgere udskrevet fra hjertemedicinsk afdeling i Viborg eller Silkeborg efter stent, "
        "ny hjerteklap, bypass eller hjertesvigt; og borgere med svær sindslidelse (IPS).",
        "En individuel, funktionsbaseret sygemelding og en sagsbehandler, der griber bolden ved "
        "udskrivelsen; IPS: job først, derefter støtte og træning.",
        "Flere kommer hurtigere tilbage i arbejde.",
        "Vi følger populationen før og efter og sætter mål ud fra en baseline; udgifter til "
        "sygedagpenge og kontanthjælp for 2015 og 2016 bruges som sammenligning.",
    ],
    "Randersklyngen": [
        "Udsatte med rusmiddelproblemer dør langt tidligere end andre og får ikke gavn af "
        "sundhedsvæsenets tilbud; fra januar til november 2016 blev 492 borgere indlagt 640 "
        "gange med alkoholdiagnoser.",
        "Voksne med rusmiddelproblemer og sociale, psykiske eller kognitive vanskeligheder.",
        "Et pilotprojekt maj 2017-april 2018 med fem leverancer: fremskudt behandler, planlagt "
        "abstinensbehandling, udskrivelseskoordinator med socialfaglig indsats, Den Motiverende "
        "Samtale og et tilbudskort.",
        "Mere lighed i sundhed for borgere med rusmiddelproblemer gennem tilbud, der passer dem.",
        "Hver leverance evalueres efter 3, 6 og 12 måneder og samlet efter Triple Aim, med data "
        "fra hospitalets EPJ, kommunernes Bosted og de regionale og kommunale databaser.",
    ],
    "Aarhusklyngen": [
        "Social ulighed i 19 af 21 diagnoser; klyngen har valgt tre spor: KOL og rygning, "
        "overvægt og diabetes, og angst.",
        "Hele livsforløbet fra 0 til 100 år med familien som udgangspunkt, beskrevet i datapakker "
        "for hvert spor.",
        "To styregrupper folder sporene ud: forløbsprogrammerne for KOL og diabetes gennemgås "
        "med ulighedsbriller, og tilbuddene kommunikeres målrettet.",
        "At mindske uligheden som et overordnet mål på alle niveauer.",
        "Populationsdata og mål på kort og langt sigt; styregrupperne afrapporterer efter "
        "sommerferien, hvordan effekten dokumenteres.",
    ],
}


def load_lighed_i_sundhed(*, sec: User, aarhus: Cluster) -> int:
    """The 2017 afrapportering to Sundhedsstyregruppen, answered by all five clusters."""
    region = Cluster.objects.create(
        name="Sundhedskoordinationsudvalget, Region Midtjylland",
        kind=Cluster.Kind.REGIONAL_COMMITTEE,
        region=Region.MIDTJYLLAND,
        valid_from=D(2007, 1, 1),
    )
    steering = Body.objects.create(
        cluster=region, name="Sundhedsstyregruppen", level=Body.Level.STEERING
    )
    add_membership(
        actor=None,
        body=steering,
        person=sec.person,
        values={"role": Membership.Role.SECRETARIAT, "title": "sekretariat"},
    )
    clusters = [aarhus]
    for name in ["Horsensklyngen", "Vestklyngen", "Midtklyngen", "Randersklyngen"]:
        clusters.append(
            Cluster.objects.create(
                name=name,
                kind=Cluster.Kind.HEALTH_CLUSTER,
                region=Region.MIDTJYLLAND,
                valid_from=D(2007, 1, 1),
                valid_to=D(2026, 12, 31),
            )
        )
    report = report_services.create_report(
        actor=sec,
        requester=steering,
        values={
            "title": "Lighed i sundhed: første afrapportering fra klyngerne",
            "theme": "Mere social lighed i sundhed",
            "introduction": (
                "Sundhedskoordinationsudvalget godkendte den 29. september 2016 et opdragspapir: "
                "klyngerne skal udvikle og afprøve indsatser, der skaber mere lighed i sundhed. "
                "Her er klyngernes første afrapportering til Sundhedsstyregruppen og "
                "Sundhedskoordinationsudvalget."
            ),
            "deadline": D(2017, 4, 28),
        },
        questions=FIVE_QUESTIONS,
        clusters=clusters,
    )
    for part in report.parts.select_related("cluster"):
        answers = LIGHED["Aarhusklyngen" if part.cluster == aarhus else part.cluster.name]
        part.report = report
        report_services.save_part(actor=sec, part=part, answers=answers)
        if part.cluster == aarhus:
            part.indicators.set(Indicator.objects.filter(cluster=aarhus, unit="percent"))
        report_services.submit_part(actor=sec, part=part)
    ReportPart.objects.filter(report=report).update(
        submitted_at=timezone.make_aware(datetime.datetime(2017, 4, 20, 12))
    )
    return report.pk


def load_evaluation(*, chief: Body) -> None:
    """Seed 004's evaluation table, on Chefforum's latest published meeting."""
    meeting = (
        Meeting.objects.filter(body=chief, status=MeetingStatus.MINUTES_PUBLISHED)
        .order_by("-date")
        .first()
    )
    if meeting is None:
        return
    evaluation = Evaluation.objects.create(meeting=meeting)
    comments = [
        (
            "Fine rammer, gode lokaler",
            "Godt med et fælles afsæt",
            "Lærerigt",
            "Godt med alle grupper",
        ),
        ("Ærgerligt der ikke blev tid til pausen", "Super oplæg", "Fint", ""),
        ("", "Godt med en rød tråd", "Temadrøftelsernes udbytte delt", ""),
    ]
    for person, (frame, content, benefit, who) in zip(
        meeting.participants(), comments, strict=False
    ):
        Receipt.objects.create(evaluation=evaluation, person=person)
        Answer.objects.create(
            evaluation=evaluation,
            frame=4,
            content=4 if content else 3,
            benefit=3,
            participants=4,
            frame_comment=frame,
            content_comment=content,
            benefit_comment=benefit,
            participants_comment=who,
            other="Godt med et dagsmøde frem for overnatning." if not who else "",
        )
