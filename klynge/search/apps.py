from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "klynge.search"
    verbose_name = _("Søgning")

    def ready(self) -> None:
        from klynge.search import signals  # noqa: F401 - keeps the index current
