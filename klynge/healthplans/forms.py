"""Forms of the nærsundhedsplan. Each part adds its forms as a block under its own header."""

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klynge.actionplans.models import Initiative
from klynge.core.forms import DateInput, DkfdsFormMixin, DkfdsFormSet, limit_choices
from klynge.healthplans.models import GoalStatus, HealthPlan, PlanSection, PlanVersion
from klynge.meetings.forms import AttachmentForm
from klynge.meetings.models import AgendaItem, Meeting
from klynge.organisations.models import Body, Cluster, Organisation
from klynge.outcomes.models import Indicator
from klynge.recommendations.models import ExternalBody

# --- plan-core: the plan, its sections and goals, comparing versions ----------------------

#: A crafted choice outside the council's own work, refused in words (the service checks it
#: again for every other caller).
_NOT_THE_COUNCILS = _("“%(value)s” hører ikke til rådets arbejde.")


class PlanForm(DkfdsFormMixin, forms.Form):
    """A plan's title, period, deciding body and introduction (and, new, its approvers)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    period_start = forms.IntegerField(label=_("Periode fra (år)"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("Periode til (år)"), min_value=2000, max_value=2100)
    body = forms.ModelChoiceField(
        Body.objects.none(),
        label=_("Besluttende organ"),
        required=False,
        help_text=_("Det organ, der indstiller planen til godkendelse (fx rådets politiske møde)."),
    )
    introduction = forms.CharField(
        label=_("Indledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "js-rich-text"}),
    )
    approvers = forms.ModelMultipleChoiceField(
        ExternalBody.objects.none(),
        label=_("Godkendende organer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Planen er godkendt, når alle disse organer har tiltrådt den. Mangler et organ, "
            "oprettes det under Eksterne organer."
        ),
    )

    def __init__(self, *args: Any, cluster: Cluster, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "body", cluster.bodies.filter(is_active=True).order_by("name"))
        if new:
            limit_choices(self, "approvers", ExternalBody.objects.order_by("name"))
        else:
            # Changed on the plan page's approval panel, where a change may approve the plan.
            del self.fields["approvers"]


class SectionForm(DkfdsFormMixin, forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    text = forms.CharField(
        label=_("Tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "js-rich-text"}),
    )


class GoalForm(DkfdsFormMixin, forms.Form):
    text = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 3}))
    population = forms.CharField(
        label=_("Målgruppe eller område"),
        max_length=300,
        required=False,
        help_text=_("Fx borgere over 65 år, eller Samsø."),
    )
    deadline = forms.DateField(label=_("Frist"), required=False, widget=DateInput())
    initiatives = forms.ModelMultipleChoiceField(
        Initiative.objects.none(),
        label=_("Indsatser"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _NOT_THE_COUNCILS},
        help_text=_("Rådets indsatser, der forfølger målet."),
    )
    indicators = forms.ModelMultipleChoiceField(
        Indicator.objects.none(),
        label=_("Indikatorer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _NOT_THE_COUNCILS},
        help_text=_("Rådets indikatorer, der måler, om målet nås."),
    )

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "initiatives",
            Initiative.objects.filter(plan__cluster=cluster).order_by("plan__title", "number"),
        )
        limit_choices(
            self, "indicators", Indicator.objects.filter(cluster=cluster).order_by("name")
        )


class _VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        version: PlanVersion = obj
        return _("Version %(number)s: %(purpose)s, %(date)s") % {
            "number": version.number,
            "purpose": version.get_purpose_display(),
            "date": timezone.localtime(version.created_at).strftime("%d.%m.%Y"),
        }


class CompareForm(DkfdsFormMixin, forms.Form):
    """Two of a plan's versions the reader may see (the page's query string:
    `?fra=<nr>&til=<nr>`)."""

    fra = _VersionChoice(PlanVersion.objects.none(), label=_("Fra version"), to_field_name="number")
    til = _VersionChoice(PlanVersion.objects.none(), label=_("Til version"), to_field_name="number")

    def __init__(self, *args: Any, versions: QuerySet[PlanVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        versions = versions.order_by("number")
        limit_choices(self, "fra", versions)
        limit_choices(self, "til", versions)


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


# --- hearing: the høring's parties, the answers, the secretariat's reading, the notat ------


class HearingForm(DkfdsFormMixin, forms.Form):
    deadline = forms.DateField(label=_("Høringsfrist"), widget=DateInput())
    message = forms.CharField(
        label=_("Følgebrev"),
        required=False,
        max_length=20_000,
        help_text=_("Står i mailen til høringsparterne og over udkastet på høringssiden."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("Høringsfristen skal ligge efter i dag."))
        return deadline


class HearingPartyForm(DkfdsFormMixin, forms.Form):
    """One party heard. Rows left empty are skipped; a row can be left out of this hearing
    without clearing it."""

    # Not "(valgfri)": a party in the hearing gets its link by mail (`clean`).
    required_when = {"email": _("skal udfyldes for en part, der er med i høringen")}

    include = forms.BooleanField(label=_("Med i høringen"), required=False, initial=True)
    name = forms.CharField(label=_("Navn"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=Organisation.Kind.choices, initial=Organisation.Kind.OTHER
    )
    organisation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("include"):
            return cleaned
        if cleaned.get("email") and not cleaned.get("name"):
            self.add_error("name", _("Skriv høringspartens navn."))
        if cleaned.get("name") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Skriv den e-mailadresse, linket skal sendes til."))
        return cleaned

    @property
    def party(self) -> dict[str, Any] | None:
        """The row as a party for `services.start_hearing`, or None when it is left out."""
        data = self.cleaned_data
        if not data.get("include") or not data.get("name"):
            return None
        return {key: data.get(key) for key in ("name", "email", "kind", "organisation")}


class BaseHearingPartyFormSet(DkfdsFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        parties = [form.party for form in self.forms if form.party]
        if not parties:
            raise forms.ValidationError(_("Tilføj mindst én høringspart."))
        names = [party["name"].casefold() for party in parties]
        doubles = sorted({p["name"] for p in parties if names.count(p["name"].casefold()) > 1})
        if doubles:
            raise forms.ValidationError(
                _("Hver høringspart må kun stå én gang: %(names)s.") % {"names": ", ".join(doubles)}
            )


HearingPartyFormSet = forms.formset_factory(
    HearingPartyForm, formset=BaseHearingPartyFormSet, extra=4, max_num=100, validate_max=True
)


class AddHearingPartyForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    kind = forms.ChoiceField(
        label=_("Type"), choices=Organisation.Kind.choices, initial=Organisation.Kind.OTHER
    )


class ResendLinkForm(DkfdsFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Ret adressen, hvis mailen ikke nåede frem.")
    )


class HearingAnswerForm(AttachmentForm):
    """A party's answer: text and/or a file, the file checked as a meeting's bilag is
    (`meetings.forms.AttachmentForm`: size, type, and content that matches the type)."""

    text = forms.CharField(
        label=_("Høringssvar"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        label=_("Vedhæft fil"),
        required=False,
        help_text=_("Fx jeres høringssvar som PDF eller Word."),
    )
    field_order = ["text", "file"]

    # Optional here: the answer may be text alone (the bilag's check runs on a file given).
    def clean_file(self) -> UploadedFile | None:  # type: ignore[override]
        if not self.cleaned_data.get("file"):
            return None
        return super().clean_file()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "file" in self.errors or "text" in self.errors:
            return cleaned
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Skriv et høringssvar, eller vedhæft en fil."))
        return cleaned


class RecordHearingAnswerForm(HearingAnswerForm):
    received_on = forms.DateField(label=_("Modtaget"), widget=DateInput())
    field_order = ["received_on", "text", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["text"].help_text = _("Svaret, som det kom med mailen (eller vedhæft det).")


class AssessHearingAnswerForm(DkfdsFormMixin, forms.Form):
    required_when = {"section": _("når svaret ændrer et bestemt afsnit")}

    summary = forms.CharField(
        label=_("Resumé"),
        required=False,
        max_length=20_000,
        help_text=_("Svarets hovedpunkter, som de står i høringsnotatet."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    comment = forms.CharField(
        label=_("Sekretariatets bemærkning"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    changes_plan = forms.BooleanField(
        label=_("Giver anledning til ændring af planen"), required=False
    )
    section = forms.ModelChoiceField(
        PlanSection.objects.none(),
        label=_("Afsnit, der ændres"),
        required=False,
        empty_label=_("(intet bestemt afsnit)"),
    )

    def __init__(self, *args: Any, plan: HealthPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "section", PlanSection.objects.filter(plan=plan))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("section") and not cleaned.get("changes_plan"):
            self.add_error(
                "section",
                _("Vælg kun et afsnit, når svaret giver anledning til at ændre planen."),
            )
        return cleaned


class NotatAgendaForm(DkfdsFormMixin, forms.Form):
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("Møde"), empty_label=None)
    item = _ItemChoice(
        AgendaItem.objects.none(),
        label=_("Punkt"),
        required=False,
        help_text=_("Et punkt på det valgte møde, eller et nyt punkt til orientering."),
    )

    def __init__(self, *args: Any, meetings: list[Meeting], new_item: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "meeting",
            Meeting.objects.filter(pk__in=[m.pk for m in meetings]).order_by("date"),
        )
        limit_choices(
            self,
            "item",
            AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings])
            .select_related("meeting")
            .order_by("meeting__date", "position"),
        )
        item: Any = self.fields["item"]
        item.empty_label = _("Nyt punkt: %(title)s") % {"title": new_item}
        meeting: Any = self.fields["meeting"]
        meeting.label_from_instance = lambda m: f"{m.date:%d.%m.%Y} · {m.display_title}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        item, meeting = cleaned.get("item"), cleaned.get("meeting")
        if item is not None and meeting is not None and item.meeting_id != meeting.pk:
            self.add_error("item", _("Punktet er ikke på det valgte møde."))
        return cleaned
