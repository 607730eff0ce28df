"""Who runs this Klynge, as the pages' footer and every mail name them."""

from django.conf import settings


def operator() -> dict[str, str]:
    return {"site_operator": settings.SITE_OPERATOR, "site_contact_email": settings.CONTACT_EMAIL}
