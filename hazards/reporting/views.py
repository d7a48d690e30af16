"""Thin views of 群众举报: the public pages (no login) and the handling pages (office, handlers)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.cache import never_cache

from accounts.choices import RegionKind
from accounts.models import Region
from accounts.permissions import PermissionRequiredMixin, can, require
from safety_platform.forms import add_service_errors, run_service
from safety_platform.http import client_ip
from safety_platform.media import file_response
from safety_platform.views import ScopedListView

from . import captcha, ratelimit, selectors, services
from .exports import REPORT_COLUMNS, REWARD_COLUMNS, report_row, reward_row
from .filters import ReportFilter, RewardFilter
from .forms import AssignForm, PublicReportForm, RewardForm, RewardPaidForm, TrackForm, VerifyForm
from .models import PublicReport, ReportPhoto, ReportReward
from .permissions import REPORT, REWARD

SUBMITTED_KEY = "reporting_submitted"

# ---------------------------------------------------------------------------------------------
# public pages (no login; phone first)


def _map_context() -> dict[str, Any]:
    streets = [
        {"name": name, "boundary": boundary}
        for name, boundary in Region.objects.filter(kind=RegionKind.STREET, boundary__isnull=False).values_list(
            "name", "boundary")
    ]
    return {"map_streets": streets, "map_tile_url": getattr(settings, "MAP_TILE_URL", ""),
            "map_tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "")}


class PublicReportView(View):
    template_name = "reporting/public_form.html"

    def get(self, request):
        return self.render(PublicReportForm())

    def post(self, request):
        refusal = ratelimit.take(client_ip(request))
        if refusal:
            return self.render(PublicReportForm(), refusal=refusal, status=429)
        limit = settings.REPORTING_MAX_PHOTOS * settings.UPLOAD_MAX_BYTES + 1024 * 1024
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            return self.render(PublicReportForm(), status=413,
                               refusal=f"提交的内容过大（照片合计不能超过 {limit // (1024 * 1024)} MB），未保存任何内容，请减少或压缩照片后重试。")
        form = PublicReportForm(request.POST, request.FILES)
        if form.is_valid():
            if not captcha.check(request.session, form.cleaned_data["captcha"]):
                form.add_error("captcha", "验证码错误或已过期，请按新的图片重新输入（看不清可点“看不清，换一张”）")
            else:
                try:
                    report = services.report_submit(**form.service_fields())
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    request.session[SUBMITTED_KEY] = report.code
                    return redirect("reporting:public_status", code=report.code)
        return self.render(form)

    def render(self, form, refusal: str = "", status: int = 200):
        return render(self.request, self.template_name, {"form": form, "refusal": refusal, **_map_context()},
                      status=status)


@never_cache
def public_captcha(request):
    return HttpResponse(captcha.issue(request.session), content_type="image/png")


class PublicTrackView(View):
    def get(self, request):
        form = TrackForm(request.GET or None)
        if form.is_valid():
            code = services.normalise_code(form.cleaned_data["code"])
            if PublicReport.objects.filter(code=code).exists():
                return redirect("reporting:public_status", code=code)
            form.add_error("code", "未找到该追踪码，请核对后重新输入（不区分大小写）")
        return render(request, "reporting/public_track.html", {"form": form})


def _public_report(code: str) -> PublicReport:
    return get_object_or_404(PublicReport.objects.select_related("assigned_region", "assigned_department", "hazard"),
                             code=services.normalise_code(code))


def public_status(request, code: str):
    """Progress by tracking code: the steps the units took, never who reported or how to reach them."""
    report = _public_report(code)
    just_submitted = request.session.pop(SUBMITTED_KEY, None) == report.code
    return render(request, "reporting/public_status.html", {
        "report": report, "steps": selectors.public_progress(report), "photos": list(report.photos.all()),
        "just_submitted": just_submitted,
    })


def public_photo(request, code: str, pk: int):
    """A public photo: the stored copy has no EXIF at all (see images.strip_photo)."""
    photo = get_object_or_404(ReportPhoto, pk=pk, report__code=services.normalise_code(code))
    return _file(photo)


def _file(photo: ReportPhoto):
    return file_response(photo.image, title=f"举报{photo.report_id}照片")


# ---------------------------------------------------------------------------------------------
# handling (office, streets, grid officers, departments)


class ReportListView(PermissionRequiredMixin, ScopedListView):
    permission_required = "reporting.handle"
    model = PublicReport
    filterset_class = ReportFilter
    template_name = "reporting/list.html"
    select_related = ("assigned_region", "assigned_department", "enterprise", "hazard")
    export_title = "群众举报台账"
    export_columns = REPORT_COLUMNS

    def export_row(self, obj: PublicReport) -> list[Any]:
        return report_row(obj)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["is_office"] = can(self.request.user, "reporting.assign")
        return ctx


def _scoped_report(request, pk: int) -> PublicReport:
    return get_object_or_404(
        PublicReport.objects.for_user(request.user).select_related(
            "assigned_region", "assigned_department", "enterprise", "hazard", "verified_by", "assigned_by"),
        pk=pk,
    )


def _detail(request, report: PublicReport, status: int = 200, **forms):
    user = request.user
    reward = getattr(report, "reward", None) if can(user, "reporting.view_rewards") else None
    ctx = {
        "report": report,
        "photos": list(report.photos.all()),
        "transitions": list(report.transitions.select_related("by")),
        "show_contact": can(user, "reporting.view_contact"),
        # the buttons: exactly the actions of the lifecycle tables this user may take now
        "report_lifecycle": REPORT, "reward_lifecycle": REWARD,
        "reward": reward,
        "assign_form": forms.get("assign_form") or AssignForm(initial={
            "region": report.assigned_region_id, "department": report.assigned_department_id}),
        "verify_form": forms.get("verify_form") or VerifyForm(user=user, initial={"enterprise": report.enterprise_id}),
        "reward_form": forms.get("reward_form") or RewardForm(),
        "paid_form": forms.get("paid_form") or RewardPaidForm(),
    }
    return render(request, "reporting/detail.html", ctx, status=status)


class ReportDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        return _detail(request, _scoped_report(request, pk))


class ReportAssignView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        report = _scoped_report(request, pk)
        require(request.user, "reporting.assign", report)  # 403 before the form
        form = AssignForm(request.POST)
        if form.is_valid():
            ok, _ = run_service(request, services.report_assign, form=form, report=report, by=request.user,
                                **form.cleaned_data)
            if ok:
                messages.success(request, f"已分派{report.handler_name}核查，期限 {report.deadline:%Y-%m-%d}")
                return redirect("reporting:detail", pk=report.pk)
        return _detail(request, report, assign_form=form)


class ReportVerifyView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        report = _scoped_report(request, pk)
        form = VerifyForm(request.POST, user=request.user)
        if form.is_valid():
            ok, _ = run_service(request, services.report_verify, form=form, report=report, by=request.user,
                                **form.cleaned_data)
            if ok:
                if report.hazard_id:
                    messages.success(request, f"核查属实，已登记隐患 {report.hazard.number}，隐患销号后举报自动办结")
                else:
                    messages.success(request, "已登记核查不属实，举报办结")
                return redirect("reporting:detail", pk=report.pk)
        return _detail(request, report, verify_form=form)


def report_photo(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    photo = get_object_or_404(
        ReportPhoto.objects.filter(report__in=PublicReport.objects.for_user(request.user).values("pk")), pk=pk)
    return _file(photo)


class StatisticsView(PermissionRequiredMixin, View):
    permission_required = "reporting.handle"

    def get(self, request):
        months = selectors.closure_by_month(PublicReport.objects.for_user(request.user), months=12)
        this_month = months[-1]
        return render(request, "reporting/statistics.html", {
            "months": list(reversed(months)), "this_month": this_month, "target": selectors.CLOSURE_TARGET,
            "pending": PublicReport.objects.for_user(request.user).pending().count(),
            "overdue": PublicReport.objects.for_user(request.user).overdue().count(),
        })


# ---------------------------------------------------------------------------------------------
# 举报奖励 (office only)


class RewardListView(PermissionRequiredMixin, ScopedListView):
    permission_required = "reporting.view_rewards"
    model = ReportReward
    filterset_class = RewardFilter
    template_name = "reporting/reward_list.html"
    select_related = ("report", "report__enterprise")
    export_title = "举报奖励登记"
    export_columns = REWARD_COLUMNS

    def export_row(self, obj: ReportReward) -> list[Any]:
        return reward_row(obj)

    def get_context_data(self, **kwargs):
        from django.db.models import Sum

        ctx = super().get_context_data(**kwargs)
        qs = self.filterset.qs if self.filterset is not None else self.get_queryset()
        ctx["total"] = qs.aggregate(s=Sum("amount"))["s"] or 0
        return ctx


class RewardCreateView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        report = _scoped_report(request, pk)
        require(request.user, "reporting.reward", report)  # 403 before the form
        form = RewardForm(request.POST)
        if form.is_valid():
            ok, _ = run_service(request, services.reward_register, form=form, success="已登记举报奖励", report=report,
                                by=request.user, **form.cleaned_data)
            if ok:
                return redirect("reporting:detail", pk=report.pk)
        return _detail(request, report, reward_form=form)


class RewardPaidView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        reward = get_object_or_404(ReportReward.objects.for_user(request.user).select_related("report"), pk=pk)
        require(request.user, "reporting.pay_reward", reward)  # 403 before the form
        form = RewardPaidForm(request.POST)
        if form.is_valid():
            ok, _ = run_service(request, services.reward_mark_paid, form=form, reward=reward, by=request.user,
                                **form.cleaned_data)
            if ok:
                messages.success(request, f"举报 {reward.report.code} 的奖励已登记发放")
                return redirect("reporting:detail", pk=reward.report_id)
        return _detail(request, _scoped_report(request, reward.report_id), paid_form=form)
