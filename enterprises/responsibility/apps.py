from django.apps import AppConfig


class ResponsibilityConfig(AppConfig):
    name = "enterprises.responsibility"
    label = "responsibility"
    verbose_name = "安全生产责任制"

    def ready(self) -> None:
        from enterprises.selectors import register_history_model

        from . import permissions, views  # noqa: F401  (named permissions; the 安全生产责任制 tab of the enterprise file)
        from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff

        for model in (ResponsibilityItem, SafetyStaff, SafetyInvestment):  # their saves on the 变更历史 tab
            register_history_model(model)
