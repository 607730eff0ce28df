from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.core.exceptions import ServiceError
from klynge.evaluations import services
from klynge.evaluations.forms import AnswerForm
from klynge.evaluations.models import Evaluation
from klynge.meetings.access import get_meeting_for_user
from klynge.meetings.models import Meeting


def evaluation_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretariat opens the evaluation and reads the summary (never who said what)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    evaluation = Evaluation.objects.filter(meeting=meeting).first()
    if request.method == "POST":
        try:
            services.open_evaluation(actor=request.user, meeting=meeting)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Evalueringen er åbnet, og deltagerne har fået hvert sit link.")
            )
        return redirect("evaluation_manage", meeting.pk)
    return render(
        request,
        "evaluations/manage.html",
        {
            "meeting": meeting,
            "evaluation": evaluation,
            "summary": services.summarise(evaluation) if evaluation else None,
            "participants": meeting.participants(),
            "next_meetings": services.next_meetings(evaluation) if evaluation else [],
        },
    )


@require_POST
def evaluation_agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    """The summary onto a coming meeting of the same body, as an item for information."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    evaluation = get_object_or_404(Evaluation, meeting=meeting)
    target = get_object_or_404(
        Meeting, pk=request.POST.get("meeting") or 0, body_id=meeting.body_id
    )
    try:
        item = services.put_summary_on_agenda(
            actor=request.user, evaluation=evaluation, meeting=target
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("evaluation_manage", meeting.pk)
    messages.success(request, _("Evalueringen er sat på dagsordenen."))
    return redirect(item.meeting)


@login_not_required
def evaluation_answer(request: HttpRequest) -> HttpResponse:
    """The participant's personal link: no login, one answer. The link's token is after the
    # (`mail.link_for`), which browsers keep to themselves: the page's script posts it, so it
    is in no address any log holds."""
    if request.method != "POST":
        return render(request, "evaluations/open.html")
    token = request.POST.get("token", "")
    try:
        evaluation, person = services.read_link(token)
    except ServiceError as error:
        return render(request, "evaluations/done.html", {"message": error.message}, status=404)
    if services.has_answered(evaluation, person):
        return render(
            request,
            "evaluations/done.html",
            {"message": _("Du har allerede evalueret mødet. Tak!"), "meeting": evaluation.meeting},
        )
    # The first post only opens the form; the form itself says it is an answer.
    answering = "answering" in request.POST
    form = AnswerForm(request.POST if answering else None)
    if answering and form.is_valid():
        try:
            services.answer(evaluation=evaluation, person=person, values=form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            return render(
                request,
                "evaluations/done.html",
                {
                    "message": _("Tak for din evaluering. Den er gemt uden dit navn."),
                    "meeting": evaluation.meeting,
                },
            )
    return render(
        request,
        "evaluations/answer.html",
        {"form": form, "meeting": evaluation.meeting, "token": token},
        status=422 if answering else 200,
    )


@login_not_required
def evaluation_old_link(request: HttpRequest, token: str) -> HttpResponse:
    """Links mailed before the token moved after the # carried the person's number readably;
    they are no longer read. The minutes mail brings the new link. Answered with 200: Django
    logs the address of an error answer, and this one holds the old token."""
    return render(
        request,
        "evaluations/done.html",
        {"message": _("Linket er forældet. Brug linket i den nyeste mail om mødet.")},
    )
