"""The money's forms. Each offers only the council's own initiatives, decisions and
organisations; the services check the same rules again for what a crafted request sends."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import Initiative
from klynge.budgets.amounts import parse_kroner
from klynge.budgets.services import (
    FIRST_YEAR,
    LAST_YEAR,
    council_decisions,
    council_initiatives,
    decision_label,
)
from klynge.core.forms import DkfdsFormMixin, limit_choices
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Cluster, Organisation
from klynge.outcomes.forms import TableFileField

#: The decisions offered in a form: the council's latest (older ones are rarely granted by).
DECISIONS_OFFERED = 200


class KronerField(forms.CharField):
    """Whole kroner written the Danish way (`1.250.000`, `1250000`, `1.250.000 kr.`)."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text",
            _("Hele kroner, fx 1.250.000.")
            if not allow_negative
            else _("Hele kroner, fx 1.250.000. En rettelse (fx en tilbagebetaling) er negativ."),
        )
        super().__init__(**kwargs)
        self.allow_negative = allow_negative
        if not allow_negative:
            self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_kroner(text, allow_negative=self.allow_negative)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def _year_field(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return decision_label(obj)


def _decisions(cluster: Cluster, current: AgendaItem | None) -> Any:
    offered = council_decisions(cluster)
    ids = list(offered.values_list("pk", flat=True)[:DECISIONS_OFFERED])
    if current is not None:
        ids.append(current.pk)
    return offered.filter(pk__in=ids)


def _organisations(cluster: Cluster, *current: Organisation | None) -> Any:
    """The council's organisations (and those a commitment names already); every
    organisation when the council has none listed."""
    if not cluster.organisations.exists():
        return Organisation.objects.all()
    kept = [o.pk for o in current if o is not None]
    return Organisation.objects.filter(Q(clusters=cluster) | Q(pk__in=kept)).distinct()


class FrameForm(DkfdsFormMixin, forms.Form):
    year = _year_field(_("År"))
    amount = KronerField(label=_("Ramme (kr.)"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx hvor rammen er meddelt (regionsrådets beslutning)."),
    )


class AllocationForm(DkfdsFormMixin, forms.Form):
    """A grant to an initiative: several years at once makes one allocation a year."""

    initiative = forms.ModelChoiceField(Initiative.objects.none(), label=_("Indsats"))
    first_year = _year_field(_("Fra år"))
    last_year = _year_field(
        _("Til og med år"),
        required=False,
        help_text=_("Udfyld kun, hvis bevillingen gælder flere år: samme beløb hvert år."),
    )
    amount = KronerField(label=_("Beløb pr. år (kr.)"))
    decision_item = DecisionChoiceField(
        AgendaItem.objects.none(),
        label=_("Bevilget ved beslutning"),
        help_text=_("Punktet på rådets møde, hvor bevillingen blev besluttet."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, cluster: Cluster, editing: bool = False, **kwargs: Any) -> None:
        current = kwargs.pop("current_decision", None)
        super().__init__(*args, **kwargs)
        limit_choices(self, "initiative", council_initiatives(cluster).order_by("plan", "number"))
        limit_choices(self, "decision_item", _decisions(cluster, current))
        if editing:
            del self.fields["last_year"]
            self.fields["first_year"].label = _("År")
            self.fields["amount"].label = _("Beløb (kr.)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("Det sidste år kan ikke ligge før det første."))
        return cleaned

    @property
    def years(self) -> list[int]:
        first = self.cleaned_data["first_year"]
        last = self.cleaned_data.get("last_year") or first
        return list(range(first, last + 1))


class CoFinancingForm(DkfdsFormMixin, forms.Form):
    year = _year_field(_("År"))
    payer = forms.ModelChoiceField(Organisation.objects.none(), label=_("Betaler"))
    recipient = forms.ModelChoiceField(Organisation.objects.none(), label=_("Modtager"))
    service = forms.CharField(
        label=_("Hvad der medfinansieres"),
        max_length=300,
        help_text=_("Fx akutsygeplejen i Aarhus Kommune."),
    )
    share_percent = forms.IntegerField(
        label=_("Andel (%)"),
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    amount = KronerField(label=_("Beløb (kr.)"))
    initiative = forms.ModelChoiceField(
        Initiative.objects.none(),
        label=_("Indsats"),
        required=False,
        help_text=_("Hvis medfinansieringen hører til en af rådets indsatser."),
    )
    decision_item = DecisionChoiceField(
        AgendaItem.objects.none(), label=_("Besluttet ved"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        cluster: Cluster,
        current: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        organisations = _organisations(cluster, current.get("payer"), current.get("recipient"))
        limit_choices(self, "payer", organisations)
        limit_choices(self, "recipient", organisations)
        limit_choices(self, "initiative", council_initiatives(cluster).order_by("plan", "number"))
        limit_choices(self, "decision_item", _decisions(cluster, current.get("decision_item")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        payer, recipient = cleaned.get("payer"), cleaned.get("recipient")
        if payer and recipient and payer == recipient:
            self.add_error(
                "recipient", _("Betaler og modtager skal være to forskellige organisationer.")
            )
        return cleaned


class SpendingForm(DkfdsFormMixin, forms.Form):
    initiative = forms.ModelChoiceField(Initiative.objects.none(), label=_("Indsats"))
    year = _year_field(_("År"))
    quarter = forms.TypedChoiceField(
        label=_("Kvartal"),
        coerce=int,
        choices=[(q, _("%(q)s. kvartal") % {"q": q}) for q in (1, 2, 3, 4)],
    )
    amount = KronerField(label=_("Forbrug (kr.)"), allow_negative=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "initiative", council_initiatives(cluster).order_by("plan", "number"))


def latest_quarter(year: int) -> int:
    """The year's latest quarter begun: this quarter this year, the fourth of a past year,
    the first of one to come (what spending is usually entered for)."""
    today = timezone.localdate()
    if year == today.year:
        return (today.month - 1) // 3 + 1
    return 4 if year < today.year else 1


class SpendingImportForm(DkfdsFormMixin, forms.Form):
    file = TableFileField(
        help_text=_(
            "Første række er overskrifter: “indsats” (nummer eller titel), “år”, “kvartal” "
            "(1–4, K1 eller 1. kvartal) og “beløb” (hele kroner), gerne “note”."
        ),
    )


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
