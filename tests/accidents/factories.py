"""Helpers that create accidents through the service (so grade, year and reports are real)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accidents.choices import AccidentCategory, AccidentType
from accidents.services import accident_report


def report_accident(world, *, by="office", days_ago: float = 2, category=AccidentCategory.INDUSTRIAL,
                    enterprise="ent_a", deaths=1, serious=0, loss="10", region=None, report_after_minutes=30,
                    occurred_at: dt.datetime | None = None, **extra):
    occurred = occurred_at or timezone.now() - dt.timedelta(days=days_ago)
    ent = getattr(world, enterprise) if enterprise else None
    kwargs = {}
    if world.users[by].role != "enterprise":
        kwargs["reported_at"] = occurred + dt.timedelta(minutes=report_after_minutes)
    return accident_report(
        by=world.users[by], title=extra.pop("title", "测试事故"), occurred_at=occurred, enterprise=ent,
        region=region if region is not None else (None if ent else world.cell_a), category=category,
        accident_type=extra.pop("accident_type", AccidentType.MACHINERY), deaths=deaths, serious_injuries=serious,
        direct_loss=Decimal(loss), **kwargs, **extra,
    )
