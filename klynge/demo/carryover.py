"""The demo's carry-over: Aarhusklyngen to Sundhedsråd Aarhus and Sundhedsklynge Midt to
Sundhedsråd Limfjorden as of 1 January 2027, through the carry-over's own services."""

from klynge.accounts.models import User
from klynge.carryovers import services as carryover
from klynge.carryovers.services import EFFECTIVE, BodyChoice, Choices
from klynge.organisations.models import Body, CarryOver, Cluster, Membership

Role = Membership.Role
Level = Body.Level


def _carry(
    *,
    sec: User,
    cluster: Cluster,
    council: Cluster,
    bodies: dict[str, BodyChoice],
    members: dict[str, dict[str, str]],
) -> CarryOver:
    """`bodies`: body name -> where it continues (`into` may name a body of the council);
    `members`: body name -> {person's name: role in the new body ("" keeps it)}."""
    own = {body.name: body for body in cluster.bodies.all()}
    council_bodies = {body.name: body.pk for body in council.bodies.all()}
    choices = Choices(
        initiatives=[i.pk for i in carryover.open_initiatives(cluster)],
        themes=list(cluster.themes.values_list("pk", flat=True)),
        bodies={
            own[name].pk: BodyChoice(
                into=council_bodies[choice.name] if choice.into else None,
                name="" if choice.into else choice.name,
                level=choice.level,
            )
            for name, choice in bodies.items()
        },
    )
    for membership in carryover.running_memberships(cluster, EFFECTIVE):
        roles = members.get(membership.body.name, {})
        if membership.person.name in roles:
            choices.memberships[membership.pk] = roles[membership.person.name]
    plan = carryover.plan_carry_over(
        cluster=cluster, council=council, choices=choices, effective=EFFECTIVE
    )
    return carryover.carry_over(actor=sec, plan=plan)


def load(*, sec: User) -> list[CarryOver]:
    aarhus = Cluster.objects.get(name="Aarhusklyngen")
    midt = Cluster.objects.get(name="Sundhedsklynge Midt")
    raad_aarhus = Cluster.objects.get(name="Sundhedsråd Aarhus")
    limfjorden = Cluster.objects.get(name="Sundhedsråd Limfjorden")
    keep = ""
    into = 1  # a marker: continue into the council's body of the name given
    return [
        _carry(
            sec=sec,
            cluster=aarhus,
            council=raad_aarhus,
            bodies={
                "Politisk niveau": BodyChoice(into=into, name="Sundhedsråd Aarhus"),
                "Direktørforum": BodyChoice(name="Administrativt forum", level=Level.DIRECTOR),
            },
            members={
                "Politisk niveau": {
                    "Anders Kirkegaard": Role.CHAIR,
                    "Christian Bruun": Role.MEMBER,
                    "Sofie Holm": keep,
                },
                "Direktørforum": {"Lene Dalsgaard": keep, "Sofie Holm": keep},
            },
        ),
        _carry(
            sec=sec,
            cluster=midt,
            council=limfjorden,
            bodies={
                "Politisk Niveau": BodyChoice(into=into, name="Sundhedsråd Limfjorden"),
                "Direktørforum": BodyChoice(name="Direktørforum", level=Level.DIRECTOR),
                "Chefforum": BodyChoice(name="Chefforum", level=Level.CHIEF),
            },
            members={
                "Politisk Niveau": {
                    "Morten Lindgaard": Role.CHAIR,
                    "Jens Lundberg": Role.VICE_CHAIR,
                    "Mogens Gaardbo": Role.MEMBER,
                    "Sofie Holm": keep,
                    "Bibi Borup": keep,
                    "Maja Lykke": keep,
                },
                "Direktørforum": {
                    name: keep
                    for name in [
                        "Bente Graa",
                        "Eva Sejr",
                        "Hanne Mølgaard",
                        "Lisbeth Lauge",
                        "Jan Mørch",
                        "Sofie Holm",
                    ]
                },
                "Chefforum": {
                    name: keep
                    for name in [
                        "Mikkel Grimstrup",
                        "Daniel Kjærsgaard",
                        "Henrik Ravnkilde",
                        "Anni Overgaard",
                        "Birgitte Pallesen",
                        "Pernille Lauridsen",
                        "Sofie Holm",
                    ]
                },
            },
        ),
    ]
