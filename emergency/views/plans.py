"""应急预案 and its 备案 lifecycle (emergency.permissions.PLAN)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import permission_required, require

from .. import exports, services
from ..filters import PlanFilter
from ..forms import (
    PlanAcceptForm,
    PlanForm,
    ReasonForm,
    RevisionForm,
)
from ..models import EmergencyPlan
from ._common import EmergencyListView, badge, form_page, history, post_action


class PlanListView(EmergencyListView):
    model = EmergencyPlan
    filterset_class = PlanFilter
    select_related = ("region", "department", "enterprise")
    title = "应急预案"
    columns = ("预案名称", "类别", "版本", "责任主体", "备案状态", "下次评审期限", "评审状态")
    create_url = "emergency:plan_create"
    create_permission = "emergency.add_plan"
    export_title = "应急预案"
    export_columns = exports.PLAN_COLUMNS
    export_row_fn = exports.plan_row

    def link(self, obj):
        return reverse("emergency:plan_detail", args=[obj.pk])

    def cells(self, p):
        state = p.review_state
        tone = {"overdue": "danger", "expiring": "warning"}.get(state or "", "secondary")
        status_tone = {"filed": "success", "submitted": "info", "returned": "danger"}.get(p.status, "secondary")
        title = p.title + ("（待修订）" if p.needs_revision else "")
        return [title, p.get_plan_type_display(), p.version, p.owner_name, badge(p.get_status_display(), status_tone),
                p.review_due or "", badge(p.review_state_display, tone)]


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(EmergencyPlan.objects.for_user(request.user).select_related(
        "region", "department", "enterprise", "reviewed_by"), pk=pk)
    user = request.user
    return render(request, "emergency/plan_detail.html", {
        "plan": plan,
        "accept_form": PlanAcceptForm(),
        "return_form": ReasonForm(),
        "revision_form": RevisionForm(user=user),
        "revisions": plan.revisions.select_related("drill", "opened_by"),
        "drills": plan.drills.order_by("-planned_date")[:20],
        "history": history(plan),
    })


@permission_required("emergency.add_plan")
def plan_create(request):
    form = PlanForm(request.POST or None, request.FILES or None, user=request.user)
    return form_page(
        request, form, lambda data: services.plan_create(by=request.user, **_clean_file(data)),
        title="登记应急预案", back=reverse("emergency:plan_list"), success="预案已登记",
        next_url=lambda p: reverse("emergency:plan_detail", args=[p.pk]),
    )


def _clean_file(data: dict, name: str = "file") -> dict:
    """An empty file input keeps the stored file."""
    data = dict(data)
    if not data.get(name):
        data.pop(name, None)
    return data


@login_required
def plan_edit(request, pk: int):
    plan = get_object_or_404(EmergencyPlan.objects.for_user(request.user), pk=pk)
    require(request.user, "emergency.change_plan", plan)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, user=request.user)
    back = reverse("emergency:plan_detail", args=[plan.pk])
    return form_page(
        request, form, lambda data: services.plan_update(plan=plan, by=request.user, **_clean_file(data)),
        title=f"修改预案：{plan.title}", back=back, success="预案已保存",
    )


def _plan_post(request, pk: int, form_class, act, success: str):
    plan = get_object_or_404(EmergencyPlan.objects.for_user(request.user), pk=pk)
    if form_class is RevisionForm:
        form = RevisionForm(request.POST, user=request.user)
    else:
        form = form_class(request.POST) if form_class else ReasonForm({"reason": "-"})
    return post_action(request, form, lambda data: act(plan, data),
                       back=reverse("emergency:plan_detail", args=[plan.pk]), success=success, obj=plan)


@login_required
@require_POST
def plan_submit(request, pk: int):
    return _plan_post(request, pk, None, lambda plan, d: services.plan_submit(plan=plan, by=request.user),
                      "已提交备案，等待备案管理部门审查")


@login_required
@require_POST
def plan_accept(request, pk: int):
    return _plan_post(request, pk, PlanAcceptForm, lambda plan, d: services.plan_accept(
        plan=plan, by=request.user, filing_no=d["filing_no"], filed_on=d["filed_on"]), "预案已备案")


@login_required
@require_POST
def plan_return(request, pk: int):
    return _plan_post(request, pk, ReasonForm, lambda plan, d: services.plan_return(
        plan=plan, by=request.user, reason=d["reason"]), "预案已退回")


@login_required
@require_POST
def plan_revision(request, pk: int):
    return _plan_post(request, pk, RevisionForm, lambda plan, d: services.plan_open_revision(
        plan=plan, by=request.user, source=d["source"], reason=d["reason"], accident=d["accident"]),
        "已发起预案修订")
