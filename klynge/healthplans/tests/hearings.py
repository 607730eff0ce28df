"""Helpers for the hearing tests: a plan with two sections, a hearing started through the
service with its links mailed, and the tokens read back from the mails (the only place
they are)."""

import datetime
import io
import re
from typing import Any

from django.core import mail
from django.utils import timezone
from pypdf import PdfWriter

from klynge.accounts.models import User
from klynge.healthplans import services
from klynge.healthplans.models import HealthPlan, Hearing
from klynge.healthplans.tests.factories import HealthPlanFactory, PlanSectionFactory
from klynge.organisations.models import Body, Organisation

#: The link in the mail: the token after the # (never in the address the browser sends).
LINK = re.compile(r"/hoering/#([A-Za-z0-9_-]{20,})")


def make_plan(body: Body) -> HealthPlan:
    plan = HealthPlanFactory(body=body, title="Nærsundhedsplan for testrådet")
    PlanSectionFactory(plan=plan, title="Sammenhængende forløb", text="<p>HØRINGSTEKST</p>")
    PlanSectionFactory(plan=plan, title="Forebyggelse", text="<p>Forebyggelse først.</p>")
    return plan


PARTIES = [
    {
        "name": "Testkommune",
        "email": "hoering@testkommune.dk",
        "kind": Organisation.Kind.MUNICIPALITY,
    },
    {"name": "PLO Test", "email": "plo@example.dk", "kind": Organisation.Kind.GENERAL_PRACTICE},
]


def start(
    capture: Any,
    *,
    plan: HealthPlan,
    actor: User,
    parties: list[dict[str, Any]] | None = None,
    days: int = 30,
) -> tuple[Hearing, dict[str, str]]:
    """Start a hearing (mails sent on commit): the hearing and each party's token by name."""
    with capture(execute=True):
        hearing = services.start_hearing(
            actor=actor,
            plan=plan,
            deadline=timezone.localdate() + datetime.timedelta(days=days),
            message="Kære høringsparter, se udkastet.",
            parties=parties or PARTIES,
        )
    return hearing, tokens_by_name(hearing)


def tokens_by_name(hearing: Hearing) -> dict[str, str]:
    """The newest token mailed to each of the hearing's parties."""
    found = {}
    for party in hearing.parties.all():
        for message in mail.outbox:
            if message.to == [party.email]:
                match = LINK.search(message.body)
                if match:
                    found[party.name] = match.group(1)
    return found


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()
