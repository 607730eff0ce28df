from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "klynge.core"
    verbose_name = "Klynge"

    def ready(self) -> None:
        from klynge.core import (
            converters,  # noqa: F401  (registers the `id` path converter)
            pagecache,
            tasks,  # noqa: F401  (retries failed tasks)
        )

        # Every connection reports its writes: cached logged-in pages are then rendered anew.
        connection_created.connect(pagecache.watch_writes, dispatch_uid="klynge-watch-writes")
        # ... and the saves, deletes and many-to-many changes say which rows they were.
        pagecache.connect_signals()
