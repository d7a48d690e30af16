"""Thin HTML views of the yearly assessment: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import can, permission_required, require
from safety_platform.forms import add_service_errors, error_text
from safety_platform.media import file_response
from safety_platform.views import ScopedListView

from . import registry, selectors, services
from .choices import SchemeStatus, Source, UnitKind
from .exports import drilldown_rows, results_workbook_response
from .filters import ObjectionFilter, SchemeFilter, UnitFilter
from .forms import (
    AnswerForm,
    CategoryForm,
    CopyForm,
    EvidenceForm,
    IndicatorForm,
    ObjectionForm,
    ReviewersForm,
    ReviewForm,
    SchemeForm,
    SelfAssessForm,
    UnitAddForm,
)
from .models import AssessedUnit, Category, Evidence, Indicator, Objection, Scheme, Score

# ---- schemes -----------------------------------------------------------------------------------

class SchemeListView(ScopedListView):
    model = Scheme
    filterset_class = SchemeFilter
    template_name = "assessment/scheme_list.html"
    export_title = "考核方案"
    export_columns = ("年度", "方案名称", "状态", "被考核单位数", "指标数", "方案发布时间", "结果发布时间")

    def scoped_queryset(self):
        from django.db.models import Count

        return super().scoped_queryset().annotate(
            n_units=Count("units", distinct=True), n_indicators=Count("indicators", distinct=True)
        ).order_by("-year", "name")

    def export_row(self, s):
        return (s.year, s.name, s.get_status_display(), s.n_units, s.n_indicators, s.published_at, s.results_published_at)

@permission_required("assessment.manage_schemes")
def scheme_create(request):
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已创建{scheme}（草稿）")
            return redirect("assessment:scheme_detail", scheme.pk)
    return render(request, "assessment/form.html", {"form": form, "title": "新建考核方案"})


@permission_required("assessment.manage_schemes")
def scheme_edit(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(scheme=Scheme.objects.get(pk=pk), by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "方案已保存")
            return redirect("assessment:scheme_detail", pk)
    return render(request, "assessment/form.html", {"form": form, "title": f"修改方案：{scheme}", "scheme": scheme})


# 考核流程 as the scheme page explains it (the current step in bold).
FLOW_STEPS = (
    (SchemeStatus.DRAFT, "草稿：设计指标、添加被考核单位、分配评审人员"),
    (SchemeStatus.SELF, "自评：各单位查看指标与计算值，上传佐证材料并自评"),
    (SchemeStatus.REVIEW, "评审：安委办和指定专家对人工评分项打分"),
    (SchemeStatus.OBJECTION, "异议期：各单位可按指标提出异议，安委办答复"),
    (SchemeStatus.PUBLISHED, "结果发布：全部数据冻结"),
)


@login_required
def scheme_detail(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    units = selectors.unit_list(AssessedUnit.objects.for_user(request.user).filter(scheme=scheme)).prefetch_related(
        "reviewers"
    )
    ctx = {
        "scheme": scheme,
        "tree": selectors.indicator_tree(scheme),
        "units": units,
        "registry": registry.REGISTRY,
        "results_visible": selectors.results_visible(scheme),
    }
    if can(request.user, "assessment.manage_schemes"):
        counts = {SchemeStatus.REVIEW: f"（未完成 {selectors.unscored_manual(scheme).count()} 项）",
                  SchemeStatus.OBJECTION: f"（待答复 {selectors.pending_objections(scheme).count()} 条）"}
        ctx.update(
            flow=[(text + counts.get(step, ""), scheme.status == step) for step, text in FLOW_STEPS],
            copy_form=CopyForm(initial={"year": scheme.year + 1}),
            category_form=CategoryForm(auto_id="id_category_%s"),  # the copy form already has id_name
        )
    return render(request, "assessment/scheme_detail.html", ctx)


@permission_required("assessment.manage_schemes")
@require_POST
def scheme_copy(request, pk: int):
    source = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form=form))
        return redirect("assessment:scheme_detail", pk)
    try:
        scheme = services.scheme_copy(source=source, by=request.user, year=form.cleaned_data["year"],
                                      name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc, labels={"year": "新方案年度"}))
        return redirect("assessment:scheme_detail", pk)
    messages.success(request, f"已复制为{scheme}（草稿），请检查指标与被考核单位")
    return redirect("assessment:scheme_detail", scheme.pk)


FLOW_ACTIONS = {
    "publish": (services.scheme_publish, "方案已发布，各单位可开始自评"),
    "review": (services.scheme_start_review, "已进入评审阶段"),
    "compute": (services.scheme_compute_results, "结果已计算，进入异议期"),
    "publish_results": (services.scheme_publish_results, "结果已发布，考核数据已冻结"),
}


@permission_required("assessment.manage_schemes")
@require_POST
def scheme_action(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "recompute":
            n = services.scheme_recompute(scheme=scheme, by=request.user)
            messages.success(request, f"已按最新数据重新计算，{n} 项计算值有变化")
        elif action in FLOW_ACTIONS:
            service, done = FLOW_ACTIONS[action]
            service(scheme=scheme, by=request.user)
            messages.success(request, done)
        else:
            messages.error(request, "未知操作")
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc))
    return redirect("assessment:scheme_detail", pk)


@permission_required("assessment.manage_schemes")
@require_POST
def category_create(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.category_create(scheme=scheme, by=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, error_text(exc=exc))
    else:
        messages.error(request, error_text(form=form))
    return redirect("assessment:scheme_detail", pk)


@permission_required("assessment.manage_schemes")
@require_POST
def category_delete(request, pk: int):
    category = get_object_or_404(Category.objects.for_user(request.user), pk=pk)
    try:
        services.category_delete(category=category, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc))
    return redirect("assessment:scheme_detail", category.scheme_id)


@permission_required("assessment.manage_schemes")
def indicator_create(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    return _indicator_form(request, scheme, Indicator(scheme=scheme))


@permission_required("assessment.manage_schemes")
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.for_user(request.user), pk=pk)
    return _indicator_form(request, indicator.scheme, indicator)


def _indicator_form(request, scheme: Scheme, indicator: Indicator):
    form = IndicatorForm(request.POST or None, instance=indicator, scheme=scheme)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in
                  ("name", "criteria", "kind", "source", "max_score", "computer", "rule", "params",
                   "no_data_points", "order")}
        try:
            if indicator.pk:
                services.indicator_update(indicator=Indicator.objects.get(pk=indicator.pk), by=request.user,
                                          category=form.cleaned_data["category"], **fields)
            else:
                services.indicator_create(scheme=scheme, by=request.user, category=form.cleaned_data["category"],
                                          **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "指标已保存")
            return redirect("assessment:scheme_detail", scheme.pk)
    return render(request, "assessment/indicator_form.html", {
        "form": form, "scheme": scheme, "indicator": indicator,
        "title": f"修改指标：{indicator.name}" if indicator.pk else "新增指标",
        "computers": sorted(registry.REGISTRY.values(), key=lambda c: c.label),
    })


@permission_required("assessment.manage_schemes")
@require_POST
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.for_user(request.user), pk=pk)
    try:
        services.indicator_delete(indicator=indicator, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc))
    return redirect("assessment:scheme_detail", indicator.scheme_id)


@permission_required("assessment.manage_schemes")
def unit_add(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    form = UnitAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            n = services.units_add(
                scheme=scheme, by=request.user, kind=d["kind"], all_of_kind=d["all_of_kind"], regions=d["regions"],
                departments=d["departments"], enterprises=d["enterprises"], enterprise_flag=d["enterprise_flag"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已新增 {n} 个被考核单位")
            return redirect("assessment:scheme_detail", pk)
    return render(request, "assessment/form.html", {"form": form, "title": f"添加被考核单位：{scheme}", "scheme": scheme})


@permission_required("assessment.manage_schemes")
@require_POST
def unit_remove(request, pk: int):
    unit = get_object_or_404(AssessedUnit.objects.for_user(request.user), pk=pk)
    try:
        services.unit_remove(unit=unit, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc))
    return redirect("assessment:scheme_detail", unit.scheme_id)


@permission_required("assessment.manage_schemes")
def unit_reviewers(request, pk: int):
    unit = get_object_or_404(AssessedUnit.objects.for_user(request.user), pk=pk)
    form = ReviewersForm(request.POST or None, initial={"reviewers": unit.reviewers.all()})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_set_reviewers(unit=unit, by=request.user, reviewers=form.cleaned_data["reviewers"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "评审人员已保存")
            return redirect("assessment:scheme_detail", unit.scheme_id)
    return render(request, "assessment/form.html", {"form": form, "title": f"分配评审人员：{unit.name}",
                                                     "scheme": unit.scheme})


# ---- units ---------------------------------------------------------------------------------------

class UnitListView(ScopedListView):
    model = AssessedUnit
    filterset_class = UnitFilter
    template_name = "assessment/unit_list.html"
    export_title = "被考核单位"
    export_columns = ("年度", "方案", "类别", "被考核单位", "阶段", "人工评分进度", "总分", "等次", "同类排名", "一票否决原因")

    def scoped_queryset(self):
        return selectors.unit_list(super().scoped_queryset()).order_by("-scheme__year", "scheme__name", "kind", "name")

    def export_row(self, u):
        shown = u.scheme.results_visible
        return (u.scheme.year, u.scheme.name, u.get_kind_display(), u.name, u.scheme.get_status_display(),
                f"{u.manual_done}/{u.manual_total}", u.total if shown else None,
                u.get_grade_display() if shown else "", u.rank if shown else None, u.veto_reason if shown else "")


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(
        AssessedUnit.objects.for_user(request.user).select_related("scheme", "region", "department", "enterprise"), pk=pk
    )
    scheme = unit.scheme
    return render(request, "assessment/unit_detail.html", {
        "unit": unit, "scheme": scheme, "sheet": selectors.unit_sheet(unit),
        "general_evidence": selectors.general_evidence(unit),
        "results_visible": selectors.results_visible(scheme),
        "evidence_form": EvidenceForm(scheme=scheme),
        "registry": registry.REGISTRY,
        "Source": Source,
    })


def _score_for(request, pk: int) -> Score:
    return get_object_or_404(Score.objects.for_user(request.user).select_related("unit__scheme", "indicator"), pk=pk)


def _back(score: Score):
    return redirect(f"{reverse('assessment:unit_detail', args=[score.unit_id])}#score-{score.pk}")


@login_required
@require_POST
def self_assess(request, pk: int):
    score = _score_for(request, pk)
    form = SelfAssessForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form=form))
        return _back(score)
    try:
        services.self_assess(score=score, by=request.user, points=form.cleaned_data["self_points"],
                             comment=form.cleaned_data["self_comment"])
    except ValidationError as exc:
        messages.error(request, f"“{score.indicator.name}”：{error_text(exc=exc, labels={'self_points': '自评分'})}")
    else:
        messages.success(request, f"“{score.indicator.name}”自评已保存")
    return _back(score)


@login_required
@require_POST
def self_submit(request, pk: int):
    unit = get_object_or_404(AssessedUnit.objects.for_user(request.user), pk=pk)
    try:
        services.self_submit(unit=unit, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc))
    else:
        messages.success(request, "自评已提交")
    return redirect("assessment:unit_detail", pk)


@login_required
@require_POST
def evidence_upload(request, pk: int):
    unit = get_object_or_404(AssessedUnit.objects.for_user(request.user).select_related("scheme"), pk=pk)
    require(request.user, "assessment.upload_evidence", unit)
    form = EvidenceForm(request.POST, request.FILES, scheme=unit.scheme)
    if not form.is_valid():
        messages.error(request, error_text(form=form))
        return redirect("assessment:unit_detail", pk)
    try:
        services.evidence_add(unit=unit, by=request.user, title=form.cleaned_data["title"],
                              file=form.cleaned_data["file"], indicator=form.cleaned_data["indicator"])
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc, labels={"indicator": "对应指标"}))
    else:
        messages.success(request, "佐证材料已上传")
    return redirect("assessment:unit_detail", pk)


@login_required
def evidence_download(request, pk: int):
    ev = get_object_or_404(Evidence.objects.for_user(request.user), pk=pk)
    return file_response(ev.file, title=ev.title, inline=False)


@login_required
@require_POST
def review(request, pk: int):
    score = _score_for(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form=form))
        return _back(score)
    d = form.cleaned_data
    try:
        services.review_score(score=score, by=request.user, points=d["points"], vetoed=d["vetoed"],
                              veto_reason=d["veto_reason"], comment=d["comment"])
    except ValidationError as exc:
        messages.error(request, f"“{score.indicator.name}”：{error_text(exc=exc, labels={'points': '评分', 'veto_reason': '否决原因'})}")
    else:
        messages.success(request, f"“{score.indicator.name}”评分已保存")
    return _back(score)


@login_required
def drilldown(request, pk: int):
    score = _score_for(request, pk)
    if score.indicator.source != Source.COMPUTED:
        raise Http404("人工评分指标没有数据明细")
    computer = registry.get(score.indicator.computer)
    if computer is None:
        raise Http404("数据指标已不存在")
    measure = computer(score.unit, score.unit.scheme.year)
    records = measure.records if measure.records is not None else []
    if request.GET.get("export") == "xlsx":
        return drilldown_rows(score, computer, records)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "assessment/drilldown.html", {
        "score": score, "unit": score.unit, "computer": computer, "measure": measure, "page_obj": page,
        "frozen": score.unit.scheme.frozen, "querystring": "",
    })


# ---- objections and results -----------------------------------------------------------------------

@login_required
@require_POST
def objection_create(request, pk: int):
    score = _score_for(request, pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form=form))
        return _back(score)
    try:
        services.objection_raise(score=score, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc=exc, labels={"reason": "异议理由"}))
    else:
        messages.success(request, "异议已提交，等待安委办答复")
    return _back(score)


class ObjectionListView(ScopedListView):
    model = Objection
    filterset_class = ObjectionFilter
    template_name = "assessment/objection_list.html"
    select_related = ("score__unit__scheme", "score__indicator", "raised_by", "answered_by")
    export_title = "考核异议"
    export_columns = ("方案", "被考核单位", "指标", "异议理由", "提出人", "提出时间", "状态", "答复", "答复人", "答复时间")

    def export_row(self, o):
        return (str(o.score.unit.scheme), o.score.unit.name, o.score.indicator.name, o.reason, o.raised_by,
                o.raised_at, o.get_status_display(), o.answer, o.answered_by, o.answered_at)


@permission_required("assessment.manage_schemes")
@require_POST
def objection_answer(request, pk: int):
    objection = get_object_or_404(Objection.objects.for_user(request.user).select_related("score__unit"), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, error_text(form=form))
    else:
        try:
            services.objection_answer(objection=objection, by=request.user, accepted=form.cleaned_data["accepted"],
                                      answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            messages.error(request, error_text(exc=exc, labels={"answer": "答复意见"}))
        else:
            messages.success(request, "异议已答复")
    return redirect(f"{reverse('assessment:unit_detail', args=[objection.score.unit_id])}#score-{objection.score_id}")


@login_required
def results(request, pk: int):
    scheme = get_object_or_404(Scheme.objects.for_user(request.user), pk=pk)
    units = AssessedUnit.objects.for_user(request.user)
    kind = request.GET.get("kind", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    visible = selectors.results_visible(scheme)
    categories, rows = selectors.results_table(scheme, units) if visible else ([], [])
    if visible and request.GET.get("export") == "xlsx":
        return results_workbook_response(scheme, categories, rows)
    return render(request, "assessment/results.html", {
        "scheme": scheme, "categories": categories, "rows": rows, "visible": visible,
        "kinds": UnitKind.choices, "kind": kind,
    })
