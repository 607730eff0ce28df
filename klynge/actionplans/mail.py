"""E-mail asking initiative owners for their status before a Chefforum meeting."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string

from klynge.actionplans.models import StatusCycle


def send_status_requests(cycle_id: int) -> int:
    cycle = StatusCycle.objects.select_related("meeting__body", "plan").get(pk=cycle_id)
    messages = []
    for report in cycle.reports.select_related(
        "initiative__project_owner__user", "initiative__project_lead__user"
    ).prefetch_related("initiative__project_group__user"):
        initiative = report.initiative
        recipients = sorted({person.email_address for person in initiative.suppliers()} - {""})
        if not recipients:
            continue
        body = render_to_string(
            "actionplans/mail/status_request.txt",
            {
                "cycle": cycle,
                "initiative": initiative,
                "url": settings.SITE_URL + initiative.get_absolute_url(),
            },
        )
        subject = (
            f"Status på {initiative} til {cycle.meeting.body.name} {cycle.meeting.date:%d.%m.%Y}"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    return send_mass_mail(messages, fail_silently=False)
