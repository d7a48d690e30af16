from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "hazards.reporting"
    label = "reporting"
    verbose_name = "群众举报"

    def ready(self) -> None:
        # The home-page cards; a public report follows its hazard (hazards.signals.hazard_transitioned).
        from . import home, signals  # noqa: F401
