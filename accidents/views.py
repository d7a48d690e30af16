"""Thin HTML views: parse, call a service or selector, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import AuditLog, Region
from accounts.permissions import PermissionRequiredMixin, is_enterprise, permission_required, require
from safety_platform.excel import ImportFileError, template_response, xlsx_response
from safety_platform.forms import add_service_errors, error_text, run_service
from safety_platform.media import file_response
from safety_platform.views import ScopedListView

from . import exports, selectors, services
from .choices import ReportLevel, StatsDimension
from .filters import AccidentFilter, RegionYearDataFilter
from .forms import (
    AccidentReportForm,
    AttachmentForm,
    CloseForm,
    EvaluationForm,
    FollowUpForm,
    ImportForm,
    IndicatorQueryForm,
    InvestigationForm,
    IrregularityForm,
    MissingResolveForm,
    PlanForm,
    PlanTargetForm,
    ReportForm,
    RevisionForm,
    StatsQueryForm,
    YearConfirmForm,
    YearDataForm,
)
from .models import Accident, AccidentAttachment, Plan, RegionYearData
from .rules import next_open_step, year_confirmable

# ---------------------------------------------------------------- accidents


class AccidentListView(ScopedListView):
    model = Accident
    filterset_class = AccidentFilter
    template_name = "accidents/accident_list.html"
    select_related = ("region", "enterprise", "industry")
    export_title = "生产安全事故台账"
    export_columns = exports.ACCIDENT_COLUMNS

    def export_row(self, obj):
        return exports.accident_row(obj)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        return ctx


def _accident(request, pk: int) -> Accident:
    qs = Accident.objects.for_user(request.user).select_related("region", "enterprise", "industry", "created_by")
    return get_object_or_404(qs, pk=pk)


def _detail_context(request, accident: Accident, **forms) -> dict:
    now = timezone.localtime()
    revision_form = RevisionForm(initial={
        "deaths": accident.deaths, "missing": accident.missing, "serious_injuries": accident.serious_injuries,
        "minor_injuries": accident.minor_injuries, "direct_loss": accident.direct_loss, "at": now,
    })
    defaults = {
        "report_form": ReportForm(initial={"reported_at": now}),
        "irregularity_form": IrregularityForm(initial={"irregularity": accident.irregularity,
                                                       "irregularity_note": accident.irregularity_note}),
        "revision_form": revision_form,
        "investigation_form": InvestigationForm(initial={
            "cause": accident.cause, "investigation_report": accident.investigation_report,
            "responsibility": accident.responsibility, "measures": accident.measures,
        }),
        "close_form": CloseForm(initial={"closed_on": timezone.localdate()}),
        "evaluation_form": EvaluationForm(initial={"evaluated_on": timezone.localdate()}),
        "attachment_form": AttachmentForm(),
        "follow_up_form": FollowUpForm(user=request.user, initial={
            "deaths": accident.deaths, "missing": accident.missing, "serious_injuries": accident.serious_injuries,
            "minor_injuries": accident.minor_injuries,
        }),
        "missing_form": MissingResolveForm(),
    }
    defaults.update(forms)
    steps = [] if accident.imported else services.report_steps(accident)  # imported: no reports were kept
    next_step = next_open_step(steps)
    instant = timezone.now()
    audit = AuditLog.objects.filter(
        content_type__app_label="accidents", content_type__model="accident", object_id=str(accident.pk)
    ).select_related("actor")[:50]
    return {
        "accident": accident,
        "reports": accident.reports.all(),
        "revisions": accident.revisions.select_related("by"),
        "attachments": accident.attachments.all(),
        "audit": audit,
        # 报告时限: the chain of the grade, the next deadline (counted down on the page) and overdue steps.
        "steps": [{"step": st, "overdue": st.overdue(instant)} for st in steps],
        "next_step": next_step,
        "next_remaining": _remaining(next_step.deadline - instant) if next_step else "",
        "next_overdue": bool(next_step and next_step.overdue(instant)),
        "follow_ups": [r for r in accident.reports.all() if r.level == ReportLevel.FOLLOW_UP],
        **defaults,
    }


def _remaining(delta) -> str:
    """'剩余 0:42:10' or '已超时 0:05:00' (the JS countdown rewrites it every second)."""
    seconds = int(delta.total_seconds())
    sign, seconds = ("剩余", seconds) if seconds >= 0 else ("已超时", -seconds)
    return f"{sign} {seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


@login_required
def accident_detail(request, pk: int):
    accident = _accident(request, pk)
    return render(request, "accidents/accident_detail.html", _detail_context(request, accident))


@permission_required("accidents.report")
def accident_create(request):
    form = AccidentReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("reported_at"):
            data.pop("reported_at", None)
        try:
            accident = services.accident_report(by=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            late = "（已超过1小时，记为迟报）" if accident.late_reported else ""
            messages.success(request, f"事故已报告，等级：{accident.get_grade_display()}{late}")
            return redirect("accidents:detail", pk=accident.pk)
    return render(request, "accidents/accident_form.html", {"form": form, "for_own_enterprise": is_enterprise(request.user)})


def _action(request, pk: int, form_class, form_key: str, call, success: str, *, permission: str):
    """POST actions of the detail page: scope (404) first, then the permission (403, the same one
    the service enforces — before the form, so a refused user learns nothing about the form), then the service."""
    accident = _accident(request, pk)
    require(request.user, permission, accident)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(accident, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("accidents:detail", pk=accident.pk)
    messages.error(request, "提交未成功，请检查下方标红的字段")
    ctx = _detail_context(request, accident, **{form_key: form})
    return render(request, "accidents/accident_detail.html", ctx, status=400)


@login_required
@require_POST
def report_add(request, pk: int):
    return _action(request, pk, ReportForm, "report_form", lambda a, d: services.report_add(
        accident=a, by=request.user, **d), "报告记录已登记", permission="accidents.record_report")


@login_required
@require_POST
def follow_up_add(request, pk: int):
    def call(a, d):
        services.follow_up_add(accident=a, by=request.user, **{k: v for k, v in d.items() if v not in (None, "")
                                                                 or k == "content"})
    return _action(request, pk, FollowUpForm, "follow_up_form", call, "续报已登记并通知安委办和监管部门",
                   permission="accidents.follow_up")


@login_required
@require_POST
def missing_resolve(request, pk: int):
    return _action(request, pk, MissingResolveForm, "missing_form", lambda a, d: services.missing_resolve(
        accident=a, by=request.user, **d), "失踪人员情况已登记，事故等级已重新核定", permission="accidents.resolve_missing")


@login_required
@require_POST
def irregularity_mark(request, pk: int):
    return _action(request, pk, IrregularityForm, "irregularity_form", lambda a, d: services.irregularity_mark(
        accident=a, by=request.user, irregularity=d["irregularity"], note=d["irregularity_note"]), "认定已保存", permission="accidents.mark_irregularity")


@login_required
@require_POST
def casualty_revise(request, pk: int):
    return _action(request, pk, RevisionForm, "revision_form", lambda a, d: services.casualty_revise(
        accident=a, by=request.user, **d), "伤亡补报已登记，事故等级已按493号令重新核定", permission="accidents.revise")


@login_required
@require_POST
def investigation_record(request, pk: int):
    return _action(request, pk, InvestigationForm, "investigation_form", lambda a, d: services.investigation_record(
        accident=a, by=request.user, **d), "调查处理情况已保存", permission="accidents.investigate")


@login_required
@require_POST
def accident_close(request, pk: int):
    return _action(request, pk, CloseForm, "close_form", lambda a, d: services.accident_close(
        accident=a, by=request.user, **d), "事故已结案，一年后进行整改评估", permission="accidents.close")


@login_required
@require_POST
def evaluation_record(request, pk: int):
    return _action(request, pk, EvaluationForm, "evaluation_form", lambda a, d: services.evaluation_record(
        accident=a, by=request.user, evaluated_on=d["evaluated_on"], result=d["evaluation_result"]), "整改评估已登记", permission="accidents.evaluate")


@login_required
@require_POST
def attachment_add(request, pk: int):
    return _action(request, pk, AttachmentForm, "attachment_form", lambda a, d: services.attachment_add(
        accident=a, by=request.user, **d), "附件已上传", permission="accidents.attach")


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(AccidentAttachment.objects.for_user(request.user), pk=pk)
    return file_response(attachment.file, title=attachment.title, inline=False)


# ---------------------------------------------------------------- imports (preview, then commit)


def _import(request, *, key: str, title: str, reader, writer, done_url: str, template_url: str):
    """Upload → preview with row errors; commit re-reads the stored file and writes all or nothing."""
    session_key = f"accidents-import-{key}"
    form = ImportForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "title": title, "template_url": template_url, "report": None}
    if request.method == "POST" and request.POST.get("commit"):
        name = request.session.get(session_key)
        if not name or request.POST.get("token") != name or not default_storage.exists(name):
            messages.error(request, "预览已失效，请重新上传文件")
            return redirect(request.path)
        with default_storage.open(name, "rb") as f:
            report = reader(f)
        if not report.ok:
            ctx["report"] = report
            return render(request, "accidents/import.html", ctx, status=400)
        try:
            result = writer(by=request.user, rows=report.rows)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(request.path)
        default_storage.delete(name)
        request.session.pop(session_key, None)
        count = len(result) if isinstance(result, list) else sum(result)
        messages.success(request, f"导入成功：{count} 行")
        return redirect(done_url)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = reader(upload)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            ctx["report"] = report
            if report.ok:
                upload.seek(0)
                name = default_storage.save(f"imports/{key}/{uuid.uuid4().hex}.xlsx", upload)
                request.session[session_key] = name
                ctx["token"] = name
            elif not report.errors:
                form.add_error("file", "文件中没有数据行")
    return render(request, "accidents/import.html", ctx, status=400 if form.errors else 200)


@permission_required("accidents.import_ledger")
def accident_import(request):
    return _import(
        request, key="ledger", title="历史事故台账导入", reader=exports.read_accident_ledger,
        writer=services.accidents_import, done_url=reverse("accidents:list"),
        template_url=reverse("accidents:import_template"),
    )


@permission_required("accidents.import_ledger")
def accident_import_template(request):
    return template_response("历史事故台账", exports.ACCIDENT_IMPORT_COLUMNS, exports.ACCIDENT_IMPORT_EXAMPLE)


# ---------------------------------------------------------------- reference data


class YearDataListView(PermissionRequiredMixin, ScopedListView):
    model = RegionYearData
    filterset_class = RegionYearDataFilter
    template_name = "accidents/yeardata_list.html"
    select_related = ("region",)
    export_title = "年度基础数据"
    export_columns = exports.YEAR_DATA_COLUMNS
    permission_required = "accidents.view_indicators"

    def export_row(self, obj):
        return exports.year_data_row(obj)


@permission_required("accidents.manage_year_data")
def yeardata_edit(request, pk: int | None = None):
    row = get_object_or_404(RegionYearData.objects.for_user(request.user), pk=pk) if pk else None
    data = request.POST or None
    form = YearDataForm.for_row(row, data) if row else YearDataForm(data)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            services.year_data_save(by=request.user, region=d.pop("region"), year=d.pop("year"),
                                    source=d.pop("source"), **d)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "年度基础数据已保存")
            return redirect("accidents:yeardata_list")
    return render(request, "accidents/yeardata_form.html", {"form": form, "row": row})


@permission_required("accidents.manage_year_data")
def yeardata_import(request):
    return _import(
        request, key="yeardata", title="年度基础数据导入", reader=exports.read_year_data,
        writer=services.year_data_import, done_url=reverse("accidents:yeardata_list"),
        template_url=reverse("accidents:yeardata_template"),
    )


@permission_required("accidents.manage_year_data")
def yeardata_template(request):
    return template_response("年度基础数据", exports.YEAR_DATA_IMPORT_COLUMNS, exports.YEAR_DATA_IMPORT_EXAMPLE)


# ---------------------------------------------------------------- indicators and statistics


def _default_region(user) -> Region | None:
    return selectors.areas_for(user).first()


def _years(form, default_span: int = 5) -> list[int]:
    this_year = timezone.localdate().year
    to_year = form.cleaned_data.get("to_year") or this_year
    from_year = form.cleaned_data.get("from_year") or to_year - default_span + 1
    return list(range(from_year, to_year + 1))


@permission_required("accidents.view_indicators")
def indicators(request):
    form = IndicatorQueryForm(request.GET or None, user=request.user)
    region = years = data = None
    if not form.is_bound or form.is_valid():
        if not form.is_bound:
            form.cleaned_data = {}
        region = form.cleaned_data.get("region") or _default_region(request.user)
        years = _years(form, default_span=11)
    if region is not None and years:
        data = selectors.region_indicators(user=request.user, region=region, years=years)
        table = exports.indicator_table(data)
        if request.GET.get("export") == "xlsx":
            return xlsx_response(f"{region.name}安全生产指标", ["指标", *[f"{y}年" for y in years]], table)
        chart = {
            "years": [str(y) for y in years],
            "deaths": [data[y].deaths for y in years],
            "accidents": [data[y].accidents for y in years],
            "industrial": [data[y].industrial_deaths for y in years],
            "gdp_rate": [None if data[y].gdp_rate is None else float(data[y].gdp_rate) for y in years],
        }
        ctx = {"form": form, "region": region, "years": years, "table": table, "chart": chart}
    else:
        ctx = {"form": form, "region": region, "years": [], "table": [], "chart": None}
    ctx["plans"] = Plan.objects.for_user(request.user).select_related("region")
    ctx["querystring"] = request.GET.urlencode()
    return render(request, "accidents/indicators.html", ctx)


@permission_required("accidents.view_indicators")
def statistics(request):
    form = StatsQueryForm(request.GET or None, user=request.user)
    table = None
    if not form.is_bound or form.is_valid():
        if not form.is_bound:
            form.cleaned_data = {}
        region = form.cleaned_data.get("region") or _default_region(request.user)
        dimension = form.cleaned_data.get("dimension") or StatsDimension.REGION
        years = _years(form)
        if region is not None:
            table = selectors.accident_statistics(user=request.user, region=region, years=years, dimension=dimension)
            if request.GET.get("export") == "xlsx":
                columns, rows = exports.stats_rows(table)
                label = StatsDimension(dimension).label
                return xlsx_response(f"{region.name}事故统计（按{label}）", columns, rows)
    chart = None
    if table is not None:
        chart = {
            "years": [str(y) for y in table.years],
            "series": [{"name": row.label, "deaths": [row.cells[y].deaths for y in table.years],
                        "accidents": [row.cells[y].accidents for y in table.years]}
                       for row in table.rows if row.total.accidents],
        }
    return render(request, "accidents/statistics.html", {
        "form": form, "table": table, "chart": chart, "querystring": request.GET.urlencode(),
        "dimension_label": StatsDimension(table.dimension).label if table else "",
    })


# ---------------------------------------------------------------- plans and targets


@permission_required("accidents.view_indicators")
def plan_list(request):
    plans = Plan.objects.for_user(request.user).select_related("region").prefetch_related("targets")
    return render(request, "accidents/plan_list.html", {
        "plans": plans,
    })


def _plan(request, pk: int) -> Plan:
    return get_object_or_404(Plan.objects.for_user(request.user).select_related("region"), pk=pk)


@permission_required("accidents.view_indicators")
def plan_detail(request, pk: int, target_form=None):
    plan = _plan(request, pk)
    progress = selectors.plan_progress(user=request.user, plan=plan)
    if request.GET.get("export") == "xlsx":
        columns = ["指标", "目标方式", "规划目标", f"{plan.baseline_year}年（基准）", "目标上限",
                   *[f"{y}年" for y in progress.years[1:]], *[f"{y}年是否达标" for y in progress.years[1:]]]
        rows = []
        for t in progress.targets:
            rows.append([
                t.label, t.kind_label, exports.display_value("", t.value), exports.display_value(t.indicator, t.baseline),
                exports.display_value(t.indicator if t.is_rate else "", t.ceiling),
                *[exports.display_value(t.indicator, y.actual) for y in t.years],
                *[y.status_label for y in t.years],
            ])
        return xlsx_response(f"{plan.name}目标完成情况", columns, rows)
    chart = {
        "years": [str(y) for y in progress.years],
        "targets": [{"label": t.label, "actual": [None if t.baseline is None else float(t.baseline)]
                     + [None if y.actual is None else float(y.actual) for y in t.years],
                     "ceiling": None if t.ceiling is None else float(t.ceiling)} for t in progress.targets],
    }
    return render(request, "accidents/plan_detail.html", {
        "plan": plan, "progress": progress, "chart": chart,
        "confirmations": [{"year": y, "confirmed": y in progress.confirmed_years,
                           "confirmable": year_confirmable(year=y, today=timezone.localdate())}
                          for y in progress.years],
        "target_form": target_form or PlanTargetForm(),
    }, status=400 if target_form is not None else 200)


@permission_required("accidents.manage_plans")
def plan_edit(request, pk: int | None = None):
    plan = _plan(request, pk) if pk else None
    data = request.POST or None
    form = PlanForm.for_plan(plan, data) if plan else PlanForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "规划已保存，请设置各项指标目标")
            return redirect("accidents:plan_detail", pk=plan.pk)
    return render(request, "accidents/plan_form.html", {"form": form, "plan": plan})


@permission_required("accidents.manage_plans")
@require_POST
def plan_target_set(request, pk: int):
    plan = _plan(request, pk)
    form = PlanTargetForm(request.POST)
    if form.is_valid():
        try:
            services.plan_target_set(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "指标目标已保存")
            return redirect("accidents:plan_detail", pk=plan.pk)
    return plan_detail(request, pk, target_form=form)


@permission_required("accidents.manage_plans")
@require_POST
def plan_target_delete(request, pk: int, target_pk: int):
    plan = _plan(request, pk)
    target = get_object_or_404(plan.targets, pk=target_pk)
    services.plan_target_delete(by=request.user, target=target)
    messages.success(request, "指标目标已删除")
    return redirect("accidents:plan_detail", pk=plan.pk)


@permission_required("accidents.confirm_year")
@require_POST
def year_confirm(request):
    """数据确认 of a plan's region and year (or its withdrawal), from the plan page."""
    form = YearConfirmForm(request.POST, user=request.user)
    back = request.POST.get("next") or reverse("accidents:plan_list")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("accidents:plan_list")
    if not form.is_valid():
        messages.error(request, error_text(form=form))
        return redirect(back)
    d = form.cleaned_data
    if d["withdraw"]:
        ok, _ = run_service(request, services.year_unconfirm, by=request.user, region=d["region"], year=d["year"],
                            note=d["note"], success=f"已撤销{d['year']}年数据确认")
    else:
        ok, _ = run_service(request, services.year_confirm, by=request.user, region=d["region"], year=d["year"],
                            note=d["note"], success=f"{d['year']}年数据已确认")
    return redirect(back)
