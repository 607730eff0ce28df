from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import (
    ActionPlan,
    Initiative,
    OrderConfirmation,
    Rag,
    Sector,
    State,
    StatusReport,
    Theme,
)
from klynge.core.forms import DateInput, DkfdsFormMixin, limit_choices
from klynge.core.text import lines_of
from klynge.meetings.models import (
    BEFORE_MEETING,
    HELD_OR_LATER,
    MINUTES_EDITABLE,
    AgendaItem,
    Meeting,
)
from klynge.organisations.models import Body, Cluster, Organisation, people_of_cluster


class ThemeForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class PlanForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "body", "period_start", "period_end"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "body", cluster.bodies.filter(level=Body.Level.POLITICAL))


class InitiativeForm(DkfdsFormMixin, forms.ModelForm):
    deliverables_text = forms.CharField(
        label=_("Leverancer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én leverance pr. linje."),
    )
    milestones_text = forms.CharField(
        label=_("Milepæle"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én milepæl pr. linje, fx “Evaluering efter 6 måneder: september 2025”."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sektorer"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Initiative
        fields = [
            "number",
            "title",
            "theme",
            "problem",
            "target_group",
            "what_we_can_do",
            "goals",
            "documentation",
            "period_start",
            "period_end",
            "sectors",
            "owner_organisations",
            "project_owner",
            "project_lead",
            "project_group",
            "patient_involvement",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "problem",
                    "target_group",
                    "what_we_can_do",
                    "goals",
                    "documentation",
                    "patient_involvement",
                ]
            },
            "owner_organisations": forms.SelectMultiple(attrs={"size": 5}),
            "project_group": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Retired themes only for the initiatives that already have one.
        themes = Theme.objects.filter(cluster_id=plan.cluster_id)
        current = self.instance.theme_id if self.instance.pk else None
        limit_choices(self, "theme", themes.filter(Q(is_active=True) | Q(pk=current)))
        limit_choices(self, "owner_organisations", plan.cluster.organisations.all())
        people = people_of_cluster(plan.cluster)
        for name in ["project_owner", "project_lead", "project_group"]:
            limit_choices(self, name, people)
        self.fields["number"].required = False
        if self.instance.pk:
            self.initial["deliverables_text"] = "\n".join(self.instance.deliverables)
            self.initial["milestones_text"] = "\n".join(self.instance.milestones)

    def initiative_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in self.Meta.fields
            if name not in {"owner_organisations", "project_group"}
        }
        if values["number"] is None:
            del values["number"]
        values["deliverables"] = lines_of(data["deliverables_text"])
        values["milestones"] = lines_of(data["milestones_text"])
        return values


class ConfirmationForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = OrderConfirmation
        fields = list(OrderConfirmation.TERMS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        help_texts = {
            "patient_involvement": _(
                "Hvordan er patienter med til at beskrive opgaven, ikke kun til at løse den? "
                "Skal udfyldes, før ordrebekræftelsen kan godkendes."
            )
        }


class ConfirmationDraftForm(ConfirmationForm):
    """The same fields, none of them needed yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class StatusReportForm(DkfdsFormMixin, forms.ModelForm):
    rag = forms.ChoiceField(label=_("Status"), choices=Rag.choices, widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    required_when = {
        name: _("skal udfyldes ved gul og rød")
        for name in ("deviation", "cause", "proposed_action")
    }

    class Meta:
        model = StatusReport
        fields = ["rag", "delivered", "deviation", "cause", "proposed_action"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields[1:]}
        help_texts = {"deviation": _("Hvad er anderledes end planlagt?")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("rag") in (Rag.YELLOW, Rag.RED):
            for name in ("deviation", "cause", "proposed_action"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Skal udfyldes ved gul eller rød status."))
        return data


class CycleForm(DkfdsFormMixin, forms.Form):
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("Chefforums møde"))
    deadline = forms.DateField(label=_("Frist for status"), widget=DateInput())

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "meeting",
            Meeting.objects.filter(
                body__cluster_id=plan.cluster_id,
                body__level=Body.Level.CHIEF,
                status__in=BEFORE_MEETING,
                date__gte=timezone.localdate(),
            )
            .select_related("body")
            .order_by("date"),
        )


def _decision_items(body_filter: dict[str, Any], statuses: Iterable[str]) -> Any:
    return (
        AgendaItem.objects.filter(meeting__status__in=statuses, **body_filter)
        .select_related("meeting__body")
        .order_by("-meeting__date", "position")[:50]
    )


class AdoptForm(DkfdsFormMixin, forms.Form):
    item = forms.ModelChoiceField(AgendaItem.objects.none(), label=_("Vedtaget under punkt"))

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "item",
            AgendaItem.objects.filter(
                pk__in=[i.pk for i in _decision_items({"meeting__body": plan.body}, HELD_OR_LATER)]
            ).select_related("meeting__body"),
        )
        self.fields["item"].label_from_instance = _item_label  # type: ignore[attr-defined]


class ReturnForm(DkfdsFormMixin, forms.Form):
    item = forms.ModelChoiceField(
        AgendaItem.objects.none(),
        label=_("Besluttet under punkt"),
        help_text=_("Punktet på et afholdt møde, hvor organet bad om konkretiseringen."),
    )
    note = forms.CharField(
        label=_("Hvad skal konkretiseres?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(label=_("Senest"), required=False, widget=DateInput())

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = _decision_items({"meeting__body__cluster_id": plan.cluster_id}, MINUTES_EDITABLE)
        limit_choices(
            self,
            "item",
            AgendaItem.objects.filter(pk__in=[i.pk for i in items]).select_related("meeting__body"),
        )
        self.fields["item"].label_from_instance = _item_label  # type: ignore[attr-defined]


def _item_label(item: AgendaItem) -> str:
    meeting = item.meeting
    return f"{meeting.body.name} {meeting.date:%d.%m.%Y}, punkt {item.position}: {item.title}"


class ConfirmationDecisionForm(DkfdsFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Beslutning"),
        choices=[("1", _("Godkend")), ("0", _("Send tilbage til konkretisering"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Hvad skal konkretiseres? / bemærkning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_date = forms.DateField(label=_("Senest"), required=False, widget=DateInput())
    required_when = {"note": _("skal udfyldes, når den sendes tilbage")}


class StatusDecisionForm(DkfdsFormMixin, forms.Form):
    escalate = forms.TypedChoiceField(
        label=_("Beslutning"),
        choices=[("0", _("Chefforum handler selv")), ("1", _("Eskalér til Direktørforum"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Hvad gør Chefforum?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Begrundelse for eskalering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ask = forms.CharField(
        label=_("Hvad bedes Direktørforum om?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required_when = {
        "note": _("skal udfyldes, når Chefforum handler selv"),
        "reason": _("skal udfyldes ved eskalering"),
        "ask": _("skal udfyldes ved eskalering"),
    }


class EscalationDecisionForm(DkfdsFormMixin, forms.Form):
    decision = forms.CharField(
        label=_("Direktørforums beslutning"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PortfolioFilterForm(DkfdsFormMixin, forms.Form):
    theme = forms.ModelChoiceField(Theme.objects.none(), label=_("Tema"), required=False)
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label=_("Ejer"), required=False
    )
    sector = forms.ChoiceField(
        label=_("Sektor"), choices=[("", "---------"), *Sector.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("Tilstand"), choices=[("", "---------"), *State.choices], required=False
    )
    rag = forms.ChoiceField(
        label=_("Seneste status"),
        choices=[("", "---------"), *Rag.choices, ("missing", _("Mangler"))],
        required=False,
    )
    #: The year of the columns the apps above add (`settings.PORTFOLIO_COLUMNS`): offered
    #: only when there are such columns, with the years they could show (`offer_years`).
    year = forms.IntegerField(
        label=_("År for beløbene"),
        min_value=2000,
        max_value=2100,
        required=False,
        widget=forms.Select,
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "theme", Theme.objects.filter(cluster_id=plan.cluster_id))
        limit_choices(self, "organisation", plan.cluster.organisations.all())

    def offer_years(self, years: list[int], shown: int | None) -> None:
        """The year picker: `years` to choose from, `shown` chosen."""
        widget: Any = self.fields["year"].widget
        widget.choices = [(year, str(year)) for year in years]
        if self.is_bound:
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data["year"] = str(shown or "")
            self.data = data
        else:
            self.initial["year"] = shown
