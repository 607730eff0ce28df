from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DkfdsFormMixin, limit_choices, style_fields
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Person
from klynge.votes import services
from klynge.votes.models import Choice, Statement
from klynge.votes.services import Voter


class VoteForm(DkfdsFormMixin, forms.Form):
    """One radio group per member present (For/Imod/Undlod); where the body votes by group,
    one per group (its name editable, defaulting to the members' organisation)."""

    subject = forms.CharField(
        label=_("Afstemning om"),
        max_length=200,
        initial=_("Indstillingen"),
        help_text=_("Fx “Ændringsforslag fra V” eller “Indstillingen”."),
    )

    def __init__(
        self, *args: Any, voters: list[Voter], by_group: bool = False, **kwargs: Any
    ) -> None:
        self.voters = voters
        self.by_group = by_group
        self.groups: dict[str, list[Voter]] = {}
        super().__init__(*args, **kwargs)
        choices = Choice.choices
        if by_group:
            for voter in voters:
                self.groups.setdefault(voter.group or str(_("Uden gruppe")), []).append(voter)
            for index, (name, members) in enumerate(self.groups.items()):
                self.fields[f"group_{index}_name"] = forms.CharField(
                    label=_("Navn på gruppen (%(group)s)") % {"group": name},
                    max_length=200,
                    required=False,
                    initial=name,
                    help_text=", ".join(voter.label for voter in members),
                )
                self.fields[f"group_{index}"] = forms.ChoiceField(
                    label=name, choices=choices, widget=forms.RadioSelect, required=False
                )
        else:
            for voter in voters:
                self.fields[f"ballot_{voter.person.pk}"] = forms.ChoiceField(
                    label=voter.label, choices=choices, widget=forms.RadioSelect, required=False
                )
        style_fields(self.fields.values())

    def ballots(self) -> tuple[dict[int, str], dict[int, str]]:
        """(person id -> choice, person id -> group name) from the cleaned data."""
        data = self.cleaned_data
        choices: dict[int, str] = {}
        groups: dict[int, str] = {}
        if self.by_group:
            for index, members in enumerate(self.groups.values()):
                choice = data.get(f"group_{index}") or ""
                for voter in members:
                    if choice:
                        choices[voter.person.pk] = choice
                        groups[voter.person.pk] = data.get(f"group_{index}_name", "")
        else:
            for voter in self.voters:
                choice = data.get(f"ballot_{voter.person.pk}") or ""
                if choice:
                    choices[voter.person.pk] = choice
        return choices, groups


class InhabilitetForm(DkfdsFormMixin, forms.Form):
    person = forms.ModelChoiceField(Person.objects.none(), label=_("Medlem"))
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises ikke offentligt og ikke i referatet."),
    )

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "person", _people_at(item))


class StatementForm(DkfdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=Statement.Kind.choices, widget=forms.RadioSelect
    )
    people = forms.ModelMultipleChoiceField(
        Person.objects.none(),
        label=_("Medlemmer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.CharField(
        label=_("Eller en gruppe"),
        max_length=200,
        required=False,
        help_text=_("Fx et parti eller en delegation."),
    )
    text = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = Statement.Kind.MINORITY
        limit_choices(self, "people", _people_at(item))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("people") and not (data.get("group") or "").strip():
            raise forms.ValidationError(
                _("Angiv hvem udtalelsen er fra: medlemmer eller en gruppe.")
            )
        return data


def _people_at(item: AgendaItem) -> Any:
    """The members present at the item (substitutes voting for a member included)."""
    return Person.objects.filter(
        pk__in=[voter.person.pk for voter in services.voters(item)]
    ).order_by("name")
