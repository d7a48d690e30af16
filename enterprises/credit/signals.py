"""Receivers of the credit list, connected when CreditConfig.ready() imports this module: the list
follows inspections through its signals, so inspections never imports the credit app."""

from django.dispatch import receiver

from inspections.models import Penalty, RandomDraw
from inspections.signals import draw_pool_weights, penalty_decided

from . import selectors, services


@receiver(draw_pool_weights, sender=RandomDraw, dispatch_uid="credit.pool_weights")
def weigh_listed_enterprises(sender, *, enterprise_ids: list[int], **kwargs) -> dict[int, int]:
    """双随机: enterprises on the list are drawn CREDIT_POOL_WEIGHT times as often."""
    return selectors.pool_weights(enterprise_ids)


@receiver(penalty_decided, sender=Penalty, dispatch_uid="credit.violation_from_penalty")
def record_penalty(sender, *, penalty: Penalty, description: str, **kwargs) -> None:
    """A 行政处罚决定 against a listed enterprise is a new violation on its credit file."""
    services.violation_from_penalty(
        enterprise=penalty.enterprise, decided_on=penalty.decided_on, description=description,
        document_number=penalty.document.number, decided_by=penalty.decided_by)
