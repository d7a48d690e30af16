from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "组织与用户"

    def ready(self) -> None:
        from . import account_permissions, signals  # noqa: F401
        from .navigation import register_menu

        register_menu("人员", order=90, entries=[
            ("人员管理", "people", "accounts.manage_people"),
            ("批量开通", "onboarding", "accounts.onboard"),
            ("消息发送记录", "outbox", "accounts.view_outbox"),
        ])
