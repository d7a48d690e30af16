from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "hazards.reporting"
    label = "reporting"
    verbose_name = "群众举报"

    def ready(self) -> None:
        from hazards.services import TRANSITION_HOOKS

        from . import home  # noqa: F401  (registers the home-page cards)
        from .services import report_follow_hazard

        # A public report closes when its hazard is closed (and reopens if the hazard is reopened).
        if report_follow_hazard not in TRANSITION_HOOKS:
            TRANSITION_HOOKS.append(report_follow_hazard)
