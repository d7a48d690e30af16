from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "enterprises.responsibility"
    label = "responsibility"
    verbose_name = "安全生产责任制"

    def ready(self) -> None:
        from enterprises.selectors import register_history_model

        from . import views  # noqa: F401  (the 安全生产责任制 tab of the enterprise file)
        from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff

        for model in (ResponsibilityItem, SafetyStaff, SafetyInvestment):  # their saves on the 变更历史 tab
            register_history_model(model)
