"""The compiled afrapportering, kept per version of what it shows (`documents.version`):
asked for by the pages (served at once when its version is built, else queued for the worker,
which builds it in the background: 20 clusters take seconds) and built by the worker."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from klynge.reports import documents, tasks
from klynge.reports.models import CompiledDocument, Report


def _current_version(report: Report) -> str:
    # In Danish whatever the reader's language: one document, one version, for everyone.
    with translation.override(settings.LANGUAGE_CODE):
        return documents.version(documents.build(report))


def compiled_document(*, report: Report, fmt: str) -> CompiledDocument:
    """The compiled PDF or Word document of the report as it stands: built (and served again
    while what it shows stays the same), being built, or failed. A version nobody asked for
    before is queued for the worker in the same transaction (with the immediate task backend
    it is built at once)."""
    version = _current_version(report)
    with transaction.atomic():
        compiled, created = CompiledDocument.objects.get_or_create(
            report=report, format=fmt, version=version
        )
        if created:
            tasks.build_compiled_document.enqueue(compiled.pk)
    if created:
        compiled.refresh_from_db()
    return compiled


def retry_compiled_document(*, report: Report, fmt: str) -> CompiledDocument:
    """Ask the worker again for a document whose build failed or waits far too long."""
    compiled = compiled_document(report=report, fmt=fmt)
    if compiled.status == CompiledDocument.Status.FAILED or compiled.stalled:
        with transaction.atomic():
            CompiledDocument.objects.filter(pk=compiled.pk).update(
                status=CompiledDocument.Status.BUILDING, requested_at=timezone.now()
            )
            tasks.build_compiled_document.enqueue(compiled.pk)
        compiled.refresh_from_db()
    return compiled


def build_compiled_document(*, compiled_id: int) -> CompiledDocument | None:
    """The worker's part: build the report's document as it stands now and keep it under
    the version it shows. If the report changed while the build waited, what is built is
    the newer version's document and is kept as that. A failed build is marked failed (the
    page says so) and raised, so the task queue tries it again and lists it."""
    rows = CompiledDocument.objects.select_related("report__requester", "report__cluster")
    compiled = rows.defer("content").filter(pk=compiled_id).first()
    if compiled is None or compiled.status == CompiledDocument.Status.READY:
        return compiled
    try:
        with translation.override(settings.LANGUAGE_CODE):
            doc = documents.build(compiled.report)
            version = documents.version(doc)
            render = documents.render_pdf if compiled.format == "pdf" else documents.render_docx
            content = render(doc)
    except Exception:
        CompiledDocument.objects.filter(pk=compiled.pk).update(
            status=CompiledDocument.Status.FAILED, finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        built = compiled
        if version != compiled.version:
            built, _created = CompiledDocument.objects.get_or_create(
                report=compiled.report, format=compiled.format, version=version
            )
            compiled.delete()
        built.content = content
        built.filename = f"{doc.filename}.{compiled.format}"
        built.status = CompiledDocument.Status.READY
        built.finished_at = timezone.now()
        built.save()
        # An older version is never served again; a build still queued is left to its task.
        CompiledDocument.objects.filter(report=compiled.report, format=compiled.format).exclude(
            pk=built.pk
        ).exclude(status=CompiledDocument.Status.BUILDING).delete()
    return built


def compiled_pdf_now(*, report: Report) -> CompiledDocument:
    """The compiled PDF at once (as the agenda's bilag): the built one of this version, else
    built in this request."""
    compiled = compiled_document(report=report, fmt="pdf")
    if compiled.status == CompiledDocument.Status.READY:
        return compiled
    built = build_compiled_document(compiled_id=compiled.pk)
    if built is None:  # the worker finished it meanwhile, and a newer version came
        return compiled_pdf_now(report=report)
    built.refresh_from_db()
    return built
