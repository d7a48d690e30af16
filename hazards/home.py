"""Home-page cards of the hazards app (open / overdue hazards, this week's filing)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can, is_enterprise
from enterprises.models import Enterprise

from . import selectors
from .choices import FilingStatus
from .models import Hazard, SelfCheck
from .permissions import is_spot_checker_role, is_staff_member
from .rules import week_label, week_start_of


@register
def hazard_cards(request) -> list[dict]:
    user = request.user
    if not can(user, "hazards.view_ledger"):
        return []
    hazards = Hazard.objects.for_user(user)
    ledger = reverse("hazards:ledger")
    week = week_start_of(timezone.localdate())
    cards = [
        {"title": "未销号隐患", "value": selectors.open_count(hazards), "url": f"{ledger}?open=true", "tone": "primary"},
        {"title": "逾期隐患", "value": selectors.overdue_count(hazards), "url": f"{ledger}?overdue=true", "tone": "danger"},
        {"title": "重大隐患（未销号）", "value": selectors.major_count(hazards), "url": f"{ledger}?grade=major&open=true",
         "tone": "warning"},
    ]
    # the work queues (待验收 / 待抽查): shown to whoever has such work
    for title, queue, key, does_it in (
        ("待我验收", selectors.verify_queue(user), "verify", is_staff_member.test(user)),
        ("待我抽查", selectors.spot_check_queue(user), "spot_check", is_spot_checker_role.test(user)),
    ):
        count = queue.count()
        if count or does_it:
            cards.append({"title": title, "value": count, "url": f"{ledger}?queue={key}",
                          "tone": "danger" if count else "secondary"})
    if is_enterprise(user):
        sc = SelfCheck.objects.filter(enterprise_id=user.enterprise_id, week_start=week).first()
        value = "未填报" if sc is None else ("零报告" if sc.is_zero else f"已报 {sc.hazards_found} 条隐患")
        if sc is not None and sc.is_proxy:
            value += "（网格员/街道代报）"
        cards.append({"title": f"本周自查（{week_label(week)}）", "value": value,
                      "url": reverse("hazards:selfcheck_week"), "tone": "danger" if sc is None else "success"})
    else:
        counts = selectors.filing_counts(Enterprise.objects.for_user(user), week)
        total = counts["total"]
        filed = total - counts[FilingStatus.MISSING]
        cards.append({"title": f"本周自查填报（{week_label(week)}）", "value": f"{filed}/{total}",
                      "url": reverse("hazards:filing_board"), "tone": "info"})
    return cards


# The app's entries in the top bar (accounts.navigation).
register_menu("隐患治理", order=30, entries=[
    ("隐患台账", "hazards:ledger", "hazards.view_ledger"),
    ("本周自查", "hazards:selfcheck_week", "hazards.file_selfcheck"),
    ("自查填报", "hazards:filing_board", "hazards.view_filing"),
    ("隐患统计", "hazards:statistics", "hazards.view_statistics"),
])
