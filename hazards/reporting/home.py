"""Home-page cards of 群众举报: what waits for the user, and this month's closure rate (target 100 %)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from . import selectors
from .choices import ReportStatus
from .models import PublicReport


@register
def report_cards(request) -> list[dict]:
    user = request.user
    if not can(user, "reporting.handle"):
        return []
    reports = PublicReport.objects.for_user(user)
    url = reverse("reporting:list")
    cards = []
    if can(user, "reporting.assign"):
        cards.append({"title": "待分派群众举报", "value": reports.filter(status=ReportStatus.RECEIVED).count(),
                      "url": f"{url}?status={ReportStatus.RECEIVED}", "tone": "primary"})
    cards.append({"title": "待核查群众举报", "value": reports.filter(status=ReportStatus.ASSIGNED).count(),
                  "url": f"{url}?status={ReportStatus.ASSIGNED}", "tone": "info"})
    cards.append({"title": "核查逾期举报", "value": reports.overdue().count(), "url": f"{url}?overdue=true",
                  "tone": "danger"})
    today = timezone.localdate()
    month = selectors.closure_rate(reports, year=today.year, month=today.month)
    cards.append({"title": f"本月举报办结率（目标 {selectors.CLOSURE_TARGET}%）",
                  "value": "—" if month.rate is None else f"{month.rate:g}%",
                  "url": reverse("reporting:statistics"), "tone": "success" if month.on_target else "warning"})
    return cards


# The app's entries in the top bar (accounts.navigation).
register_menu("隐患治理", order=30, entries=[
    ("群众举报", "reporting:list", "reporting.handle"),
    ("举报奖励", "reporting:reward_list", "reporting.view_rewards"),
])
