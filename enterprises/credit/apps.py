from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "enterprises.credit"
    label = "credit"
    verbose_name = "严重违法失信名单"

    def ready(self) -> None:
        from inspections.draws import POOL_WEIGHT_PROVIDERS

        from . import home, views  # noqa: F401  (home cards; the 失信记录 tab of the enterprise file)
        from .selectors import pool_weights

        # 双随机: enterprises on the list are drawn more often (CREDIT_POOL_WEIGHT).
        if pool_weights not in POOL_WEIGHT_PROVIDERS:
            POOL_WEIGHT_PROVIDERS.append(pool_weights)
