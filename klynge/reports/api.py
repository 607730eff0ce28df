from django.urls import reverse
from ninja import Router, Schema

from klynge.accounts.http import AuthedRequest
from klynge.core.schema import responses
from klynge.reports.models import Report

router = Router(tags=["reports"])


class PartOut(Schema):
    cluster: str
    status: str


class ReportOut(Schema):
    id: int
    title: str
    theme: str
    requester: str
    deadline: str
    parts: list[PartOut]
    pdf_url: str
    docx_url: str

    @staticmethod
    def resolve_requester(obj: Report) -> str:
        return obj.requester.name

    @staticmethod
    def resolve_deadline(obj: Report) -> str:
        return obj.deadline.isoformat()

    @staticmethod
    def resolve_parts(obj: Report) -> list[PartOut]:
        return [PartOut(cluster=p.cluster.name, status=p.status) for p in obj.parts.all()]

    @staticmethod
    def resolve_pdf_url(obj: Report) -> str:
        return reverse("report_document", args=[obj.pk, "pdf"])

    @staticmethod
    def resolve_docx_url(obj: Report) -> str:
        return reverse("report_document", args=[obj.pk, "docx"])


@router.get("/reports", response=responses(list[ReportOut]))
def list_compiled_reports(request: AuthedRequest) -> list[Report]:
    """Compiled reports (afrapporteringer) the user may read, with each cluster's status."""
    return list(
        Report.objects.visible_to(request.user)
        .select_related("requester")
        .prefetch_related("parts__cluster")
    )
