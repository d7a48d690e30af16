from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "年度考核"

    def ready(self) -> None:
        from . import home, indicators, permissions  # noqa: F401  (registers computed indicators, home cards, permissions)
