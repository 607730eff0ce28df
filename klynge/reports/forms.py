from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import Initiative
from klynge.budgets.figures import money_years
from klynge.core.forms import DateInput, DkfdsFormMixin, style_fields
from klynge.core.text import lines_of
from klynge.healthplans.followup import FOLLOWED_UP_STATES
from klynge.healthplans.models import HealthPlan
from klynge.meetings.models import Meeting
from klynge.organisations.models import Body, Cluster, closed_cluster_ids
from klynge.outcomes.models import Indicator
from klynge.reports.models import FIVE_QUESTIONS, Report, ReportPart


class ReportForm(DkfdsFormMixin, forms.ModelForm):
    questions_text = forms.CharField(
        label=_("Spørgsmål"),
        help_text=_("Ét spørgsmål pr. linje."),
        widget=forms.Textarea(attrs={"rows": 6}),
        initial="\n".join(FIVE_QUESTIONS),
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Klynger, der skal afrapportere"),
        queryset=Cluster.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Report
        fields = ["requester", "title", "theme", "introduction", "deadline"]
        widgets = {"deadline": DateInput(), "introduction": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, bodies: QuerySet[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requester: Any = self.fields["requester"]
        requester.queryset = bodies
        requester.label = _("Hvem beder om afrapporteringen?")
        # A cluster carried over to a council is history: it reports nothing more.
        clusters: Any = self.fields["clusters"]
        clusters.queryset = Cluster.objects.exclude(pk__in=closed_cluster_ids())

    def questions(self) -> list[str]:
        return lines_of(self.cleaned_data["questions_text"])


class PartForm(forms.Form):
    """An answer per question, and the initiatives and indicators the part draws on."""

    def __init__(
        self,
        *args: Any,
        part: ReportPart,
        initiatives: QuerySet[Initiative],
        indicators: QuerySet[Indicator],
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {
            f"answer_{i}": answer for i, (_q, answer) in enumerate(part.answer_pairs())
        }
        if part.pk:
            initial["initiatives"] = list(part.initiatives.values_list("pk", flat=True))
            initial["indicators"] = list(part.indicators.values_list("pk", flat=True))
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for index, question in enumerate(part.report.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, widget=forms.Textarea(attrs={"rows": 6})
            )
        self.fields["initiatives"] = forms.ModelMultipleChoiceField(
            label=_("Indsatser, der indgår"),
            queryset=initiatives,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["indicators"] = forms.ModelMultipleChoiceField(
            label=_("Effektmål, der vises med graf og tal"),
            queryset=indicators,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self._add_money_year(part)
        self._add_health_plan(part)
        self.question_count = len(part.report.questions)
        style_fields(self.fields.values())

    # --- The council's money in the part (issue #25, money-elsewhere) ---
    def _add_money_year(self, part: ReportPart) -> None:
        """A council's part may carry its money for a year: offered when it has any."""
        years = money_years(part.cluster)
        if part.money_year and part.money_year not in years:
            years = sorted([*years, part.money_year], reverse=True)
        if not years:
            return
        self.fields["money_year"] = forms.TypedChoiceField(
            label=_("Rådets økonomi"),
            help_text=_(
                "Ramme, bevilget, medfinansieret, forbrugt og tilbage i året, med hver indsats."
            ),
            choices=[("", _("Ikke med")), *[(year, str(year)) for year in years]],
            coerce=int,
            empty_value=None,
            required=False,
            initial=part.money_year,
        )

    # --- The council's nærsundhedsplan's follow-up in the part (issue #25, approval) ---
    def _add_health_plan(self, part: ReportPart) -> None:
        """A council's part may carry its plan's yearly follow-up: offered when it has a
        plan whose text is frozen (recommended or approved; a draft's goals are the
        secretariat's)."""
        plans = HealthPlan.objects.filter(
            cluster_id=part.cluster_id, status__in=FOLLOWED_UP_STATES
        ).order_by("-period_start", "pk")
        if not plans.exists():
            return
        self.fields["health_plan"] = forms.ModelChoiceField(
            label=_("Opfølgning på nærsundhedsplanen"),
            help_text=_(
                "Hvert måls status og begrundelse, indsatsernes status og indikatorernes "
                "seneste værdi, for året for afrapporteringens frist."
            ),
            queryset=plans,
            required=False,
            empty_label=_("Ikke med"),
            initial=part.health_plan_id,
        )

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(self.question_count)]


class AgendaForm(DkfdsFormMixin, forms.Form):
    meeting = forms.ModelChoiceField(label=_("Møde"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings]).order_by("date")
