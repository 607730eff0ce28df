from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "klynge.reports"
    verbose_name = _("Afrapporteringer")

    def ready(self) -> None:
        from klynge.core import pagecache

        # The compiled documents are kept rows no page shows: building one (by a reader's
        # request or the worker) renders no cached page anew.
        pagecache.TABLE_SCOPES["reports_compileddocument"] = "compiled-reports"
