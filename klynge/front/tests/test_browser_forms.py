"""Every input on every form is drawn and labelled, in real Chromium: a checkbox or radio
that DKFDS draws as nothing (Django's label-around-input markup) fails here."""

import pytest
from django.conf import settings
from django.urls import reverse

from klynge.actionplans.models import State
from klynge.core.tests.browser import log_in
from klynge.front.tests.world import build_world
from klynge.meetings.models import MeetingStatus

pytestmark = pytest.mark.browser

#: Inputs that are neither drawn (10×10 px at least, or a DKFDS box on the label) nor named
#: by a label or ARIA. A select that Tom Select made searchable and a textarea the rich-text
#: editor replaced are left out: their replacements (an input, a textbox) are checked.
UNSEEN_OR_UNNAMED = """() => [...document.querySelectorAll(
    'main input:not([type=hidden]), main select:not(.tomselected), ' +
    'main textarea:not([data-editor]), main [role=textbox][contenteditable]')].filter(e => {
  const box = e.getBoundingClientRect();
  const label = (e.labels && e.labels[0])
    || document.getElementById((e.getAttribute('aria-labelledby') || '').split(' ')[0]);
  const before = label ? getComputedStyle(label, '::before') : null;
  const drawn = (box.width >= 10 && box.height >= 10 && e.checkVisibility())
    || (before && parseFloat(before.width) >= 10 && parseFloat(before.height) >= 10);
  const named = (label && label.innerText.trim()) || e.getAttribute('aria-label')
    || e.getAttribute('aria-labelledby');
  return !(drawn && named);
}).map(e => e.name || e.id || e.outerHTML.slice(0, 60))"""


@pytest.mark.django_db(transaction=True)
def test_every_input_on_every_form_is_visible_and_labelled(page, live_server):
    world = build_world()
    planned = world.meetings[MeetingStatus.PLANNED]
    held = world.meetings[MeetingStatus.HELD]
    item = world.open_items[MeetingStatus.PLANNED]
    plan, cluster = world.plan.pk, world.cluster.pk
    forms = [
        reverse("cluster_create"),
        reverse("cluster_edit", args=[cluster]),
        reverse("body_create", args=[cluster]),
        reverse("body_edit", args=[cluster, world.chief.pk]),
        reverse("membership_add", args=[world.chief.pk]),
        reverse("membership_edit", args=[world.membership.pk]),
        reverse("person_edit", args=[world.membership.person_id]),
        reverse("organisation_create"),
        reverse("organisation_edit", args=[world.organisation.pk]),
        reverse("meeting_create", args=[world.chief.pk]),
        reverse("meeting_edit", args=[planned.pk]),
        reverse("item_add", args=[planned.pk]),
        reverse("item_edit", args=[item.pk]),
        reverse("attachment_upload", args=[item.pk]),
        reverse("participant_add", args=[planned.pk]),
        reverse("attendance_edit", args=[world.attendance.pk]),
        reverse("decision_edit", args=[world.open_items[MeetingStatus.HELD].pk]),
        reverse("follow_up_create", args=[world.open_items[MeetingStatus.HELD].pk]),
        reverse("plan_create", args=[cluster]),
        reverse("plan_edit", args=[cluster, plan]),
        reverse("theme_create", args=[cluster]),
        reverse("theme_edit", args=[world.outcomes["package"].theme_id]),
        reverse("roll_call", args=[held.pk]),
        reverse("plan_detail", args=[plan]),
        reverse("cycle_start", args=[plan]),
        reverse("plan_adopt", args=[plan]),
        reverse("initiative_create", args=[plan]),
        reverse("initiative_edit", args=[plan, world.initiatives[State.ACTIVE].pk]),
        reverse("initiative_return", args=[world.initiatives[State.SUBMITTED].pk]),
        reverse("confirmation_submit", args=[world.initiatives[State.ORDERED].pk]),
        reverse("status_report", args=[world.report.pk]),
        reverse("case_decision", args=[world.cases[MeetingStatus.HELD].pk]),
        held.get_absolute_url(),
        reverse("archive_list"),
        reverse("archive_document", args=[world.source.pk]),
    ]
    outcomes, active = world.outcomes, world.initiatives[State.ACTIVE].pk
    indicator, theme = outcomes["indicator"].pk, outcomes["package"].theme_id
    forms += [
        reverse("indicator_create_initiative", args=[active]),
        reverse("indicator_create_theme", args=[theme]),
        reverse("indicator_create_cluster", args=[cluster]),
        reverse("indicator_edit", args=[indicator]),
        reverse("indicator_detail", args=[indicator]),
        reverse("measurement_import", args=[indicator]),
        reverse("evaluation_note", args=[active, 6]),
        reverse("deliverables", args=[active]),
        reverse("data_package_create", args=[theme]),
        reverse("report_create"),
        reverse("report_part", args=[outcomes["own_part"].pk]),
        reverse("report_agenda", args=[outcomes["report"].pk]),
        outcomes["evaluation_link"].removeprefix(settings.SITE_URL),  # opens the form itself
    ]
    log_in(page, "admin@example.dk")
    problems = {}
    for url in forms:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("networkidle")  # the editor and searchable selects are in
        # A form folded in a disclosure (the archive's "mark the items yourself") is seen
        # once opened: open them all, then every input must show.
        page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
        if unseen := page.evaluate(UNSEEN_OR_UNNAMED):
            problems[url] = unseen
    # The member's own afbud form, and a radio set a chair meets.
    log_in(page, "member@example.dk")
    page.goto(world.meetings[MeetingStatus.AGENDA_PUBLISHED].get_absolute_url())
    if unseen := page.evaluate(UNSEEN_OR_UNNAMED):
        problems["afbud"] = unseen
    assert not problems, problems
