"""Thin HTML views of the inspections app: parse, call a service or selector, render.

The patrol page works with plain form posts: each step (location, checklist, photos, hazard,
finish) is its own small form posting to its own URL, saved on the server-side draft at once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.models import Department, Region
from accounts.permissions import PermissionRequiredMixin, can
from enterprises.models import Enterprise
from hazards.choices import CheckResult, HazardStatus
from safety_platform.excel import xlsx_response
from safety_platform.forms import add_service_errors, error_text
from safety_platform.media import file_response
from safety_platform.views import ScopedDetailView, ScopedListView

from . import draws, exports, selectors, services
from .choices import DocumentKind, PlanStatus, ReinspectionConclusion, VisitStatus
from .filters import DocumentFilter, DrawFilter, InspectionFilter, PatrolFilter, PenaltyFilter, PlanFilter
from .forms import (
    ConflictForm,
    DecideForm,
    DrawForm,
    FinishForm,
    InspectionFinishForm,
    InspectionForm,
    InspectionHazardForm,
    LocationForm,
    OrderForm,
    PaidForm,
    PatrolHazardForm,
    PhotosForm,
    PlanForm,
    ReinspectionForm,
    ViolationForm,
)
from .models import (
    Conflict,
    DrawItem,
    EnforcementDocument,
    EnforcementPlan,
    Inspection,
    Patrol,
    PatrolPhoto,
    Penalty,
    RandomDraw,
)
from .permissions import INSPECTION, PATROL
from .rules import minor_violations


def _answers_from_post(post, items) -> list[dict]:
    return [{"item": i.pk, "result": post.get(f"result_{i.pk}", ""), "note": post.get(f"note_{i.pk}", "")}
            for i in items]


def _checklist_rows(items, answers: dict) -> list[dict]:
    return [{"item": i, "answer": answers.get(i.pk)} for i in items]


# ---------------------------------------------------------------------------------------------
# 网格巡查


class MyEnterprisesView(PermissionRequiredMixin, View):
    """The grid officer's phone page: my enterprises, last visit, who is due."""

    permission_required = "inspections.patrol"

    def get(self, request):
        status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
        rows = selectors.my_enterprises(request.user, q=q)
        counts = {s: sum(1 for r in rows if r.status == s) for s in VisitStatus.values}
        if status in VisitStatus.values:
            rows = [r for r in rows if r.status == status]
        if request.GET.get("export") == "xlsx":
            return xlsx_response("我的企业巡查", exports.MY_ENTERPRISE_COLUMNS, map(exports.my_enterprise_row, rows))
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "inspections/my_enterprises.html", {
            "page_obj": page, "rows": page.object_list, "counts": counts, "status": status, "q": q,
            "statuses": [(value, label, selectors.VISIT_TONES[value], counts[value]) for value, label in VisitStatus.choices],
            "querystring": query.urlencode(),
        })


class PatrolStartView(PermissionRequiredMixin, View):
    permission_required = "inspections.patrol"

    def post(self, request, enterprise_pk: int):
        enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=enterprise_pk)
        patrol = services.patrol_start(enterprise=enterprise, by=request.user)
        return redirect("inspections:patrol_detail", pk=patrol.pk)


def _patrol_page(request, patrol: Patrol, status: int = 200, **bound):
    items = list(services.checklist_items(patrol.enterprise))
    answers = {a.item_id: a for a in patrol.answers.all()}
    allowed = PATROL.allowed_actions(request.user, patrol)
    hazards = list(services.origin_hazards(patrol).order_by("pk"))
    ctx = {
        "patrol": patrol, "enterprise": patrol.enterprise, "allowed": allowed,
        "checklist": _checklist_rows(items, answers), "answered": len(answers), "item_count": len(items),
        "photos": patrol.photos.all(), "hazards": hazards,
        "max_distance": settings.INSPECTION_PATROL_MAX_DISTANCE_M,
        "checklist_errors": bound.pop("checklist_errors", None), "result_choices": CheckResult.choices,
    }
    if allowed:
        ctx.update(
            location_form=bound.get("location_form") or LocationForm(prefix="loc"),
            photos_form=bound.get("photos_form") or PhotosForm(prefix="photo"),
            hazard_form=bound.get("hazard_form") or PatrolHazardForm(
                prefix="hazard", items=services.checklist_items(patrol.enterprise),
                initial={"item": request.GET.get("item")}),
            finish_form=bound.get("finish_form") or FinishForm(prefix="finish"),
        )
    return render(request, "inspections/patrol_detail.html", ctx, status=status)


class PatrolDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        patrol = get_object_or_404(Patrol.objects.for_user(request.user).select_related("enterprise", "officer",
                                                                                       "region"), pk=pk)
        return _patrol_page(request, patrol)


class PatrolStepView(LoginRequiredMixin, View):
    """One step of the draft: valid → saved and back to the page at the step's anchor; invalid →
    the page again with the entered data and the errors (nothing entered is lost)."""

    anchor = ""

    def post(self, request, pk: int):
        patrol = get_object_or_404(Patrol.objects.for_user(request.user).select_related("enterprise"), pk=pk)
        result = self.step(request, patrol)
        if isinstance(result, str):
            messages.success(request, result)
            return redirect(f"{reverse('inspections:patrol_detail', kwargs={'pk': patrol.pk})}#{self.anchor}")
        return _patrol_page(request, patrol, status=400, **result)


class PatrolLocationView(PatrolStepView):
    anchor = "step-location"

    def step(self, request, patrol):
        form = LocationForm(request.POST, prefix="loc")
        if form.is_valid():
            try:
                p = services.patrol_record_location(patrol=patrol, by=request.user, lat=form.cleaned_data["lat"],
                                                    lng=form.cleaned_data["lng"], accuracy_m=form.cleaned_data["accuracy"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if p.far_from_enterprise:
                    messages.warning(request, f"当前位置距企业登记位置约 {p.distance_m} 米，超过 "
                                              f"{settings.INSPECTION_PATROL_MAX_DISTANCE_M} 米，请确认是否在企业现场")
                return "已记录定位" + (f"（距企业约 {p.distance_m} 米）" if p.distance_m is not None else "")
        return {"location_form": form}


class PatrolChecklistView(PatrolStepView):
    anchor = "step-checklist"

    def step(self, request, patrol):
        items = list(services.checklist_items(patrol.enterprise))
        try:
            services.patrol_save_answers(patrol=patrol, by=request.user, answers=_answers_from_post(request.POST, items))
        except ValidationError as exc:
            return {"checklist_errors": error_text(exc=exc)}
        return "检查表已保存"


class PatrolPhotosView(PatrolStepView):
    anchor = "step-photos"

    def step(self, request, patrol):
        form = PhotosForm(request.POST, request.FILES, prefix="photo")
        if form.is_valid():
            try:
                rows = services.patrol_add_photos(patrol=patrol, by=request.user, photos=form.cleaned_data["photos"],
                                                  caption=form.cleaned_data["caption"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return f"已上传 {len(rows)} 张照片"
        return {"photos_form": form}


class PatrolHazardView(PatrolStepView):
    anchor = "step-hazards"

    def step(self, request, patrol):
        form = PatrolHazardForm(request.POST, request.FILES, prefix="hazard",
                                items=services.checklist_items(patrol.enterprise))
        if form.is_valid():
            d = form.cleaned_data
            try:
                h = services.patrol_record_hazard(
                    patrol=patrol, by=request.user, grade=d["grade"], description=d["description"],
                    deadline=d["deadline"], location=d["location"], responsible=d["responsible"],
                    photos=d["photos"], item=d["item"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return f"隐患已登记入台账：{h.number}"
        return {"hazard_form": form}


class PatrolFinishView(PatrolStepView):
    anchor = "step-finish"

    def step(self, request, patrol):
        form = FinishForm(request.POST, prefix="finish")
        if form.is_valid():
            try:
                services.patrol_finish(patrol=patrol, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return "巡查已完成"
        return {"finish_form": form, "checklist_errors": "；".join(form.non_field_errors())}


def patrol_photo(request, pk: int):
    """A patrol photo, served only to users who can see the patrol."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    photo = get_object_or_404(PatrolPhoto.objects.filter(patrol__in=Patrol.objects.for_user(request.user).values("pk")),
                              pk=pk)
    return file_response(photo.image, title=f"巡查{photo.patrol_id}照片")


class PatrolListView(ScopedListView):
    model = Patrol
    filterset_class = PatrolFilter
    template_name = "inspections/patrol_list.html"
    select_related = ("enterprise", "officer", "region")
    export_title = "网格巡查记录"
    export_columns = exports.PATROL_COLUMNS

    def export_row(self, obj):
        return exports.patrol_row(obj)


class CoverageView(PermissionRequiredMixin, View):
    """Grid officers, streets and the office: per grid officer, enterprises visited / due this
    month, overdue visits."""

    permission_required = "inspections.view_coverage"

    def get(self, request):
        today = timezone.localdate()
        try:
            month = dt.date.fromisoformat(request.GET.get("month", "") + "-01")
        except ValueError:
            month = today.replace(day=1)
        streets = Region.objects.for_user(request.user).filter(kind="street")
        street = streets.filter(pk=request.GET.get("street") or 0).first()
        rows = selectors.coverage(request.user, month, street)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(f"网格巡查覆盖{month:%Y-%m}", exports.COVERAGE_COLUMNS, map(exports.coverage_row, rows))
        totals = {k: sum(getattr(r, k) for r in rows) for k in ("enterprises", "visited", "due", "overdue", "patrols")}
        query = request.GET.copy()
        return render(request, "inspections/coverage.html", {
            "rows": rows, "totals": totals, "month": month, "streets": streets, "street": street,
            "querystring": query.urlencode(),
        })


# ---------------------------------------------------------------------------------------------
# 部门执法 home, 年度执法计划


class EnforcementHomeView(PermissionRequiredMixin, View):
    """The department's page: this year's plan vs progress, orders due for 复查, 双随机 publication."""

    permission_required = "inspections.view_enforcement"

    def get(self, request):
        user, today = request.user, timezone.localdate()
        year = int(request.GET.get("year") or today.year)
        plans = EnforcementPlan.objects.for_user(user).filter(year=year).select_related("department")
        progress = selectors.plans_progress(plans)
        orders = (
            EnforcementDocument.objects.for_user(user).filter(kind=DocumentKind.ORDER)
            .exclude(reinspections__conclusion=ReinspectionConclusion.PASSED)
            .select_related("enterprise").order_by("deadline")[:20]
        )
        overdue = selectors.overdue_publications(DrawItem.objects.for_user(user), today)
        recent = Inspection.objects.for_user(user).select_related("enterprise", "department")[:10]
        planned_departments = {p.department_id for p in plans}
        # the office, which approves the plans, sees which departments have none
        missing = Department.objects.exclude(pk__in=planned_departments) if can(user, "inspections.decide_plan") else []
        return render(request, "inspections/enforcement_home.html", {
            "year": year, "progress": progress, "orders": orders, "overdue": overdue, "recent": recent,
            "today": today, "missing_plans": missing,
            "pending": EnforcementPlan.objects.for_user(user).filter(status=PlanStatus.SUBMITTED).count(),
        })


class PlanListView(PermissionRequiredMixin, ScopedListView):
    permission_required = "inspections.view_enforcement"
    model = EnforcementPlan
    filterset_class = PlanFilter
    template_name = "inspections/plan_list.html"
    select_related = ("department",)
    export_title = "年度执法计划"
    export_columns = exports.PLAN_COLUMNS

    def export_row(self, obj):
        return exports.plan_row(obj)


class PlanEditView(PermissionRequiredMixin, View):
    permission_required = "inspections.create_plan"

    def get_plan(self, pk):
        if pk is None:
            return None
        return get_object_or_404(EnforcementPlan.objects.for_user(self.request.user), pk=pk)

    def get(self, request, pk: int | None = None):
        plan = self.get_plan(pk)
        initial = {"year": timezone.localdate().year + (1 if timezone.localdate().month >= 11 else 0)}
        if plan is not None:
            initial = {"year": plan.year, "q1": plan.q1, "q2": plan.q2, "q3": plan.q3, "q4": plan.q4,
                       "note": plan.note, "key_enterprises": list(plan.key_enterprises.values_list("pk", flat=True))}
        return self.render(PlanForm(initial=initial, user=request.user), plan)

    def post(self, request, pk: int | None = None):
        plan = self.get_plan(pk)
        form = PlanForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                plan = services.plan_save(by=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "执法计划已保存")
                return redirect("inspections:plan_detail", pk=plan.pk)
        return self.render(form, plan, status=400)

    def render(self, form, plan, status=200):
        title = "编辑年度执法计划" if plan else "新建年度执法计划"
        return render(self.request, "inspections/form.html", {"form": form, "title": title,
                                                              "back": reverse("inspections:plan_list")}, status=status)


class PlanDetailView(PermissionRequiredMixin, ScopedDetailView):
    permission_required = "inspections.view_enforcement"
    model = EnforcementPlan
    template_name = "inspections/plan_detail.html"
    select_related = ("department", "decided_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        progress = selectors.plan_progress(plan)
        ctx.update(progress=progress, key_enterprises=plan.key_enterprises.all(), key_done=set(progress.key_done),
                   decide_form=DecideForm())
        return ctx


class ActionView(LoginRequiredMixin, View):
    """A POST that calls one service and goes back with a message."""

    model = None

    def post(self, request, pk: int):
        obj = get_object_or_404(self.model.objects.for_user(request.user), pk=pk)
        try:
            text = self.act(request, obj)
        except ValidationError as exc:
            messages.error(request, error_text(exc=exc, labels=getattr(self, "labels", {})))
        else:
            messages.success(request, text)
        return redirect(self.back(obj))


class PlanSubmitView(ActionView):
    model = EnforcementPlan

    def act(self, request, plan):
        services.plan_submit(plan=plan, by=request.user)
        return "已报安委办审批"

    def back(self, plan):
        return reverse("inspections:plan_detail", kwargs={"pk": plan.pk})


class PlanDecideView(ActionView):
    model = EnforcementPlan
    labels = {"note": "审批意见"}

    def act(self, request, plan):
        form = DecideForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(form))
        services.plan_decide(plan=plan, by=request.user, **form.cleaned_data)
        return "审批完成"

    def back(self, plan):
        return reverse("inspections:plan_detail", kwargs={"pk": plan.pk})


# ---------------------------------------------------------------------------------------------
# 执法检查


class InspectionListView(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilter
    template_name = "inspections/inspection_list.html"
    select_related = ("enterprise", "department", "region")
    export_title = "执法检查记录"
    export_columns = exports.INSPECTION_COLUMNS

    def export_queryset(self, qs):
        return qs.prefetch_related("inspectors")

    def export_row(self, obj):
        return exports.inspection_row(obj)


class InspectionCreateView(PermissionRequiredMixin, View):
    permission_required = "inspections.create_inspection"

    def get(self, request):
        initial = {}
        if request.GET.get("enterprise"):
            initial["enterprise"] = request.GET["enterprise"]
        return self.render(InspectionForm(user=request.user, initial=initial))

    def post(self, request):
        form = InspectionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                insp = services.inspection_start(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "检查记录已建立，请逐项检查")
                return redirect("inspections:inspection_detail", pk=insp.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "inspections/form.html", {
            "form": form, "title": "新建执法检查", "back": reverse("inspections:inspection_list")}, status=status)


def _inspection_page(request, insp: Inspection, status: int = 200, **bound):
    allowed = INSPECTION.allowed_actions(request.user, insp)
    items = list(services.checklist_items(insp.enterprise))
    answers = {a.item_id: a for a in insp.answers.all()}
    hazards = list(services.origin_hazards(insp).order_by("pk"))
    ordered = set(EnforcementDocument.objects.filter(kind=DocumentKind.ORDER, hazards__in=hazards)
                  .values_list("hazards", flat=True))
    orderable = [h for h in hazards if h.pk not in ordered and h.status != HazardStatus.CLOSED]
    ctx = {
        "inspection": insp, "enterprise": insp.enterprise, "allowed": allowed,
        "checklist": _checklist_rows(items, answers), "answered": len(answers), "item_count": len(items),
        "hazards": hazards, "documents": insp.documents.order_by("pk"),
        "penalties": insp.penalties.select_related("document"), "inspectors": insp.inspectors.all(),
        "draft": insp.is_draft, "checklist_errors": bound.pop("checklist_errors", None),
        "minor_violations": minor_violations(), "result_choices": CheckResult.choices,
    }
    if "hazard" in allowed:
        ctx["hazard_form"] = bound.get("hazard_form") or InspectionHazardForm(prefix="hazard")
    if "finish" in allowed:
        ctx["finish_form"] = bound.get("finish_form") or InspectionFinishForm(prefix="finish")
    if "order" in allowed:
        if orderable:
            from hazards.models import Hazard

            ctx["order_form"] = bound.get("order_form") or OrderForm(
                prefix="order", hazards=Hazard.objects.filter(pk__in=[h.pk for h in orderable]),
                initial={"hazards": [h.pk for h in orderable]})
    if "violation" in allowed:
        ctx["violation_form"] = bound.get("violation_form") or ViolationForm(prefix="violation")
    return render(request, "inspections/inspection_detail.html", ctx, status=status)


class InspectionDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        insp = get_object_or_404(Inspection.objects.for_user(request.user).select_related(
            "enterprise", "department", "region", "draw_item"), pk=pk)
        return _inspection_page(request, insp)


class InspectionStepView(LoginRequiredMixin, View):
    anchor = ""

    def post(self, request, pk: int):
        insp = get_object_or_404(Inspection.objects.for_user(request.user).select_related("enterprise", "department"),
                                 pk=pk)
        result = self.step(request, insp)
        if isinstance(result, str):
            messages.success(request, result)
            return redirect(f"{reverse('inspections:inspection_detail', kwargs={'pk': insp.pk})}#{self.anchor}")
        return _inspection_page(request, insp, status=400, **result)


class InspectionChecklistView(InspectionStepView):
    anchor = "step-checklist"

    def step(self, request, insp):
        items = list(services.checklist_items(insp.enterprise))
        try:
            services.inspection_save_answers(inspection=insp, by=request.user,
                                             answers=_answers_from_post(request.POST, items))
        except ValidationError as exc:
            return {"checklist_errors": error_text(exc=exc)}
        return "检查表已保存"


class InspectionHazardView(InspectionStepView):
    anchor = "step-hazards"

    def step(self, request, insp):
        form = InspectionHazardForm(request.POST, request.FILES, prefix="hazard")
        if form.is_valid():
            try:
                h = services.inspection_record_hazard(inspection=insp, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return f"隐患已登记入台账：{h.number}"
        return {"hazard_form": form}


class InspectionFinishView(InspectionStepView):
    anchor = "documents"

    def step(self, request, insp):
        form = InspectionFinishForm(request.POST, prefix="finish")
        if form.is_valid():
            try:
                insp = services.inspection_finish(inspection=insp, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                if "answers" in getattr(exc, "error_dict", {}):
                    return {"finish_form": form, "checklist_errors": "；".join(exc.message_dict["answers"])}
                add_service_errors(form, exc)
            else:
                return f"检查已完成，现场检查记录 {insp.documents.get(kind=DocumentKind.RECORD).number}"
        return {"finish_form": form}


class InspectionOrderView(InspectionStepView):
    anchor = "documents"

    def step(self, request, insp):
        from hazards.models import Hazard

        form = OrderForm(request.POST, prefix="order", hazards=Hazard.objects.filter(
            pk__in=services.origin_hazards(insp).values("pk")))
        if form.is_valid():
            try:
                doc = services.inspection_issue_order(inspection=insp, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return f"已签发责令限期整改指令书 {doc.number}"
        return {"order_form": form}


class InspectionViolationView(InspectionStepView):
    anchor = "penalties"

    def step(self, request, insp):
        form = ViolationForm(request.POST, prefix="violation")
        if form.is_valid():
            try:
                p = services.violation_handle(inspection=insp, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return f"{p.get_status_display()}：{p.document.get_kind_display()} {p.document.number}"
        return {"violation_form": form}


# ---------------------------------------------------------------------------------------------
# 执法文书, 复查, 处罚


class DocumentListView(ScopedListView):
    model = EnforcementDocument
    filterset_class = DocumentFilter
    template_name = "inspections/document_list.html"
    select_related = ("enterprise", "department", "issued_by")
    export_title = "执法文书"
    export_columns = exports.DOCUMENT_COLUMNS

    def export_row(self, obj):
        return exports.document_row(obj)


class DocumentDetailView(ScopedDetailView):
    """The document as printed: A4, 文书 layout (print CSS)."""

    model = EnforcementDocument
    template_name = "inspections/document_print.html"
    select_related = ("enterprise", "department", "issued_by", "inspection", "order")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        doc = self.object
        ctx["inspectors"] = doc.inspection.inspectors.all()
        if doc.kind == DocumentKind.REVIEW:
            ctx["inspectors"] = doc.reinspection.inspectors.all()
        ctx["open_order"] = (doc.kind == DocumentKind.ORDER
                             and not doc.reinspections.filter(conclusion=ReinspectionConclusion.PASSED).exists())
        ctx["reinspections"] = doc.reinspections.select_related("document")
        return ctx


class ReinspectionCreateView(PermissionRequiredMixin, View):
    permission_required = "inspections.create_inspection"

    def load(self, pk: int) -> list:
        self.order = get_object_or_404(
            EnforcementDocument.objects.for_user(self.request.user).filter(kind=DocumentKind.ORDER), pk=pk)
        return list(self.order.hazards.order_by("pk"))

    def get(self, request, pk: int):
        return self.render(ReinspectionForm(user=request.user, hazards=self.load(pk)))

    def post(self, request, pk: int):
        hazards = self.load(pk)
        form = ReinspectionForm(request.POST, user=request.user, hazards=hazards)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rec = services.reinspection_record(
                    order=self.order, by=request.user, inspected_on=d["inspected_on"], inspectors=d["inspectors"],
                    results=form.results(hazards), note=d["note"], rectified=d.get("rectified"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"复查完成（{rec.get_conclusion_display()}），已出具整改复查意见书 {rec.document.number}")
                return redirect("inspections:document_detail", pk=rec.document.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "inspections/reinspection_form.html",
                      {"form": form, "order": self.order}, status=status)


class PenaltyListView(ScopedListView):
    model = Penalty
    filterset_class = PenaltyFilter
    template_name = "inspections/penalty_list.html"
    select_related = ("enterprise", "department", "document")
    export_title = "行政处罚"
    export_columns = exports.PENALTY_COLUMNS

    def export_row(self, obj):
        return exports.penalty_row(obj)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["paid_form"] = PaidForm()
        ctx["minor"] = minor_violations()
        return ctx


class PenaltyPaidView(ActionView):
    model = Penalty
    labels = {"paid_on": "缴纳日期"}

    def act(self, request, penalty):
        form = PaidForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(form))
        services.penalty_mark_paid(penalty=penalty, by=request.user, **form.cleaned_data)
        return "已登记罚款缴纳"

    def back(self, penalty):
        return reverse("inspections:penalty_list")


# ---------------------------------------------------------------------------------------------
# 双随机一公开


class DrawListView(PermissionRequiredMixin, ScopedListView):
    permission_required = "inspections.view_enforcement"
    model = RandomDraw
    filterset_class = DrawFilter
    template_name = "inspections/draw_list.html"
    select_related = ("department", "drawn_by")
    export_title = "双随机抽取记录"
    export_columns = exports.DRAW_COLUMNS

    def export_row(self, obj):
        return exports.draw_row(obj)


class DrawCreateView(PermissionRequiredMixin, View):
    permission_required = "inspections.create_draw"

    def get(self, request):
        return self.render(DrawForm(user=request.user))

    def post(self, request):
        form = DrawForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                draw = services.draw_create(by=request.user, title=d["title"], criteria=form.criteria(),
                                            enterprise_count=d["enterprise_count"],
                                            inspectors_per_enterprise=d["inspectors_per_enterprise"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已抽取 {draw.items.count()} 家企业")
                return redirect("inspections:draw_detail", pk=draw.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "inspections/form.html", {
            "form": form, "title": "双随机抽取", "back": reverse("inspections:draw_list"),
            "intro": "从本部门监管企业名录库（按条件）随机抽取企业，并从本部门持证执法人员名录库为每家企业随机匹配执法人员；"
                     "已申报回避的人员和上次检查该企业的人员不参与匹配。抽取记录保存随机种子和名录库快照哈希，可随时复核。",
        }, status=status)


class DrawDetailView(PermissionRequiredMixin, ScopedDetailView):
    """The draw's audit record: seed, snapshot hash, re-run and live-pool check, publication."""

    permission_required = "inspections.view_enforcement"
    model = RandomDraw
    template_name = "inspections/draw_detail.html"
    select_related = ("department", "drawn_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        draw = self.object
        ctx["check"] = draws.check_draw(draw)
        ctx["rows"] = selectors.publication_rows(draw.items.order_by("position"))
        ctx["publishable"] = any(r.finished_on and not r.item.published_at for r in ctx["rows"])
        ctx["startable"] = {r.item.pk for r in ctx["rows"] if can(self.request.user, "inspections.start_draw_item", r.item)}
        ctx["pool_size"] = len(draw.snapshot.get("enterprises", []))
        ctx["inspector_pool"] = len(draw.snapshot.get("inspectors", []))
        ctx["snapshot_json"] = draws.canonical_json(draw.snapshot)
        return ctx


class DrawPublishView(ActionView):
    model = RandomDraw

    def act(self, request, draw):
        n = services.draw_publish(draw=draw, by=request.user)
        return f"已在公示页面公开 {n} 家企业的检查结果"

    def back(self, draw):
        return reverse("inspections:draw_detail", kwargs={"pk": draw.pk})


class DrawItemStartView(PermissionRequiredMixin, View):
    permission_required = "inspections.create_inspection"

    def post(self, request, pk: int):
        item = get_object_or_404(DrawItem.objects.for_user(request.user), pk=pk)
        try:
            insp = services.inspection_start(by=request.user, draw_item=item, inspected_on=timezone.localdate())
        except ValidationError as exc:
            messages.error(request, error_text(exc=exc, labels={"inspectors": "执法人员"}))
            return redirect("inspections:draw_detail", pk=item.draw_id)
        return redirect("inspections:inspection_detail", pk=insp.pk)


class ConflictListView(PermissionRequiredMixin, View):
    permission_required = "inspections.view_enforcement"

    def get(self, request):
        return self.render(ConflictForm(user=request.user))

    def post(self, request):
        form = ConflictForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.conflict_declare(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "回避申报已登记，今后抽取不再匹配该人员与该企业")
                return redirect("inspections:conflict_list")
        return self.render(form, status=400)

    def render(self, form, status=200):
        qs = Conflict.objects.for_user(self.request.user).select_related("inspector", "enterprise")
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(Q(enterprise__name__icontains=q) | Q(inspector__full_name__icontains=q))
        if self.request.GET.get("export") == "xlsx":
            return xlsx_response("回避申报", ["执法人员", "企业", "回避事由", "申报时间"],
                                 ([str(c.inspector), c.enterprise.name, c.reason, c.declared_at] for c in qs))
        page = Paginator(qs, 30).get_page(self.request.GET.get("page"))
        return render(self.request, "inspections/conflict_list.html",
                      {"form": form, "page_obj": page, "object_list": page.object_list, "q": q}, status=status)


class PublicResultsView(View):
    """双随机一公开 results for everyone, without login: enterprise, date, result."""

    def get(self, request):
        qs = selectors.public_results()
        department = request.GET.get("department", "")
        if department.isdigit():
            qs = qs.filter(draw__department_id=int(department))
        q = request.GET.get("q", "").strip()
        if q:
            qs = qs.filter(enterprise__name__icontains=q)
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(request, "inspections/public_results.html", {
            "page_obj": page, "object_list": page.object_list, "departments": Department.objects.all(),
            "department": department, "q": q, "querystring": query.urlencode(),
        })
