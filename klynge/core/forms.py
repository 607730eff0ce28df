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

    #: Fields that are needed only in some cases: name -> when, shown instead of "(valgfri)".
    required_when: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self.fields.values())  # type: ignore[attr-defined]
        for name, when in self.required_when.items():
            if name in self.fields:  # type: ignore[attr-defined]
                self.fields[name].required_when = when  # type: ignore[attr-defined]


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
            style = f"form-{kind}"
        elif isinstance(widget, forms.CheckboxInput):
            style = "form-checkbox"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            style = "form-select input-width-l"
        else:
            style = f"form-input {_width(field)}"
        # Keep a form's own classes (such as the rich-text editor's) beside DKFDS's.
        own = widget.attrs.get("class", "")
        if "form-" not in own:
            widget.attrs["class"] = f"{style} {own}".strip()


def _width(field: forms.Field) -> str:
    """A DKFDS width class: as wide as what the field holds, not all alike."""
    widget = field.widget
    if isinstance(widget, forms.DateInput | forms.TimeInput | forms.NumberInput):
        return "input-width-xs"
    if isinstance(widget, forms.Textarea | forms.URLInput | forms.EmailInput):
        return "input-width-xl"
    length = getattr(field, "max_length", None)
    if length is not None and length <= 30:
        return "input-width-s"
    return "input-width-xl" if length is None or length >= 200 else "input-width-l"


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
