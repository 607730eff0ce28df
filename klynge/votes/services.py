"""Recording votes, inhabilitet and statements on an agenda item.

Only while the minutes can be edited (`MINUTES_EDITABLE`), by the secretariat (the views and
the API check `can_manage`). Each write is one transaction with its audit event: a vote with
a ballot the rules refuse is not saved at all.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record
from klynge.core.exceptions import ServiceError
from klynge.core.text import clean_values
from klynge.meetings.models import MINUTES_EDITABLE, AgendaItem, Attendance
from klynge.meetings.services import mark_minutes_changed
from klynge.organisations.models import Body, Membership, Person, VoteRule, VotesBy
from klynge.votes.models import Ballot, Choice, Inhabilitet, Result, Statement, Vote

#: Who has a vote in a body: its members and chairs (not observers, not the secretariat).
VOTING_ROLES = (*Membership.CHAIR_ROLES, Membership.Role.MEMBER)


def compute_result(*, rule: str, votes_for: int, votes_against: int, members: int) -> Result:
    """The result of a vote by the body's rule; the one place the rule is applied.

    - simple majority of those voting: more for than against; as many: stemmelighed;
    - majority of the body's members: more for than half the members; otherwise forkastet,
      or stemmelighed where for and against are as many.
    """
    if rule == VoteRule.MEMBERS:
        if votes_for * 2 > members:
            return Result.ADOPTED
    elif votes_for > votes_against:
        return Result.ADOPTED
    if votes_for == votes_against:
        return Result.TIE
    return Result.REJECTED


def members_on(body: Body, item: AgendaItem) -> int:
    """The body's members with a vote on the meeting's date."""
    return (
        Membership.objects.current(item.meeting.date)
        .filter(body=body, role__in=VOTING_ROLES)
        .values("person_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class Voter:
    """A member present at the item (or the substitute voting for one)."""

    person: Person
    on_behalf_of: Person | None
    #: The group a group vote counts them in by default: the member's organisation.
    group: str

    @property
    def label(self) -> str:
        if self.on_behalf_of is None:
            return self.person.name
        return _("%(name)s (for %(member)s)") % {
            "name": self.person.name,
            "member": self.on_behalf_of.name,
        }


def voters(item: AgendaItem) -> list[Voter]:
    """Who may vote on `item`: the members attending the meeting (a substitute votes for the
    member they replace), less those away for this item and those declared inhabil."""
    meeting = item.meeting
    memberships = {
        m.person_id: m
        for m in Membership.objects.current(meeting.date)
        .filter(body_id=meeting.body_id, role__in=VOTING_ROLES)
        .select_related("organisation")
        .order_by("pk")
    }
    inhabil = set(item.inhabilities.values_list("person_id", flat=True))
    away = set(item.absentees.values_list("pk", flat=True))
    attendances = (
        meeting.attendances.filter(status=Attendance.Status.ATTENDING, is_guest=False)
        .select_related("person", "substitute_for")
        .order_by("person__name")
    )
    result = []
    for attendance in attendances:
        if attendance.person_id in inhabil or attendance.pk in away:
            continue
        if attendance.person_id in memberships:
            member, on_behalf_of = memberships[attendance.person_id], None
        elif attendance.substitute_for_id in memberships:
            member = memberships[attendance.substitute_for_id]
            on_behalf_of = attendance.substitute_for
        else:
            continue
        group = member.organisation.name if member.organisation else ""
        result.append(Voter(attendance.person, on_behalf_of, group))
    return result


def _change_minutes(item: AgendaItem) -> None:
    """Refuse the write unless the minutes are being written, and mark them changed: votes,
    inhabilitet and statements are part of the minutes, so approvals already given lapse
    (every caller is atomic, so a write refused later undoes the mark)."""
    if item.meeting.status not in MINUTES_EDITABLE:
        raise ServiceError(
            _("Afstemninger, inhabilitet og udtalelser registreres, mens referatet skrives.")
        )
    mark_minutes_changed(item.meeting)


def _refuse_cast(item: AgendaItem, person_ids: Iterable[int], present: set[int]) -> None:
    """A clear message naming the first person who may not vote on the item."""
    for person_id in person_ids:
        if person_id in present:
            continue
        person = Person.objects.filter(pk=person_id).first()
        name = person.name if person else str(person_id)
        if item.inhabilities.filter(person_id=person_id).exists():
            raise ServiceError(
                _("%(name)s er erklæret inhabil i punktet og kan ikke stemme.") % {"name": name}
            )
        raise ServiceError(
            _("%(name)s er ikke et stemmeberettiget medlem til stede ved punktet.") % {"name": name}
        )


@transaction.atomic
def record_vote(
    *,
    actor: User | None,
    item: AgendaItem,
    subject: str,
    choices: Mapping[int, str],
    groups: Mapping[int, str] | None = None,
) -> Vote:
    """Record a vote on `item`: `choices` maps each voting person's id to For/Imod/Undlod
    (members who did not vote are left out); `groups` (a body voting by group) maps them
    to their group's name. The result is computed by the body's rule."""
    _change_minutes(item)
    subject = clean_values(Vote, {"subject": subject.strip() or _("Indstillingen")})["subject"]
    body = item.meeting.body
    cast = {person_id: choice for person_id, choice in choices.items() if choice}
    if not cast:
        raise ServiceError(_("Afstemningen har ingen stemmer. Angiv mindst én stemme."))
    if any(choice not in Choice.values for choice in cast.values()):
        raise ServiceError(_("En stemme skal være For, Imod eller Undlod."))
    present = {voter.person.pk: voter for voter in voters(item)}
    _refuse_cast(item, cast, set(present))
    by_group = body.votes_by == VotesBy.GROUP
    group_of: dict[int, str] = {}
    if by_group:
        given = groups or {}
        chosen: dict[str, str] = {}
        for person_id, choice in cast.items():
            name = (given.get(person_id) or present[person_id].group or _("Uden gruppe")).strip()
            name = clean_values(Ballot, {"group": name})["group"]
            group_of[person_id] = name
            if chosen.setdefault(name, choice) != choice:
                raise ServiceError(
                    _("Gruppen %(group)s stemmer samlet: giv alle dens medlemmer samme stemme.")
                    % {"group": name}
                )
    counts = {choice: list(cast.values()).count(choice) for choice in Choice.values}
    members = members_on(body, item)
    vote = Vote.objects.create(
        item=item,
        subject=subject.strip() or _("Indstillingen"),
        votes_for=counts[Choice.FOR],
        votes_against=counts[Choice.AGAINST],
        abstentions=counts[Choice.ABSTAIN],
        rule=body.vote_rule,
        members=members,
        by_group=by_group,
        created_by=actor,
        result=compute_result(
            rule=body.vote_rule,
            votes_for=counts[Choice.FOR],
            votes_against=counts[Choice.AGAINST],
            members=members,
        ),
    )
    Ballot.objects.bulk_create(
        Ballot(
            vote=vote,
            person_id=person_id,
            on_behalf_of=present[person_id].on_behalf_of,
            choice=choice,
            group=group_of.get(person_id, ""),
        )
        for person_id, choice in cast.items()
    )
    record(
        actor=actor,
        action="vote.record",
        obj=vote,
        changes={
            "subject": vote.subject,
            "result": vote.result,
            "votes_for": vote.votes_for,
            "votes_against": vote.votes_against,
            "abstentions": vote.abstentions,
            # Who voted how: a deleted vote can be read back from the log.
            "ballots": {present[pid].person.name: choice for pid, choice in cast.items()},
        },
    )
    return vote


@transaction.atomic
def delete_vote(*, actor: User | None, vote: Vote) -> None:
    _change_minutes(vote.item)
    record(actor=actor, action="vote.delete", obj=vote, changes={"subject": vote.subject})
    vote.delete()


@transaction.atomic
def declare_inhabil(
    *, actor: User | None, item: AgendaItem, person: Person, reason: str = ""
) -> Inhabilitet:
    """`person` takes no part in `item`: left out of its votes, named in the minutes."""
    _change_minutes(item)
    reason = clean_values(Inhabilitet, {"reason": reason})["reason"]
    if item.inhabilities.filter(person=person).exists():
        raise ServiceError(
            _("%(name)s er allerede erklæret inhabil i punktet.") % {"name": person.name}
        )
    if Ballot.objects.filter(vote__item=item, person=person).exists():
        raise ServiceError(
            _("%(name)s har stemt i en afstemning på punktet. Slet afstemningen først.")
            % {"name": person.name}
        )
    inhabilitet = Inhabilitet.objects.create(
        item=item, person=person, reason=reason.strip(), created_by=actor
    )
    record(
        actor=actor,
        action="inhabilitet.declare",
        obj=inhabilitet,
        changes={"person": person.name, "reason": inhabilitet.reason},
    )
    return inhabilitet


@transaction.atomic
def remove_inhabil(*, actor: User | None, inhabilitet: Inhabilitet) -> None:
    _change_minutes(inhabilitet.item)
    record(
        actor=actor,
        action="inhabilitet.remove",
        obj=inhabilitet,
        changes={"person": inhabilitet.person.name},
    )
    inhabilitet.delete()


@transaction.atomic
def add_statement(
    *,
    actor: User | None,
    item: AgendaItem,
    text: str,
    kind: str = Statement.Kind.MINORITY,
    people: Iterable[Person] = (),
    group: str = "",
) -> Statement:
    """A mindretalsudtalelse or protokoltilførsel by named members, or a group."""
    _change_minutes(item)
    people = list(people)
    if not text.strip():
        raise ServiceError(_("Skriv udtalelsens tekst."))
    cleaned = clean_values(Statement, {"text": text, "group": group})
    text, group = cleaned["text"], cleaned["group"]
    if not text.strip():
        raise ServiceError(_("Skriv udtalelsens tekst."))
    if not people and not group.strip():
        raise ServiceError(_("Angiv hvem udtalelsen er fra: medlemmer eller en gruppe."))
    inhabil = item.inhabilities.filter(person__in=people).select_related("person").first()
    if inhabil is not None:
        raise ServiceError(
            _("%(name)s er erklæret inhabil i punktet og deltager ikke i behandlingen.")
            % {"name": inhabil.person.name}
        )
    statement = Statement.objects.create(
        item=item, kind=kind, text=text.strip(), group=group.strip(), created_by=actor
    )
    statement.people.set(people)
    record(
        actor=actor,
        action="statement.add",
        obj=statement,
        changes={"kind": kind, "group": statement.group, "text": statement.text},
    )
    return statement


@transaction.atomic
def delete_statement(*, actor: User | None, statement: Statement) -> None:
    _change_minutes(statement.item)
    record(actor=actor, action="statement.delete", obj=statement, changes={"text": statement.text})
    statement.delete()
