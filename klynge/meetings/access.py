"""Who may see and do what with a meeting, its items and attachments.

- administrators and the cluster's secretariat: everything;
- chairs and co-chairs of the body: also the draft agenda and the draft minutes; approve;
- members of the body: the agenda once sent, closed items included; register own afbud;
  decisions once the minutes are approved;
- anyone else (and the public pages): sent agendas, open items only; decisions once the
  minutes are published.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    ForeignObject,
    ManyToOneRel,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.meetings.models import (
    BEFORE_MEETING,
    MINUTES_WRITTEN,
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MeetingStatus,
    ReviewComment,
    meeting_visibility,
)
from klynge.organisations.access import can_manage_cluster, roles_for
from klynge.organisations.models import Membership, Person

DECISIONS_FOR_CHAIRS = MINUTES_WRITTEN
DECISIONS_FOR_MEMBERS = frozenset({MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED})


@dataclass(frozen=True)
class MeetingAccess:
    meeting: Meeting
    can_manage: bool
    is_chair: bool
    is_member: bool
    person_id: int | None
    can_view: bool
    is_logged_in: bool = False

    @cached_property
    def is_invited(self) -> bool:
        """On the meeting's list of participants (members, substitutes, guests)."""
        if self.person_id is None:
            return False
        return self.meeting.attendances.filter(person_id=self.person_id).exists()

    @property
    def can_see_meeting_link(self) -> bool:
        """The online meeting's link (often with its password) is for invited people only."""
        return self.can_manage or self.is_chair or self.is_member or self.is_invited

    @property
    def can_see_participants(self) -> bool:
        """Who takes part: for logged-in users; for the public once the minutes are out."""
        return self.is_logged_in or self.meeting.status == MeetingStatus.MINUTES_PUBLISHED

    def can_see_note(self, attendance: Attendance) -> bool:
        """An afbud note may be health information: for the person, the chairs, the
        secretariat."""
        return (
            self.can_manage
            or self.is_chair
            or (self.person_id is not None and attendance.person_id == self.person_id)
        )

    def can_see_decision_of(self, item: AgendaItem) -> bool:
        """What the body decided on `item`: its decision text, and the case outcomes,
        approvals and escalations recorded on it."""
        if not self.can_view or not self.can_see_decisions:
            return False
        return not item.is_closed or self.can_see_closed_items

    @property
    def can_see_closed_items(self) -> bool:
        return self.can_manage or self.is_member

    @property
    def can_see_source_document(self) -> bool:
        """The original an archived meeting was imported from holds everything the meeting
        had, closed items and notes included."""
        return self.can_view and self.can_see_closed_items

    @property
    def can_see_decisions(self) -> bool:
        status = self.meeting.status
        if self.can_manage or status == MeetingStatus.MINUTES_PUBLISHED:
            return True
        if self.is_chair and status in DECISIONS_FOR_CHAIRS:
            return True
        return self.is_member and status in DECISIONS_FOR_MEMBERS

    @cached_property
    def can_approve(self) -> bool:
        """The chairs and co-chairs approve the draft minutes; where none of them can log in,
        the secretariat records their approval."""
        if self.meeting.status != MeetingStatus.MINUTES_DRAFT:
            return False
        chairs = {person.pk for person in required_approvers(self.meeting)}
        if chairs:
            return self.person_id in chairs
        return self.can_manage

    @property
    def can_see_review(self) -> bool:
        """The comments of the review round (gennemlæsning): the secretariat and the chairs,
        nobody else, in any status."""
        return self.can_manage or self.is_chair

    @property
    def can_comment(self) -> bool:
        """The chairs comment while the unreleased agenda is being read."""
        return self.is_chair and self.person_id is not None and self.meeting.is_in_review

    @property
    def can_register_absence(self) -> bool:
        return self.person_id is not None and self.meeting.status in BEFORE_MEETING


def access_for(user: object, meeting: Meeting) -> MeetingAccess:
    roles = roles_for(user)
    body_id = meeting.body_id
    return MeetingAccess(
        can_view=meeting_visibility(roles).allows(meeting),
        meeting=meeting,
        can_manage=can_manage_cluster(user, meeting.body.cluster_id),
        is_chair=body_id in roles.chair_bodies,
        is_member=body_id in roles.member_bodies,
        person_id=roles.person_id,
        is_logged_in=bool(getattr(user, "is_authenticated", False)),
    )


def required_approvers(meeting: Meeting) -> list[Person]:
    """The chair and co-chairs of the body on the meeting date who can log in."""
    return _chairs_with_login(meeting, on=meeting.date)


def review_readers(meeting: Meeting) -> list[Person]:
    """The chairs who can read and comment on the agenda in review now: chairs today (the
    rights of a chair are read from today's memberships), with a login. A council's chairs
    who take their seats later are not told of a page they cannot open yet."""
    return _chairs_with_login(meeting, on=None)


def _chairs_with_login(meeting: Meeting, *, on: datetime.date | None) -> list[Person]:
    return list(
        Person.objects.filter(
            memberships__in=Membership.objects.current(on).filter(
                body_id=meeting.body_id, role__in=Membership.CHAIR_ROLES
            ),
            user__isnull=False,
        ).distinct()
    )


def decision_visible(user: object, item: AgendaItem | None) -> bool:
    """Whether `user` may read what was decided on `item` (None: the item is gone)."""
    if item is None:
        return roles_for(user).is_admin
    return access_for(user, item.meeting).can_see_decision_of(item)


def get_meeting_for_user(user: object, pk: int, *, write: bool = False) -> Meeting:
    """The meeting; 404 if the user may not see it, 403 if they may not change it.

    Like every door, it returns the object; what the user may do with it is
    `access_for(user, meeting)`."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("body__cluster", "chair", "source_document"), pk=pk
    )
    access = access_for(user, meeting)
    if not access.can_view:
        raise Http404
    if write and not access.can_manage:
        raise PermissionDenied
    return meeting


def get_item_for_user(user: object, pk: int, *, write: bool = False) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body__cluster"), pk=pk)
    access = access_for(user, item.meeting)
    if not access.can_view:
        raise Http404
    if item.is_closed and not access.can_see_closed_items:
        raise Http404
    if write and not access.can_manage:
        raise PermissionDenied
    return item


def get_review_item_for_user(user: object, pk: int, *, write: bool = False) -> AgendaItem:
    """An item as the review round sees it: 404 for anyone but the secretariat and the
    chairs; `write` (commenting) refused unless a chair may comment now."""
    item = get_item_for_user(user, pk)
    access = access_for(user, item.meeting)
    if not access.can_see_review:
        raise Http404
    if write and not access.can_comment:
        raise PermissionDenied
    return item


def get_review_comment_for_user(user: object, pk: int, *, write: bool = False) -> ReviewComment:
    """A review comment: seen by the secretariat and the chairs, marked handled (`write`) by
    the secretariat."""
    comment = get_object_or_404(ReviewComment.objects.select_related("item"), pk=pk)
    comment.item = get_item_for_user(user, comment.item_id)
    access = access_for(user, comment.item.meeting)
    if not access.can_see_review:
        raise Http404
    if write and not access.can_manage:
        raise PermissionDenied
    return comment


def get_attachment_for_user(user: object, pk: int, *, write: bool = False) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    get_item_for_user(user, attachment.item_id, write=write)
    return attachment


def _item_relations() -> list[tuple[str, QuerySet]]:
    """What an item shows besides its own fields, as (relation, its rows): its attachments
    and the panels' rows (`settings.MEETING_ITEM_PANELS`), each with what it points to in
    one query (`cases__initiative` reads the cases joined to their initiatives)."""
    lookups = ["attachments", *(lookup for _template, lookup in settings.MEETING_ITEM_PANELS)]
    relations = []
    for lookup in lookups:
        relation, _, joined = lookup.partition("__")
        rows = _rows_in_item_order(relation)
        relations.append((relation, rows.select_related(joined) if joined else rows))
    return relations


def _rows_in_item_order(relation: str) -> QuerySet:
    """An item's rows of `relation` in their model's order, without its ordering by the item
    itself: grouped per item, that part orders nothing, and ordering by the item (by its
    meeting, by the meeting's date) joined two tables to every panel's query."""
    to_item = _key_to_item(relation)
    ordering = to_item.model._meta.ordering or []
    return to_item.model._default_manager.order_by(
        *(term for term in ordering if str(term).lstrip("-") != to_item.name)
    )


def _key_to_item(relation: str) -> ForeignObject:
    """The foreign key that makes `relation` an item's rows (Attachment.item, Vote.item)."""
    rel = AgendaItem._meta.get_field(relation)
    assert isinstance(rel, ManyToOneRel), relation
    return rel.field


def _visible(access: MeetingAccess) -> QuerySet[AgendaItem]:
    items = access.meeting.items.order_by("position")
    if not access.can_see_closed_items:
        items = items.filter(is_closed=False)
    return items


def visible_items(access: MeetingAccess) -> QuerySet[AgendaItem]:
    """The items of the meeting this user may see, in order, with what their page shows.

    The apps above meetings add panels to each item (`settings.MEETING_ITEM_PANELS`: the
    action plan's cases, follow-ups); their rows are prefetched here without meetings
    importing those apps.
    """
    relations = [Prefetch(relation, queryset=rows) for relation, rows in _item_relations()]
    return _visible(access).prefetch_related("presenters", *relations)


def agenda_items(access: MeetingAccess) -> list[AgendaItem]:
    """`visible_items` as the pages read them: each item's attachments and panel rows as
    plain lists (`item.attachments_list`, `item.votes_list`, ...), and a relation none of
    the items has rows of is not read at all (one query says which have).

    Prefetched as relations, each made a manager and a queryset per item, and each a query
    of its own even when empty (most items have no votes, statements or inhabilitet): most
    of the meeting page's time before its template."""
    items = list(_visible(access).prefetch_related("presenters"))
    relations = _item_relations()
    with_rows = _relations_with_rows([relation for relation, _rows in relations], items)
    prefetch_related_objects(
        items,
        *(
            Prefetch(relation, queryset=rows, to_attr=f"{relation}_list")
            for relation, rows in relations
            if relation in with_rows
        ),
    )
    for relation, _rows in relations:
        if relation not in with_rows:
            for item in items:
                setattr(item, f"{relation}_list", [])
    return items


def _relations_with_rows(relations: list[str], items: list[AgendaItem]) -> set[str]:
    """Those of the items' `relations` that have rows for any of `items`, in one query
    (plain SQL: made by the ORM, its EXISTS clauses cost what as many queries do)."""
    if not items:
        return set()
    quote = connection.ops.quote_name
    ids = [item.pk for item in items]
    marks = ", ".join(["%s"] * len(ids))
    selects: list[str] = []
    params: list[int] = []
    for number, relation in enumerate(relations):
        to_item = _key_to_item(relation)
        table, column = to_item.model._meta.db_table, to_item.column
        assert column, relation
        # Only our own table and column names and a number go into the text; ids are params.
        selects.append(
            f"SELECT {number} WHERE EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {quote(table)} WHERE {quote(column)} IN ({marks}))"
        )
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return {relations[number] for (number,) in cursor.fetchall()}


@dataclass(frozen=True)
class ClosedItem:
    """A closed item as those who may not see it meet it: its number, nothing else."""

    position: int
    is_closed_stub: bool = True


def numbered_items(
    access: MeetingAccess, *, as_lists: bool = False
) -> list[AgendaItem | ClosedItem]:
    """The visible items, with each closed item the user may not see kept as its number
    ("Punkt 3: Lukket punkt"), so the numbering has no gaps. `as_lists`: read as the pages
    read them (`agenda_items`)."""
    items: list[AgendaItem | ClosedItem] = list(
        agenda_items(access) if as_lists else visible_items(access)
    )
    if not access.can_see_closed_items:
        closed = access.meeting.items.filter(is_closed=True).values_list("position", flat=True)
        items += [ClosedItem(position=position) for position in closed]
        items.sort(key=lambda item: item.position)
    return items


def item_text_q(user: object, item: str = "", meeting: str | None = None) -> Q:
    """The items whose text `user` may read, over many meetings at once (search): the meeting
    is visible (`MeetingAccess.can_view`) and an item that is closed is for those who
    `can_see_closed_items`. `item`, `meeting`: the paths to the item and to its meeting from
    the rows filtered (the meeting's defaults to the item's)."""
    roles = roles_for(user)
    meeting = f"{item}meeting__" if meeting is None else meeting
    visible = meeting_visibility(roles).q(meeting)
    if roles.is_admin:
        return visible
    return visible & (
        Q(**{f"{item}is_closed": False})
        | Q(**{f"{meeting}body__cluster_id__in": roles.secretariat_clusters})
        | Q(**{f"{meeting}body_id__in": roles.member_bodies})
    )


def item_decision_q(user: object, item: str = "", meeting: str | None = None) -> Q:
    """`MeetingAccess.can_see_decision_of`, over many meetings at once."""
    roles = roles_for(user)
    meeting = f"{item}meeting__" if meeting is None else meeting
    text = item_text_q(user, item, meeting)
    if roles.is_admin:
        return text
    status, body = f"{meeting}status", f"{meeting}body_id__in"
    return text & (
        Q(**{status: MeetingStatus.MINUTES_PUBLISHED})
        | Q(**{f"{meeting}body__cluster_id__in": roles.secretariat_clusters})
        | Q(**{body: roles.chair_bodies, f"{status}__in": DECISIONS_FOR_CHAIRS})
        | Q(**{body: roles.member_bodies, f"{status}__in": DECISIONS_FOR_MEMBERS})
    )


def get_attendance_for_user(user: object, pk: int, *, write: bool = False) -> Attendance:
    """One person's attendance; changed by whoever manages the meeting."""
    attendance = get_object_or_404(Attendance.objects.select_related("meeting", "person"), pk=pk)
    attendance.meeting = get_meeting_for_user(user, attendance.meeting_id, write=write)
    return attendance


def get_public_meeting(pk: int) -> Meeting:
    """A meeting whose agenda is out. Public pages show what an outsider may see of it,
    whoever asks: `access_for(None, meeting)`."""
    return get_object_or_404(
        Meeting.objects.public().select_related("body__cluster", "chair"), pk=pk
    )


def get_public_attachment(pk: int) -> Attachment:
    """A bilag of an open item of a meeting whose agenda is out."""
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=pk)
    if attachment.item.is_closed:
        raise Http404
    get_public_meeting(attachment.item.meeting_id)
    return attachment
