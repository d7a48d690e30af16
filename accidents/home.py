"""Home cards: this year's accidents (everyone with accidents in scope) and the office's 整改评估 to-do."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from .selectors import evaluations_due, year_summary


@register
def accident_cards(request) -> list[dict]:
    user = request.user
    if not can(user, "accidents.view_ledger"):
        return []
    year = timezone.localdate().year
    summary = year_summary(user=user, year=year)
    cards = [{
        "title": f"{year}年生产安全事故",
        "value": f"{summary['accidents']}起 / {summary['deaths']}人",
        "url": f"{reverse('accidents:list')}?year={year}",
        "tone": "danger" if summary["larger"] else ("warning" if summary["deaths"] else "success"),
    }]
    if can(user, "accidents.evaluate"):
        due = evaluations_due(user=user, within_days=settings.ACCIDENT_EVALUATION_REMIND_DAYS).count()
        cards.append({
            "title": "事故整改评估待办",
            "value": due,
            "url": f"{reverse('accidents:list')}?status=closed",
            "tone": "warning" if due else "secondary",
        })
    return cards


# The app's entries in the top bar (accounts.navigation).
register_menu("事故", order=50, entries=[
    ("事故统计", "accidents:list", "accidents.view_ledger"),
    ("安全指标", "accidents:indicators", "accidents.view_indicators"),
])
