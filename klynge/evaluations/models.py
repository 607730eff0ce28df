"""Meeting and seminar evaluation (seed 004): a short questionnaire after a meeting,
answered once per participant through a personal link, summarised as the table the
secretariat presents at the next meeting.

Answers are anonymous to everyone, the secretariat and administrators included: an answer
row holds no person and no time, and who has answered is kept apart (`Receipt`) only so
that nobody answers twice. Only the count can be read from the two together: an answer's key
is random, and every new answer rewrites its evaluation's answers in a new random order
(`services.answer`), so neither a number, nor the order rows lie in (a backup lists them so),
nor PostgreSQL's transaction id on the row tells which receipt it came with.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.meetings.models import Meeting
from klynge.organisations.models import Person


class Rating(models.IntegerChoices):
    VERY_GOOD = 4, _("Meget godt")
    GOOD = 3, _("Godt")
    LESS_GOOD = 2, _("Mindre godt")
    POOR = 1, _("Dårligt")


#: The aspects asked about, as seed 004's table has them.
ASPECTS = [
    ("frame", _("Rammerne")),
    ("content", _("Indhold")),
    ("benefit", _("Udbytte")),
    ("participants", _("Deltagerkreds")),
]


class Evaluation(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="evaluation")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Evaluering: {self.meeting}"


def _rating() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=Rating, null=True, blank=True)


class Answer(models.Model):
    """One participant's answer, with nothing that says whose or when."""

    # Random, not counted: a counter shared or kept in step with the receipts' would say
    # whose answer it is.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    frame = _rating()
    content = _rating()
    benefit = _rating()
    participants = _rating()
    frame_comment = models.CharField(max_length=1000, blank=True)
    content_comment = models.CharField(max_length=1000, blank=True)
    benefit_comment = models.CharField(max_length=1000, blank=True)
    participants_comment = models.CharField(max_length=1000, blank=True)
    other = models.TextField(blank=True)

    class Meta:
        # Random order: the order answers arrive in must not hint at who gave them.
        ordering = ["?"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frame__in=[1, 2, 3, 4]) | Q(frame__isnull=True),
                name="answer_frame_rating",
            ),
        ]

    def __str__(self) -> str:
        return "Svar"


class Receipt(models.Model):
    """That a person has answered: only to refuse a second answer."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="receipts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.person_id}"
