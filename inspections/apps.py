from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "网格巡查与执法检查"

    def ready(self):
        from . import home  # noqa: F401  (registers the home-page cards)
