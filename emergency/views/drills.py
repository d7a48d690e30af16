"""应急演练 (emergency.permissions.DRILL) and the 演练频次 compliance page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required, require
from safety_platform.excel import xlsx_response

from .. import exports, selectors, services
from ..filters import DrillFilter
from ..forms import (
    DrillForm,
    DrillPhotoForm,
    DrillRecordForm,
    FindingForm,
    ReasonForm,
)
from ..models import Drill
from ._common import EmergencyListView, badge, form_page, history, post_action


class DrillListView(EmergencyListView):
    model = Drill
    filterset_class = DrillFilter
    select_related = ("region", "department", "enterprise")
    title = "应急演练"
    columns = ("演练名称", "类别", "组织单位", "计划日期", "状态", "举行日期", "评估结论")
    create_url = "emergency:drill_create"
    create_permission = "emergency.add_drill"
    export_title = "应急演练"
    export_columns = exports.DRILL_COLUMNS
    export_row_fn = exports.drill_row

    def link(self, obj):
        return reverse("emergency:drill_detail", args=[obj.pk])

    def cells(self, d):
        status = badge("逾期未举行", "danger") if d.overdue else badge(
            d.get_status_display(), {"held": "success", "cancelled": "secondary"}.get(d.status, "info"))
        return [d.title, d.get_drill_type_display(), d.owner_name, d.planned_date, status, d.held_on or "",
                d.get_rating_display()]


def _drill(request, pk: int) -> Drill:
    return get_object_or_404(Drill.objects.for_user(request.user).select_related(
        "region", "department", "enterprise", "plan"), pk=pk)


@login_required
def drill_detail(request, pk: int):
    drill = _drill(request, pk)
    return render(request, "emergency/drill_detail.html", {
        "drill": drill,
        "photo_form": DrillPhotoForm(),
        "finding_form": FindingForm(),
        "cancel_form": ReasonForm(),
        "photos": drill.photos.all(),
        "findings": drill.findings.select_related("revision", "hazard"),
        "history": history(drill),
    })


@permission_required("emergency.add_drill")
def drill_create(request):
    form = DrillForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda data: services.drill_create(by=request.user, **data),
        title="登记演练计划", back=reverse("emergency:drill_list"), success="演练计划已登记",
        next_url=lambda d: reverse("emergency:drill_detail", args=[d.pk]),
    )


@login_required
def drill_edit(request, pk: int):
    drill = _drill(request, pk)
    require(request.user, "emergency.change_drill", drill)
    form = DrillForm(request.POST or None, instance=drill, user=request.user)
    return form_page(
        request, form, lambda data: services.drill_update(drill=drill, by=request.user, **data),
        title=f"修改演练计划：{drill.title}", back=reverse("emergency:drill_detail", args=[drill.pk]),
        success="演练计划已保存",
    )


@login_required
def drill_record(request, pk: int):
    drill = _drill(request, pk)
    require(request.user, "emergency.record_drill", drill)
    form = DrillRecordForm(request.POST or None, instance=drill)
    return form_page(
        request, form, lambda data: services.drill_record(drill=drill, by=request.user, **data),
        title=f"登记演练情况：{drill.title}", back=reverse("emergency:drill_detail", args=[drill.pk]),
        success="演练情况已登记",
    )


@login_required
@require_POST
def drill_cancel(request, pk: int):
    drill = _drill(request, pk)
    return post_action(request, ReasonForm(request.POST), lambda d: services.drill_cancel(
        drill=drill, by=request.user, reason=d["reason"]),
        back=reverse("emergency:drill_detail", args=[drill.pk]), success="演练已取消", obj=drill)


@login_required
@require_POST
def drill_photo(request, pk: int):
    drill = _drill(request, pk)
    return post_action(request, DrillPhotoForm(request.POST, request.FILES), lambda d: services.drill_photo_add(
        drill=drill, by=request.user, image=d["image"], caption=d["caption"]),
        back=reverse("emergency:drill_detail", args=[drill.pk]), success="照片已上传", obj=drill)


@login_required
@require_POST
def drill_finding(request, pk: int):
    drill = _drill(request, pk)
    return post_action(request, FindingForm(request.POST), lambda d: services.drill_finding_add(
        drill=drill, by=request.user, description=d["description"], action=d["action"],
        hazard_deadline=d["hazard_deadline"]),
        back=reverse("emergency:drill_detail", args=[drill.pk]), success="发现问题已登记", obj=drill)


@login_required
def compliance(request):
    """演练频次规则: per owner, met or behind in the current period (``?behind=1`` lists who is behind)."""
    today = timezone.localdate()
    all_rows = selectors.compliance(on=today, user=request.user)
    rows = all_rows
    only_behind = request.GET.get("behind") == "1"
    if only_behind:
        rows = [r for r in rows if not r.met]
    rule_id = request.GET.get("rule", "")
    if rule_id.isdigit():
        rows = [r for r in rows if r.rule.pk == int(rule_id)]
    if request.GET.get("export") == "xlsx":
        return xlsx_response("演练频次达标情况", exports.COMPLIANCE_COLUMNS, (exports.compliance_row(r) for r in rows))
    summary: dict[int, dict] = {}
    for r in all_rows:
        s = summary.setdefault(r.rule.pk, {"rule": r.rule, "total": 0, "met": 0, "period": (r.period_start, r.period_end)})
        s["total"] += 1
        s["met"] += int(r.met)
        s["behind"] = s["total"] - s["met"]
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "emergency/compliance.html", {
        "rows": rows[:500], "row_count": len(rows), "summary": summary.values(), "only_behind": only_behind,
        "rule_id": rule_id, "querystring": query.urlencode(), "today": today,
    })
