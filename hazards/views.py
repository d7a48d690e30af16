"""Thin HTML views of the hazards app: parse, call a service or selector, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.permissions import PermissionRequiredMixin, can, is_enterprise, require
from enterprises.models import Enterprise
from safety_platform.excel import xlsx_response
from safety_platform.exports import ExportSpec, export_response
from safety_platform.forms import error_text, run_service
from safety_platform.media import file_response
from safety_platform.views import ScopedDetailView, ScopedListView

from . import exports, selectors, services
from .choices import FilingStatus, HazardGrade, HazardStatus, PhotoKind
from .filters import CheckTemplateFilter, FilingFilter, HazardFilter, SelfCheckFilter, StatisticsFilter
from .forms import (
    CheckItemForm,
    CheckTemplateForm,
    ExtensionDecisionForm,
    ExtensionForm,
    HazardReportForm,
    NoteForm,
    PhotoForm,
    PlanForm,
    SelfCheckForm,
    SelfCheckProxyForm,
    SpotCheckForm,
    SubmitForm,
    SuperviseForm,
    VerifyForm,
    WithdrawForm,
)
from .models import CheckItem, CheckTemplate, ExtensionRequest, Hazard, HazardPhoto, SelfCheck
from .permissions import EXTENSION, HAZARD, verifier_text
from .rules import deadline_text, selfcheck_deadline, week_label, week_start_of

# ---------------------------------------------------------------------------------------------
# ledger, detail, report


class HazardLedgerView(ScopedListView):
    model = Hazard
    filterset_class = HazardFilter
    template_name = "hazards/ledger.html"
    select_related = ("enterprise", "region")
    export_title = "隐患台账"
    export_columns = exports.HAZARD_COLUMNS

    def get_queryset(self):
        return super().get_queryset().order_by("-reported_at", "-id")

    def export_queryset(self, qs):
        return qs.select_related("enterprise__industry", "region", "reporter").only(*exports.HAZARD_ROW_FIELDS)

    def export_row(self, obj):
        return exports.hazard_row(obj)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        return ctx


class HazardDetailView(ScopedDetailView):
    model = Hazard
    template_name = "hazards/detail.html"
    select_related = ("enterprise", "region", "reporter", "department", "closed_by", "self_check")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        h: Hazard = self.object
        ctx.update(
            transitions=h.transitions.select_related("by"),
            before_photos=[p for p in h.photos.all() if p.kind == PhotoKind.BEFORE],
            after_photos=[p for p in h.photos.all() if p.kind == PhotoKind.AFTER],
            supervision=getattr(h, "supervision", None),
            extensions=h.extension_requests.select_related("requested_by", "decided_by"),
            verifier=verifier_text(h),
            today=timezone.localdate(),
            # the buttons: exactly the actions of the lifecycle tables this user may take now
            hazard_lifecycle=HAZARD, extension_lifecycle=EXTENSION,
            is_major=h.grade == HazardGrade.MAJOR,
            after_photos_next=h.status == HazardStatus.RECTIFYING,
            start_form=NoteForm(), submit_form=SubmitForm(), verify_form=VerifyForm(), spot_form=SpotCheckForm(),
            photo_form=PhotoForm(), supervise_form=SuperviseForm(), extension_form=ExtensionForm(),
            withdraw_form=WithdrawForm(),
            decision_form=ExtensionDecisionForm(),
        )
        return ctx


class HazardReportView(PermissionRequiredMixin, View):
    permission_required = "hazards.report"
    template_name = "hazards/report.html"

    def get(self, request):
        form = HazardReportForm(user=request.user, initial={"enterprise": request.GET.get("enterprise")})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = HazardReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            ok, hazard = run_service(
                request, services.hazard_report, form=form,
                enterprise=data["enterprise"], reporter=request.user, source=data["source"], grade=data["grade"],
                description=data["description"], deadline=data["deadline"], location=data["location"],
                category=data["category"], responsible=data["responsible"], photos=data["photos"],
            )
            if ok:
                messages.success(request, f"隐患 {hazard.number} 已登记")
                return redirect("hazards:detail", pk=hazard.pk)
        return render(request, self.template_name, {"form": form}, status=400 if request.method == "POST" else 200)


class HazardPlanView(LoginRequiredMixin, View):
    """治理方案 五到位 for a major hazard."""

    template_name = "hazards/plan.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.hazard = get_object_or_404(Hazard.objects.for_user(request.user).select_related("enterprise"), pk=kwargs["pk"])
        require(request.user, "hazards.plan", self.hazard)  # 403 before the form (major hazards only)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        h = self.hazard
        form = PlanForm(initial={"responsibility": h.plan_responsibility, "measures": h.plan_measures,
                                 "funds": h.plan_funds, "deadline": h.plan_deadline, "emergency": h.plan_emergency})
        return render(request, self.template_name, {"form": form, "hazard": h})

    def post(self, request, pk):
        form = PlanForm(request.POST)
        if form.is_valid():
            ok, _ = run_service(request, services.hazard_set_plan, form=form, hazard=self.hazard, by=request.user,
                                **form.cleaned_data)
            if ok:
                missing = self.hazard.plan_missing
                if missing:
                    messages.warning(request, f"治理方案已保存，五到位尚缺：{'、'.join(missing)}")
                else:
                    messages.success(request, "治理方案已保存，五到位已全部落实")
                return redirect("hazards:detail", pk=pk)
        return render(request, self.template_name, {"form": form, "hazard": self.hazard}, status=400)


class HazardActionView(LoginRequiredMixin, View):
    """A POST from the hazard page: who may (403 before the form), parse the form, call the service,
    flash the outcome. ``permission``: the who-part the service checks first (hazards/permissions.py)."""

    http_method_names = ["post"]
    form_class = NoteForm
    permission = "hazards.act"
    success = ""

    def post(self, request, pk):
        hazard = get_object_or_404(Hazard.objects.for_user(request.user).select_related("enterprise"), pk=pk)
        require(request.user, self.permission, hazard)
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, error_text(form))
        else:
            # as run_service, but the flash names the form's fields ('验收意见：…'); PermissionDenied → 403
            try:
                self.act(hazard, request.user, form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(form, exc))
            else:
                messages.success(request, self.success)
        return redirect("hazards:detail", pk=pk)

    def act(self, hazard, user, data):
        raise NotImplementedError


class HazardStartView(HazardActionView):
    permission = "hazards.start"
    success = "已开始整改"

    def act(self, hazard, user, data):
        services.hazard_start_rectification(hazard=hazard, by=user, note=data["note"])


class HazardSubmitView(HazardActionView):
    form_class = SubmitForm
    permission = "hazards.submit"
    success = "整改情况已提交验收"

    def act(self, hazard, user, data):
        services.hazard_submit(hazard=hazard, by=user, note=data["note"], photos=data["photos"])


class HazardVerifyView(HazardActionView):
    form_class = VerifyForm
    permission = "hazards.verify"
    success = "验收结论已记录"

    def act(self, hazard, user, data):
        services.hazard_verify(hazard=hazard, by=user, passed=data["passed"], note=data["note"])


class HazardSpotCheckView(HazardActionView):
    form_class = SpotCheckForm
    permission = "hazards.spot_checker"
    success = "抽查结论已记录"

    def act(self, hazard, user, data):
        services.hazard_spot_check(hazard=hazard, by=user, passed=data["passed"], note=data["note"])


class HazardWithdrawView(HazardActionView):
    form_class = WithdrawForm
    permission = "hazards.withdraw"
    success = "隐患已按误报撤销，属地网格员将抽查"

    def act(self, hazard, user, data):
        services.hazard_withdraw(hazard=hazard, by=user, reason=data["reason"])


class HazardPhotoAddView(HazardActionView):
    form_class = PhotoForm
    permission = "hazards.add_photos"
    success = "照片已上传"

    def act(self, hazard, user, data):
        kind = PhotoKind.AFTER if hazard.status == HazardStatus.RECTIFYING else PhotoKind.BEFORE
        services.hazard_add_photos(hazard=hazard, by=user, kind=kind, photos=data["photos"])


class HazardSuperviseView(HazardActionView):
    form_class = SuperviseForm
    permission = "hazards.supervisor"
    success = "已挂牌督办"

    def act(self, hazard, user, data):
        services.hazard_supervise(hazard=hazard, by=user, deadline=data["deadline"], reason=data["reason"],
                                  doc_no=data["doc_no"])


class HazardExtensionView(HazardActionView):
    form_class = ExtensionForm
    permission = "hazards.extension_requester"
    success = "延期申请已提交，等待安委办审批"

    def act(self, hazard, user, data):
        services.extension_request(hazard=hazard, by=user, new_deadline=data["new_deadline"], reason=data["reason"])


class ExtensionDecideView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        req = get_object_or_404(
            ExtensionRequest.objects.filter(hazard__in=Hazard.objects.for_user(request.user).values("pk")), pk=pk
        )
        require(request.user, "hazards.decide_extension", req)
        form = ExtensionDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, error_text(form))
        else:
            try:
                services.extension_decide(request=req, by=request.user, approve=form.cleaned_data["approve"],
                                          note=form.cleaned_data["note"])
            except ValidationError as exc:
                messages.error(request, error_text(form, exc))
            else:
                messages.success(request, "审批结论已记录")
        return redirect("hazards:detail", pk=req.hazard_id)


def photo_file(request, pk: int):
    """A hazard photo, served only to users who can see the hazard."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    photo = get_object_or_404(HazardPhoto.objects.filter(hazard__in=Hazard.objects.for_user(request.user).values("pk")), pk=pk)
    return file_response(photo.image, title=f"隐患{photo.hazard_id}-{photo.get_kind_display()}")


# ---------------------------------------------------------------------------------------------
# weekly self-check


def _week_param(request) -> dt.date:
    raw = request.GET.get("week") or request.POST.get("week")
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(raw) if raw else today
    except ValueError:
        day = today
    return week_start_of(day)


class SelfCheckWeekView(PermissionRequiredMixin, View):
    """The enterprise's "this week" form (or a past week's, filed late)."""

    permission_required = "hazards.file_selfcheck"
    template_name = "hazards/selfcheck_form.html"
    form_class = SelfCheckForm
    proxy = False

    def get_enterprise(self, request):
        return request.user.enterprise

    def context(self, request, week: dt.date, form=None, existing=None):
        enterprise = self.get_enterprise(request)
        items = list(
            CheckItem.objects.filter(template__in=CheckTemplate.objects.for_enterprise(enterprise))
            .select_related("template")
        )
        answers = list(existing.answers.select_related("item", "hazard")) if existing else []
        initial = {a.item_id: a.result for a in answers}
        opened = {a.item_id: a.hazard for a in answers if a.hazard_id}
        if form is None:
            form = self.form_class(items=items, initial_answers=initial, opened=opened,
                                 initial={"zero_report": existing.is_zero if existing else False,
                                          "note": existing.note if existing else ""})
        deadline = selfcheck_deadline(week)
        now = timezone.now()
        return {
            "form": form, "week": week, "week_label": week_label(week), "deadline": deadline,
            "deadline_text": deadline_text(deadline),
            "is_past_deadline": now > deadline, "existing": existing, "opened": opened,
            "opened_hazards": list(existing.hazards.order_by("pk")) if existing else [],
            "can_amend": existing is not None and now <= deadline
            and can(request.user, "hazards.amend_selfcheck", existing),
            "enterprise": enterprise, "templates": sorted({i.template for i in items}, key=lambda t: t.pk),
            "current_week": week_start_of(timezone.localdate()), "proxy": self.proxy,
        }

    def get(self, request, **kwargs):
        week = _week_param(request)
        if week > week_start_of(timezone.localdate()):
            raise Http404("不能填报未来周次")
        existing = SelfCheck.objects.filter(enterprise=self.get_enterprise(request), week_start=week).first()
        return render(request, self.template_name, self.context(request, week, existing=existing))

    def post(self, request, **kwargs):
        week = _week_param(request)
        enterprise = self.get_enterprise(request)
        existing = SelfCheck.objects.filter(enterprise=enterprise, week_start=week).first()
        ctx = self.context(request, week, existing=existing)
        form = self.form_class(request.POST, request.FILES, items=ctx["form"].items, opened=ctx["opened"])
        if form.is_valid():
            kwargs = dict(by=request.user, answers=form.answers(), zero_report=form.cleaned_data["zero_report"],
                          note=form.cleaned_data["note"])
            if self.proxy:
                kwargs |= {"on_behalf": True, "proxy_reason": form.cleaned_data["proxy_reason"]}
            if existing is not None and request.POST.get("amend") == "1" and not self.proxy:
                ok, sc = run_service(request, services.selfcheck_amend, form=form, self_check=existing, **kwargs)
                if ok:
                    messages.success(request, f"{sc.week_label}自查已修改（第 {sc.amend_count} 次修改）")
            else:
                ok, sc = run_service(request, services.selfcheck_submit, form=form, enterprise=enterprise,
                                     week_start=week, **kwargs)
                if ok:
                    text = "零报告" if sc.is_zero else f"发现隐患 {sc.hazards_found} 条，已进入隐患台账"
                    messages.success(request, f"{sc.week_label}自查已{'代报' if sc.is_proxy else '提交'}：{text}"
                                              f"{'（逾期补报）' if sc.is_late else ''}")
            if ok:
                return redirect("hazards:selfcheck_detail", pk=sc.pk)
        return render(request, self.template_name, self.context(request, week, form=form, existing=existing), status=400)


class SelfCheckProxyView(SelfCheckWeekView):
    """代报: a grid officer (its cells) or street (its street) files the week for an enterprise
    that cannot use the platform — the enterprise's form, plus the reason; the service decides."""

    permission_required = "hazards.proxy_filer"
    form_class = SelfCheckProxyForm
    proxy = True

    def get_enterprise(self, request):
        if not hasattr(self, "_enterprise"):
            self._enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=self.kwargs["enterprise"])
            require(request.user, "hazards.file_selfcheck_for", self._enterprise)
        return self._enterprise


class SelfCheckListView(ScopedListView):
    """History: an enterprise sees its own weeks (with the missing ones); staff the scoped list."""

    model = SelfCheck
    filterset_class = SelfCheckFilter
    template_name = "hazards/selfcheck_list.html"
    select_related = ("enterprise", "submitted_by")
    export_title = "自查周报"
    export_columns = exports.SELFCHECK_COLUMNS

    def export_row(self, obj):
        return exports.selfcheck_row(obj)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        if is_enterprise(user) and user.enterprise_id:
            ctx["weeks"] = selectors.weekly_filing_history(user.enterprise)
            ctx["now"] = timezone.now()
        return ctx


class SelfCheckDetailView(ScopedDetailView):
    model = SelfCheck
    template_name = "hazards/selfcheck_detail.html"
    select_related = ("enterprise", "submitted_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        sc = self.object
        ctx["answers"] = sc.answers.select_related("item__template", "hazard")
        ctx["opened_hazards"] = list(sc.hazards.order_by("pk"))
        ctx["deadline"] = selfcheck_deadline(sc.week_start)
        ctx["deadline_text"] = deadline_text(ctx["deadline"])
        ctx["can_amend"] = can(self.request.user, "hazards.amend_selfcheck", sc) and timezone.now() <= ctx["deadline"]
        return ctx


class FilingBoardView(PermissionRequiredMixin, View):
    """Per week: which enterprises filed, filed a zero report, filed late, or are missing."""

    permission_required = "hazards.view_filing"
    template_name = "hazards/filing_board.html"

    def get(self, request):
        week = _week_param(request)
        enterprises = Enterprise.objects.for_user(request.user)
        f = FilingFilter(request.GET or None, queryset=enterprises, request=request)
        scoped = f.qs
        status = request.GET.get("status", "")
        proxy_only = request.GET.get("proxy") == "1"
        rows = selectors.filter_filing(selectors.filing_rows(scoped, week), status).select_related("region", "industry")
        if proxy_only:
            rows = selectors.filter_proxy(rows)
        if request.GET.get("export") == "xlsx":
            export_status = status or FilingStatus.MISSING
            data = selectors.filter_filing(selectors.filing_rows(scoped, week), export_status).select_related(
                "region", "industry"
            )
            label = FilingStatus(export_status).label
            return export_response(request, ExportSpec(
                f"{week_label(week)}自查{label}企业", exports.FILING_COLUMNS,
                (exports.filing_row(e, week) for e in data.order_by("region__path", "name").iterator(2000)),
                count=data.count,
            ))
        counts = selectors.filing_counts(scoped, week)
        page = Paginator(rows.order_by("region__path", "name", "pk"), 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        total = counts["total"] or 0
        return render(request, self.template_name, {
            "filter": f, "week": week, "week_label": week_label(week), "deadline": selfcheck_deadline(week),
            "deadline_text": deadline_text(selfcheck_deadline(week)),
            "counts": counts, "page_obj": page, "object_list": page.object_list, "querystring": query.urlencode(),
            "rate": selectors.percent(total - counts[FilingStatus.MISSING], total),
            "prev_week": week - dt.timedelta(weeks=1), "next_week": week + dt.timedelta(weeks=1),
            "status": status, "statuses": FilingStatus.choices, "proxy_only": proxy_only,
            "proxy_count": counts[selectors.PROXY],
            "can_export": True, "is_current": week == week_start_of(timezone.localdate()),
        })


class StatisticsView(PermissionRequiredMixin, View):
    """Quarterly and yearly summary (16号令): found, closed, overdue, major, rectification rate."""

    permission_required = "hazards.view_statistics"
    template_name = "hazards/statistics.html"

    def get(self, request):
        today = timezone.localdate()
        form = StatisticsFilter(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        year, quarter, by = form.cleaned_data["year"], form.cleaned_data["quarter"], form.cleaned_data["by"] or "region"
        rows, total = selectors.hazard_statistics(Hazard.objects.for_user(request.user), year=year, quarter=quarter, by=by)
        period = f"{year}年" + (f"第{quarter}季度" if quarter else "全年")
        if request.GET.get("export") == "xlsx":
            dim = "街道/镇" if by == "region" else "行业"
            return xlsx_response(f"{period}隐患排查治理统计", [dim, *exports.STAT_COLUMNS],
                                 [exports.stat_row(r) for r in [*rows, total]])
        query = request.GET.copy()
        return render(request, self.template_name, {
            "form": form, "rows": rows, "total": total, "period": period, "by": by,
            "querystring": query.urlencode(), "chart": [{"name": r.name, "found": r.found, "closed": r.closed,
                                                         "overdue": r.overdue} for r in rows[:20]],
        })


# ---------------------------------------------------------------------------------------------
# check templates (read by every staff role, maintained by the office)


class CheckTemplateListView(PermissionRequiredMixin, ScopedListView):
    permission_required = "hazards.view_templates"
    model = CheckTemplate
    filterset_class = CheckTemplateFilter
    template_name = "hazards/template_list.html"
    export_title = "自查检查表"
    export_columns = exports.TEMPLATE_COLUMNS

    def scoped_queryset(self):
        return CheckTemplate.objects.select_related("industry").prefetch_related("items")

    def export_queryset(self, qs):
        return CheckItem.objects.filter(template__in=qs).select_related("template__industry")

    def export_row(self, obj):
        return exports.template_item_row(obj)



class CheckTemplateDetailView(PermissionRequiredMixin, View):
    permission_required = "hazards.view_templates"
    template_name = "hazards/template_detail.html"

    def render_page(self, request, template, item_form=None, status=200):
        return render(request, self.template_name, {
            "template": template, "items": template.items.all(), "item_form": item_form or CheckItemForm(),
        }, status=status)

    def get(self, request, pk):
        return self.render_page(request, get_object_or_404(CheckTemplate, pk=pk))

    def post(self, request, pk):
        """Add an item (the office)."""
        template = get_object_or_404(CheckTemplate, pk=pk)
        require(request.user, "hazards.edit_templates")  # 403 before the form
        form = CheckItemForm(request.POST)
        if form.is_valid():
            ok, _ = run_service(request, services.item_save, form=form, success="检查项已添加", by=request.user,
                                template=template, **form.cleaned_data)
            if ok:
                return redirect("hazards:template_detail", pk=pk)
        return self.render_page(request, template, form, status=400)


class CheckTemplateEditView(PermissionRequiredMixin, View):
    permission_required = "hazards.edit_templates"
    template_name = "hazards/template_form.html"

    def get(self, request, pk=None):
        template = get_object_or_404(CheckTemplate, pk=pk) if pk else None
        return render(request, self.template_name, {"form": CheckTemplateForm(instance=template), "template": template})

    def post(self, request, pk=None):
        template = get_object_or_404(CheckTemplate, pk=pk) if pk else None
        form = CheckTemplateForm(request.POST, instance=CheckTemplate.objects.get(pk=pk) if pk else None)
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
            ok, saved = run_service(request, services.template_save, form=form, success="检查表已保存",
                                    by=request.user, template=template, **fields)
            if ok:
                return redirect("hazards:template_detail", pk=saved.pk)
        return render(request, self.template_name, {"form": form, "template": template}, status=400)


class CheckItemEditView(PermissionRequiredMixin, View):
    permission_required = "hazards.edit_templates"
    template_name = "hazards/item_form.html"

    def get(self, request, pk):
        item = get_object_or_404(CheckItem.objects.select_related("template"), pk=pk)
        return render(request, self.template_name, {"form": CheckItemForm(instance=item), "item": item})

    def post(self, request, pk):
        item = get_object_or_404(CheckItem.objects.select_related("template"), pk=pk)
        form = CheckItemForm(request.POST, instance=CheckItem.objects.get(pk=pk))
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
            ok, _ = run_service(request, services.item_save, form=form, success="检查项已保存", by=request.user,
                                template=item.template, item=item, **fields)
            if ok:
                return redirect("hazards:template_detail", pk=item.template_id)
        return render(request, self.template_name, {"form": form, "item": item}, status=400)

