from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "enterprises.credit"
    label = "credit"
    verbose_name = "严重违法失信名单"

    def ready(self) -> None:
        # Home cards; the 失信记录 tab of the enterprise file; the 失信 mark on the enterprise list;
        # the receivers of inspections' signals (双随机 pool weights, 行政处罚决定 → new violation).
        from . import home, marks, permissions, signals, views  # noqa: F401
