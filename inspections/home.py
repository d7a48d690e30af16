"""Home-page cards of the inspections app: patrols due (grid officer), coverage (street, office),
plan progress and documents (departments, office)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.home import register
from accounts.navigation import register_menu
from accounts.permissions import can

from . import selectors
from .choices import PlanStatus, VisitStatus
from .models import DrawItem, EnforcementPlan, Inspection


@register
def inspection_cards(request) -> list[dict]:
    user = request.user
    today = timezone.localdate()
    cards: list[dict] = []
    if can(user, "inspections.patrol"):
        rows = selectors.my_enterprises(user, today)
        overdue = sum(1 for r in rows if r.status == VisitStatus.OVERDUE)
        due = sum(1 for r in rows if r.status == VisitStatus.DUE)
        url = reverse("inspections:my_enterprises")
        cards += [
            {"title": "逾期未巡企业", "value": overdue, "url": f"{url}?status=overdue", "tone": "danger"},
            {"title": "本月待巡企业", "value": due, "url": f"{url}?status=due", "tone": "warning"},
        ]
    if can(user, "inspections.view_coverage"):
        rows = selectors.coverage(user, today)
        visited, total = sum(r.visited for r in rows), sum(r.enterprises for r in rows)
        cards.append({"title": f"本月网格巡查覆盖（{today:%m}月）", "value": f"{visited}/{total}",
                      "url": reverse("inspections:coverage"), "tone": "info"})
    if can(user, "inspections.view_enforcement"):
        plans = EnforcementPlan.objects.for_user(user).filter(year=today.year, status=PlanStatus.APPROVED)
        planned = sum(p.total for p in plans)
        done = Inspection.objects.for_user(user).finished().filter(
            inspected_on__year=today.year, department__in=plans.values("department")).count()
        cards.append({"title": f"{today.year}年执法计划完成", "value": f"{done}/{planned}",
                      "url": reverse("inspections:enforcement_home"), "tone": "primary"})
        overdue = len(selectors.overdue_publications(DrawItem.objects.for_user(user), today))
        if overdue:
            cards.append({"title": "双随机结果逾期未公开", "value": overdue,
                          "url": reverse("inspections:enforcement_home"), "tone": "danger"})
        if can(user, "inspections.decide_plan"):
            pending = EnforcementPlan.objects.filter(status=PlanStatus.SUBMITTED).count()
            if pending:
                cards.append({"title": "执法计划待审批", "value": pending,
                              "url": reverse("inspections:plan_list") + "?status=submitted", "tone": "warning"})
    return cards


# The app's entries in the top bar (accounts.navigation).
register_menu("检查执法", order=40, entries=[
    ("我的巡查", "inspections:my_enterprises", "inspections.patrol"),
    ("巡查覆盖", "inspections:coverage", "inspections.view_coverage"),
    ("执法检查", "inspections:enforcement_home", "inspections.view_enforcement"),
    ("检查记录", "inspections:inspection_list", "inspections.browse_records"),
    ("双随机", "inspections:draw_list", "inspections.view_enforcement"),
])
