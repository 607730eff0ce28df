from pathlib import PurePath
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from klynge.core.forms import DateInput, DkfdsFormMixin, TimeInput, limit_choices
from klynge.meetings.models import AgendaItem, Attendance, Meeting, meeting_date_error
from klynge.organisations.models import Membership, Person

#: Allowed attachment types: extension -> content kinds `filetype` may report for it.
ALLOWED_ATTACHMENTS: dict[str, set[str]] = {
    ".pdf": {"application/pdf"},
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
    ".pptx": {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
    },
    ".odt": {"application/vnd.oasis.opendocument.text", "application/zip"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".txt": {"text/plain"},
    ".csv": {"text/plain"},
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The type the bytes say, not the name: None if we do not accept it."""
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character may be cut at the boundary; check the whole file then.
        try:
            upload.read().decode("utf-8")
        except UnicodeDecodeError:
            return None
        finally:
            upload.seek(0)
    return "text/plain"


class MeetingForm(DkfdsFormMixin, forms.ModelForm):
    online_url = forms.URLField(
        label=_("Link til onlinemøde"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = ["title", "date", "start_time", "end_time", "place", "online_url", "chair"]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only imported meetings may lack a time; a meeting planned here has one.
        self.fields["start_time"].required = True
        self.fields["end_time"].required = True
        limit_choices(
            self,
            "chair",
            Person.objects.filter(
                memberships__in=Membership.objects.current().filter(body_id=body_id)
            ).distinct(),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Mødet skal slutte efter det begynder."))
        if data.get("date") and (error := meeting_date_error(data["date"])):
            self.add_error("date", error)
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Angiv et mødested eller et link til et onlinemøde."))
        return data


class AgendaItemForm(DkfdsFormMixin, forms.ModelForm):
    recommendation_text = forms.CharField(
        label=_("Indstilling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én at-sætning pr. linje, fx “at orienteringen tages til efterretning”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "case_number",
            "kind",
            "start_time",
            "end_time",
            "presenters",
            "presenters_text",
            "presentation",
            "is_closed",
        ]
        widgets = {
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "presentation": forms.Textarea(attrs={"rows": 8, "class": "js-rich-text"}),
            "presenters": forms.SelectMultiple(attrs={"size": 4}),
        }
        help_texts = {
            "presentation": _(
                "Afsnit, overskrifter, punktopstilling, nummererede lister, fed, kursiv, links og "
                "tabeller; tekst kan sættes ind fra Word. Uden editoren: tomme linjer deler "
                "afsnit, og linjer der begynder med “- ” eller “1.” bliver lister."
            ),
            "is_closed": _(
                "Lukkede punkter vises kun for organets medlemmer og aldrig offentligt."
            ),
        }

    def __init__(self, *args: Any, body_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "presenters", Person.objects.filter(memberships__body_id=body_id).distinct()
        )
        self.fields["presenters"].required = False
        if self.instance.pk:
            self.initial["recommendation_text"] = "\n".join(self.instance.recommendation)
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error(
                "end_time", _("Punktets sluttidspunkt skal ligge efter starttidspunktet.")
            )
        return data

    def item_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data[name] for name in self.Meta.fields if name != "presenters"}
        values["recommendation"] = data["recommendation_text"].splitlines()
        return values


class DecisionForm(DkfdsFormMixin, forms.Form):
    decision = forms.CharField(
        label=_("Beslutning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(DkfdsFormMixin, forms.Form):
    file = forms.FileField(label=_("Bilag"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                _("Filen er for stor. Den må højst fylde %(limit)s.")
                % {"limit": filesizeformat(limit)}
            )
        if not upload.size:
            raise forms.ValidationError(_("Filen er tom."))
        suffix = PurePath(upload.name or "").suffix.lower()
        allowed = ALLOWED_ATTACHMENTS.get(suffix)
        if allowed is None:
            raise forms.ValidationError(
                _(
                    "Filtypen %(suffix)s kan ikke bruges som bilag. Brug PDF, Word, Excel, "
                    "PowerPoint, billeder eller tekst."
                )
                % {"suffix": suffix or "?"}
            )
        sniffed = sniff_content_type(upload)
        if sniffed not in allowed:
            raise forms.ValidationError(
                _("Filens indhold passer ikke til filtypen %(suffix)s.") % {"suffix": suffix}
            )
        upload.content_type = sniffed
        return upload


class AbsenceForm(DkfdsFormMixin, forms.Form):
    note = forms.CharField(label=_("Bemærkning (valgfri)"), max_length=300, required=False)


class AttendanceForm(DkfdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Attendance.Status.choices)
    substitute_for = forms.ModelChoiceField(
        Person.objects.none(), label=_("Deltog for"), required=False
    )
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)
    absent_items = forms.ModelMultipleChoiceField(
        AgendaItem.objects.none(),
        label=_("Deltog ikke i punkterne"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "substitute_for", Person.objects.filter(attendances__meeting=meeting))
        limit_choices(self, "absent_items", meeting.items.order_by("position"))


class ParticipantForm(DkfdsFormMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    title = forms.CharField(label=_("Titel og organisation"), max_length=300, required=False)
    is_guest = forms.BooleanField(label=_("Gæst"), required=False, initial=True)
    substitute_for = forms.ModelChoiceField(
        Person.objects.none(), label=_("Deltager i stedet for"), required=False
    )
    guest_items = forms.ModelMultipleChoiceField(
        AgendaItem.objects.none(),
        label=_("Deltager ved punkterne"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "substitute_for", Person.objects.filter(attendances__meeting=meeting))
        limit_choices(self, "guest_items", meeting.items.order_by("position"))


class ReviewCommentForm(DkfdsFormMixin, forms.Form):
    """A chair's comment on an item in the review round (the form is written out per item
    in `_item_review.html`)."""

    text = forms.CharField(label=_("Kommentar"), max_length=4000, widget=forms.Textarea)
