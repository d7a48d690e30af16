"""群众举报: a public report, its photos (EXIF-stripped copies), its timeline, and 举报奖励."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Department, Region
from accounts.scoping import NOTHING, ScopedQuerySet, user_region_paths

from .choices import (
    DONE_STATUSES,
    PENDING_STATUSES,
    STATUS_BADGE,
    ReportAction,
    ReportCategory,
    ReportStatus,
    RewardStatus,
)


class PublicReportQuerySet(ScopedQuerySet):
    """Who handles a report sees it: the street it is assigned to (and the grid officers and street
    of the enterprise it concerns), the department it is assigned to, the office. Enterprise users
    never see public reports (the reporter is protected, 完善保密制度)."""

    scope_region = "assigned_region"
    scope_department = "assigned_department"

    def for_user(self, user) -> PublicReportQuerySet:
        if user is not None and user.is_authenticated and user.is_active and not user.sees_everything:
            if user.role in (Role.GRID, Role.STREET):
                paths = user_region_paths(user)
                if not paths:
                    return self.filter(NOTHING)
                return self.filter(reduce(or_, (
                    Q(assigned_region__path__startswith=p) | Q(enterprise__region__path__startswith=p) for p in paths
                )))
        return super().for_user(user)

    def pending(self) -> PublicReportQuerySet:
        return self.filter(status__in=PENDING_STATUSES)

    def done(self) -> PublicReportQuerySet:
        return self.filter(status__in=DONE_STATUSES)

    def overdue(self, today=None) -> PublicReportQuerySet:
        return self.filter(status=ReportStatus.ASSIGNED, deadline__lt=today or timezone.localdate())


class PublicReport(models.Model):
    """One 举报 from the public. The reporter's contact is private (office only); the public
    follows it by ``code`` alone."""

    code = models.CharField("追踪码", max_length=16, unique=True)
    category = models.CharField("举报类别", max_length=16, choices=ReportCategory.choices, default=ReportCategory.OTHER)
    description = models.TextField("举报内容")
    address = models.CharField("地点", max_length=200)
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    enterprise_name = models.CharField("被举报单位（举报人填写）", max_length=200, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="被举报企业", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="public_reports",
    )
    # Private: shown to the committee office only, never on a public page or to an enterprise.
    contact_name = models.CharField("举报人姓名", max_length=50, blank=True)
    contact_phone = models.CharField("举报人联系电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED)
    submitted_at = models.DateTimeField("举报时间", default=timezone.now, db_index=True)
    assigned_region = models.ForeignKey(
        Region, verbose_name="核查街道/镇", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_department = models.ForeignKey(
        Department, verbose_name="核查部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("分派时间", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="分派人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField("核查期限", null=True, blank=True)
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_note = models.TextField("核查情况", blank=True)
    hazard = models.OneToOneField(
        "hazards.Hazard", verbose_name="登记的隐患", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="public_report",
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    # Overdue handling, maintained by the daily job (same steps as hazards: 函告 → 通报 → 约谈).
    escalation_level = models.PositiveSmallIntegerField("核查逾期升级", default=0)
    escalated_at = models.DateTimeField("最近升级时间", null=True, blank=True)

    objects = PublicReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "群众举报"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"举报 {self.code}"

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def is_anonymous(self) -> bool:
        return not (self.contact_name or self.contact_phone)

    @property
    def handler_name(self) -> str:
        unit = self.assigned_region or self.assigned_department
        return unit.name if unit else ""

    @property
    def overdue_now(self) -> bool:
        return self.status == ReportStatus.ASSIGNED and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def is_assigned(self) -> bool:
        return self.status == ReportStatus.ASSIGNED

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "text-bg-secondary")


def report_photo_path(instance: ReportPhoto, filename: str) -> str:
    return f"reporting/{instance.report_id}/{filename}"


class ReportPhoto(models.Model):
    """The stored file is a re-encoded copy with every EXIF tag stripped (location, device, owner);
    the location the camera wrote is kept in the private fields for the officer."""

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片（已去除 EXIF）", upload_to=report_photo_path)
    gps_lat = models.DecimalField("拍摄位置纬度（EXIF）", max_digits=9, decimal_places=6, null=True, blank=True)
    gps_lng = models.DecimalField("拍摄位置经度（EXIF）", max_digits=9, decimal_places=6, null=True, blank=True)
    taken_at = models.CharField("拍摄时间（EXIF）", max_length=20, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "举报照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class ReportTransition(models.Model):
    """The report's timeline (who, when, from, to, note) — for staff; the public sees the steps only."""

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="transitions")
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=12, choices=ReportAction.choices)
    from_status = models.CharField("原状态", max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=ReportStatus.choices)
    escalation_level = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "举报处理记录"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "escalation_level"], condition=Q(action=ReportAction.ESCALATE),
                name="report_escalation_once_per_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class RewardQuerySet(ScopedQuerySet):
    """举报奖励 is the office's register: no lookup reaches it, so only the office and admin see it."""


class ReportReward(models.Model):
    """举报奖励 for a founded report (《安全生产领域举报奖励办法》)."""

    report = models.OneToOneField(PublicReport, verbose_name="举报", on_delete=models.PROTECT, related_name="reward")
    amount = models.DecimalField("奖励金额（元）", max_digits=10, decimal_places=2)
    basis = models.CharField("奖励依据", max_length=300)
    decided_on = models.DateField("核定日期", default=timezone.localdate)
    status = models.CharField("状态", max_length=8, choices=RewardStatus.choices, default=RewardStatus.DECIDED)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RewardQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "举报奖励"
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"举报奖励 {self.report.code} {self.amount} 元"

    @property
    def is_paid(self) -> bool:
        return self.status == RewardStatus.PAID
