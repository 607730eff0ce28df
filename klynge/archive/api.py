"""An archived meeting's original document: what it is, and the file itself."""

import datetime

from django.http import FileResponse
from django.urls import reverse
from ninja import Router, Schema

from klynge.accounts.http import AuthedRequest
from klynge.archive.access import get_meeting_source_for_user
from klynge.archive.reads import record_source_read
from klynge.core.schema import Id, responses

router = Router(tags=["archive"])


class SourceDocumentOut(Schema):
    id: int
    meeting_id: int
    original_name: str
    sha256: str
    size: int
    format: str
    pages: int
    ocr_pages: int
    parser_version: str
    warnings: list[str]
    repairs: list[list[str]]
    accepted_at: datetime.datetime | None
    download_url: str


@router.get("/meetings/{meeting_id}/source-document", response=responses(SourceDocumentOut))
def get_source_document(request: AuthedRequest, meeting_id: Id) -> SourceDocumentOut:
    """The document an archived meeting was imported from (404 for a meeting made in Klynge)."""
    source = get_meeting_source_for_user(request.user, meeting_id)
    return SourceDocumentOut(
        id=source.pk,
        meeting_id=meeting_id,
        original_name=source.original_name,
        sha256=source.sha256,
        size=source.size,
        format=source.format,
        pages=source.pages,
        ocr_pages=source.ocr_pages,
        parser_version=source.parser_version,
        warnings=source.warnings,
        repairs=source.repairs,
        accepted_at=source.accepted_at,
        download_url=reverse("api-v1:get_source_document_file", args=[meeting_id]),
    )


@router.get(
    "/meetings/{meeting_id}/source-document/file",
    response=responses(None),
    openapi_extra={
        "responses": {
            200: {
                "description": "The original file, as it was imported.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_source_document_file(request: AuthedRequest, meeting_id: Id) -> FileResponse:
    source = get_meeting_source_for_user(request.user, meeting_id)
    record_source_read(request.user, source, view="original")
    return FileResponse(source.file.open("rb"), as_attachment=True, filename=source.original_name)
