"""Forms of the nærsundhedsplan. Each part adds its forms as a block under its own header."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DateInput, DkfdsFormMixin, limit_choices
from klynge.healthplans.models import GoalStatus, HealthPlan
from klynge.meetings.models import AgendaItem
from klynge.recommendations.models import ExternalBody

# --- approval helper: recommending, approving bodies, going back, goals' follow-up ---------


class _ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        item: AgendaItem = obj
        return _("%(date)s, punkt %(position)s: %(title)s") % {
            "date": item.meeting.date.strftime("%d.%m.%Y"),
            "position": item.position,
            "title": item.title,
        }


class RecommendForm(DkfdsFormMixin, forms.Form):
    """The council's decision that recommends the plan, and the day it was sent on."""

    item = _ItemChoice(
        AgendaItem.objects.none(),
        label=_("Rådets beslutning"),
        help_text=_("Punktet på et afholdt møde, hvor rådet besluttede at indstille planen."),
        empty_label=None,
    )
    sent_on = forms.DateField(label=_("Sendt til de godkendende organer"), widget=DateInput())

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "item", items)
        self.fields["sent_on"].initial = timezone.localdate()


class ApproversForm(DkfdsFormMixin, forms.Form):
    approvers = forms.ModelMultipleChoiceField(
        ExternalBody.objects.none(),
        label=_("Godkendende organer"),
        help_text=_("Planen er godkendt, når alle de valgte organer har tiltrådt den."),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: HealthPlan, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"approvers": list(plan.approvers.all())})
        super().__init__(*args, **kwargs)
        limit_choices(self, "approvers", ExternalBody.objects.order_by("name"))


class ReturnToDraftForm(DkfdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Hvorfor sendes planen tilbage til kladde?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalStatusForm(DkfdsFormMixin, forms.Form):
    required_when = {"reason": _("skal udfyldes, når målet er i risiko eller ikke følger planen")}

    status = forms.ChoiceField(
        label=_("Status"), choices=GoalStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Begrundelse"),
        required=False,
        max_length=5000,
        help_text=_("Hvad går godt, hvad halter, og hvad gør rådet ved det?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
