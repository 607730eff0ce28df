import decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DateInput, DkfdsFormMixin, style_fields
from klynge.outcomes.models import DataPackage, DeliverableStatus, EvaluationNote, Indicator
from klynge.outcomes.reading import MAX_FILE_BYTES, parse_number


class NumberField(forms.CharField):
    """A number written the Danish way (`1.234,5`, `46 %`), read as imports read it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value: Any) -> decimal.Decimal | None:
        text = super().clean(value)
        if not text:
            if self.required:
                raise forms.ValidationError(_("Skriv et tal."))
            return None
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class IndicatorForm(DkfdsFormMixin, forms.ModelForm):
    baseline_value = NumberField(label=_("Baseline (værdi)"))
    target_value = NumberField(label=_("Måltal (værdi)"))
    comparison_value = NumberField(label=_("Sammenligning (værdi)"))

    class Meta:
        model = Indicator
        fields = [
            "name",
            "dimension",
            "definition",
            "unit",
            "direction",
            "data_source",
            "data_source_detail",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "comparison_value",
            "comparison_label",
        ]
        widgets = {
            "dimension": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 3}),
            "baseline_date": DateInput(),
            "target_date": DateInput(),
        }


class MeasurementForm(DkfdsFormMixin, forms.Form):
    date = forms.DateField(label=_("Dato (opgjort pr.)"), widget=DateInput())
    value = NumberField(label=_("Værdi"))
    numerator = NumberField(label=_("Tæller"), help_text=_("Kun ved procentdele."))
    denominator = NumberField(label=_("Nævner"))
    source = forms.CharField(label=_("Kilde"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class TableFileField(forms.FileField):
    """A CSV or XLSX file, refused before it is read when it is too large."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label=_("Fil (CSV eller Excel .xlsx)"), **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor (højst %(mb)s MB).") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        return upload


class ImportForm(DkfdsFormMixin, forms.Form):
    file = TableFileField(
        help_text=_(
            "Første række er overskrifter: “dato” og “værdi” (eller “tæller” og “nævner”), "
            "gerne “kilde” og “note”."
        ),
    )


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class EvaluationNoteForm(DkfdsFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class DeliverablesForm(forms.Form):
    """A status and a note for each of the initiative's deliverables."""

    def __init__(
        self,
        *args: Any,
        deliverables: list[str],
        current: dict[str, DeliverableStatus],
        **kwargs: Any,
    ) -> None:
        self.deliverables = deliverables
        initial = {}
        for index, name in enumerate(deliverables):
            row = current.get(name)
            initial[f"status_{index}"] = row.status if row else DeliverableStatus.Status.PLANNED
            initial[f"note_{index}"] = row.note if row else ""
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for index, name in enumerate(deliverables):
            self.fields[f"status_{index}"] = forms.ChoiceField(
                label=_("Status: %(name)s") % {"name": name},
                choices=DeliverableStatus.Status.choices,
            )
            self.fields[f"note_{index}"] = forms.CharField(
                label=_("Bemærkning"), required=False, max_length=500
            )
        style_fields(self.fields.values())

    def statuses(self) -> dict[str, tuple[str, str]]:
        return {
            name: (self.cleaned_data[f"status_{i}"], self.cleaned_data[f"note_{i}"])
            for i, name in enumerate(self.deliverables)
        }


class DataPackageForm(DkfdsFormMixin, forms.ModelForm):
    file = TableFileField(
        help_text=_(
            "Første række er overskrifter, første kolonne er fx alder, år eller kommune; "
            "de øvrige kolonner er tal."
        ),
    )

    class Meta:
        model = DataPackage
        fields = ["title", "target_group", "sources"]
