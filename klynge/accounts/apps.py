from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    verbose_name = _("Brugere")

    def ready(self) -> None:
        from klynge.accounts import signals  # noqa: F401 - connects the receivers
