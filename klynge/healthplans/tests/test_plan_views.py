"""The plan's pages: the secretariat writes the draft, members read the latest frozen
version (drafts are the secretariat's), outsiders find nothing; bad input is answered in
words with nothing saved."""

import datetime

import pytest
from django.urls import reverse

from klynge.core.tests.personas import login
from klynge.healthplans import services
from klynge.healthplans.models import HealthPlan, PlanGoal, PlanSection, PlanStatus, PlanVersion
from klynge.healthplans.tests.factories import (
    HealthPlanFactory,
    PlanGoalFactory,
    PlanSectionFactory,
)
from klynge.healthplans.tests.plan_data import (
    council_plan,
    council_work,
    make_council,
    other_council_work,
)
from klynge.recommendations.models import ExternalBody

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Kun i kladden: akutteam på Samsø"


@pytest.fixture
def plan(body) -> HealthPlan:
    plan = council_plan(body)
    section = PlanSectionFactory(plan=plan, title="Samsø", text="<p>Frosset tekst</p>")
    PlanGoalFactory(section=section, text="Kortere ventetid")
    return plan


def test_the_secretariat_sees_the_draft_with_its_buttons(client, plan, secretariat):
    login(client, secretariat)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Frosset tekst" in page and "Kortere ventetid" in page
    assert reverse("plan_section_create", args=[plan.pk]) in page
    assert reverse("plan_goal_create", args=[plan.sections.get().pk]) in page
    assert "Gem version" in page


def test_a_member_reads_the_latest_version_and_never_the_draft(client, plan, member, secretariat):
    login(client, member)
    # Before a version they may read, the plan is the secretariat's draft: not even its title.
    assert client.get(plan.get_absolute_url()).status_code == 404

    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    PlanSection.objects.filter(plan=plan).update(text=f"<p>{DRAFT_TEXT}</p>")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Frosset tekst" in page and "Du læser version 1" in page
    assert DRAFT_TEXT not in page
    assert reverse("plan_section_create", args=[plan.pk]) not in page
    assert "Gem version" not in page


def test_outsiders_find_nothing(client, plan, outsider, secretariat):
    version = services.freeze_version(actor=secretariat, plan=plan, purpose="hearing")
    login(client, outsider)
    for url in [
        plan.get_absolute_url(),
        reverse("health_plan_list", args=[plan.cluster_id]),
        reverse("plan_version_list", args=[plan.pk]),
        version.get_absolute_url(),
        reverse("health_plan_compare", args=[plan.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_members_may_not_write(client, plan, member):
    login(client, member)
    section = plan.sections.get()
    goal = section.goals.get()
    for url in [
        reverse("health_plan_edit", args=[plan.pk]),
        reverse("plan_section_create", args=[plan.pk]),
        reverse("plan_section_edit", args=[section.pk]),
        reverse("plan_goal_create", args=[section.pk]),
        reverse("plan_goal_edit", args=[goal.pk]),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x", "text": "x"}).status_code == 403, url
    for url in [
        reverse("plan_version_create", args=[plan.pk]),
        reverse("plan_section_move", args=[section.pk]),
        reverse("plan_section_delete", args=[section.pk]),
        reverse("plan_goal_delete", args=[goal.pk]),
    ]:
        assert client.post(url).status_code == 403, url
    assert not PlanVersion.objects.exists()
    assert PlanGoal.objects.exists()


def test_the_council_page_links_to_its_plans(client, plan, member, secretariat):
    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    login(client, member)
    page = client.get(plan.cluster.get_absolute_url()).content.decode()
    assert reverse("health_plan_list", args=[plan.cluster_id]) in page
    listing = client.get(reverse("health_plan_list", args=[plan.cluster_id])).content.decode()
    assert plan.get_absolute_url() in listing


def test_a_new_plan_starts_with_its_default_approvers_ticked(client, body, secretariat):
    council = make_council(body)
    region = ExternalBody.objects.create(
        name="Regionsrådet, Region Nordjylland",
        kind=ExternalBody.Kind.REGIONAL_COUNCIL,
        region=council.region,
    )
    login(client, secretariat)
    url = reverse("health_plan_create", args=[council.pk])
    page = client.get(url).content.decode()
    assert f'value="{region.pk}"' in page and "checked" in page
    response = client.post(
        url,
        {
            "title": "Nærsundhedsplan 2027–2030",
            "period_start": "2027",
            "period_end": "2030",
            "body": body.pk,
            "approvers": [region.pk],
        },
    )
    plan = HealthPlan.objects.get()
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert list(plan.approvers.all()) == [region]


def test_a_plan_is_made_for_a_council_only(client, body, secretariat):
    login(client, secretariat)
    assert client.get(reverse("health_plan_create", args=[body.cluster_id])).status_code == 404


def test_a_plan_with_its_period_backwards_is_answered_in_words(client, body, secretariat):
    council = make_council(body)
    login(client, secretariat)
    response = client.post(
        reverse("health_plan_create", args=[council.pk]),
        {"title": "Plan", "period_start": "2030", "period_end": "2027"},
    )
    assert response.status_code == 422
    assert "Perioden slutter (2027) før den begynder (2030)." in response.content.decode()
    assert not HealthPlan.objects.exists()


def test_the_secretariat_writes_a_section_with_rich_text(client, plan, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("plan_section_create", args=[plan.pk]),
        {
            "title": "Mental sundhed for børn og unge",
            "text": "<p>Flere unge <strong>trives</strong>.</p><img src=x onerror=alert(1)>",
        },
    )
    section = plan.sections.get(title="Mental sundhed for børn og unge")
    assert response.status_code == 302 and response.url == section.get_absolute_url()
    assert section.text == "<p>Flere unge <strong>trives</strong>.</p>"
    assert list(plan.sections.all())[-1] == section


def test_a_section_without_a_title_is_refused(client, plan, secretariat):
    login(client, secretariat)
    response = client.post(reverse("plan_section_create", args=[plan.pk]), {"title": " "})
    assert response.status_code == 422
    assert plan.sections.count() == 1


def test_sections_move_and_are_deleted(client, plan, secretariat):
    second = PlanSectionFactory(plan=plan, title="Forebyggelse")
    login(client, secretariat)
    client.post(reverse("plan_section_move", args=[second.pk]), {"direction": "up"})
    assert list(plan.sections.values_list("title", flat=True)) == ["Forebyggelse", "Samsø"]
    response = client.post(reverse("plan_section_delete", args=[second.pk]))
    assert response.status_code == 302
    assert list(plan.sections.values_list("title", flat=True)) == ["Samsø"]


def test_a_goal_is_added_with_the_councils_links(client, plan, secretariat):
    work = council_work(plan.cluster)
    section = plan.sections.get()
    login(client, secretariat)
    form = client.get(reverse("plan_goal_create", args=[section.pk])).content.decode()
    assert work.initiative.title in form and work.indicator.name in form
    response = client.post(
        reverse("plan_goal_create", args=[section.pk]),
        {
            "text": "Færre akutte indlæggelser fra Samsø",
            "population": "Samsø",
            "deadline": "2029-06-30",
            "initiatives": [work.initiative.pk],
            "indicators": [work.indicator.pk],
        },
    )
    goal = section.goals.get(text="Færre akutte indlæggelser fra Samsø")
    assert response.status_code == 302
    assert goal.deadline == datetime.date(2029, 6, 30)
    assert list(goal.initiatives.all()) == [work.initiative]


def test_a_crafted_post_with_another_councils_initiative_is_refused(client, plan, secretariat):
    other = other_council_work()
    section = plan.sections.get()
    login(client, secretariat)
    response = client.post(
        reverse("plan_goal_create", args=[section.pk]),
        {"text": "Snydemål", "initiatives": [other.initiative.pk]},
    )
    assert response.status_code == 422
    assert "hører ikke til rådets arbejde" in response.content.decode()
    assert not section.goals.filter(text="Snydemål").exists()


def test_nothing_is_written_while_the_plan_waits_for_approval(client, plan, secretariat):
    version = services.freeze_version(actor=secretariat, plan=plan, purpose="approval")
    HealthPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.RECOMMENDED)
    login(client, secretariat)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("plan_section_create", args=[plan.pk]) not in page
    assert "kladden kan ikke ændres" in page
    response = client.post(reverse("plan_section_create", args=[plan.pk]), {"title": "Sent"})
    assert response.status_code == 422
    assert "kan ikke ændres" in response.content.decode()
    assert plan.sections.count() == 1
    assert version.number == 1


def test_gem_version_freezes_a_working_version(client, plan, secretariat):
    login(client, secretariat)
    response = client.post(reverse("plan_version_create", args=[plan.pk]))
    version = plan.versions.get()
    assert response.status_code == 302
    assert version.purpose == PlanVersion.Purpose.OTHER and version.created_by == secretariat
    listing = client.get(reverse("plan_version_list", args=[plan.pk])).content.decode()
    assert version.get_absolute_url() in listing


def test_the_comparison_shows_a_changed_word_an_added_section_and_a_changed_goal(
    client, plan, secretariat, member
):
    services.freeze_version(actor=secretariat, plan=plan, purpose="hearing")
    section = plan.sections.get()
    section.text = "<p>Rettet tekst</p>"
    section.save()
    section.goals.update(population="Borgere på Samsø")
    PlanSectionFactory(plan=plan, title="Forebyggelse og lighed i sundhed")
    services.freeze_version(actor=secretariat, plan=plan, purpose="approval")
    login(client, member)
    url = reverse("health_plan_compare", args=[plan.pk])
    page = client.get(f"{url}?fra=1&til=2").content.decode()
    assert '<span class="sr-only">[slettet: </span>Frosset<span class="sr-only">]</span>' in page
    assert '<span class="sr-only">[tilføjet: </span>Rettet<span class="sr-only">]</span>' in page
    assert "Nyt afsnit" in page and "Forebyggelse og lighed i sundhed" in page
    assert "Ændret mål" in page and "Borgere på Samsø" in page
    # Without a choice: the last two.
    assert "Fra version 1 til version 2" in client.get(url).content.decode()
    assert client.get(f"{url}?fra=1&til=9").status_code == 422


def test_a_version_shows_its_frozen_text_sanitised(client, plan, secretariat):
    version = services.freeze_version(actor=secretariat, plan=plan, purpose="hearing")
    # A stored snapshot that is not clean (an import, an old bug) is cleaned on the way out.
    content = version.content
    content["sections"][0]["text"] = "<p>Ren</p><script>alert('x')</script>"
    PlanVersion.objects.filter(pk=version.pk).update(content=content)
    login(client, secretariat)
    page = client.get(version.get_absolute_url()).content.decode()
    assert "<p>Ren</p>" in page and "alert('x')" not in page


def test_the_plan_page_does_not_grow_in_queries_with_its_sections(
    client, plan, secretariat, django_assert_max_num_queries
):
    work = council_work(plan.cluster)
    login(client, secretariat)
    url = plan.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(6):
        goal = PlanGoalFactory(section=PlanSectionFactory(plan=plan, title=f"Afsnit {n}"))
        goal.initiatives.add(work.initiative)
        goal.indicators.add(work.indicator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_working_version_is_the_secretariats_a_sent_one_the_members_too(
    client, secretariat, member, body
):
    """*Gem version* keeps a draft; drafts are the secretariat's (found by an outside test:
    members read the working versions on the plan page, the version page and the API)."""
    plan = HealthPlanFactory(body=body, cluster=body.cluster)
    PlanSectionFactory(plan=plan, text="<p>Sendt i høring</p>")
    sent = services.freeze_version(
        actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.HEARING
    )
    plan.sections.update(text="<p>Arbejdsudkast WORKINGDRAFT</p>")
    working = services.freeze_version(
        actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.OTHER
    )
    login(client, member)
    assert client.get(reverse("plan_version_detail", args=[sent.pk])).status_code == 200
    assert client.get(reverse("plan_version_detail", args=[working.pk])).status_code == 404
    for url in [
        reverse("health_plan_detail", args=[plan.pk]),
        reverse("plan_version_list", args=[plan.pk]),
        reverse("health_plan_compare", args=[plan.pk]) + f"?fra={sent.number}&til={working.number}",
    ]:
        assert "WORKINGDRAFT" not in client.get(url).content.decode(), url
    login(client, secretariat)
    page = client.get(reverse("plan_version_detail", args=[working.pk]))
    assert "WORKINGDRAFT" in page.content.decode()


def test_a_locked_plan_says_what_can_be_done_with_it(client, plan, secretariat):
    """An approved plan's banner told the secretariat to take it back to the draft, which an
    approved plan never is (found by a usability test): it says a revision is a new plan."""
    login(client, secretariat)
    HealthPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.RECOMMENDED)
    for url in [plan.get_absolute_url(), reverse("health_plan_edit", args=[plan.pk])]:
        page = client.get(url).content.decode()
        assert "For at rette den sendes den tilbage til kladde" in page, url
        assert f'href="{plan.get_absolute_url()}#godkendelse"' in page, url

    approved = services.freeze_version(actor=secretariat, plan=plan, purpose="approved")
    HealthPlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED, approved_version=approved, approved_on=datetime.date(2027, 3, 1)
    )
    plan.refresh_from_db()
    assert not plan.can_change_to(PlanStatus.DRAFT)  # ALLOWED_TRANSITIONS: never back
    for url in [plan.get_absolute_url(), reverse("health_plan_edit", args=[plan.pk])]:
        page = client.get(url).content.decode()
        assert "tilbage til kladde" not in page, url
        assert "En revision skrives som en ny nærsundhedsplan" in page, url
        assert reverse("health_plan_create", args=[plan.cluster_id]) in page, url


def test_members_find_a_plan_only_once_it_has_a_version_they_may_read(
    client, plan, member, secretariat
):
    """A plan only ever written in the draft was listed to the council's members (title,
    period, status) and opened to its approving bodies, though the new-plan form promises
    they see it later (found by a usability test). A working version is a draft too."""
    listing = reverse("health_plan_list", args=[plan.cluster_id])
    urls = [
        plan.get_absolute_url(),
        reverse("plan_version_list", args=[plan.pk]),
        reverse("health_plan_compare", args=[plan.pk]),
    ]
    login(client, secretariat)
    assert plan.title in client.get(listing).content.decode()
    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.OTHER)

    login(client, member)
    page = client.get(listing).content.decode()
    assert plan.title not in page and plan.get_absolute_url() not in page
    assert "Rådet har ingen nærsundhedsplan endnu" in page
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("health_plan_edit", args=[plan.pk])).status_code == 403

    services.freeze_version(actor=secretariat, plan=plan, purpose=PlanVersion.Purpose.HEARING)
    assert plan.get_absolute_url() in client.get(listing).content.decode()
    for url in urls:
        assert client.get(url).status_code == 200, url
