"""The council's meeting rules on the pages: the agenda deadline and the review round
(gennemlæsning) on the meeting page, and the public case list (sagsliste) of a body."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.core.pagecache import cached_per_viewer
from klynge.meetings import services
from klynge.meetings.access import (
    MeetingAccess,
    get_meeting_for_user,
    get_review_comment_for_user,
    get_review_item_for_user,
    review_readers,
)
from klynge.meetings.deadlines import added_after_deadline, agenda_deadline
from klynge.meetings.forms import ReviewCommentForm
from klynge.meetings.models import AgendaItem, Meeting, MeetingStatus, ReviewComment
from klynge.organisations.access import get_body_for_user
from klynge.organisations.models import Body


def agenda_rules_context(access: MeetingAccess, items: list[AgendaItem]) -> dict[str, Any]:
    """What the agenda shows of the body's meeting rules: the deadline for items and the
    items added after it (for the secretariat and the chairs), and each item's review
    comments (`item.review_thread`, for the same people only)."""
    meeting = access.meeting
    rules_shown = access.can_see_review
    deadline = agenda_deadline(meeting) if rules_shown else None
    if rules_shown:
        threads: dict[int, list[ReviewComment]] = defaultdict(list)
        comments = ReviewComment.objects.filter(item__in=[item.pk for item in items])
        for comment in comments.select_related("author"):
            threads[comment.item_id].append(comment)
        for item in items:
            item.review_thread = threads[item.pk]  # type: ignore[attr-defined]
    return {
        "agenda_deadline": deadline,
        "late_items": {item.pk for item in items if added_after_deadline(item, deadline)},
        "show_review": rules_shown,
        "can_comment": access.can_comment,
        "can_start_review": access.can_manage
        and meeting.status == MeetingStatus.PLANNED
        and meeting.review_started_at is None,
    }


@require_POST
def review_start(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.start_review(actor=request.user, meeting=meeting)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        readers = review_readers(meeting)
        if readers:
            messages.success(
                request,
                _("Gennemlæsningen er startet. %(names)s har fået besked.")
                % {"names": ", ".join(person.name for person in readers)},
            )
        else:
            messages.warning(
                request,
                _(
                    "Gennemlæsningen er startet, men organet har i dag ingen formand eller "
                    "næstformand med login, så ingen har fået besked. De kan kommentere, når "
                    "de er indtrådt og har fået et login."
                ),
            )
    return redirect(meeting)


@require_POST
def review_comment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_review_item_for_user(request.user, pk, write=True)
    form = ReviewCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en kommentar (højst 4000 tegn)."))
        return redirect(item)
    try:
        services.add_review_comment(actor=request.user, item=item, text=form.cleaned_data["text"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Din kommentar er gemt. Kun sekretariatet og formandskabet kan se den.")
        )
    return redirect(item)


@require_POST
def review_comment_handle(request: AuthedRequest, pk: int) -> HttpResponse:
    comment = get_review_comment_for_user(request.user, pk, write=True)
    try:
        services.mark_review_comment_handled(actor=request.user, comment=comment)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kommentaren er markeret som behandlet."))
    return redirect(comment.item)


# The public case list --------------------------------------------------------------------


def upcoming_case_lists() -> QuerySet[Body]:
    """The bodies that have a case list now: a coming meeting with its agenda sent."""
    return (
        Body.objects.filter(
            meetings__status=MeetingStatus.AGENDA_PUBLISHED,
            meetings__date__gte=timezone.localdate(),
        )
        .select_related("cluster")
        .distinct()
        .order_by("name")
    )


@login_not_required
@cached_per_viewer
def public_case_list(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, pk)
    return render(
        request,
        "meetings/public_case_list.html",
        {"body": body, "meetings": Meeting.objects.filter(body=body).case_list()},
    )
