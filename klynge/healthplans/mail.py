"""The hearing mail: each party's personal link to the hearing draft (`links.issue_link`).

Sent by the task queue after the hearing (or a new link) is committed. The token is made
here, in the task, so it is in the mail and nowhere else: the queue holds the party's id.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.audit.services import record
from klynge.core import mail
from klynge.healthplans.links import issue_link
from klynge.healthplans.models import HearingAnswer, HearingParty


def hearing_subject(party: HearingParty) -> str:
    return _("Høring: %(title)s") % {"title": party.hearing.plan.title}


def send_hearing_link(party_id: int) -> int:
    """Mail `party` a new personal link, unless it has answered or the deadline has passed.

    The new token's hash is stored in the same transaction as the mail is sent: if the mail
    server refuses, nothing changes (the task is tried again, and a link mailed earlier still
    works); once sent, only the new link opens the page."""
    with transaction.atomic():
        party = (
            HearingParty.objects.select_for_update(of=("self",))
            .select_related("hearing__plan__cluster", "hearing__sent_by")
            .filter(pk=party_id)
            .first()
        )
        if party is None or HearingAnswer.objects.filter(party=party).exists():
            return 0
        hearing = party.hearing
        if hearing.deadline < timezone.localdate():
            return 0
        url = issue_link(party)
        message = mail.message(
            subject=hearing_subject(party),
            template="healthplans/mail/hearing_link.html",
            context={"party": party, "hearing": hearing, "plan": hearing.plan, "url": url},
            to=[party.email],
        )
        sender = hearing.sent_by
        if sender is not None and sender.email:
            message.reply_to = [sender.email]
        sent = message.send()
        record(
            actor=None,
            action="hearing.link_sent",
            obj=hearing,
            changes={"party": party.name, "email": party.email},
        )
        return sent
