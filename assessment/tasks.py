"""Nightly recompute of the computed indicators of every scheme still in its assessment period."""

from __future__ import annotations

from celery import shared_task

from .choices import OPEN_STATUSES
from .models import Scheme
from .services import scheme_recompute


@shared_task
def recompute_open_schemes() -> dict[int, int]:
    """Idempotent: recomputing twice from the same data changes nothing the second time."""
    return {
        pk: scheme_recompute(scheme=Scheme.objects.get(pk=pk), by=None)
        for pk in Scheme.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True)
    }
