"""Filters for the nærsundhedsplan's pages."""

import datetime
from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from klynge.core.text import sanitize_rich_text
from klynge.organisations.models import Cluster

register = template.Library()


@register.filter
def plan_text(value: str | None) -> SafeString:
    """A section's rich text, sanitised again on the way out: a frozen version's JSON is
    shown as it was stored, and that must not be trusted as HTML."""
    return mark_safe(sanitize_rich_text(value or ""))  # sanitised just above


@register.filter
def iso_date(value: str | None) -> datetime.date | None:
    """A date as a version's JSON keeps it (`2027-12-31`), for `|date`."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PlansCrumb:
    """A council's list of plans, as `{% breadcrumbs %}` takes a target: an object with
    `get_absolute_url`."""

    cluster_id: int

    def get_absolute_url(self) -> str:
        return reverse("health_plan_list", args=[self.cluster_id])


@register.filter
def plans_crumb(cluster: Cluster) -> PlansCrumb:
    """`{% breadcrumbs … cluster|plans_crumb _("Nærsundhedsplaner") %}`"""
    return PlansCrumb(cluster.pk)
