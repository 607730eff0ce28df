"""The personal evaluation links and the mail that carries them."""

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from klynge.core import mail
from klynge.evaluations.models import Evaluation
from klynge.organisations.models import Person

_SALT = "klynge.evaluations.link"


def token_for(evaluation: Evaluation, person: Person) -> str:
    """The evaluation's number and a keyed hash of it with the person's: it says nothing of
    whom it is for, and nobody without the secret key can make one."""
    key = salted_hmac(_SALT, f"{evaluation.pk}:{person.pk}", algorithm="sha256")
    return f"{evaluation.pk}-{key.hexdigest()[:32]}"


def link_for(evaluation: Evaluation, person: Person) -> str:
    """The token goes after the #: browsers never send that part, so no access log, proxy or
    Referer holds it; the page's script posts it."""
    return f"{settings.SITE_URL}{reverse('evaluation_answer')}#{token_for(evaluation, person)}"


def send_links(evaluation_id: int) -> int:
    """Each participant with an address gets their own link (the minutes mail repeats it)."""
    evaluation = Evaluation.objects.select_related("meeting__body").get(pk=evaluation_id)
    answered = set(evaluation.receipts.values_list("person_id", flat=True))
    sent = 0
    for person in evaluation.meeting.participants():
        if not person.email_address or person.pk in answered:
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
