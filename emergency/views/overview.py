"""应急管理 overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import can

from .. import selectors
from ..choices import PlanStatus
from ..models import (
    EmergencyPlan,
    RescueTeam,
    Shelter,
)


@login_required
def index(request):
    user = request.user
    today = timezone.localdate()
    behind = selectors.drills_behind(on=today, user=user)
    month = selectors.report_month_for(today)
    ctx = {
        "today": today,
        "duty_visible": can(user, "emergency.view_duty"),
        "duty": selectors.duty_on(today) if can(user, "emergency.view_duty") else [],
        "plans_due": selectors.plans_due_for_review(EmergencyPlan.objects.for_user(user), today=today).count(),
        "plans_submitted": EmergencyPlan.objects.for_user(user).filter(status=PlanStatus.SUBMITTED).count(),
        "behind": behind[:10],
        "behind_count": len(behind),
        "supply_warnings": selectors.supply_warning_items(user, today=today).count(),
        "missing": selectors.missing_risk_reports(month=month, user=user) if can(user, "emergency.view_risk_reports") else [],
        "month": month,
        "teams": RescueTeam.objects.for_user(user).count(),
        "shelters": Shelter.objects.for_user(user).count(),
    }
    return render(request, "emergency/index.html", ctx)
