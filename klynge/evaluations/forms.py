from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DkfdsFormMixin
from klynge.evaluations.models import ASPECTS, Rating


class AnswerForm(DkfdsFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields: dict[str, forms.Field] = {}
        for name, label in ASPECTS:
            fields[name] = forms.TypedChoiceField(
                label=label,
                choices=Rating.choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            fields[f"{name}_comment"] = forms.CharField(
                label=_("Kommentar til %(aspect)s") % {"aspect": str(label).lower()},
                required=False,
                max_length=1000,
            )
        fields["other"] = forms.CharField(
            label=_("I øvrigt"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
        self.base_fields = fields
        super().__init__(*args, **kwargs)
