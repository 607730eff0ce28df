from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "klynge.votes"
    verbose_name = _("Afstemninger")
