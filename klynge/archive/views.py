import io
import zipfile
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.archive import services
from klynge.archive.access import (
    can_import,
    get_meeting_source_for_user,
    get_source_for_user,
    get_unplaced_body_for_user,
    unplaced_bodies,
    visible_sources,
)
from klynge.archive.forms import (
    ItemFormSet,
    ItemReviewForm,
    MeetingReviewForm,
    MoveBodyForm,
    UploadForm,
)
from klynge.archive.models import SourceDocument
from klynge.archive.reading import ReadError
from klynge.archive.reading.extract import page_image
from klynge.archive.tasks import read_source_document
from klynge.core.exceptions import ServiceError
from klynge.organisations.access import roles_for

MAX_ZIP_MEMBERS = 500


def _clusters(user: object) -> frozenset[int] | None:
    roles = roles_for(user)
    return None if roles.is_admin else roles.secretariat_clusters


def _unpack(upload: Any) -> list[tuple[str, bytes]]:
    """The files of one upload: itself, or the members of a .zip (limited, never unbounded)."""
    limit = settings.ARCHIVE_MAX_FILE_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s er for stor; der kan højst indlæses %(mb)s MB pr. fil.")
            % {"name": upload.name, "mb": settings.ARCHIVE_MAX_FILE_MB}
        )
    data = upload.read()
    if not upload.name.lower().endswith(".zip"):
        return [(upload.name, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(
            _("%(name)s er ikke en gyldig zip-fil.") % {"name": upload.name}
        ) from error
    if len(members) > MAX_ZIP_MEMBERS or sum(i.file_size for i in members) > 4 * limit:
        raise ValidationError(
            _("%(name)s pakker ud til for mange eller for store filer.") % {"name": upload.name}
        )
    return [
        (info.filename.rsplit("/", 1)[-1], archive.read(info))
        for info in members
        if not info.filename.rsplit("/", 1)[-1].startswith((".", "__MACOSX"))
        and info.file_size <= limit
    ]


def archive_list(request: AuthedRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, clusters=_clusters(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            files = [f for upload in form.cleaned_data["uploads"] for f in _unpack(upload)]
        except ValidationError as error:
            form.add_error("uploads", error)
        else:
            created = 0
            for name, data in files:
                source, new = services.store_source(
                    actor=request.user,
                    data=data,
                    name=name,
                    cluster=form.cleaned_data["cluster"],
                    body=form.cleaned_data["body"],
                )
                if new:
                    created += 1
                    transaction.on_commit(
                        partial(read_source_document.enqueue, source.pk), robust=True
                    )
            messages.success(
                request,
                _("%(new)s filer er lagt i kø til indlæsning; %(old)s var indlæst i forvejen.")
                % {"new": created, "old": len(files) - created},
            )
            return redirect("archive_list")
    documents = visible_sources(request.user)
    status = request.GET.get("status", "")
    if status in SourceDocument.Status.values:
        documents = documents.filter(status=status)
    page = Paginator(documents, 50).get_page(request.GET.get("side"))
    counted = dict(
        visible_sources(request.user).order_by().values_list("status").annotate(n=Count("pk"))
    )
    counts = {s: counted.get(s, 0) for s in SourceDocument.Status}
    context = {
        "form": form,
        "page": page,
        "status": status,
        "statuses": [(s, s.label, counts[s]) for s in SourceDocument.Status],
        "waiting": counts[SourceDocument.Status.WAITING],
        "unplaced": [
            (body, MoveBodyForm(clusters=_clusters(request.user), prefix=f"organ-{body.pk}"))
            for body in unplaced_bodies(request.user)[:100]
        ],
    }
    if request.headers.get("HX-Request"):
        return render(request, "archive/_documents.html", context)
    return render(request, "archive/archive_list.html", context, status=422 if form.errors else 200)


def archive_document(request: AuthedRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    clusters = _clusters(request.user)
    items = source.parsed_items
    meeting_form = MeetingReviewForm(
        request.POST or None, initial=MeetingReviewForm.initial_from(source), clusters=clusters
    )
    formset = ItemFormSet(
        request.POST or None,
        initial=[ItemReviewForm.initial_from(item) for item in items],
        prefix="punkt",
    )
    if request.method == "POST":
        if not source.is_reviewable:
            raise PermissionDenied
        if meeting_form.is_valid() and formset.is_valid():
            corrected = {
                **source.parsed,
                **meeting_form.meeting_values(),
                "items": [form.item_values() for form in _kept_in_order(formset)],
            }
            services.correct_source(
                actor=request.user,
                source=source,
                parsed=corrected,
                body=meeting_form.cleaned_data["body"],
            )
            if "accept" in request.POST:
                try:
                    meeting = services.accept_source(actor=request.user, source=source)
                except ServiceError as error:
                    messages.error(request, error.message)
                    return redirect(source)
                messages.success(request, _("Mødet er oprettet ud fra dokumentet."))
                return redirect(meeting)
            messages.success(request, _("Rettelserne er gemt."))
            return redirect(source)
    return render(
        request,
        "archive/document.html",
        {
            "source": source,
            "meeting_form": meeting_form,
            "formset": formset,
            "undo_blocker": services.undo_blocker(source)
            if source.status == SourceDocument.Status.ACCEPTED
            else None,
        },
        status=422 if request.method == "POST" else 200,
    )


def _kept_in_order(formset: Any) -> list[ItemReviewForm]:
    """The item forms the secretariat kept, in the order it gave (blank extra forms dropped)."""
    kept = [
        form
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("title")
    ]
    return sorted(
        kept,
        key=lambda form: (
            form.cleaned_data.get("ORDER") is None,
            form.cleaned_data.get("ORDER") or 0,
            formset.forms.index(form),
        ),
    )


@require_POST
def archive_undo(request: AuthedRequest, pk: int) -> HttpResponse:
    source = get_source_for_user(request.user, pk)
    try:
        services.undo_import(actor=request.user, source=source)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Importen er fortrudt; mødet er slettet."))
    return redirect(source)


@require_POST
def archive_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    """Read a document again (after the parser or OCR was improved); only before it is accepted."""
    source = get_source_for_user(request.user, pk)
    if source.status in (SourceDocument.Status.NEEDS_REVIEW, SourceDocument.Status.FAILED):
        SourceDocument.objects.filter(pk=source.pk).update(status=SourceDocument.Status.WAITING)
        transaction.on_commit(lambda: read_source_document.enqueue(source.pk), robust=True)
        messages.success(request, _("Dokumentet læses igen."))
    return redirect(source)


def archive_original(request: AuthedRequest, pk: int) -> FileResponse:
    source = get_source_for_user(request.user, pk)
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.original_name)


def meeting_source(request: AuthedRequest, pk: int) -> FileResponse:
    """The original file an archived meeting was imported from."""
    source = get_meeting_source_for_user(request.user, pk)
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.original_name)


@require_POST
def archive_body_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Place an archived body from the holding area in one of the user's clusters."""
    body = get_unplaced_body_for_user(request.user, pk)
    form = MoveBodyForm(request.POST, clusters=_clusters(request.user), prefix=f"organ-{body.pk}")
    if not form.is_valid():
        messages.error(request, _("Vælg en af dine klynger."))
        return redirect("archive_list")
    try:
        services.move_body(actor=request.user, body=body, cluster=form.cleaned_data["cluster"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(body)s er flyttet til %(cluster)s.")
            % {"body": body.name, "cluster": form.cleaned_data["cluster"].name},
        )
    return redirect("archive_list")


def archive_page(request: AuthedRequest, pk: int, page: int) -> HttpResponse:
    """Page `page` (from 1) of a PDF or scanned original as an image, for the review page."""
    source = get_source_for_user(request.user, pk)
    with source.file.open("rb") as handle:
        data = handle.read()
    try:
        png = page_image(data, page - 1)
    except ReadError as error:
        raise Http404(str(error)) from error
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
