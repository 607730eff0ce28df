"""Carrying a cluster's work over to a council (a sundhedsklynge to a sundhedsråd), and undoing it.

`plan_carry_over` reads the secretariat's choices and returns a preview of everything that will
happen; `carry_over` does it in one transaction, audited as one action, and keeps a `CarryOver`
row with the ids of what it moved, created and ended; `undo_carry_over` puts it all back until
someone edits what it created.

What happens, decided once:
- Each chosen open initiative moves to a new action plan of the council (one per plan it came
  from, same title and period, ordered by the body the old plan's body continues into, else the
  council's first political body), keeping its number. Everything hanging on the initiative
  (history, confirmations, status reports, escalations, deliverables, evaluation notes)
  follows; its indicators move to the council. Its theme moves with it.
- A theme moves as a copy in the council (its indicators and data packages move to the copy);
  the old theme stays for the cluster's closed initiatives. A theme whose name is taken in the
  council is merged into the council's theme of that name.
- A body continues into a new body of the council (its new name and level; the old name kept
  in `former_names`) or into an existing body of the council. A new name taken in the council
  means the existing body of that name.
- Every membership of the cluster's bodies still running on the effective date ends the day
  before. Each chosen one starts again on the effective date in the body its body continues
  into (same person, organisation and title, the role as chosen), unless the person is already
  a member of that body then: it is not duplicated.
- Meetings of a continuing body dated on or after the effective date move to the body it
  continues into (with their status rounds, to the new plan); earlier meetings, minutes and
  the archive stay with the cluster. Meetings of a body that does not continue stay, and are
  named in the preview as a conflict.
- Once the effective date has come the cluster is read-only history (`closed_cluster_ids`).
"""

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.actionplans.models import OPEN_STATES, ActionPlan, Initiative, StatusCycle, Theme
from klynge.audit.models import AuditEvent
from klynge.audit.services import object_type_of, record
from klynge.core.exceptions import ServiceError
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, CarryOver, Cluster, Membership
from klynge.outcomes.models import DataPackage, Indicator

EFFECTIVE = datetime.date(2027, 1, 1)
#: Roles with rights in the council beyond a member's (chairs, the secretariat).
GIVES_RIGHTS = frozenset({*Membership.CHAIR_ROLES, Membership.Role.SECRETARIAT})


@dataclass
class BodyChoice:
    """Where a body continues: into an existing body of the council (`into`), else a new
    body called `name` at `level`."""

    into: int | None = None
    name: str = ""
    level: str = ""


@dataclass
class Choices:
    """What the secretariat chose to move. `memberships`: membership id -> the role in the new
    body ("" keeps the role)."""

    initiatives: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    bodies: dict[int, BodyChoice] = field(default_factory=dict)
    memberships: dict[int, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "initiatives": self.initiatives,
                "themes": self.themes,
                "bodies": {str(k): vars(v) for k, v in self.bodies.items()},
                "memberships": {str(k): v for k, v in self.memberships.items()},
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "Choices":
        try:
            data = json.loads(text)
            return cls(
                initiatives=[int(i) for i in data["initiatives"]],
                themes=[int(i) for i in data["themes"]],
                bodies={int(k): BodyChoice(**v) for k, v in data["bodies"].items()},
                memberships={int(k): str(v) for k, v in data["memberships"].items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ServiceError(_("Valgene kunne ikke læses. Begynd forfra.")) from error


@dataclass
class BodyMove:
    body: Body
    into: Body | None  # an existing body of the council
    name: str
    level: str

    @property
    def target_name(self) -> str:
        return self.into.name if self.into else self.name

    @property
    def level_label(self) -> str:
        return str(Body.Level(self.level).label) if self.level else ""


@dataclass
class MembershipStart:
    membership: Membership
    move: BodyMove
    role: str

    @property
    def gives_rights(self) -> bool:
        return self.role in GIVES_RIGHTS

    @property
    def role_label(self) -> str:
        return str(Membership.Role(self.role).label)


@dataclass
class CarryOverPlan:
    """The preview: everything that will happen, and the conflicts with what happens to them."""

    cluster: Cluster
    council: Cluster
    effective: datetime.date
    choices: Choices
    initiatives: list[Initiative]
    themes: list[tuple[Theme, Theme | None]]  # (theme, the council's theme it merges into)
    bodies: list[BodyMove]
    ends: list[Membership]
    starts: list[MembershipStart]
    meetings: list[tuple[Meeting, BodyMove]]
    conflicts: list[str]

    @property
    def end_date(self) -> datetime.date:
        return self.effective - datetime.timedelta(days=1)


def open_initiatives(cluster: Cluster) -> list[Initiative]:
    return list(
        Initiative.objects.filter(plan__cluster=cluster, state__in=OPEN_STATES)
        .select_related("plan", "theme")
        .order_by("plan__period_start", "plan_id", "number")
    )


def running_memberships(cluster: Cluster, effective: datetime.date) -> list[Membership]:
    """The memberships of the cluster's bodies begun before `effective` and still running then."""
    return list(
        Membership.objects.filter(body__cluster=cluster)
        .filter(Q(start_date__isnull=True) | Q(start_date__lt=effective))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=effective))
        .select_related("person", "body", "organisation")
        .order_by("body__name", "role", "person__name")
    )


def plan_carry_over(
    *,
    cluster: Cluster,
    council: Cluster,
    choices: Choices,
    effective: datetime.date = EFFECTIVE,
) -> CarryOverPlan:
    """Check the choices and say what `carry_over` would do. Writes nothing."""
    if council.pk == cluster.pk:
        raise ServiceError(_("En klynge kan ikke videreføres i sig selv."))
    if council.kind != Cluster.Kind.HEALTH_COUNCIL:
        raise ServiceError(_("Klyngen kan kun videreføres i et sundhedsråd."))
    if cluster.kind != Cluster.Kind.HEALTH_CLUSTER:
        raise ServiceError(_("Kun en sundhedsklynges arbejde videreføres i et sundhedsråd."))
    if CarryOver.objects.filter(cluster=cluster, council=council, undone_at=None).exists():
        raise ServiceError(
            _("%(cluster)s er allerede videreført i %(council)s.")
            % {"cluster": cluster.name, "council": council.name}
        )
    conflicts: list[str] = []

    # Initiatives: open ones of the cluster's plans; anything else chosen is skipped.
    chosen = set(choices.initiatives)
    initiatives = [i for i in open_initiatives(cluster) if i.pk in chosen]
    for skipped in (
        Initiative.objects.filter(pk__in=chosen - {i.pk for i in initiatives})
        .select_related("plan__cluster")
        .order_by("pk")
    ):
        conflicts.append(
            _("%(initiative)s er allerede flyttet eller ikke åben i %(cluster)s: springes over.")
            % {"initiative": skipped, "cluster": cluster.name}
        )

    # Themes: the chosen ones and those of the moving initiatives.
    theme_ids = set(choices.themes) | {i.theme_id for i in initiatives if i.theme_id}
    council_themes = {t.name.casefold(): t for t in council.themes.all()}
    themes: list[tuple[Theme, Theme | None]] = []
    for theme in cluster.themes.filter(pk__in=theme_ids).order_by("priority", "name"):
        existing = council_themes.get(theme.name.casefold())
        themes.append((theme, existing))
        if existing is not None:
            conflicts.append(
                _("Temaet »%(name)s« findes allerede i %(council)s: temaerne lægges sammen.")
                % {"name": theme.name, "council": council.name}
            )
    if set(choices.themes) - {t.pk for t, _existing in themes}:
        raise ServiceError(_("Et valgt tema hører ikke til klyngen."))

    # Bodies that continue.
    own_bodies = {b.pk: b for b in cluster.bodies.all()}
    council_bodies = {b.pk: b for b in council.bodies.all()}
    by_name = {b.name.casefold(): b for b in council_bodies.values()}
    moves: dict[int, BodyMove] = {}
    for body_id, choice in sorted(choices.bodies.items()):
        if body_id not in own_bodies:
            raise ServiceError(_("Et valgt organ hører ikke til klyngen."))
        body = own_bodies[body_id]
        if choice.into is not None:
            if choice.into not in council_bodies:
                raise ServiceError(
                    _("%(body)s kan kun videreføres i et organ i %(council)s.")
                    % {"body": body.name, "council": council.name}
                )
            moves[body_id] = BodyMove(body, council_bodies[choice.into], "", "")
            continue
        name = " ".join(choice.name.split())
        if not name:
            raise ServiceError(_("Giv det nye organ for %(body)s et navn.") % {"body": body.name})
        if choice.level not in Body.Level.values:
            raise ServiceError(
                _("Vælg niveau for det nye organ for %(body)s.") % {"body": body.name}
            )
        same_name = by_name.get(name.casefold())
        if same_name is not None:
            conflicts.append(
                _("Organet »%(name)s« findes allerede i %(council)s: %(body)s videreføres i det.")
                % {"name": name, "council": council.name, "body": body.name}
            )
        taken = [
            m for m in moves.values() if m.into is None and m.name.casefold() == name.casefold()
        ]
        if taken:
            raise ServiceError(
                _("To nye organer kan ikke begge hedde »%(name)s«.") % {"name": name}
            )
        moves[body_id] = BodyMove(body, same_name, name, choice.level)

    # Memberships: all running ones end; the chosen ones start again.
    effective_members: dict[int, set[int]] = {}
    for body in council_bodies.values():
        effective_members[body.pk] = set(
            body.memberships.current(effective).values_list("person_id", flat=True)
        )
    ends = running_memberships(cluster, effective)
    running = {m.pk: m for m in ends}
    starts: list[MembershipStart] = []
    starting: set[tuple[str, int]] = set()  # (target, person)
    for membership_id, role in sorted(choices.memberships.items()):
        membership = running.get(membership_id)
        if membership is None:
            raise ServiceError(_("Et valgt medlemskab løber ikke i klyngen på datoen."))
        move = moves.get(membership.body_id)
        if move is None:
            raise ServiceError(
                _("%(person)s kan kun fortsætte, hvis %(body)s videreføres.")
                % {"person": membership.person.name, "body": membership.body.name}
            )
        role = role or membership.role
        if role not in Membership.Role.values:
            raise ServiceError(
                _("Ukendt rolle for %(person)s.") % {"person": membership.person.name}
            )
        target = f"body:{move.into.pk}" if move.into else f"new:{move.name.casefold()}"
        already = move.into is not None and membership.person_id in effective_members[move.into.pk]
        if already or (target, membership.person_id) in starting:
            conflicts.append(
                _("%(person)s er allerede medlem af %(body)s: medlemskabet oprettes ikke igen.")
                % {"person": membership.person.name, "body": move.target_name}
            )
            continue
        if role == Membership.Role.SUBSTITUTE and membership.substitute_for_id is None:
            role = Membership.Role.MEMBER
        starting.add((target, membership.person_id))
        starts.append(MembershipStart(membership, move, role))

    # Meetings on or after the effective date.
    meetings: list[tuple[Meeting, BodyMove]] = []
    for meeting in (
        Meeting.objects.filter(body__cluster=cluster, date__gte=effective)
        .select_related("body")
        .order_by("date")
    ):
        move = moves.get(meeting.body_id)
        if move is None:
            conflicts.append(
                _("Mødet i %(body)s %(date)s bliver i %(cluster)s: aflys eller flyt det.")
                % {
                    "body": meeting.body.name,
                    "date": meeting.date.strftime("%d.%m.%Y"),
                    "cluster": cluster.name,
                }
            )
        else:
            meetings.append((meeting, move))

    return CarryOverPlan(
        cluster=cluster,
        council=council,
        effective=effective,
        choices=choices,
        initiatives=initiatives,
        themes=themes,
        bodies=list(moves.values()),
        ends=ends,
        starts=starts,
        meetings=meetings,
        conflicts=conflicts,
    )


def _political_body(council: Cluster) -> Body:
    body = council.bodies.filter(level=Body.Level.POLITICAL, is_active=True).order_by("pk").first()
    if body is None:
        raise ServiceError(
            _("%(council)s har intet politisk organ til handleplanen.") % {"council": council.name}
        )
    return body


@transaction.atomic
def carry_over(*, actor: User | None, plan: CarryOverPlan) -> CarryOver:
    """Carry out `plan` (from `plan_carry_over`, read again here so it is current)."""
    plan = plan_carry_over(
        cluster=plan.cluster, council=plan.council, choices=plan.choices, effective=plan.effective
    )
    cluster, council, effective = plan.cluster, plan.council, plan.effective
    done: dict[str, Any] = {
        "bodies_created": [],
        "plans_created": [],
        "themes_created": [],
        "memberships_created": [],
        "memberships_ended": {},
        "initiatives": {},
        "initiative_themes": {},
        "indicators": {},
        "data_packages": {},
        "meetings": {},
        "cycles": {},
    }

    # Bodies first: the new bodies, their parents where the parent continues too.
    target_of: dict[int, Body] = {}
    for move in plan.bodies:
        if move.into is not None:
            target_of[move.body.pk] = move.into
            continue
        former = [move.body.name, *move.body.former_names.splitlines()]
        body = Body.objects.create(
            cluster=council,
            name=move.name,
            level=move.level,
            description=move.body.description,
            former_names="\n".join(dict.fromkeys(n.strip() for n in former if n.strip())),
        )
        target_of[move.body.pk] = body
        done["bodies_created"].append(body.pk)
    for move in plan.bodies:
        target = target_of[move.body.pk]
        if move.into is None and move.body.parent_id in target_of:
            target.parent = target_of[move.body.parent_id]
            target.save(update_fields=["parent"])

    # Themes.
    theme_of: dict[int, Theme] = {}
    for theme, existing in plan.themes:
        if existing is None:
            existing = Theme.objects.create(
                cluster=council,
                name=theme.name,
                description=theme.description,
                priority=theme.priority,
                is_active=theme.is_active,
            )
            done["themes_created"].append(existing.pk)
        theme_of[theme.pk] = existing
        for indicator in Indicator.objects.filter(theme=theme, initiative=None):
            done["indicators"][indicator.pk] = [indicator.cluster_id, indicator.theme_id]
            indicator.cluster, indicator.theme = council, existing
            indicator.save(update_fields=["cluster", "theme"])
        for package in DataPackage.objects.filter(theme=theme):
            done["data_packages"][package.pk] = package.theme_id
            package.theme = existing
            package.save(update_fields=["theme"])

    # Initiatives, into a new plan of the council per plan they came from.
    new_plan_of: dict[int, ActionPlan] = {}
    for initiative in plan.initiatives:
        old = initiative.plan
        if old.pk not in new_plan_of:
            new_plan_of[old.pk] = ActionPlan.objects.create(
                cluster=council,
                body=target_of.get(old.body_id) or _political_body(council),
                title=old.title,
                period_start=old.period_start,
                period_end=old.period_end,
                adopted_on=old.adopted_on,
            )
            done["plans_created"].append(new_plan_of[old.pk].pk)
        done["initiatives"][initiative.pk] = old.pk
        done["initiative_themes"][initiative.pk] = initiative.theme_id
        initiative.plan = new_plan_of[old.pk]
        if initiative.theme_id:
            initiative.theme = theme_of[initiative.theme_id]
        initiative.save(update_fields=["plan", "theme"])
        for indicator in Indicator.objects.filter(initiative=initiative):
            done["indicators"][indicator.pk] = [indicator.cluster_id, indicator.theme_id]
            indicator.cluster = council
            indicator.save(update_fields=["cluster"])

    # Memberships: all running ones end the day before; the chosen ones start again.
    for membership in plan.ends:
        done["memberships_ended"][membership.pk] = (
            membership.end_date.isoformat() if membership.end_date else None
        )
        membership.end_date = plan.end_date
        membership.save(update_fields=["end_date"])
    for start in plan.starts:
        old_membership = start.membership
        created = Membership.objects.create(
            person=old_membership.person,
            body=target_of[old_membership.body_id],
            organisation=old_membership.organisation,
            title=old_membership.title,
            role=start.role,
            start_date=effective,
            substitute_for=old_membership.substitute_for if start.role == "substitute" else None,
        )
        done["memberships_created"].append(created.pk)

    # Meetings from the effective date follow their body; their status rounds the plan.
    for meeting, move in plan.meetings:
        done["meetings"][meeting.pk] = meeting.body_id
        meeting.body = target_of[move.body.pk]
        meeting.save(update_fields=["body"])  # saved, not updated: the search index follows
        for cycle in StatusCycle.objects.filter(meeting=meeting, plan_id__in=new_plan_of):
            done["cycles"][cycle.pk] = cycle.plan_id
            cycle.plan = new_plan_of[cycle.plan_id]
            cycle.save(update_fields=["plan"])

    row = CarryOver.objects.create(
        cluster=cluster, council=council, effective=effective, actor=actor, changes=done
    )
    record(
        actor=actor,
        action="cluster.carry_over",
        obj=cluster,
        changes={
            "carried_over": {
                "carry_over": row.pk,
                "council": council.pk,
                "effective": effective.isoformat(),
                **{key: sorted(value) for key, value in done.items()},
            }
        },
    )
    return row


def _created_objects(carry_over: CarryOver) -> list[tuple[str, list[str]]]:
    done = carry_over.changes
    return [
        (object_type_of(Body), [str(i) for i in done.get("bodies_created", [])]),
        (object_type_of(ActionPlan), [str(i) for i in done.get("plans_created", [])]),
        (object_type_of(Theme), [str(i) for i in done.get("themes_created", [])]),
        (object_type_of(Membership), [str(i) for i in done.get("memberships_created", [])]),
        (object_type_of(Initiative), [str(i) for i in done.get("initiatives", {})]),
        (object_type_of(Indicator), [str(i) for i in done.get("indicators", {})]),
        (object_type_of(Meeting), [str(i) for i in done.get("meetings", {})]),
    ]


def edits_since(carry_over: CarryOver) -> int:
    """Changes anyone made to what the carry-over created or moved, after it."""
    condition = Q()
    for object_type, ids in _created_objects(carry_over):
        if ids:
            condition |= Q(object_type=object_type, object_id__in=ids)
    if not condition:
        return 0
    return (
        AuditEvent.objects.filter(
            condition, kind=AuditEvent.Kind.CHANGE, created_at__gt=carry_over.carried_at
        )
        .exclude(action="cluster.carry_over")
        .count()
    )


def undo_refusal(carry_over: CarryOver) -> str:
    """Why the carry-over cannot be undone, or "" if it can."""
    if carry_over.is_undone:
        return _("Videreførelsen er allerede fortrudt.")
    if edits_since(carry_over):
        return _(
            "Videreførelsen kan ikke fortrydes: der er ændret i det, den flyttede eller "
            "oprettede, efter den blev udført."
        )
    return ""


@transaction.atomic
def undo_carry_over(*, actor: User | None, carry_over: CarryOver) -> CarryOver:
    """Put everything back as it was before the carry-over, as one action."""
    carry_over = CarryOver.objects.select_for_update().get(pk=carry_over.pk)
    refusal = undo_refusal(carry_over)
    if refusal:
        raise ServiceError(refusal)
    done = carry_over.changes
    for pk, plan_id in done.get("cycles", {}).items():
        StatusCycle.objects.filter(pk=pk).update(plan_id=plan_id)
    # Saved one by one, not updated: the search index follows (see `klynge.search.signals`).
    for meeting in Meeting.objects.filter(pk__in=done.get("meetings", {})):
        meeting.body_id = done["meetings"][str(meeting.pk)]
        meeting.save(update_fields=["body"])
    Membership.objects.filter(pk__in=done.get("memberships_created", [])).delete()
    for pk, end in done.get("memberships_ended", {}).items():
        Membership.objects.filter(pk=pk).update(
            end_date=datetime.date.fromisoformat(end) if end else None
        )
    for initiative in Initiative.objects.filter(pk__in=done.get("initiatives", {})):
        initiative.plan_id = done["initiatives"][str(initiative.pk)]
        initiative.theme_id = done.get("initiative_themes", {}).get(str(initiative.pk))
        initiative.save(update_fields=["plan", "theme"])
    for indicator in Indicator.objects.filter(pk__in=done.get("indicators", {})):
        indicator.cluster_id, indicator.theme_id = done["indicators"][str(indicator.pk)]
        indicator.save(update_fields=["cluster", "theme"])
    for pk, theme_id in done.get("data_packages", {}).items():
        DataPackage.objects.filter(pk=pk).update(theme_id=theme_id)
    try:
        ActionPlan.objects.filter(pk__in=done.get("plans_created", [])).delete()
        Theme.objects.filter(pk__in=done.get("themes_created", [])).delete()
        Body.objects.filter(pk__in=done.get("bodies_created", [])).update(parent=None)
        Body.objects.filter(pk__in=done.get("bodies_created", [])).delete()
    except ProtectedError as error:
        # Something new hangs on what it created (a meeting, a plan): that is an edit too.
        raise ServiceError(
            _("Videreførelsen kan ikke fortrydes: der er oprettet nyt i det, den oprettede.")
        ) from error
    carry_over.undone_at = timezone.now()
    carry_over.undone_by = actor
    carry_over.save(update_fields=["undone_at", "undone_by"])
    record(
        actor=actor,
        action="cluster.carry_over_undo",
        obj=carry_over.cluster,
        changes={"carried_over": {"carry_over": carry_over.pk, "council": carry_over.council_id}},
    )
    return carry_over
