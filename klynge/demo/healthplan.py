"""Sundhedsråd Aarhus's nærsundhedsplan 2027–2030 in the demo: four sections with goals
linked to the initiatives and indicators carried over from Aarhusklyngen, a hearing with
five parties, its høringsnotat on the January agenda, and the plan recommended to the
regionsråd and the Aarhus and Samsø councils (two of them have answered)."""

import datetime
from typing import Any

from klynge.accounts.models import User
from klynge.actionplans.models import Initiative
from klynge.demo import hearing as hearing_demo
from klynge.healthplans import services as plan_services
from klynge.healthplans.models import GoalStatus, HealthPlan, PlanGoal, PlanSection
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Cluster, Region
from klynge.outcomes.models import Indicator
from klynge.recommendations import services as recommendation_services
from klynge.recommendations.models import ExternalBody, Outcome
from klynge.recommendations.models import State as RecommendationState


def before_meeting(*, item: AgendaItem, sec: User) -> HealthPlan:
    """The plan, its versions and its hearing, with the høringsnotat put on `item` (on the
    January meeting's agenda, before the agenda is published)."""
    # plan-core: the plan with its four sections and their goals, written as the
    # secretariat would; its approvers are the defaults (the bodies exist first).
    council = item.meeting.body.cluster
    for name, values in APPROVERS.items():
        ExternalBody.objects.get_or_create(name=name, defaults=values)
    plan = plan_services.create_plan(
        actor=sec,
        cluster=council,
        values={
            "title": "Nærsundhedsplan 2027–2030",
            "period_start": 2027,
            "period_end": 2030,
            "body": item.meeting.body,
            "introduction": INTRODUCTION,
        },
    )
    for title, text, goals in SECTIONS:
        section = plan_services.add_section(
            actor=sec, plan=plan, values={"title": title, "text": text}
        )
        for goal in goals:
            _add_goal(section, goal, council=council, sec=sec)

    # hearing helper: the høring (it freezes version 1, the hearing draft) and the notat.
    hearing_demo.load(plan=plan, item=item, sec=sec)

    # plan-core: the draft after the hearing, so version 1 and the version recommended
    # differ (PLO's answer: almen praksis named, the referral goal waits for the agreement).
    _revise_after_hearing(plan, sec=sec)
    return plan


def _add_goal(section: PlanSection, goal: dict[str, Any], *, council: Cluster, sec: User) -> None:
    """A goal, its initiatives and indicators looked up by title among those carried over
    from Aarhusklyngen to the council (a missing one fails the demo loudly)."""
    plan_services.save_goal(
        actor=sec,
        section=section,
        values={k: goal[k] for k in ("text", "population", "deadline")},
        initiatives=[
            Initiative.objects.get(plan__cluster=council, title=title)
            for title in goal.get("initiatives", ())
        ],
        indicators=[
            Indicator.objects.get(cluster=council, name=name) for name in goal.get("indicators", ())
        ],
    )


def _revise_after_hearing(plan: HealthPlan, *, sec: User) -> None:
    elderly = plan.sections.get(title=ELDERLY)
    plan_services.update_section(
        actor=sec,
        section=elderly,
        values={"title": elderly.title, "text": elderly.text + ELDERLY_AFTER_HEARING},
    )
    referrals = elderly.goals.get(text__startswith=REFERRAL_GOAL)
    plan_services.save_goal(
        actor=sec,
        section=elderly,
        goal=referrals,
        values={
            "text": REFERRAL_GOAL_AFTER_HEARING,
            "population": referrals.population,
            "deadline": datetime.date(2028, 6, 30),
        },
        initiatives=list(referrals.initiatives.all()),
        indicators=list(referrals.indicators.all()),
    )


# plan-core: the plan's text ---------------------------------------------------------------

INTRODUCTION = (
    "<p>Nærsundhedsplanen beskriver, hvordan Sundhedsråd Aarhus vil styrke det nære "
    "sundhedsvæsen i Aarhus og Samsø kommuner i 2027–2030. Planen bygger videre på det "
    "arbejde, Aarhusklyngen har sat i gang, og samler regionens, kommunernes og almen "
    "praksis' indsatser om fire områder.</p>"
    "<p>For hvert område sætter rådet mål med en målgruppe og en frist. Målene følges op "
    "hvert år med indsatsernes status og effektmålenes seneste tal.</p>"
)

ELDERLY = "Sammenhængende forløb for ældre medicinske patienter"
REFERRAL_GOAL = "Almen praksis henviser ældre medicinske patienter"
REFERRAL_GOAL_AFTER_HEARING = (
    "Almen praksis henviser ældre medicinske patienter med begyndende funktionstab til "
    "kommunens forebyggende hjemmebesøg, når aftalen med PLO om opfølgende hjemmebesøg er "
    "indgået"
)
ELDERLY_AFTER_HEARING = (
    "<p>Almen praksis er med fra starten: praksiskonsulenterne deltager i planlægningen af "
    "forløbene, og rådet indgår en aftale med PLO-Midtjylland om opfølgende hjemmebesøg "
    "hos de skrøbeligste patienter efter udskrivelse.</p>"
)

END_2027 = datetime.date(2027, 12, 31)

#: (title, rich text, goals); a goal's initiatives and indicators by their titles.
SECTIONS: list[tuple[str, str, list[dict[str, Any]]]] = [
    (
        ELDERLY,
        "<p>Ældre medicinske patienter er den gruppe, der oftest indlægges akut og "
        "genindlægges kort efter udskrivelse. Mange indlæggelser kan forebygges, når "
        "hjemmeplejen, akutteamet og den praktiserende læge opdager forværring i tide og "
        "kan handle sammen.</p>"
        "<p>Rådet vil derfor:</p>"
        "<ul><li>udbygge de kommunale akutteams, så de dækker hele døgnet,</li>"
        "<li>planlægge udskrivelsen sammen med borgeren, kommunen og almen praksis på et "
        "virtuelt udskrivelsesmøde,</li>"
        "<li>dele oplysninger om medicin og funktionsevne mellem plejesektor og hospital.</li>"
        "</ul>",
        [
            {
                "text": "Færre forebyggelige indlæggelser af ældre medicinske patienter",
                "population": "Borgere på 65 år og derover i Aarhus og Samsø kommuner",
                "deadline": datetime.date(2030, 12, 31),
                "initiatives": [
                    "Virtuelle udskrivelsesmøder mellem hospital, kommune, borger og almen praksis",
                    "Lægedækning på de midlertidige pladser på Vikærgården",
                ],
                "indicators": ["Virtuelle udskrivelsesmøder pr. måned"],
            },
            {
                "text": "Akutteamene dækker hele døgnet, også om natten, i Aarhus og på Samsø",
                "population": "Borgere, der modtager hjemmesygepleje",
                "deadline": datetime.date(2028, 6, 30),
                "initiatives": ["Datadeling mellem plejesektor og hospital (Columna Axon)"],
            },
            {
                "text": REFERRAL_GOAL + " med begyndende funktionstab til kommunens "
                "forebyggende hjemmebesøg",
                "population": "Hjemmeboende borgere over 75 år",
                "deadline": END_2027,
            },
        ],
    ),
    (
        "Mental sundhed for børn og unge",
        "<p>Flere børn og unge mistrives, og ventetiden til børne- og ungdomspsykiatrien er "
        "lang. Center for Trivsel giver børn og unge på 5–17 år med lettere psykiske "
        "vanskeligheder et lettilgængeligt tilbud uden henvisning.</p>"
        "<p>Rådet vil gøre centeret til en fast del af tilbuddene i begge kommuner og sikre, "
        "at de unge, der venter på udredning, får et tilbud i mellemtiden.</p>",
        [
            {
                "text": "Børn og unge får en første samtale i Center for Trivsel inden for "
                "fire uger",
                "population": "Børn og unge på 5–17 år med lettere psykiske vanskeligheder",
                "deadline": datetime.date(2028, 6, 30),
                "initiatives": [
                    "Center for Trivsel: lettilgængeligt behandlingstilbud til børn og unge "
                    "på 5-17 år"
                ],
                "indicators": ["Børn og unge med første samtale inden 4 uger i Center for Trivsel"],
            },
            {
                "text": "Ingen børn og unge venter på udredning i børne- og "
                "ungdomspsykiatrien uden et tilbud i mellemtiden",
                "population": "Børn og unge henvist til udredning",
                "deadline": datetime.date(2029, 12, 31),
                "initiatives": [
                    "Center for Trivsel: lettilgængeligt behandlingstilbud til børn og unge "
                    "på 5-17 år"
                ],
            },
        ],
    ),
    (
        "Det nære sundhedsvæsen i yderområderne (Samsø)",
        "<p>På Samsø er der langt til hospitalet, og færgen sætter rammerne for både "
        "borgere og personale. Rådet vil bringe flere ydelser til øen: videokonsultationer "
        "med speciallæger, telemedicinsk opfølgning efter udskrivelse og et akutteam, der "
        "kan behandle i hjemmet.</p>",
        [
            {
                "text": "Borgere på Samsø kan få videokonsultation med en speciallæge fra "
                "Aarhus Universitetshospital i stedet for at tage færgen",
                "population": "Borgere på Samsø",
                "deadline": datetime.date(2028, 12, 31),
                "initiatives": ["Velfærdsteknologiens Hus"],
            },
            {
                "text": "Færre akutte overflytninger fra Samsø til fastlandet",
                "population": "Borgere på Samsø",
                "deadline": datetime.date(2030, 12, 31),
                "initiatives": ["Datadeling mellem plejesektor og hospital (Columna Axon)"],
            },
        ],
    ),
    (
        "Forebyggelse og lighed i sundhed",
        "<p>Borgere med kort uddannelse ryger oftere, får oftere KOL og lungekræft og lever "
        "kortere. Rådet vil målrette rygestop og tidlig opsporing til dem, der har mest "
        "brug for det, og følge uligheden i tallene.</p>",
        [
            {
                "text": "Flere rygere med kort uddannelse holder op og forbliver røgfri",
                "population": "Voksne rygere med kort uddannelse",
                "deadline": datetime.date(2030, 12, 31),
                "indicators": [
                    "Røgfri 6 måneder efter rygestopforløb",
                    "Dagligrygere blandt voksne med kort uddannelse",
                ],
            },
            {
                "text": "KOL og lungekræft opdages tidligere hos borgere med rygehistorik",
                "population": "Borgere over 40 år, der ryger eller har røget",
                "deadline": datetime.date(2029, 12, 31),
                "initiatives": [
                    "Social effektinvestering: lungekræft, KOL og beslægtede lungelidelser"
                ],
            },
        ],
    ),
]


def after_meeting(*, plan: HealthPlan, item: AgendaItem, sec: User) -> None:
    """The council's decision on `item` recommends the plan to the regionsråd and the Aarhus
    and Samsø councils; Samsø and Aarhus have said yes, the regionsråd has it on its
    agenda, so the plan waits for approval. Three goals have their first follow-up."""
    # approval helper: the recommendation, the answers, the goals' follow-up
    approvers = [
        ExternalBody.objects.get_or_create(name=name, defaults=values)[0]
        for name, values in APPROVERS.items()
    ]
    region, aarhus, samsoe = approvers
    plan.approvers.set(approvers)
    # The hearing's deadline (6 January 2027) has passed by the meeting's day, the story's
    # today, though the demo may be loaded before it (as the meeting is held ahead of time).
    plan_services.recommend_plan(
        actor=sec,
        plan=plan,
        item=item,
        sent_on=datetime.date(2027, 1, 22),
        today=item.meeting.date,
    )
    sent = {r.to_external_id: r for r in item.recommendations.filter(to_external__in=approvers)}
    for body, day, url in [
        (samsoe, datetime.date(2027, 2, 25), "https://www.samsoe.dk/politik/"),
        (aarhus, datetime.date(2027, 3, 3), "https://aarhus.dk/demokrati/byraadet/"),
    ]:
        recommendation_services.change_recommendation_state(
            actor=sec,
            recommendation=sent[body.pk],
            to_state=RecommendationState.ON_AGENDA,
            meeting_date=day,
            agenda_url=url,
        )
        recommendation_services.change_recommendation_state(
            actor=sec,
            recommendation=sent[body.pk],
            to_state=RecommendationState.DECIDED,
            decided_on=day,
            outcome=Outcome.ADOPTED,
            decision_text=f"{body.name} godkendte nærsundhedsplanen 2027–2030 som indstillet.",
            minutes_url=url,
        )
    recommendation_services.change_recommendation_state(
        actor=sec,
        recommendation=sent[region.pk],
        to_state=RecommendationState.ON_AGENDA,
        meeting_date=datetime.date(2027, 3, 24),
        agenda_url="https://www.rm.dk/politik/dagsordener-og-referater/regionsradet/",
    )
    goals = list(
        PlanGoal.objects.filter(section__plan=plan).order_by("section__position", "position")
    )
    for goal, (status, reason) in zip(goals, GOAL_STATUSES, strict=False):
        plan_services.set_goal_status(actor=sec, goal=goal, status=status, reason=reason)


#: The approving bodies: the regionsråd (as `councils._recommendations` names it) and the
#: two municipal councils, named so `services.default_approvers` finds them.
APPROVERS = {
    "Regionsrådet, Region Midtjylland": {
        "kind": ExternalBody.Kind.REGIONAL_COUNCIL,
        "url": "https://www.rm.dk/politik/",
        "region": Region.MIDTJYLLAND,
    },
    "Aarhus Byråd": {
        "kind": ExternalBody.Kind.MUNICIPAL_COUNCIL,
        "url": "https://aarhus.dk/demokrati/byraadet/",
        "region": Region.MIDTJYLLAND,
    },
    "Samsø Kommunalbestyrelse": {
        "kind": ExternalBody.Kind.MUNICIPAL_COUNCIL,
        "url": "https://www.samsoe.dk/politik/",
        "region": Region.MIDTJYLLAND,
    },
}

#: The first follow-up of the plan's first goals, in the plan's order.
GOAL_STATUSES = [
    (
        GoalStatus.ON_TRACK,
        "Akutteamene i Aarhus og på Samsø er i drift, og de første tal viser færre "
        "indlæggelser af ældre medicinske patienter end i 2025.",
    ),
    (
        GoalStatus.AT_RISK,
        "Rekrutteringen af sygeplejersker til nattevagterne er forsinket; rådet følger op på "
        "mødet i marts.",
    ),
    (
        GoalStatus.OFF_TRACK,
        "Henvisningerne fra almen praksis er ikke kommet i gang, fordi aftalen med PLO "
        "endnu ikke er på plads.",
    ),
]
