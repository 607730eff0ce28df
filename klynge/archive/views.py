import datetime
import zipfile
import zlib
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klynge.accounts.http import AuthedRequest
from klynge.accounts.models import User
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
    MarkItemsForm,
    MeetingReviewForm,
    MoveBodyForm,
    UploadForm,
)
from klynge.archive.models import SourceDocument
from klynge.archive.reading import ReadError
from klynge.archive.reading.extract import page_image
from klynge.archive.reads import record_source_read
from klynge.archive.tasks import read_source_document
from klynge.core.exceptions import ServiceError
from klynge.core.files import TooManyMembers, open_zip
from klynge.organisations.access import roles_for

MAX_ZIP_MEMBERS = 500
#: Members of a .zip are read this much at a time, so no bound is passed by more than this.
CHUNK_BYTES = 1024 * 1024


def _clusters(user: object) -> frozenset[int] | None:
    roles = roles_for(user)
    return None if roles.is_admin else roles.secretariat_clusters


def _stored_today(user: User) -> int:
    """Bytes `user` stored in the archive in the last 24 hours."""
    since = timezone.now() - datetime.timedelta(days=1)
    stored = SourceDocument.objects.filter(uploaded_by=user, created_at__gte=since)
    return stored.aggregate(total=Sum("size"))["total"] or 0


class _LeftOut(Exception):
    """One member of a .zip (or one upload) that is not imported; the message says why."""


def _check_name(name: str, shown: str) -> None:
    """A name the file can be stored under (`!!!` cannot)."""
    try:
        get_valid_filename(name)
    except SuspiciousFileOperation as error:
        raise _LeftOut(
            _("%(name)s har ikke et filnavn, der kan gemmes; giv filen et navn med bogstaver.")
            % {"name": shown}
        ) from error


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int) -> bytes:
    """A member, read a chunk at a time and stopped past `limit` bytes, whatever it claims."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise _LeftOut(_("%(name)s er krypteret (beskyttet med adgangskode).") % {"name": name})
    chunks, size = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK_BYTES):
                size += len(chunk)
                if size > limit:
                    raise _LeftOut(_("%(name)s pakker ud til mere end tilladt.") % {"name": name})
                chunks.append(chunk)
    except NotImplementedError as error:
        raise _LeftOut(
            _(
                "%(name)s er pakket på en måde, der ikke kan læses; pak filen igen som "
                "almindelig zip."
            )
            % {"name": name}
        ) from error
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error) as error:
        raise _LeftOut(_("%(name)s er beskadiget i zip-filen.") % {"name": name}) from error
    return b"".join(chunks)


def _unpack(upload: Any, *, budget: int) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files of one upload, itself or the members of a .zip, that fit in `budget` bytes
    unpacked (and ARCHIVE_MAX_FILE_MB each); and a Danish message for each one left out.

    Raises ValidationError when the upload as a whole cannot be read."""
    limit = settings.ARCHIVE_MAX_FILE_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s er for stor; der kan højst indlæses %(mb)s MB pr. fil.")
            % {"name": upload.name, "mb": settings.ARCHIVE_MAX_FILE_MB}
        )
    if upload.size > budget:
        return [], [_over_budget(upload.name)]
    if not upload.name.lower().endswith(".zip"):
        try:
            _check_name(upload.name, upload.name)
        except _LeftOut as error:
            return [], [str(error)]
        return [(upload.name, upload.read())], []
    data = upload.read()
    too_many = ValidationError(
        _("%(name)s indeholder mere end %(max)s filer.")
        % {"name": upload.name, "max": MAX_ZIP_MEMBERS}
    )
    try:
        archive = open_zip(data)
        members = [i for i in archive.infolist() if not i.is_dir()]
    except TooManyMembers as error:
        raise too_many from error
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("%(name)s er ikke en gyldig zip-fil.") % {"name": upload.name}
        ) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_many
    files: list[tuple[str, bytes]] = []
    left_out: list[str] = []
    for info in members:
        name = info.filename.rsplit("/", 1)[-1]
        if name.startswith((".", "__MACOSX")) or info.filename.startswith("__MACOSX/"):
            continue
        try:
            _check_name(name, info.filename)
            if info.file_size > limit:
                raise _LeftOut(
                    _("%(name)s er for stor; der kan højst indlæses %(mb)s MB pr. fil.")
                    % {"name": info.filename, "mb": settings.ARCHIVE_MAX_FILE_MB}
                )
            if info.file_size > budget:
                raise _LeftOut(_over_budget(info.filename))
            content = _read_member(archive, info, limit=min(limit, budget))
        except _LeftOut as error:
            left_out.append(str(error))
            continue
        budget -= len(content)
        files.append((name, content))
    return files, left_out


def _over_budget(name: str) -> str:
    return _(
        "%(name)s er ikke indlæst: en upload kan højst pakke ud til %(upload)s MB, og hver "
        "person kan højst indlæse %(day)s MB i døgnet."
    ) % {
        "name": name,
        "upload": settings.ARCHIVE_MAX_UPLOAD_MB,
        "day": settings.ARCHIVE_MAX_DAY_MB,
    }


def archive_list(request: AuthedRequest) -> HttpResponse:
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, clusters=_clusters(request.user))
    if request.method == "POST" and form.is_valid():
        budget = min(
            settings.ARCHIVE_MAX_UPLOAD_MB * 1024 * 1024,
            settings.ARCHIVE_MAX_DAY_MB * 1024 * 1024 - _stored_today(request.user),
        )
        files: list[tuple[str, bytes]] = []
        left_out: list[str] = []
        try:
            for upload in form.cleaned_data["uploads"]:
                unpacked, refused = _unpack(upload, budget=budget)
                budget -= sum(len(data) for _name, data in unpacked)
                files += unpacked
                left_out += refused
        except ValidationError as error:
            form.add_error("uploads", error)
        if not form.errors and not files:
            form.add_error("uploads", left_out or _("Der er ingen filer at indlæse."))
        if not form.errors:
            for message in left_out:
                messages.warning(request, message)
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
    return _document_page(
        request,
        source,
        meeting_form=meeting_form,
        formset=formset,
        mark_form=MarkItemsForm(source=source),
        status=422 if request.method == "POST" else 200,
    )


def _document_page(
    request: AuthedRequest,
    source: SourceDocument,
    *,
    meeting_form: MeetingReviewForm,
    formset: Any,
    mark_form: MarkItemsForm,
    status: int,
) -> HttpResponse:
    record_source_read(request.user, source, view="review")
    return render(
        request,
        "archive/document.html",
        {
            "source": source,
            "meeting_form": meeting_form,
            "formset": formset,
            "mark_form": mark_form,
            "undo_blocker": services.undo_blocker(source)
            if source.status == SourceDocument.Status.ACCEPTED
            else None,
        },
        status=status,
    )


@require_POST
def archive_mark(request: AuthedRequest, pk: int) -> HttpResponse:
    """Turn a document into a meeting from the lines a person marked as item starts."""
    source = get_source_for_user(request.user, pk)
    if not source.is_markable:
        raise PermissionDenied
    form = MarkItemsForm(request.POST, source=source)
    if form.is_valid():
        try:
            services.mark_items(actor=request.user, source=source, lines=form.cleaned_data["lines"])
        except ServiceError as error:
            form.add_error("lines", error.message)
        else:
            messages.success(
                request,
                _("Punkterne er læst ud fra dine markeringer; gennemse dem og godkend mødet."),
            )
            return redirect(source)
    clusters = _clusters(request.user)
    return _document_page(
        request,
        source,
        meeting_form=MeetingReviewForm(
            initial=MeetingReviewForm.initial_from(source), clusters=clusters
        ),
        formset=ItemFormSet(
            initial=[ItemReviewForm.initial_from(item) for item in source.parsed_items],
            prefix="punkt",
        ),
        mark_form=form,
        status=422,
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
    if source.status in (
        SourceDocument.Status.NEEDS_REVIEW,
        SourceDocument.Status.NO_ITEMS,
        SourceDocument.Status.FAILED,
    ):
        SourceDocument.objects.filter(pk=source.pk).update(status=SourceDocument.Status.WAITING)
        transaction.on_commit(lambda: read_source_document.enqueue(source.pk), robust=True)
        messages.success(request, _("Dokumentet læses igen."))
    return redirect(source)


def archive_original(request: AuthedRequest, pk: int) -> FileResponse:
    source = get_source_for_user(request.user, pk)
    record_source_read(request.user, source, view="original")
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.original_name)


def meeting_source(request: AuthedRequest, pk: int) -> FileResponse:
    """The original file an archived meeting was imported from."""
    source = get_meeting_source_for_user(request.user, pk)
    record_source_read(request.user, source, view="original")
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
    record_source_read(request.user, source, view="page", page=page)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
