"""Home-page cards of the emergency app (registered in apps.ready)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from . import selectors
from .models import EmergencyPlan


@register
def emergency_cards(request) -> list[dict]:
    user = request.user
    if not can(user, "emergency.view_overview"):
        return []
    today = timezone.localdate()
    cards = []
    behind = selectors.drills_behind(on=today, user=user)
    cards.append({
        "title": "演练频次未达标", "value": len(behind),
        "url": reverse("emergency:compliance") + "?behind=1", "tone": "danger" if behind else "success",
    })
    warnings = selectors.supply_warning_items(user, today=today).count()
    if warnings or can(user, "emergency.always_see_supply_warnings"):
        cards.append({
            "title": "应急物资预警（低库存/30天内到期）", "value": warnings,
            "url": reverse("emergency:supply_list") + "?warning=any", "tone": "warning" if warnings else "success",
        })
    due = selectors.plans_overdue(EmergencyPlan.objects.for_user(user), today=today).count()
    cards.append({
        "title": "应急预案逾期未评审", "value": due,
        "url": reverse("emergency:plan_list") + "?review_state=overdue", "tone": "danger" if due else "success",
    })
    if can(user, "emergency.view_risk_reports"):
        month = selectors.report_month_for(today)
        missing = selectors.missing_risk_reports(month=month, user=user)
        cards.append({
            "title": f"{month:%Y年%m月}风险月报未报送", "value": len(missing),
            "url": reverse("emergency:riskreport_missing"), "tone": "danger" if missing else "success",
        })
    return cards


# The app's entries in the top bar (accounts.navigation).
register_menu("应急", order=60, entries=[
    ("应急管理", "emergency:index", "emergency.view_overview"),
    ("值班接报", "emergency:duty_list", "emergency.view_duty"),
])
