from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data from the seed documents and generated national-scale data."""

    name = "klynge.demo"
    verbose_name = "Klynge demo"
