from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = "企业档案（一企一档）"

    def ready(self) -> None:
        # Registers the home card and the built-in tabs of the enterprise file.
        from . import home, permissions, views  # noqa: F401
