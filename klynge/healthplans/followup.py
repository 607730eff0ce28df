"""The follow-up of a nærsundhedsplan, as it stood at the end of a year (or today, in the
current year): per goal its status and the reason given, its initiatives' latest status
(grøn/gul/rød) and its indicators' latest value and progress toward their target.

One computation, read by the plan's follow-up page, its PDF and Word, and an
afrapportering's part (`klynge.reports`), so they all say the same.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from klynge.actionplans.models import Initiative, Rag, StatusReport
from klynge.core.text import file_slug
from klynge.healthplans.models import (
    GoalStatus,
    GoalStatusChange,
    HealthPlan,
    PlanGoal,
    PlanStatus,
)
from klynge.outcomes.charts import IndicatorSummary
from klynge.outcomes.models import Indicator, Measurement, format_value, readable

#: Members read the follow-up once the draft is frozen (recommended or approved); before
#: that its goals are the secretariat's draft (`klynge.healthplans.access`).
FOLLOWED_UP_STATES = frozenset({PlanStatus.RECOMMENDED, PlanStatus.APPROVED})


@dataclass
class InitiativeStatus:
    initiative: Initiative
    #: The latest status report with a colour, by the day the follow-up is made for.
    report: StatusReport | None

    @property
    def rag(self) -> str:
        return self.report.rag if self.report else ""

    @property
    def rag_label(self) -> str:
        return str(Rag(self.report.rag).label) if self.report else ""


@dataclass
class IndicatorStatus:
    summary: IndicatorSummary

    @property
    def indicator(self) -> Indicator:
        return self.summary.indicator

    @property
    def latest(self) -> Measurement | None:
        return self.summary.latest

    @property
    def latest_value(self) -> str:
        latest = self.summary.latest
        return format_value(latest.value, self.indicator.unit) if latest else ""

    @property
    def target(self) -> str:
        return self.summary.target

    @property
    def progress(self) -> str:
        """In words: target reached, the share of the way from baseline, or the wrong way."""
        return self.summary.verdict


@dataclass
class GoalFollowUp:
    goal: PlanGoal
    #: The status given last by the day (empty: none given yet), its reason and date.
    status: str = ""
    reason: str = ""
    status_at: datetime.datetime | None = None
    #: The statuses given during the year, oldest first.
    changes: list[GoalStatusChange] = field(default_factory=list)
    initiatives: list[InitiativeStatus] = field(default_factory=list)
    indicators: list[IndicatorStatus] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(GoalStatus(self.status).label) if self.status else ""


@dataclass
class PlanFollowUp:
    plan: HealthPlan
    year: int
    #: The day the follow-up shows: the year's last day, or today in the current year.
    as_of: datetime.date
    sections: list[tuple[str, list[GoalFollowUp]]]
    generated: str
    filename: str

    @property
    def goals(self) -> list[GoalFollowUp]:
        return [goal for _title, goals in self.sections for goal in goals]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(status, label, number of goals) for each status, and those without one."""
        goals = self.goals
        counts = [
            (status, str(label), sum(g.status == status for g in goals))
            for status, label in GoalStatus.choices
        ]
        counts.append(("", _("Ikke vurderet"), sum(not g.status for g in goals)))
        return counts


def followup_years(plan: HealthPlan) -> list[int]:
    return list(range(plan.period_start, plan.period_end + 1))


def default_year(plan: HealthPlan, today: datetime.date | None = None) -> int:
    """This year, or the nearest year of the plan's period."""
    year = (today or timezone.localdate()).year
    return min(max(year, plan.period_start), plan.period_end)


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after `day`, in the local time zone."""
    next_day = day + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time()))


def build_followup(
    plan: HealthPlan, year: int, *, today: datetime.date | None = None
) -> PlanFollowUp:
    """The plan's follow-up for `year`, as it stood on the year's last day (today, if the
    year has not ended). A handful of queries whatever the number of goals."""
    today = today or timezone.localdate()
    as_of = min(datetime.date(year, 12, 31), today)
    until = _end_of(as_of)
    year_start = timezone.make_aware(datetime.datetime(year, 1, 1))
    goals = list(
        PlanGoal.objects.filter(section__plan=plan)
        .select_related("section")
        .prefetch_related(
            Prefetch("initiatives", queryset=Initiative.objects.order_by("number", "pk")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk")),
        )
        .order_by("section__position", "section_id", "position", "pk")
    )
    latest: dict[int, GoalStatusChange] = {}
    during: dict[int, list[GoalStatusChange]] = {}
    for change in GoalStatusChange.objects.filter(
        goal__section__plan=plan, created_at__lt=until
    ).order_by("created_at", "pk"):
        latest[change.goal_id] = change
        if change.created_at >= year_start:
            during.setdefault(change.goal_id, []).append(change)
    initiative_ids = {i.pk for goal in goals for i in goal.initiatives.all()}
    reports: dict[int, StatusReport] = {}
    for report in (
        StatusReport.objects.filter(initiative_id__in=initiative_ids, cycle__deadline__lte=as_of)
        .exclude(rag="")
        .order_by("cycle__deadline", "pk")
    ):
        reports[report.initiative_id] = report
    indicators = {i.pk: i for goal in goals for i in goal.indicators.all()}
    measured: dict[int, list[Measurement]] = {pk: [] for pk in indicators}
    for measurement in Measurement.objects.filter(
        indicator_id__in=indicators, date__lte=as_of
    ).order_by("date", "pk"):
        measured[measurement.indicator_id].append(measurement)
    summaries = {
        pk: IndicatorSummary(
            indicator=indicator,
            measurements=[m for m in measured[pk] if readable(m.value) is not None],
            rows=measured[pk],
        )
        for pk, indicator in indicators.items()
    }
    sections: dict[int, tuple[str, list[GoalFollowUp]]] = {}
    for goal in goals:
        last = latest.get(goal.pk)
        followed = GoalFollowUp(
            goal=goal,
            status=last.status if last else "",
            reason=last.reason if last else "",
            status_at=last.created_at if last else None,
            changes=during.get(goal.pk, []),
            initiatives=[
                InitiativeStatus(initiative=i, report=reports.get(i.pk))
                for i in goal.initiatives.all()
            ],
            indicators=[IndicatorStatus(summaries[i.pk]) for i in goal.indicators.all()],
        )
        sections.setdefault(goal.section_id, (goal.section.title, []))[1].append(followed)
    return PlanFollowUp(
        plan=plan,
        year=year,
        as_of=as_of,
        sections=list(sections.values()),
        generated=timezone.localtime().strftime("%d.%m.%Y %H:%M"),
        filename=file_slug(f"opfølgning {plan.title} {year}", fallback="opfoelgning"),
    )
