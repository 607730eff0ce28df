from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DateInput, DkfdsFormMixin, limit_choices
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Person


class FollowUpForm(DkfdsFormMixin, forms.Form):
    text = forms.CharField(label=_("Opgave"), max_length=500)
    responsible = forms.ModelChoiceField(Person.objects.none(), label=_("Ansvarlig"))
    due_date = forms.DateField(label=_("Frist"), required=False, widget=DateInput())

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "responsible",
            Person.objects.filter(memberships__body__cluster_id=item.meeting.body.cluster_id)
            .distinct()
            .order_by("name"),
        )
