"""Home-page cards of 群众举报: what waits for the user, and this month's closure rate (target 100 %)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.home import register
from accounts.navigation import ALL_STAFF, register_menu

from . import selectors, services
from .choices import ReportStatus
from .models import PublicReport


@register
def report_cards(request) -> list[dict]:
    user = request.user
    if user.role not in services.HANDLER_ROLES and not user.is_superuser:
        return []
    reports = PublicReport.objects.for_user(user)
    url = reverse("reporting:list")
    cards = []
    if services.is_office(user):
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
    ("群众举报", "reporting:list", ALL_STAFF),
    ("举报奖励", "reporting:reward_list", (Role.OFFICE, Role.ADMIN)),
])
