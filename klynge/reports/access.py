"""Who may see and do what with afrapporteringer.

- the requesting cluster's secretariat creates a request, follows it and compiles it;
- each asked cluster's secretariat answers its own part;
- the members of those clusters read the request; a part's answers are read by its own
  cluster while it is being written, and by every reader of the request once submitted.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from klynge.organisations.access import can_manage_cluster, can_read_cluster
from klynge.reports.models import Report, ReportPart


def get_report_for_user(user: object, pk: int, *, write: bool = False) -> Report:
    report = get_object_or_404(
        Report.objects.visible_to(user).select_related("requester", "cluster"), pk=pk
    )
    if write and not can_manage_cluster(user, report.cluster_id):
        raise PermissionDenied
    return report


def get_part_for_user(user: object, pk: int, *, write: bool = False) -> ReportPart:
    part = get_object_or_404(ReportPart.objects.select_related("report", "cluster"), pk=pk)
    get_report_for_user(user, part.report_id)
    if not part_readable(user, part):
        raise Http404
    if write and not can_manage_cluster(user, part.cluster_id):
        raise PermissionDenied
    return part


def part_readable(user: object, part: ReportPart) -> bool:
    return part.status == ReportPart.Status.SUBMITTED or can_read_cluster(user, part.cluster_id)
