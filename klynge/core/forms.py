"""Form helpers shared by the apps."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet


class DkfdsFormMixin:
    """Render every widget the DKFDS way, so templates stay plain `{{ field }}`.

    DKFDS draws a checkbox or radio on the label that follows its input
    (`input.form-checkbox + label`); Django wraps the input in its label, which DKFDS draws
    as nothing. So choices get our two templates (`core/widgets/`) and single checkboxes the
    class; `core/_field.html` puts the label after the input.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.fields.values())  # type: ignore[attr-defined]


class DkfdsFormSet(forms.BaseFormSet):
    """A formset whose ordering and delete fields (added after the form's own) are drawn the
    DKFDS way too."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        style_fields(form.fields[name] for name in ("ORDER", "DELETE") if name in form.fields)


def style_fields(fields: Iterable[forms.Field]) -> None:
    for field in fields:
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.template_name = "core/widgets/choices.html"
            widget.option_template_name = "core/widgets/choice.html"
            # CheckboxSelectMultiple is a RadioSelect in Django: ask for it first.
            multiple = isinstance(widget, forms.CheckboxSelectMultiple)
            kind = "checkbox" if multiple else "radio"
            widget.attrs.setdefault("class", f"form-{kind}")
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-checkbox")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-input")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field to `queryset` (the rows this form may offer)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
