from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "emergency"
    verbose_name = "应急管理"

    def ready(self) -> None:
        # the named permissions and lifecycles; the home-page cards and menu
        from . import home, permissions  # noqa: F401
