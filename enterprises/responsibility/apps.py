from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "enterprises.responsibility"
    label = "responsibility"
    verbose_name = "安全生产责任制"

    def ready(self) -> None:
        from . import views  # noqa: F401  (the 安全生产责任制 tab of the enterprise file)
