"""Template tags shared by every app."""

from typing import Any

from django import template
from django.urls import reverse

from klynge.core.text import format_kroner

register = template.Library()


@register.inclusion_tag("core/_breadcrumbs.html")
def breadcrumbs(*pairs: Any) -> dict[str, Any]:
    """The trail above a page's heading, given as pairs of target and label: a target is a
    URL name or an object with `get_absolute_url`.

        {% breadcrumbs "cluster_list" _("Klynger") body.cluster body.cluster.name %}
    """
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of target and label")
    crumbs = [
        (reverse(target) if isinstance(target, str) else target.get_absolute_url(), label)
        for target, label in zip(pairs[::2], pairs[1::2], strict=True)
    ]
    return {"crumbs": crumbs}


@register.filter
def kroner(amount: int | None) -> str:
    """`{{ amount|kroner }}` → `1.250.000 kr.`"""
    return format_kroner(amount)
