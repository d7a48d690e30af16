from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Department, Industry, Region
from accounts.permissions import is_department, is_official
from accounts.scoping import ScopedQuerySet
from enterprises.models import Enterprise

from .choices import (
    AccidentCategory,
    AccidentGrade,
    AccidentStatus,
    AccidentType,
    AttachmentKind,
    Indicator,
    ReportIrregularity,
    ReportLevel,
    TargetKind,
)


class AccidentQuerySet(ScopedQuerySet):
    """属地 region, the enterprise, and for departments: the enterprise's departments or the
    departments that supervise the accident's industry (an accident may have no enterprise)."""

    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "enterprise__departments"

    def for_user(self, user) -> models.QuerySet:
        if (
            user is not None and user.is_authenticated and user.is_active
            and not user.sees_everything and is_department(user)
        ):
            if not user.department_id:
                return self.none()
            # Semi-joins on the two small link tables (no row-multiplying M2M joins, no pk__in over accidents).
            enterprise_ids = Enterprise.departments.through.objects.filter(department_id=user.department_id)
            industry_ids = Department.industries.through.objects.filter(department_id=user.department_id)
            industry_ids = industry_ids.values("industry_id")
            return self.filter(
                Q(enterprise_id__in=enterprise_ids.values("enterprise_id"))
                | Q(industry_id__in=industry_ids)
                | Q(industry__parent_id__in=industry_ids)
            )
        return super().for_user(user)


class Accident(models.Model):
    """生产安全事故 (SPEC §5). The grade is computed by 493号令, never typed."""

    title = models.CharField("事故名称", max_length=200)
    occurred_at = models.DateTimeField("发生时间", db_index=True)
    # Local (Asia/Shanghai) year of occurred_at, kept for the yearly indicators.
    year = models.PositiveSmallIntegerField("年度", editable=False, db_index=True)
    region = models.ForeignKey(Region, verbose_name="事发地（属地）", on_delete=models.PROTECT, related_name="accidents")
    place = models.CharField("详细地点", max_length=200, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="事故单位", null=True, blank=True, on_delete=models.PROTECT, related_name="accidents"
    )
    industry = models.ForeignKey(
        Industry, verbose_name="行业", null=True, blank=True, on_delete=models.PROTECT, related_name="accidents"
    )
    category = models.CharField("统计类别", max_length=20, choices=AccidentCategory.choices)
    is_coal_mine = models.BooleanField("煤矿事故", default=False, help_text="煤矿百万吨死亡率只统计煤矿事故")
    accident_type = models.CharField("事故类型（GB 6441）", max_length=20, choices=AccidentType.choices)
    deaths = models.PositiveIntegerField("死亡人数", default=0)
    missing = models.PositiveIntegerField("失踪人数", default=0)
    serious_injuries = models.PositiveIntegerField("重伤人数", default=0, help_text="含急性工业中毒")
    minor_injuries = models.PositiveIntegerField("轻伤人数", default=0)
    direct_loss = models.DecimalField("直接经济损失（万元）", max_digits=14, decimal_places=2, default=0)
    grade = models.PositiveSmallIntegerField(
        "事故等级", choices=AccidentGrade.choices, default=AccidentGrade.GENERAL, editable=False, db_index=True
    )
    summary = models.TextField("事故简要经过", blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=AccidentStatus.choices, default=AccidentStatus.REPORTED, db_index=True
    )
    # Reporting timeliness: 迟报 is computed from the reports; the rest is judged by the office.
    late_reported = models.BooleanField("迟报", default=False, editable=False)
    irregularity = models.CharField(
        "漏报/瞒报/谎报", max_length=12, choices=ReportIrregularity.choices, blank=True, default=""
    )
    irregularity_note = models.CharField("认定说明", max_length=500, blank=True)
    # The one 迟报预警 sent by the beat task when a step of the chain is past its deadline.
    overdue_alerted_at = models.DateTimeField("迟报预警时间", null=True, blank=True, editable=False)
    # Investigation and closure 调查处理
    cause = models.TextField("事故原因", blank=True)
    investigation_report = models.TextField("调查报告（摘要）", blank=True)
    responsibility = models.TextField("责任认定及处理", blank=True)
    measures = models.TextField("整改和防范措施", blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    # 事故整改评估: one year after closing (seed 001)
    evaluation_due = models.DateField("整改评估到期日", null=True, blank=True, editable=False, db_index=True)
    evaluated_on = models.DateField("评估完成日期", null=True, blank=True)
    evaluation_result = models.TextField("评估结论", blank=True)
    imported = models.BooleanField("历史导入", default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AccidentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "生产安全事故"
        ordering = ["-occurred_at", "-id"]
        # Covering index (all key columns, so SQLite accepts it too): the yearly indicators are an
        # index-only scan on PostgreSQL.
        indexes = [
            models.Index(
                fields=["year", "region", "category", "is_coal_mine", "grade", "deaths"], name="accident_indicators",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def larger_or_above(self) -> bool:
        return self.grade >= AccidentGrade.LARGER

    @property
    def counted_deaths(self) -> int:
        """死亡（含失踪）: what grades the accident and what the statistics count."""
        return self.deaths + self.missing


class AccidentChildQuerySet(ScopedQuerySet):
    """Rows that belong to one accident: visible exactly when the accident is."""

    def for_user(self, user) -> models.QuerySet:
        return self.filter(accident__in=Accident.objects.for_user(user).values("pk"))


class AccidentReport(models.Model):
    """One report of the accident up the chain (单位→区县→市→省) or a 续报."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="reports")
    level = models.CharField("报告层级", max_length=16, choices=ReportLevel.choices)
    reported_at = models.DateTimeField("报告时间")
    deadline = models.DateTimeField("应报时限", null=True, blank=True)
    late = models.BooleanField("迟报", default=False)
    reporter_name = models.CharField("报告人", max_length=50, blank=True)
    content = models.TextField("报告内容", blank=True)
    # 续报: the casualty figures the follow-up report gave (empty for the chain's reports).
    figures = models.JSONField("续报伤亡情况", default=dict, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = AccidentChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "事故报告记录"
        ordering = ["reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.reported_at:%Y-%m-%d %H:%M}"


class CasualtyRevision(models.Model):
    """伤亡/损失补报: the figures before and after, and the grade they gave."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="revisions")
    at = models.DateTimeField("补报时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    before = models.JSONField("调整前")
    after = models.JSONField("调整后")
    grade_before = models.PositiveSmallIntegerField("调整前等级", choices=AccidentGrade.choices)
    grade_after = models.PositiveSmallIntegerField("调整后等级", choices=AccidentGrade.choices)
    reason = models.CharField("原因", max_length=500)

    objects = AccidentChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "伤亡补报记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.accident} {self.at:%Y-%m-%d}"


def attachment_path(instance: AccidentAttachment, filename: str) -> str:
    # A random directory: media URLs are not guessable (downloads go through the scoped view).
    return f"accidents/{instance.accident_id}/{uuid.uuid4().hex}/{PurePath(filename).name}"


class AccidentAttachment(models.Model):
    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    title = models.CharField("标题", max_length=100)
    file = models.FileField("文件", upload_to=attachment_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AccidentChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "事故附件"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ReferenceQuerySet(ScopedQuerySet):
    """Published statistics (GDP, population …) and plans: every staff role reads them all;
    enterprise users see none. Writes are the office's (checked in the views)."""

    def for_user(self, user) -> models.QuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_official(user):
            return self.all()
        return self.none()


class RegionYearData(models.Model):
    """Yearly reference data of a region (统计年鉴口径), the denominators of the rates."""

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="year_data")
    year = models.PositiveSmallIntegerField("年度")
    gdp = models.DecimalField("地区生产总值（亿元）", max_digits=14, decimal_places=4, null=True, blank=True)
    population = models.PositiveIntegerField("常住人口（人）", null=True, blank=True)
    industrial_employees = models.PositiveIntegerField("工矿商贸就业人员（人）", null=True, blank=True)
    motor_vehicles = models.PositiveIntegerField("机动车保有量（辆）", null=True, blank=True)
    coal_output = models.DecimalField("煤炭产量（万吨）", max_digits=14, decimal_places=4, null=True, blank=True)
    source = models.CharField("数据来源", max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度基础数据"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="region_year_data_once")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年"


class YearConfirmation(models.Model):
    """数据确认 of a region's year: the reference data is complete and the office has checked the accident
    ledger. A year without it shows "数据未确认" and is never 达标 (missing data is not success)."""

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="year_confirmations")
    year = models.PositiveSmallIntegerField("年度")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度数据确认"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="year_confirmation_once")]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年 已确认"


class Plan(models.Model):
    """A plan with indicator targets (e.g. 十四五: baseline 2020, target 2025)."""

    name = models.CharField("规划名称", max_length=100)
    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="safety_plans")
    baseline_year = models.PositiveSmallIntegerField("基准年")
    target_year = models.PositiveSmallIntegerField("目标年")
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "规划目标"
        ordering = ["-target_year", "name"]

    def __str__(self) -> str:
        return self.name


class PlanTarget(models.Model):
    """One indicator target: a change in % vs the baseline year (−10) or an absolute ceiling (1.35)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField("指标", max_length=24, choices=Indicator.choices)
    kind = models.CharField("目标方式", max_length=10, choices=TargetKind.choices)
    value = models.DecimalField(
        "目标值", max_digits=12, decimal_places=4, help_text="相对变化填百分数（下降10%填 -10）；绝对上限填数值"
    )
    note = models.CharField("规划原文", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标目标"
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="plan_target_once")]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_indicator_display()}"
