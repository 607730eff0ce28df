"""Mails about the action plan: an initiative ordered or sent back (to its owner and lead),
an order confirmation submitted (to the secretariat), status asked for before Chefforum."""

from django.conf import settings
from django.core.mail import get_connection
from django.utils.translation import gettext as _

from klynge.actionplans.models import Initiative, OrderConfirmation, StatusCycle
from klynge.core import mail
from klynge.organisations.models import secretariat_of


def _url(initiative: Initiative) -> str:
    return settings.SITE_URL + initiative.get_absolute_url()


def _initiative(initiative_id: int) -> Initiative:
    return Initiative.objects.select_related("plan__cluster", "project_owner", "project_lead").get(
        pk=initiative_id
    )


def _owner_and_lead(initiative: Initiative) -> list[str]:
    return mail.addresses(p for p in (initiative.project_owner, initiative.project_lead) if p)


def send_status_requests(cycle_id: int) -> int:
    cycle = StatusCycle.objects.select_related("meeting__body", "plan").get(pk=cycle_id)
    messages = []
    for report in cycle.reports.select_related(
        "initiative__project_owner__user", "initiative__project_lead__user"
    ).prefetch_related("initiative__project_group__user"):
        initiative = report.initiative
        recipients = mail.addresses(initiative.suppliers())
        if not recipients:
            continue
        subject = _("Status på %(initiative)s til %(body)s %(date)s") % {
            "initiative": initiative,
            "body": cycle.meeting.body.name,
            "date": f"{cycle.meeting.date:%d.%m.%Y}",
        }
        messages.append(
            mail.message(
                subject=subject,
                template="actionplans/mail/status_request.html",
                context={"cycle": cycle, "initiative": initiative, "url": _url(initiative)},
                to=recipients,
            )
        )
    return get_connection().send_messages(messages) or 0


def _to_owner_and_lead(initiative_id: int, subject: str, template: str) -> int:
    initiative = _initiative(initiative_id)
    recipients = _owner_and_lead(initiative)
    if not recipients:
        return 0
    return mail.message(
        subject=subject % {"initiative": initiative},
        template=template,
        context={"initiative": initiative, "url": _url(initiative)},
        to=recipients,
    ).send()


def send_initiative_ordered(initiative_id: int) -> int:
    return _to_owner_and_lead(
        initiative_id, _("Bestilling: %(initiative)s"), "actionplans/mail/initiative_ordered.html"
    )


def send_initiative_returned(initiative_id: int) -> int:
    return _to_owner_and_lead(
        initiative_id,
        _("Sendt tilbage til konkretisering: %(initiative)s"),
        "actionplans/mail/initiative_returned.html",
    )


def send_confirmation_submitted(confirmation_id: int) -> int:
    confirmation = OrderConfirmation.objects.select_related(
        "initiative__plan__cluster", "submitted_by"
    ).get(pk=confirmation_id)
    initiative = confirmation.initiative
    recipients = mail.addresses(secretariat_of(initiative.plan.cluster_id))
    if not recipients:
        return 0
    subject = _("Ordrebekræftelse indsendt: %(initiative)s") % {"initiative": initiative}
    return mail.message(
        subject=subject,
        template="actionplans/mail/confirmation_submitted.html",
        context={"confirmation": confirmation, "initiative": initiative, "url": _url(initiative)},
        to=recipients,
    ).send()
