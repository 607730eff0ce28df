from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthPlansConfig(AppConfig):
    name = "klynge.healthplans"
    verbose_name = _("Nærsundhedsplaner")
