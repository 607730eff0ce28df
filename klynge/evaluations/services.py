"""Opening an evaluation, the personal links, answering once, and the summary."""

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record
from klynge.core.exceptions import ServiceError
from klynge.core.text import clean_text
from klynge.evaluations import tasks
from klynge.evaluations.mail import link_for, token_for
from klynge.evaluations.models import ASPECTS, Answer, Evaluation, Rating, Receipt
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AGENDA_EDITABLE, AgendaItem, Meeting
from klynge.organisations.models import Person


def read_link(token: str) -> tuple[Evaluation, Person]:
    """The evaluation and the participant a token (`mail.token_for`) was made for."""
    number, _dash, _key = token.partition("-")
    evaluations = Evaluation.objects.select_related("meeting__body")
    evaluation = evaluations.filter(pk=number).first() if number.isdigit() else None
    if evaluation is not None:
        for person in evaluation.meeting.participants():
            if constant_time_compare(token, token_for(evaluation, person)):
                return evaluation, person
    raise ServiceError(_("Linket til evalueringen er ikke gyldigt."))


def has_answered(evaluation: Evaluation, person: Person) -> bool:
    return Receipt.objects.filter(evaluation=evaluation, person=person).exists()


@transaction.atomic
def open_evaluation(*, actor: User | None, meeting: Meeting) -> Evaluation:
    evaluation, created = Evaluation.objects.get_or_create(
        meeting=meeting, defaults={"opened_by": actor}
    )
    if not created:
        raise ServiceError(_("Mødet evalueres allerede."))
    record(actor=actor, action="evaluation.open", obj=meeting)
    # Mailed by the worker after commit: a mail server that is down neither fails the page
    # nor leaves an evaluation opened without its links (the task is tried again).
    transaction.on_commit(lambda: tasks.send_evaluation_links.enqueue(evaluation.pk), robust=True)
    return evaluation


def minutes_mail_line(meeting: Meeting, person: Person) -> str:
    """The personal evaluation link in the minutes mail, to every participant alike: a mail
    that left out those who had answered would tell the mail server's log (and any mail
    archive) who had, and with the summary's count, perhaps who said what. The link's page
    says it when someone has answered."""
    evaluation = Evaluation.objects.filter(meeting=meeting).first()
    if evaluation is None:
        return ""
    return _("Evaluer mødet (anonymt, 2 minutter): %(url)s") % {"url": link_for(evaluation, person)}


@transaction.atomic
def answer(*, evaluation: Evaluation, person: Person, values: dict[str, Any]) -> Answer:
    """Once per participant; what they answer is stored without them, and the evaluation's
    answers are written again, all of them in a new random order: the new one is then
    neither the last row (the order a backup lists rows in) nor the only one from this
    transaction (PostgreSQL keeps a row's transaction id, which the receipt shares)."""
    if person.pk not in {p.pk for p in evaluation.meeting.participants()}:
        raise ServiceError(_("Evalueringen er for mødets deltagere."))
    # One answer at a time per evaluation: two rewriting it at once would each keep a copy.
    Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
    try:
        with transaction.atomic():
            Receipt.objects.create(evaluation=evaluation, person=person)
    except IntegrityError as error:
        raise ServiceError(_("Du har allerede evalueret mødet. Tak!")) from error
    fields: dict[str, Any] = {}
    for name, _label in ASPECTS:
        rating = values.get(name)
        if rating not in (None, "", *Rating.values):
            raise ServiceError(_("Ukendt vurdering."))
        fields[name] = int(rating) if rating else None
        fields[f"{name}_comment"] = clean_text(values.get(f"{name}_comment", ""))[:1000]
    fields["other"] = clean_text(values.get("other", ""))[:5000]
    new = Answer(evaluation=evaluation, **fields)
    answers = [Answer(evaluation=evaluation, **row) for row in _answer_values(evaluation)]
    answers.append(new)
    random.SystemRandom().shuffle(answers)
    evaluation.answers.all().delete()
    for each in answers:  # one at a time: a bulk insert could be stored in another order
        each.save(force_insert=True)
    return new


def _answer_values(evaluation: Evaluation) -> list[dict[str, Any]]:
    """What each answer says, without its key (a rewritten answer gets a new one)."""
    fields = [f.name for f in Answer._meta.concrete_fields if f.name not in {"id", "evaluation"}]
    return list(Answer.objects.filter(evaluation=evaluation).values(*fields))


@transaction.atomic
def put_summary_on_agenda(
    *, actor: User | None, evaluation: Evaluation, meeting: Meeting
) -> AgendaItem:
    """The summary table as an item for information on the body's next meeting."""
    if meeting.body_id != evaluation.meeting.body_id:
        raise ServiceError(_("Evalueringen fremlægges på et møde i samme organ."))
    summary = summarise(evaluation)
    item = meeting_services.add_agenda_item(
        actor=actor,
        meeting=meeting,
        values={
            "title": _("Evaluering af mødet %(date)s")
            % {"date": evaluation.meeting.date.strftime("%d.%m.%Y")},
            "kind": AgendaItem.Kind.FOR_INFORMATION,
            "presentation": render_to_string(
                "evaluations/summary_table.html", {"summary": summary}
            ),
        },
    )
    record(
        actor=actor, action="evaluation.agenda", obj=evaluation.meeting, changes={"item": item.pk}
    )
    return item


def next_meetings(evaluation: Evaluation) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body_id=evaluation.meeting.body_id,
            status__in=AGENDA_EDITABLE,
            date__gte=evaluation.meeting.date,
        )
        .exclude(pk=evaluation.meeting_id)
        .order_by("date")[:5]
    )


@dataclass
class AspectSummary:
    label: str
    counts: list[tuple[str, int]]
    comments: list[str]


def summarise(evaluation: Evaluation) -> dict[str, Any]:
    answers = list(evaluation.answers.all())
    aspects = []
    for name, label in ASPECTS:
        counts = Counter(getattr(a, name) for a in answers if getattr(a, name))
        comments = sorted(c for a in answers if (c := getattr(a, f"{name}_comment").strip()))
        aspects.append(
            AspectSummary(
                label=str(label),
                counts=[(str(r.label), counts.get(r.value, 0)) for r in Rating],
                comments=comments,
            )
        )
    return {
        "answered": len(answers),
        "invited": len(evaluation.meeting.participants()),
        "aspects": aspects,
        "other": sorted(o for a in answers if (o := a.other.strip())),
    }
