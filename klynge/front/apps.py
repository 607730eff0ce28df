from django.apps import AppConfig


class FrontConfig(AppConfig):
    """The top of the site: the home page, the audit log page, what every page shows."""

    name = "klynge.front"
    verbose_name = "Klynge"
