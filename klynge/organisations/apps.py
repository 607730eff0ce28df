from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "klynge.organisations"
    verbose_name = _("Klynger og organer")
