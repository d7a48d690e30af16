from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "emergency"
    verbose_name = "应急管理"

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers the home-page cards)
