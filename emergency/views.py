"""Thin HTML views: parse, call a service or selector, render. Scoping is ``for_user`` everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Model, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.models import AuditLog
from safety_platform.excel import xlsx_response
from safety_platform.views import RoleRequiredMixin, ScopedListView

from . import exports, selectors, services
from .choices import PlanStatus
from .filters import (
    DepotFilter,
    DrillFilter,
    DutyFilter,
    EventFilter,
    ExpertFilter,
    PlanFilter,
    RiskReportFilter,
    ShelterFilter,
    SupplyFilter,
    TeamFilter,
)
from .forms import (
    AccidentFromEventForm,
    DepotForm,
    DrillForm,
    DrillPhotoForm,
    DrillRecordForm,
    DutyForm,
    EventForm,
    ExpertForm,
    FindingForm,
    HandoverForm,
    MemberForm,
    PlanAcceptForm,
    PlanForm,
    ReasonForm,
    RevisionForm,
    RiskReportForm,
    ShelterForm,
    SupplyForm,
    TeamForm,
    add_service_errors,
)
from .models import (
    Depot,
    Drill,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
)
from .rules import report_due_date

OFFICE_ROLES = (Role.OFFICE, Role.ADMIN)
STAFF_ROLES = (Role.GRID, Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.ADMIN, Role.EXPERT)
REPORT_ROLES = (Role.STREET, Role.DEPARTMENT, Role.OFFICE, Role.ADMIN)


def badge(text: Any, tone: str) -> dict:
    return {"text": text, "badge": tone}


# ------------------------------------------------------------------ generic pieces


class EmergencyListView(ScopedListView):
    """A scoped, filtered list rendered by one template from ``columns`` and ``cells(obj)``."""

    template_name = "emergency/list.html"
    title = ""
    columns: Sequence[str] = ()
    create_url: str = ""
    export_row_fn: Callable | None = None

    def cells(self, obj) -> Sequence[Any]:
        raise NotImplementedError

    def link(self, obj) -> str:
        return ""

    def export_row(self, obj):
        return type(self).export_row_fn(obj)

    def can_create(self) -> bool:
        return services.can_register(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=self.title, columns=self.columns,
            rows=[(self.link(o), self.cells(o)) for o in ctx["object_list"]],
            create_url=reverse(self.create_url) if self.create_url and self.can_create() else "",
        )
        return ctx


def form_page(
    request: HttpRequest, form, save: Callable[[dict], Model], *, title: str, back: str, success: str,
    next_url: Callable[[Model], str] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(next_url(obj) if next_url else back)
    return render(request, "emergency/form.html", {"form": form, "title": title, "back": back})


def post_action(request: HttpRequest, form, act: Callable[[dict], Any], *, back: str, success: str) -> HttpResponse:
    """A POST-only action from a detail page: errors come back as messages naming the field."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(_messages(exc)))
        else:
            messages.success(request, success)
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    return redirect(back)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{k}：{'；'.join(v)}" if k != "__all__" else "；".join(v) for k, v in exc.message_dict.items()]
    return exc.messages


def _require_role(request: HttpRequest, roles: Sequence[str]) -> None:
    if request.user.role not in roles and not request.user.is_superuser:
        raise PermissionDenied("您的角色无权访问此页面")


def history(obj: Model) -> list[AuditLog]:
    ct = ContentType.objects.get_for_model(obj)
    return list(AuditLog.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")[:30])


# ------------------------------------------------------------------ overview


@login_required
def index(request):
    user = request.user
    today = timezone.localdate()
    behind = selectors.drills_behind(on=today, user=user)
    month = selectors.report_month_for(today)
    ctx = {
        "today": today,
        "duty": selectors.duty_on(today) if user.sees_everything else [],
        "plans_due": selectors.plans_due_for_review(EmergencyPlan.objects.for_user(user), today=today).count(),
        "plans_submitted": EmergencyPlan.objects.for_user(user).filter(status=PlanStatus.SUBMITTED).count(),
        "behind": behind[:10],
        "behind_count": len(behind),
        "supply_warnings": selectors.supply_warning_items(user, today=today).count(),
        "missing": selectors.missing_risk_reports(month=month, user=user) if user.role in REPORT_ROLES or user.is_superuser else [],
        "month": month,
        "teams": RescueTeam.objects.for_user(user).count(),
        "shelters": Shelter.objects.for_user(user).count(),
    }
    return render(request, "emergency/index.html", ctx)


# ------------------------------------------------------------------ plans 应急预案


class PlanListView(EmergencyListView):
    model = EmergencyPlan
    filterset_class = PlanFilter
    select_related = ("region", "department", "enterprise")
    title = "应急预案"
    columns = ("预案名称", "类别", "版本", "责任主体", "备案状态", "下次评审期限", "评审状态")
    create_url = "emergency:plan_create"
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
        "can_manage": services.can_manage(user, plan),
        "can_review": services.can_review_plan(user, plan),
        "accept_form": PlanAcceptForm(),
        "return_form": ReasonForm(),
        "revision_form": RevisionForm(user=user),
        "revisions": plan.revisions.select_related("drill", "opened_by"),
        "drills": plan.drills.order_by("-planned_date")[:20],
        "history": history(plan),
    })


@login_required
def plan_create(request):
    if not services.can_register(request.user):
        raise PermissionDenied("您的角色不能登记应急预案")
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
    if not services.can_manage(request.user, plan):
        raise PermissionDenied("只有预案责任单位可以修改预案")
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
                       back=reverse("emergency:plan_detail", args=[plan.pk]), success=success)


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


# ------------------------------------------------------------------ drills 应急演练


class DrillListView(EmergencyListView):
    model = Drill
    filterset_class = DrillFilter
    select_related = ("region", "department", "enterprise")
    title = "应急演练"
    columns = ("演练名称", "类别", "组织单位", "计划日期", "状态", "举行日期", "评估结论")
    create_url = "emergency:drill_create"
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
        "can_manage": services.can_manage(request.user, drill),
        "photo_form": DrillPhotoForm(),
        "finding_form": FindingForm(),
        "cancel_form": ReasonForm(),
        "photos": drill.photos.all(),
        "findings": drill.findings.select_related("revision", "hazard"),
        "history": history(drill),
    })


@login_required
def drill_create(request):
    if not services.can_register(request.user):
        raise PermissionDenied("您的角色不能登记应急演练")
    form = DrillForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda data: services.drill_create(by=request.user, **data),
        title="登记演练计划", back=reverse("emergency:drill_list"), success="演练计划已登记",
        next_url=lambda d: reverse("emergency:drill_detail", args=[d.pk]),
    )


@login_required
def drill_edit(request, pk: int):
    drill = _drill(request, pk)
    if not services.can_manage(request.user, drill):
        raise PermissionDenied("只有演练组织单位可以修改演练")
    form = DrillForm(request.POST or None, instance=drill, user=request.user)
    return form_page(
        request, form, lambda data: services.drill_update(drill=drill, by=request.user, **data),
        title=f"修改演练计划：{drill.title}", back=reverse("emergency:drill_detail", args=[drill.pk]),
        success="演练计划已保存",
    )


@login_required
def drill_record(request, pk: int):
    drill = _drill(request, pk)
    if not services.can_manage(request.user, drill):
        raise PermissionDenied("只有演练组织单位可以登记演练情况")
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
        back=reverse("emergency:drill_detail", args=[drill.pk]), success="演练已取消")


@login_required
@require_POST
def drill_photo(request, pk: int):
    drill = _drill(request, pk)
    return post_action(request, DrillPhotoForm(request.POST, request.FILES), lambda d: services.drill_photo_add(
        drill=drill, by=request.user, image=d["image"], caption=d["caption"]),
        back=reverse("emergency:drill_detail", args=[drill.pk]), success="照片已上传")


@login_required
@require_POST
def drill_finding(request, pk: int):
    drill = _drill(request, pk)
    return post_action(request, FindingForm(request.POST), lambda d: services.drill_finding_add(
        drill=drill, by=request.user, description=d["description"], action=d["action"],
        hazard_deadline=d["hazard_deadline"]),
        back=reverse("emergency:drill_detail", args=[drill.pk]), success="发现问题已登记")


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


# ------------------------------------------------------------------ teams 救援队伍


class TeamListView(EmergencyListView):
    model = RescueTeam
    filterset_class = TeamFilter
    select_related = ("region", "department", "enterprise")
    title = "救援队伍"
    columns = ("队伍名称", "类别", "所属单位", "队长", "值守电话", "救援专长", "队员")
    create_url = "emergency:team_create"
    export_title = "救援队伍"
    export_columns = exports.TEAM_COLUMNS
    export_row_fn = exports.team_row

    def get_queryset(self):
        # GROUP BY drops Meta.ordering: order explicitly so pagination is stable.
        return super().get_queryset().annotate(member_count=Count("members")).order_by("kind", "name", "id")

    def link(self, obj):
        return reverse("emergency:team_detail", args=[obj.pk])

    def cells(self, t):
        return [t.name, t.get_kind_display(), t.owner_name, t.leader, t.phone, t.specialties, t.member_count]


def _team(request, pk: int) -> RescueTeam:
    return get_object_or_404(RescueTeam.objects.for_user(request.user).select_related(
        "region", "department", "enterprise"), pk=pk)


@login_required
def team_detail(request, pk: int):
    team = _team(request, pk)
    today = timezone.localdate()
    return render(request, "emergency/team_detail.html", {
        "team": team, "members": team.members.all(), "today": today,
        "warn_until": today + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS),
        "can_manage": services.can_manage(request.user, team), "member_form": MemberForm(),
    })


@login_required
def team_create(request):
    if not services.can_register(request.user):
        raise PermissionDenied("您的角色不能登记救援队伍")
    form = TeamForm(request.POST or None, user=request.user)
    return form_page(request, form, lambda d: services.team_create(by=request.user, **d), title="登记救援队伍",
                     back=reverse("emergency:team_list"), success="救援队伍已登记",
                     next_url=lambda t: reverse("emergency:team_detail", args=[t.pk]))


@login_required
def team_edit(request, pk: int):
    team = _team(request, pk)
    if not services.can_manage(request.user, team):
        raise PermissionDenied("只有队伍所属单位可以修改")
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    return form_page(request, form, lambda d: services.team_update(team=team, by=request.user, **d),
                     title=f"修改救援队伍：{team.name}", back=reverse("emergency:team_detail", args=[team.pk]),
                     success="已保存")


@login_required
def member_edit(request, pk: int, member_pk: int | None = None):
    team = _team(request, pk)
    if not services.can_manage(request.user, team):
        raise PermissionDenied("只有队伍所属单位可以维护队员")
    member = get_object_or_404(TeamMember.objects.for_user(request.user), pk=member_pk, team=team) if member_pk else None
    form = MemberForm(request.POST or None, instance=member)
    return form_page(request, form, lambda d: services.member_save(team=team, by=request.user, member=member, **d),
                     title=f"{'修改' if member else '添加'}队员：{team.name}",
                     back=reverse("emergency:team_detail", args=[team.pk]), success="队员信息已保存")


# ------------------------------------------------------------------ depots and supplies 物资


class DepotListView(EmergencyListView):
    model = Depot
    filterset_class = DepotFilter
    select_related = ("region", "department", "enterprise")
    title = "物资储备库"
    columns = ("储备库", "所属单位", "地址", "管理人", "联系电话", "物资品种", "预警品种")
    create_url = "emergency:depot_create"
    export_title = "物资储备库"
    export_columns = exports.DEPOT_COLUMNS
    export_row_fn = exports.depot_row

    def get_queryset(self):
        horizon = timezone.localdate() + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS)
        warn = Q(items__quantity__lt=F("items__min_stock")) | Q(items__expiry__lte=horizon)
        return super().get_queryset().annotate(
            item_count=Count("items", distinct=True), warning_count=Count("items", filter=warn, distinct=True)
        ).order_by("name", "id")

    def link(self, obj):
        return reverse("emergency:depot_detail", args=[obj.pk])

    def cells(self, d):
        warn = badge(d.warning_count, "danger") if d.warning_count else 0
        return [d.name, d.owner_name, d.address, d.manager, d.phone, d.item_count, warn]


def _depot(request, pk: int) -> Depot:
    return get_object_or_404(Depot.objects.for_user(request.user).select_related(
        "region", "department", "enterprise"), pk=pk)


@login_required
def depot_detail(request, pk: int):
    depot = _depot(request, pk)
    today = timezone.localdate()
    items = depot.items.all()
    warned = set(selectors.supply_warnings(items, today=today).values_list("pk", flat=True))
    return render(request, "emergency/depot_detail.html", {
        "depot": depot, "items": items, "warned": warned, "today": today,
        "can_manage": services.can_manage(request.user, depot), "supply_form": SupplyForm(),
    })


@login_required
def depot_create(request):
    if not services.can_register(request.user):
        raise PermissionDenied("您的角色不能登记物资储备库")
    form = DepotForm(request.POST or None, user=request.user)
    return form_page(request, form, lambda d: services.depot_create(by=request.user, **d), title="登记物资储备库",
                     back=reverse("emergency:depot_list"), success="储备库已登记",
                     next_url=lambda o: reverse("emergency:depot_detail", args=[o.pk]))


@login_required
def depot_edit(request, pk: int):
    depot = _depot(request, pk)
    if not services.can_manage(request.user, depot):
        raise PermissionDenied("只有储备库所属单位可以修改")
    form = DepotForm(request.POST or None, instance=depot, user=request.user)
    return form_page(request, form, lambda d: services.depot_update(depot=depot, by=request.user, **d),
                     title=f"修改储备库：{depot.name}", back=reverse("emergency:depot_detail", args=[depot.pk]),
                     success="已保存")


@login_required
def supply_edit(request, pk: int, item_pk: int | None = None):
    depot = _depot(request, pk)
    if not services.can_manage(request.user, depot):
        raise PermissionDenied("只有储备库所属单位可以维护物资")
    item = get_object_or_404(SupplyItem.objects.for_user(request.user), pk=item_pk, depot=depot) if item_pk else None
    form = SupplyForm(request.POST or None, instance=item)
    return form_page(request, form, lambda d: services.supply_save(depot=depot, by=request.user, item=item, **d),
                     title=f"{'修改' if item else '登记'}物资：{depot.name}",
                     back=reverse("emergency:depot_detail", args=[depot.pk]), success="物资信息已保存")


class SupplyListView(EmergencyListView):
    """All supplies in scope; ``?warning=any`` is the warning list shown to the depot's owner."""

    model = SupplyItem
    filterset_class = SupplyFilter
    select_related = ("depot",)
    title = "应急物资"
    columns = ("物资名称", "类别", "储备库", "库存", "最低库存", "有效期至", "预警")
    export_title = "应急物资"
    export_columns = exports.SUPPLY_COLUMNS
    export_row_fn = exports.supply_row

    def link(self, obj):
        return reverse("emergency:depot_detail", args=[obj.depot_id])

    def cells(self, i):
        today = timezone.localdate()
        horizon = today + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS)
        warnings = []
        if i.low_stock:
            warnings.append("低于最低库存")
        if i.expiry and i.expiry < today:
            warnings.append("已过期")
        elif i.expiry and i.expiry <= horizon:
            warnings.append(f"{(i.expiry - today).days}天后到期")
        return [i.name, i.get_category_display(), i.depot.name, f"{i.quantity.normalize():f} {i.unit}",
                f"{i.min_stock.normalize():f}", i.expiry or "", badge("、".join(warnings), "danger") if warnings else ""]


# ------------------------------------------------------------------ experts, shelters


class ExpertListView(RoleRequiredMixin, EmergencyListView):
    allowed_roles = STAFF_ROLES
    model = Expert
    filterset_class = ExpertFilter
    title = "应急专家库"
    columns = ("姓名", "专业领域", "职称", "工作单位", "联系电话", "可调用状态")
    create_url = "emergency:expert_create"
    export_title = "应急专家库"
    export_columns = exports.EXPERT_COLUMNS
    export_row_fn = exports.expert_row

    def can_create(self):
        return self.request.user.sees_everything

    def link(self, obj):
        return reverse("emergency:expert_edit", args=[obj.pk]) if self.request.user.sees_everything else ""

    def cells(self, e):
        tone = {"available": "success", "limited": "warning"}.get(e.availability, "secondary")
        return [e.name, e.get_field_display(), e.title, e.organisation, e.phone, badge(e.get_availability_display(), tone)]


@login_required
def expert_edit(request, pk: int | None = None):
    _require_role(request, OFFICE_ROLES)
    expert = get_object_or_404(Expert.objects.for_user(request.user), pk=pk) if pk else None
    form = ExpertForm(request.POST or None, instance=expert)
    return form_page(request, form, lambda d: services.expert_save(by=request.user, expert=expert, **d),
                     title="修改专家信息" if expert else "专家入库", back=reverse("emergency:expert_list"),
                     success="专家信息已保存")


class ShelterListView(EmergencyListView):
    model = Shelter
    filterset_class = ShelterFilter
    select_related = ("region",)
    title = "应急避难场所"
    columns = ("名称", "类型", "街道", "地址", "可容纳人数", "配套设施")
    create_url = "emergency:shelter_create"
    export_title = "应急避难场所"
    export_columns = exports.SHELTER_COLUMNS
    export_row_fn = exports.shelter_row

    def can_create(self):
        user = self.request.user
        return user.sees_everything or user.role == Role.STREET

    def link(self, obj):
        return reverse("emergency:shelter_edit", args=[obj.pk]) if services.can_manage_shelter(
            self.request.user, obj.region) else ""

    def cells(self, s):
        return [s.name, s.get_kind_display(), s.region.name, s.address, s.capacity, s.facilities]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["total_capacity"] = sum(s.capacity for s in self.object_list) if self.object_list.count() < 2000 else None
        return ctx


@login_required
def shelter_edit(request, pk: int | None = None):
    user = request.user
    if not (user.sees_everything or user.role == Role.STREET):
        raise PermissionDenied("避难场所由所在街道或安委办维护")
    shelter = get_object_or_404(Shelter.objects.for_user(user), pk=pk) if pk else None
    if shelter is not None and not services.can_manage_shelter(user, shelter.region):
        raise PermissionDenied("避难场所由所在街道或安委办维护")
    form = ShelterForm(request.POST or None, instance=shelter, user=user)
    return form_page(request, form, lambda d: services.shelter_save(by=user, shelter=shelter, **d),
                     title="修改避难场所" if shelter else "登记避难场所", back=reverse("emergency:shelter_list"),
                     success="避难场所已保存")


# ------------------------------------------------------------------ duty roster and event log 值班接报


class DutyListView(RoleRequiredMixin, EmergencyListView):
    allowed_roles = OFFICE_ROLES
    model = DutyAssignment
    filterset_class = DutyFilter
    template_name = "emergency/duty_list.html"
    title = "值班表"
    columns = ("日期", "班次", "带班领导", "值班员", "值班电话", "交接班")
    create_url = "emergency:duty_create"
    export_title = "值班表"
    export_columns = exports.DUTY_COLUMNS
    export_row_fn = exports.duty_row

    def can_create(self):
        return True

    def cells(self, d):
        handed = badge("已交班", "success") if d.handed_over_at else (
            badge("今日在岗", "primary") if d.date == timezone.localdate() else "")
        return [d.date, d.get_shift_display(), d.leader, d.officer, d.phone, handed]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today_duty"] = selectors.duty_on(timezone.localdate())
        ctx["handover_form"] = HandoverForm()
        return ctx


@login_required
def duty_create(request):
    _require_role(request, OFFICE_ROLES)
    form = DutyForm(request.POST or None, initial={"date": timezone.localdate()})
    return form_page(request, form, lambda d: services.duty_assign(by=request.user, **d), title="安排值班",
                     back=reverse("emergency:duty_list"), success="值班已安排")


@login_required
@require_POST
def duty_handover(request, pk: int):
    _require_role(request, OFFICE_ROLES)
    duty = get_object_or_404(DutyAssignment.objects.for_user(request.user), pk=pk)
    return post_action(request, HandoverForm(request.POST), lambda d: services.duty_handover(
        duty=duty, by=request.user, note=d["note"]), back=reverse("emergency:duty_list"), success="已交班")


class EventListView(RoleRequiredMixin, EmergencyListView):
    allowed_roles = OFFICE_ROLES
    model = EventReport
    filterset_class = EventFilter
    select_related = ("region", "enterprise")
    title = "接报记录"
    columns = ("接报时间", "报告人", "事件类别", "发生地", "报告内容", "状态", "事故记录")
    create_url = "emergency:event_create"
    export_title = "接报记录"
    export_columns = exports.EVENT_COLUMNS
    export_row_fn = exports.event_row

    def can_create(self):
        return True

    def link(self, obj):
        return reverse("emergency:event_detail", args=[obj.pk])

    def cells(self, e):
        tone = "success" if e.status == "closed" else "warning"
        return [timezone.localtime(e.received_at).strftime("%Y-%m-%d %H:%M"), e.caller, e.get_category_display(),
                e.region.name if e.region_id else "", e.content[:40], badge(e.get_status_display(), tone), e.accident or ""]


@login_required
def event_edit(request, pk: int | None = None):
    _require_role(request, OFFICE_ROLES)
    event = get_object_or_404(EventReport.objects.for_user(request.user), pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event,
                     initial=None if event else {"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    if event is None:
        save = lambda d: services.event_record(by=request.user, **d)  # noqa: E731
    else:
        save = lambda d: services.event_update(event=event, by=request.user, **d)  # noqa: E731
    return form_page(request, form, save, title="修改接报记录" if event else "登记接报",
                     back=reverse("emergency:event_list"), success="接报记录已保存",
                     next_url=lambda e: reverse("emergency:event_detail", args=[e.pk]))


def _accident_form(event: EventReport, data=None) -> AccidentFromEventForm:
    return AccidentFromEventForm(data, initial={
        "title": f"{event.caller_org or (event.region.name if event.region_id else '')}{event.get_category_display()}",
        "occurred_at": timezone.localtime(event.received_at).strftime("%Y-%m-%dT%H:%M"),
    })


@login_required
def event_detail(request, pk: int):
    _require_role(request, OFFICE_ROLES)
    event = get_object_or_404(EventReport.objects.for_user(request.user).select_related(
        "region", "enterprise", "accident"), pk=pk)
    return render(request, "emergency/event_detail.html", {
        "event": event, "accident_form": _accident_form(event), "history": history(event),
    })


@login_required
@require_POST
def event_accident(request, pk: int):
    """接报转事故 through the accidents app's service; on success go to the new accident record."""
    _require_role(request, OFFICE_ROLES)
    event = get_object_or_404(EventReport.objects.for_user(request.user).select_related("region", "enterprise"), pk=pk)
    form = _accident_form(event, request.POST)
    if form.is_valid():
        try:
            accident = services.event_to_accident(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "已转为事故记录")
            return redirect(reverse("accidents:detail", args=[accident.pk]))
    return render(request, "emergency/event_detail.html", {
        "event": event, "accident_form": form, "history": history(event),
    }, status=400)


# ------------------------------------------------------------------ 风险每月一报送


class RiskReportListView(RoleRequiredMixin, EmergencyListView):
    allowed_roles = REPORT_ROLES
    model = RiskMonthlyReport
    filterset_class = RiskReportFilter
    select_related = ("region", "department")
    title = "风险每月一报送"
    columns = ("月份", "报送单位", "重大", "较大", "一般", "低", "报送时间", "逾期")
    create_url = "emergency:riskreport_create"
    export_title = "风险月报"
    export_columns = exports.RISK_REPORT_COLUMNS
    export_row_fn = exports.risk_report_row
    template_name = "emergency/riskreport_list.html"

    def can_create(self):
        return services.report_reporter(self.request.user) is not None

    def cells(self, r):
        return [f"{r.month:%Y-%m}", str(r.reporter), badge(r.major_count, "danger") if r.major_count else 0,
                r.high_count, r.general_count, r.low_count,
                timezone.localtime(r.filed_at).strftime("%Y-%m-%d %H:%M"), badge("逾期", "warning") if r.late else ""]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        month = selectors.report_month_for(timezone.localdate())
        ctx["month"] = month
        ctx["due"] = report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY)
        ctx["missing"] = selectors.missing_risk_reports(month=month, user=self.request.user)
        return ctx


@login_required
def riskreport_create(request):
    if services.report_reporter(request.user) is None:
        raise PermissionDenied("风险月报由街道/镇或部门报送")
    month = selectors.report_month_for(timezone.localdate())
    form = RiskReportForm(request.POST or None, initial={"month": month})
    return form_page(request, form, lambda d: services.risk_report_file(by=request.user, **d), title="报送风险月报",
                     back=reverse("emergency:riskreport_list"), success="风险月报已报送")


@login_required
def riskreport_missing(request):
    """Who has not filed a month (default: the month being collected now)."""
    _require_role(request, REPORT_ROLES)
    month = selectors.report_month_for(timezone.localdate())
    raw = request.GET.get("month", "")
    try:
        month = dt.date.fromisoformat(f"{raw}-01" if len(raw) == 7 else raw).replace(day=1) if raw else month
    except ValueError:
        messages.error(request, "月份：格式应为 YYYY-MM")
    missing = selectors.missing_risk_reports(month=month, user=request.user)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"{month:%Y年%m月}风险月报未报送", exports.MISSING_COLUMNS,
                             (exports.missing_row(m) for m in missing))
    return render(request, "emergency/riskreport_missing.html", {
        "month": month, "missing": missing, "due": report_due_date(month, settings.EMERGENCY_RISK_REPORT_DUE_DAY),
    })
