"""Reading uploaded legacy minutes in the background: OCR of a scan can take minutes."""

from django_tasks import task

from klynge.archive.models import SourceDocument
from klynge.archive.services import read_source


@task(queue_name="imports")
def read_source_document(source_id: int) -> str:
    source = SourceDocument.objects.filter(pk=source_id).first()
    if source is None or source.status != SourceDocument.Status.WAITING:
        return source.status if source else "missing"
    return read_source(source=source).status
