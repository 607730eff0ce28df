"""The compiled afrapportering as the requesting secretariat fetches it, in real Chromium: the
page says it is being built while the worker builds it on the database queue, then offers
the file by itself (htmx), and both states pass axe-core."""

import datetime

import pytest
from django.core.management import call_command

from klynge.core.tests.browser import check_accessibility, log_in
from klynge.core.tests.personas import persona
from klynge.organisations.models import Cluster, Membership
from klynge.organisations.tests.factories import BodyFactory, ClusterFactory
from klynge.reports import services
from klynge.reports.models import FIVE_QUESTIONS

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_page_says_it_is_being_built_then_offers_the_pdf(page, settings):
    from playwright.sync_api import expect

    settings.TASKS = {
        "default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}
    }
    requester = BodyFactory(
        name="Sundhedsstyregruppen",
        cluster=ClusterFactory(name="Region Midtjylland", kind=Cluster.Kind.REGIONAL_COMMITTEE),
    )
    region = persona(requester, "region@example.dk", Membership.Role.SECRETARIAT)
    answering = BodyFactory(name="Klyngestyregruppen", cluster__name="Vestklyngen")
    vest = persona(answering, "vest@example.dk", Membership.Role.SECRETARIAT)
    report = services.create_report(
        actor=region,
        requester=requester,
        values={
            "title": "Lighed i sundhed",
            "theme": "Lighed i sundhed",
            "deadline": datetime.date(2027, 6, 1),
        },
        questions=FIVE_QUESTIONS,
        clusters=[Cluster.objects.get(pk=answering.cluster_id)],
    )
    part = report.parts.get()
    services.save_part(actor=vest, part=part, answers=["Storrygere i klyngen."])
    services.submit_part(actor=vest, part=part)

    log_in(page, "region@example.dk")
    page.goto(report.get_absolute_url())
    page.get_by_role("link", name="Hent som PDF").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Afrapporteringen dannes …")
    check_accessibility(page)

    call_command("worker", "--queue", "documents", "--batch")  # as in production

    # The page asks again by itself and offers the file.
    expect(status).to_contain_text("Afrapporteringen er klar.", timeout=15_000)
    check_accessibility(page)
    with page.expect_download() as download:
        status.get_by_role("link", name="Hent som PDF").click()
    assert download.value.suggested_filename == "lighed-i-sundhed.pdf"
