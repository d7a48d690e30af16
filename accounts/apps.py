from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "组织与用户"

    def ready(self) -> None:
        from safety_platform.exports import set_offloader

        from . import account_permissions, signals  # noqa: F401
        from .export_jobs import offload
        from .navigation import register_menu

        set_offloader(offload)  # list exports over EXPORT_ASYNC_ROWS rows become export jobs

        register_menu("人员", order=90, entries=[
            ("人员管理", "people", "accounts.manage_people"),
            ("批量开通", "onboarding", "accounts.onboard"),
            ("消息发送记录", "outbox", "accounts.view_outbox"),
        ])
