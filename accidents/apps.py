from django.apps import AppConfig


class AccidentsConfig(AppConfig):
    name = "accidents"
    verbose_name = "事故统计与指标"

    def ready(self) -> None:
        from . import home, permissions  # noqa: F401  (registers the home cards and named permissions)
