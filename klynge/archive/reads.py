"""An original legacy document shown, whatever the door (its review page, a page image, the
download, an archived meeting's original, the API): it holds everything the meeting had,
closed items and afbud notes included, so each showing is a read the audit log keeps."""

from typing import Any

from klynge.archive.models import SourceDocument
from klynge.audit.services import record_read


def record_source_read(user: Any, source: SourceDocument, *, view: str, **details: Any) -> None:
    """`view`: which door ("review", "page", "original")."""
    record_read(actor=user, action="archive.read", obj=source, details={"view": view, **details})
