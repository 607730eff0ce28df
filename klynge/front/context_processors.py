from typing import Any

from django.conf import settings
from django.http import HttpRequest

from klynge.core import site
from klynge.organisations.access import roles_for


def klynge(request: HttpRequest) -> dict[str, Any]:
    return {
        "roles": roles_for(request.user),
        "demo_mode": settings.DEMO_MODE,
        **site.operator(),
    }
