from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarryoversConfig(AppConfig):
    name = "klynge.carryovers"
    verbose_name = _("Videreførelser")
