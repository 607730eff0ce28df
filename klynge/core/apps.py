from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klynge.core"
    verbose_name = "Klynge"

    def ready(self) -> None:
        from klynge.core import (
            converters,  # noqa: F401  (registers the `id` path converter)
            tasks,  # noqa: F401  (retries failed tasks)
        )
