from django.apps import AppConfig


class CockpitConfig(AppConfig):
    """安委办驾驶舱, 风险地图 and 晾晒通报: read-only views over the other apps' data."""

    name = "cockpit"
    verbose_name = "驾驶舱与风险地图"

    def ready(self) -> None:
        from . import home, permissions  # noqa: F401  (registers the home-page card and named permissions)
