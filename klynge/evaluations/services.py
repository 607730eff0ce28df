"""Opening an evaluation, the personal links, answering once, and the summary."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from klynge.accounts.models import User
from klynge.audit.services import record
from klynge.core import mail
from klynge.core.exceptions import ServiceError
from klynge.core.text import clean_text
from klynge.evaluations.models import ASPECTS, Answer, Evaluation, Rating, Receipt
from klynge.meetings import services as meeting_services
from klynge.meetings.models import AGENDA_EDITABLE, AgendaItem, Meeting
from klynge.organisations.models import Person

_SALT = "klynge.evaluations.link"


def link_for(evaluation: Evaluation, person: Person) -> str:
    token = signing.dumps({"e": evaluation.pk, "p": person.pk}, salt=_SALT)
    return settings.SITE_URL + reverse("evaluation_answer", args=[token])


def read_link(token: str) -> tuple[Evaluation, Person]:
    try:
        data = signing.loads(token, salt=_SALT)
        return Evaluation.objects.select_related("meeting__body").get(
            pk=data["e"]
        ), Person.objects.get(pk=data["p"])
    except (signing.BadSignature, KeyError, Evaluation.DoesNotExist, Person.DoesNotExist) as error:
        raise ServiceError(_("Linket til evalueringen er ikke gyldigt.")) from error


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
    transaction.on_commit(lambda: send_links(evaluation.pk))
    return evaluation


def send_links(evaluation_id: int) -> int:
    """Each participant with an address gets their own link (the minutes mail repeats it)."""
    evaluation = Evaluation.objects.select_related("meeting__body").get(pk=evaluation_id)
    sent = 0
    for person in evaluation.meeting.participants():
        if not person.email_address or has_answered(evaluation, person):
            continue
        subject = _("Evaluering: %(title)s") % {"title": evaluation.meeting.display_title}
        sent += mail.message(
            subject=subject,
            template="evaluations/mail/invitation.html",
            context={
                "meeting": evaluation.meeting,
                "person": person,
                "url": link_for(evaluation, person),
            },
            to=[person.email_address],
        ).send()
    return sent


def minutes_mail_line(meeting: Meeting, person: Person) -> str:
    """The personal evaluation link in the minutes mail, while the person has not answered."""
    evaluation = Evaluation.objects.filter(meeting=meeting).first()
    if evaluation is None or has_answered(evaluation, person):
        return ""
    return _("Evaluer mødet (anonymt, 2 minutter): %(url)s") % {"url": link_for(evaluation, person)}


@transaction.atomic
def answer(*, evaluation: Evaluation, person: Person, values: dict[str, Any]) -> Answer:
    """Once per participant; what they answer is stored without them."""
    if person.pk not in {p.pk for p in evaluation.meeting.participants()}:
        raise ServiceError(_("Evalueringen er for mødets deltagere."))
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
    return Answer.objects.create(evaluation=evaluation, **fields)


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
