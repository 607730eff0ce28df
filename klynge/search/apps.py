from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "klynge.search"
    verbose_name = _("Søgning")

    def ready(self) -> None:
        from klynge.core import pagecache
        from klynge.search import signals  # noqa: F401 - keeps the index current

        # The index follows the rows it indexes, in their request: only the pages that show
        # the index itself are rendered anew for its writes.
        pagecache.TABLE_SCOPES.update(
            dict.fromkeys(
                ("search_searchentry", "search_searchword", "search_fts", "search_word_trigram"),
                "search",
            )
        )
