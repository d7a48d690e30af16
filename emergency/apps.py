from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "emergency"
    verbose_name = "应急管理"

    def ready(self) -> None:
        # the named permissions and lifecycles; the home-page cards and menu
        from accidents.alerts import register_duty_source

        from . import home, permissions  # noqa: F401
        from .selectors import duty_contacts

        # the shift on duty is alerted of every accident recorded (accidents may not import emergency)
        register_duty_source(duty_contacts)
