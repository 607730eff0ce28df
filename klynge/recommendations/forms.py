from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DateInput, DkfdsFormMixin, limit_choices
from klynge.meetings.models import AgendaItem
from klynge.organisations.models import Body, Region
from klynge.recommendations.models import ExternalBody, Outcome, Recommendation, State


class ExternalBodyForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=ExternalBody.Kind.choices)
    # A plain text field: the service checks the address (http or https) in words of its own.
    url = forms.CharField(
        label=_("Hjemmeside"),
        required=False,
        max_length=200,
        help_text=_("Fx siden med organets dagsordener og referater."),
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "—"), *Region.choices]
    )


class SendForm(DkfdsFormMixin, forms.Form):
    to_external = forms.ModelMultipleChoiceField(
        ExternalBody.objects.none(),
        label=_("Eksterne organer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    to_bodies = forms.ModelMultipleChoiceField(
        Body.objects.none(),
        label=_("Organer i Klynge"),
        required=False,
        help_text=_("Fx et andet sundhedsråd."),
    )
    sent_on = forms.DateField(label=_("Sendt"), widget=DateInput())

    def __init__(self, *args: Any, item: AgendaItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "to_external", ExternalBody.objects.all())
        limit_choices(
            self,
            "to_bodies",
            Body.objects.filter(is_active=True)
            .exclude(pk=item.meeting.body_id)
            .select_related("cluster")
            .order_by("cluster__name", "name"),
        )
        self.fields["sent_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("to_external") and not cleaned.get("to_bodies"):
            raise forms.ValidationError(_("Vælg mindst ét organ, anbefalingen sendes til."))
        return cleaned


class StateForm(DkfdsFormMixin, forms.Form):
    """The next step of a recommendation; the fields that step needs (the service checks
    that they are there and fit together)."""

    to_state = forms.ChoiceField(label=_("Ny status"), widget=forms.RadioSelect)
    meeting_date = forms.DateField(
        label=_("Modtagerens mødedato"), required=False, widget=DateInput()
    )
    agenda_url = forms.CharField(
        label=_("Link til dagsordenen"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    decided_on = forms.DateField(
        label=_("Dato for beslutningen"), required=False, widget=DateInput()
    )
    outcome = forms.ChoiceField(
        label=_("Udfald"),
        required=False,
        choices=Outcome.choices,
        widget=forms.RadioSelect,
    )
    decision_text = forms.CharField(
        label=_("Modtagerens beslutning"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    minutes_url = forms.CharField(
        label=_("Link til referatet"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    required_when = {
        "meeting_date": _("på dagsordenen"),
        "decided_on": _("besluttet"),
        "outcome": _("besluttet"),
    }

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            State.ON_AGENDA: _("På modtagerens dagsorden"),
            State.DECIDED: _("Besluttet af modtageren"),
            State.SENT: _("Taget af modtagerens dagsorden (sendt, venter)"),
        }
        to_state = self.fields["to_state"]
        assert isinstance(to_state, forms.ChoiceField)
        # Every state is accepted here, only the next ones offered: a step the map does not
        # allow (a stale page, a jump) is refused by the service, in words.
        to_state.choices = [(state.value, labels[state]) for state in State]
        # Forward first, and chosen: taking it off their agenda is the rare step back.
        offered = sorted(recommendation.next_states, key=lambda state: state == State.SENT)
        to_state.widget.choices = [(state.value, labels[state]) for state in offered]
        if offered:
            self.fields["to_state"].initial = offered[0].value
        self.fields["meeting_date"].initial = recommendation.meeting_date
        self.fields["decided_on"].initial = recommendation.meeting_date


class ReadMinutesForm(DkfdsFormMixin, forms.Form):
    minutes_file = forms.FileField(
        label=_("Modtagerens referat"),
        help_text=_(
            "PDF, Word eller HTML. Beslutningen udfyldes i formularen; intet gemmes, før du gemmer."
        ),
    )
