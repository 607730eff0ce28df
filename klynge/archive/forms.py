import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from klynge.archive.models import UNPLACED_CLUSTER, SourceDocument
from klynge.archive.reading.marked import lines_of as marked_lines
from klynge.core.forms import DateInput, DkfdsFormMixin, DkfdsFormSet, TimeInput, limit_choices
from klynge.core.text import lines_of
from klynge.organisations.models import Body, Cluster

UPLOAD_SUFFIXES = (
    ".pdf",
    ".docx",
    ".htm",
    ".html",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".zip",
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned: list[Any] = []
        errors: list[str] = []
        for upload in files:
            if not upload:
                continue
            try:
                cleaned.append(single(upload, initial))
            except ValidationError as error:
                # Among twenty files, the message must say which one.
                name = getattr(upload, "name", "")
                errors.extend(
                    f"{name}: {message}" if name else message for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        if not cleaned:
            raise ValidationError(_("Vælg mindst én fil."))
        return cleaned


class UploadForm(DkfdsFormMixin, forms.Form):
    uploads = MultipleFileField(
        label=_("Filer"),
        help_text=_(
            "PDF, Word (.docx), websider (.html), tekst, scannede billeder eller en .zip med dem."
        ),
    )
    cluster = forms.ModelChoiceField(
        label=_("Klynge"),
        queryset=Cluster.objects.all(),
        required=False,
        help_text=_("Organer, dokumenterne nævner, som ikke findes, oprettes i denne klynge."),
    )
    body = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.select_related("cluster"),
        required=False,
        help_text=_("Vælg organet, hvis alle filerne er fra samme organ."),
    )

    def __init__(self, *args: Any, clusters: frozenset[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if clusters is not None:
            limit_choices(self, "cluster", Cluster.objects.filter(pk__in=clusters))
            limit_choices(self, "body", Body.objects.filter(cluster_id__in=clusters))
            self.fields["cluster"].required = True


class MoveBodyForm(DkfdsFormMixin, forms.Form):
    cluster = forms.ModelChoiceField(label=_("Flyt til klynge"), queryset=Cluster.objects.all())

    def __init__(self, *args: Any, clusters: frozenset[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Cluster.objects.exclude(name=UNPLACED_CLUSTER).order_by("name")
        if clusters is not None:
            queryset = queryset.filter(pk__in=clusters)
        limit_choices(self, "cluster", queryset)


class MeetingReviewForm(DkfdsFormMixin, forms.Form):
    body = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.select_related("cluster"),
        required=False,
        help_text=_(
            "Tomt: organet findes ud fra navnet i dokumentet eller oprettes som arkiveret."
        ),
    )
    body_name = forms.CharField(
        label=_("Organets navn i dokumentet"), required=False, max_length=200
    )
    date = forms.DateField(label=_("Dato"), required=False, widget=DateInput())
    start_time = forms.TimeField(label=_("Starttid"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttid"), required=False, widget=TimeInput())
    location = forms.CharField(label=_("Sted"), required=False, max_length=300)
    kind = forms.ChoiceField(
        label=_("Dokumenttype"),
        choices=[("minutes", _("Referat")), ("agenda", _("Dagsorden"))],
    )
    participants = forms.CharField(
        label=_("Deltagere"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Én pr. linje: navn, titel, organisation."),
    )
    apologies = forms.CharField(
        label=_("Afbud"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ét navn pr. linje."),
    )
    substitutes = forms.CharField(
        label=_("Stedfortrædere"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Én pr. linje: »Navn for Navn«."),
    )

    def __init__(self, *args: Any, clusters: frozenset[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if clusters is not None:
            limit_choices(self, "body", Body.objects.filter(cluster_id__in=clusters))

    @classmethod
    def initial_from(cls, source: SourceDocument) -> dict[str, Any]:
        parsed = source.parsed or {}
        meta = parsed.get("meeting") or {}
        substitutes = parsed.get("substitutes") or []
        return {
            "body": source.body_id,
            "body_name": meta.get("body") or "",
            "date": meta.get("date"),
            "start_time": meta.get("start_time"),
            "end_time": meta.get("end_time"),
            "location": meta.get("location") or "",
            "kind": meta.get("kind") or "minutes",
            "participants": "\n".join(
                ", ".join(x for x in (p.get("name"), p.get("title"), p.get("organisation")) if x)
                for p in parsed.get("participants") or []
            ),
            "apologies": "\n".join(a["name"] for a in parsed.get("apologies") or []),
            "substitutes": "\n".join(f"{s['name']} for {s['for']}" for s in substitutes),
        }

    def clean_substitutes(self) -> list[dict[str, str]]:
        result = []
        for line in lines_of(self.cleaned_data["substitutes"]):
            name, sep, whom = line.partition(" for ")
            if not sep or not name.strip() or not whom.strip():
                raise ValidationError(_("Skriv hver stedfortræder som »Navn for Navn«."))
            result.append({"name": name.strip(), "for": whom.strip()})
        return result

    def meeting_values(self) -> dict[str, Any]:
        data = self.cleaned_data

        def iso(value: datetime.date | datetime.time | None) -> str | None:
            if value is None:
                return None
            return (
                value.strftime("%H:%M") if isinstance(value, datetime.time) else value.isoformat()
            )

        participants = []
        for line in lines_of(data["participants"]):
            name, *rest = [part.strip() for part in line.split(",")]
            participants.append(
                {
                    "name": name,
                    "title": ", ".join(rest[:-1]) if len(rest) > 1 else (rest[0] if rest else None),
                    "organisation": rest[-1] if len(rest) > 1 else None,
                }
            )
        return {
            "meeting": {
                "body": data["body_name"] or None,
                "date": iso(data["date"]),
                "start_time": iso(data["start_time"]),
                "end_time": iso(data["end_time"]),
                "location": data["location"] or None,
                "kind": data["kind"],
            },
            "participants": participants,
            "apologies": [{"name": n} for n in lines_of(data["apologies"])],
            "substitutes": data["substitutes"],
        }


class ItemReviewForm(DkfdsFormMixin, forms.Form):
    number = forms.CharField(label=_("Nummer"), required=False, max_length=10)
    title = forms.CharField(label=_("Titel"), max_length=300)
    closed = forms.BooleanField(
        label=_("Lukket punkt"),
        required=False,
        help_text=_(
            "Vises kun for organets medlemmer og sekretariatet, aldrig offentligt. "
            "Sat, hvor dokumentet kalder punktet lukket eller fortroligt."
        ),
    )
    case_number = forms.CharField(label=_("Sagsnummer"), required=False, max_length=60)
    recommendation = forms.CharField(
        label=_("Indstilling"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Én at-sætning pr. linje."),
    )
    presentation = forms.CharField(
        label=_("Sagsfremstilling"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision = forms.CharField(
        label=_("Beslutning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = forms.CharField(
        label=_("Bilag"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ét bilag pr. linje."),
    )

    @staticmethod
    def initial_from(item: dict[str, Any]) -> dict[str, Any]:
        return {
            **{
                k: item.get(k) or ""
                for k in ("number", "title", "case_number", "presentation", "decision")
            },
            "recommendation": "\n".join(item.get("recommendation") or []),
            "attachments": "\n".join(item.get("attachments") or []),
            "closed": bool(item.get("closed")),
        }

    def item_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"] or None,
            "title": data["title"],
            "case_number": data["case_number"] or None,
            "recommendation": lines_of(data["recommendation"]),
            "presentation": data["presentation"] or None,
            "decision": data["decision"] or None,
            "attachments": lines_of(data["attachments"]),
            "closed": data["closed"],
        }


ItemFormSet = forms.formset_factory(
    ItemReviewForm, formset=DkfdsFormSet, extra=1, can_delete=True, can_order=True
)


#: Lines offered for marking; a longer text is marked in its first lines (a meeting's items
#: begin well before), the rest stays in the document for search.
MAX_MARK_LINES = 3000


class MarkItemsForm(DkfdsFormMixin, forms.Form):
    """The lines of a document's text where its items begin, marked by a person."""

    lines = forms.TypedMultipleChoiceField(
        label=_("Linjer, hvor et punkt begynder"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Markér mindst én linje som begyndelsen af et punkt."),
            "invalid_choice": _("Markér kun linjer fra dokumentets tekst."),
        },
    )

    def __init__(self, *args: Any, source: SourceDocument, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"lines": (source.parsed or {}).get("marked_lines") or []})
        super().__init__(*args, **kwargs)
        numbered = [(n, line.strip()) for n, line in enumerate(marked_lines(source.text))]
        offered = [(n, line) for n, line in numbered if line][:MAX_MARK_LINES]
        field = self.fields["lines"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = offered
        self.cut = len([1 for _n, line in numbered if line]) > len(offered)
