import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client

from klynge.core.tests.personas import log_in_with_password
from klynge.meetings.models import Meeting, MeetingStatus
from klynge.organisations.models import Cluster

pytestmark = pytest.mark.django_db


def test_demo_needs_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load-demo")


def test_demo_loads_the_seed_clusters_and_meetings(settings, client: Client):
    settings.DEMO_MODE = True
    call_command("load-demo")
    assert Cluster.objects.get(name="Aarhusklyngen").successor.name == "Sundhedsråd Aarhus"
    assert (
        Cluster.objects.get(name="Sundhedsklynge Midt").successor.name == "Sundhedsråd Limfjorden"
    )
    may_2025 = Meeting.objects.get(date="2025-05-02")
    assert may_2025.items.count() == 8
    assert may_2025.status == MeetingStatus.MINUTES_PUBLISHED
    assert set(may_2025.items.values_list("case_number", flat=True)) == {"1-31-72-446-22"}
    midt = Meeting.objects.get(date="2023-05-24")
    assert midt.attendances.filter(is_guest=True).count() == 4
    assert midt.attendances.filter(substitute_for__isnull=False).exists()
    assert midt.attendances.filter(status="absent").count() == 4
    assert Meeting.objects.filter(status=MeetingStatus.PLANNED).exists()
    # Every demo login works and sees its home page.
    for email in ["admin", "sekretariat", "formand", "medlem", "borger", "projektleder"]:
        assert log_in_with_password(client, f"{email}@klynge.test", "demo")
        assert client.get("/").status_code == 200
    # The action plan of seed 002, in every state of the flow.
    from klynge.actionplans.models import ActionPlan, Escalation, Initiative, State, StatusCycle
    from klynge.followups.models import FollowUp

    plan = ActionPlan.objects.get(cluster__name="Sundhedsklynge Midt")
    assert plan.adopted_on.isoformat() == "2023-03-13"
    # Carried over to Sundhedsråd Limfjorden: the open initiatives moved to the council's plan
    # of the same title, the closed ones stayed.
    moved = ActionPlan.objects.get(cluster__name="Sundhedsråd Limfjorden", title=plan.title)
    assert plan.initiatives.count() == 2
    assert {i.state for i in plan.initiatives.all()} == {State.COMPLETED, State.STOPPED}
    initiatives = Initiative.objects.filter(plan__in=[plan, moved])
    assert initiatives.count() == 15
    assert set(initiatives.values_list("state", flat=True)) == set(State.values)
    assert StatusCycle.objects.filter(plan__in=[plan, moved]).count() == 5
    assert moved.cycles.get().meeting.body.cluster == moved.cluster
    assert Escalation.objects.count() == 2
    assert Escalation.objects.filter(closed_at__isnull=True).count() == 1
    assert FollowUp.objects.exists()
    assert ActionPlan.objects.get(cluster__name="Aarhusklyngen").cluster.themes.count() == 3
    assert log_in_with_password(client, "projektleder@klynge.test", "demo")
    home = client.get("/")
    assert home.context["status_requests"] and home.context["follow_ups"]
    # Outcomes: indicators over all four dimensions, each with baseline, target and four
    # measurements; the 2017 afrapportering with seed 003's five clusters.
    from klynge.outcomes.models import Dimension, Indicator
    from klynge.reports.models import Report

    indicators = Indicator.objects.filter(
        baseline_value__isnull=False, target_value__isnull=False
    ).annotate(n=Count("measurements"))
    complete = [i for i in indicators if i.n >= 4]
    assert len(complete) >= 8
    assert {i.dimension for i in complete} == set(Dimension.values)
    # Carried over with their initiatives and themes (those of closed initiatives stayed).
    assert {i.cluster.name for i in complete} == {
        "Sundhedsklynge Midt",
        "Sundhedsråd Limfjorden",
        "Sundhedsråd Aarhus",
    }
    assert all(i.initiative_id for i in complete if "Limfjorden" in i.cluster.name)
    assert all(i.theme_id for i in complete if i.cluster.name == "Sundhedsråd Aarhus")
    report = Report.objects.get(title__startswith="Lighed i sundhed")
    assert report.deadline.year == 2017
    assert set(report.parts.filter(status="submitted").values_list("cluster__name", flat=True)) == {
        "Horsensklyngen",
        "Vestklyngen",
        "Midtklyngen",
        "Randersklyngen",
        "Aarhusklyngen",
    }
    assert log_in_with_password(client, "sekretariat@klynge.test", "demo")
    assert client.get(f"/afrapporteringer/{report.pk}/samlet.pdf").status_code == 200
    # The carry-over to the councils as of 1 January 2027, made by the carry-over itself.
    from klynge.organisations.models import CarryOver, Membership

    assert CarryOver.objects.filter(undone_at=None).count() == 2
    chair = Membership.objects.get(
        body__cluster__name="Sundhedsråd Aarhus",
        body__name="Sundhedsråd Aarhus",
        person__name="Anders Kirkegaard",
    )
    assert (chair.role, chair.start_date.isoformat()) == ("chair", "2027-01-01")
    # The council's meeting rules: ten working days' deadline, and the March meeting's agenda
    # in its review round with the vice-chair's comment.
    from klynge.meetings.models import ReviewComment

    assert chair.body.agenda_deadline_days == 10
    comment = ReviewComment.objects.select_related("item__meeting").get()
    assert comment.item.meeting.date.isoformat() == "2027-03-18"
    assert comment.item.meeting.is_in_review
    # The council's own political members are appointed to the preparatory council before
    # 2027 (the carried-over ones above start on the carry-over's date), so the vice-chair
    # reads the council's plan, money and meetings today, as a member: the plan's sent
    # versions but not its draft, the money without its forms, the January meeting's draft
    # minutes (not only its public agenda) and the March agenda she comments on.
    from klynge.budgets.figures import money_years
    from klynge.healthplans.models import HealthPlan

    vice_chair = Membership.objects.get(body=chair.body, person__name="Mette Kjær")
    assert (vice_chair.role, vice_chair.start_date.isoformat()) == ("vice_chair", "2026-11-01")
    own = Membership.objects.filter(body=chair.body, start_date=vice_chair.start_date)
    assert set(own.values_list("role", flat=True)) == {"vice_chair", "member", "secretariat"}
    assert own.filter(role="member").count() == 4
    assert log_in_with_password(client, "naestformand@klynge.test", "demo")
    health_plan = HealthPlan.objects.get(cluster=chair.body.cluster)
    page = client.get(health_plan.get_absolute_url())
    assert page.status_code == 200 and not page.context["can_manage"]
    assert "Du læser version" in page.content.decode()
    money = client.get(f"/klynger/{health_plan.cluster_id}/oekonomi/")
    assert money.status_code == 200 and not money.context["can_manage"]
    # It opens on a year the council has money in (2027 today), not on an empty 2026.
    assert money_years(health_plan.cluster) == [2028, 2027]
    assert money.context["year"] in {2027, 2028}
    january = Meeting.objects.get(body=chair.body, date="2027-01-21")
    assert "Dagsordenen blev godkendt." in client.get(january.get_absolute_url()).content.decode()
    march = client.get(comment.item.meeting.get_absolute_url())
    assert march.status_code == 200 and "Din kommentar til punkt 2" in march.content.decode()
    call_command("load-demo", "--if-empty")  # second run is a no-op
    assert Cluster.objects.filter(name="Aarhusklyngen").count() == 1


def test_outcomes_benchmark_prints_its_figures(capsys):
    call_command("bench-outcomes", "--rounds", "1", "--parts", "1", "2", "--fresh-processes", "1")
    printed = capsys.readouterr().err
    assert "initiative_report_page" in printed and "x the meeting page" in printed
    assert "compiled PDF t(2 parts)/t(1 parts)" in printed
    assert "pdf_2_served" in printed  # the built version, served again
    assert "first PDF, cold" in printed and "first PDF, after the warm-up" in printed
    from klynge.reports.models import Report

    assert not Report.objects.exists()  # its data is rolled back
