from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "网格巡查与执法检查"

    def ready(self):
        # the named permissions and lifecycles; the home-page cards and menu
        from . import home, permissions  # noqa: F401
