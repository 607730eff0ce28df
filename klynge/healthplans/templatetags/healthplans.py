"""Filters for the nærsundhedsplan's pages."""

import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from klynge.core.text import sanitize_rich_text

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
