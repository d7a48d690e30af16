from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self) -> None:
        from . import home, permissions  # noqa: F401  (the home-page cards; the named permissions and lifecycles)
