from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import style_fields
from klynge.evaluations.models import ASPECTS, Rating


class AnswerForm(forms.Form):
    """A rating and a comment for each aspect of seed 004's table, and a free text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
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
        style_fields(fields.values())
