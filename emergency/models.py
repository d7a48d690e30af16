"""应急管理: plans, drills and their frequency rules, teams, supplies, experts, shelters,
the office's duty roster and event log, and the streets'/departments' monthly risk reports.

Who sees what (all through ``for_user``):

* plans, drills, teams, depots (and the rows hanging off them) have an *owner* — a government
  level (the district or a street), a department or an enterprise. ``OwnedQuerySet``: an
  enterprise user sees its enterprise's rows; a street officer the rows of its street and of the
  enterprises in it; a grid officer those of the enterprises in its cells; a department its own
  rows and those of the enterprises it supervises; the office and admin everything.
* experts: every staff role (not enterprise users — the contacts are not public);
* shelters: every signed-in user (避难场所 are public information);
* duty roster and event log: the office and admin;
* monthly risk reports: a street its own, a department its own, the office all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Department, Region
from accounts.permissions import is_department, is_grid, is_official, is_street
from accounts.scoping import ScopedQuerySet
from enterprises.models import Enterprise

from .choices import (
    Availability,
    DrillForm,
    DrillRating,
    DrillStatus,
    DutyShift,
    EventCategory,
    EventStatus,
    ExpertField,
    FindingAction,
    OwnerKind,
    PlanStatus,
    PlanType,
    ReviewState,
    RevisionSource,
    ShelterKind,
    SupplyCategory,
    TeamKind,
)
from .rules import review_state


def default_owner(user) -> dict[str, Any] | None:
    """The owner a user registers plans, drills, teams and depots for (None: the user picks: office)."""
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return {"owner_kind": OwnerKind.ENTERPRISE, "enterprise": user.enterprise}
    if user.role == Role.STREET and user.region_id:
        return {"owner_kind": OwnerKind.GOVERNMENT, "region": user.region}
    if user.role == Role.DEPARTMENT and user.department_id:
        return {"owner_kind": OwnerKind.DEPARTMENT, "department": user.department}
    return None


def units_of(user, streets: models.QuerySet, departments: models.QuerySet) -> tuple[models.QuerySet, models.QuerySet]:
    """The streets (政府) and departments a user answers for, within the given querysets: all for the
    office and for jobs (``user`` None), its own street or department otherwise."""
    if user is None or user.sees_everything:
        return streets, departments
    street = streets.filter(pk=user.region_id) if user.role == Role.STREET and user.region_id else streets.none()
    department = (departments.filter(pk=user.department_id) if user.role == Role.DEPARTMENT and user.department_id
                  else departments.none())
    return street, department


def report_reporter(user) -> dict[str, Any] | None:
    """The unit a user files the monthly risk report for (a street or a department), if any."""
    if user.role == Role.STREET and user.region_id:
        return {"region": user.region}
    if user.role == Role.DEPARTMENT and user.department_id:
        return {"department": user.department}
    return None


class OwnedQuerySet(ScopedQuerySet):
    """Rows owned by a region (政府), a department or an enterprise.

    The base mechanism covers the direct owners (``region`` for grid/street officers,
    ``department`` for department officers, ``enterprise`` for enterprise users); rows owned by an
    enterprise are added for officers through ``Enterprise.objects.for_user`` — the same scope as
    the enterprise file, so a plan is never visible where its enterprise is not.
    """

    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "department"

    def for_user(self, user) -> ScopedQuerySet:
        own = super().for_user(user)
        if user is None or not user.is_authenticated or user.sees_everything:
            return own
        if not (is_grid | is_street | is_department).test(user):
            return own
        return own | self.filter(enterprise__in=Enterprise.objects.for_user(user).values("pk"))


class ChildQuerySet(ScopedQuerySet):
    """Rows reached through a parent with an ``OwnedQuerySet`` (``parent_field`` names the FK)."""

    parent_field = ""

    @classmethod
    def of(cls, parent_field: str) -> models.Manager:
        queryset_class = type(f"{parent_field.title()}ChildQuerySet", (cls,), {"parent_field": parent_field})
        return queryset_class.as_manager()

    def for_user(self, user) -> ScopedQuerySet:
        field = self.model._meta.get_field(self.parent_field)
        parents = field.related_model.objects.for_user(user).values("pk")
        return self.filter(**{f"{self.parent_field}__in": parents})


class OfficeOnlyQuerySet(ScopedQuerySet):
    """No lookups: only roles that see everything (office, admin) get rows."""


class StaffQuerySet(ScopedQuerySet):
    def for_user(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_official.test(user):
            return self.all()
        return self.none()


class PublicQuerySet(ScopedQuerySet):
    def for_user(self, user) -> ScopedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()


class RiskReportQuerySet(ScopedQuerySet):
    scope_region = "region"
    scope_department = "department"


class Owned(models.Model):
    """The owner of a plan, drill, team or depot: exactly one of region/department/enterprise."""

    owner_kind = models.CharField("责任主体类型", max_length=12, choices=OwnerKind.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name="政府（区/街道）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def owner(self):
        return {
            OwnerKind.GOVERNMENT: self.region,
            OwnerKind.DEPARTMENT: self.department,
            OwnerKind.ENTERPRISE: self.enterprise,
        }.get(self.owner_kind)

    @property
    def owner_name(self) -> str:
        owner = self.owner
        return str(owner) if owner is not None else ""


OWNER_RELATED = ("region", "department", "enterprise")


def plan_file_path(instance: EmergencyPlan, filename: str) -> str:
    return f"emergency/plans/{instance.owner_kind}/{filename}"


class EmergencyPlan(Owned):
    """应急预案 with its 备案 (filing) by the supervising authority and the 3-year review cycle."""

    title = models.CharField("预案名称", max_length=200)
    plan_type = models.CharField("预案类别", max_length=16, choices=PlanType.choices)
    version = models.CharField("版本号", max_length=20, default="V1.0")
    file = models.FileField("预案文本", upload_to=plan_file_path, blank=True)
    scope_note = models.CharField("适用范围", max_length=300, blank=True)
    issued_on = models.DateField("发布实施日期", null=True, blank=True)
    status = models.CharField("备案状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    submitted_at = models.DateTimeField("提交备案时间", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    filing_no = models.CharField("备案编号", max_length=50, blank=True)
    review_due = models.DateField("下次评审期限", null=True, blank=True, db_index=True, editable=False)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="备案审查人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    needs_revision = models.BooleanField("待修订", default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急预案"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "review_due"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.version}）"

    @property
    def review_state(self) -> str | None:
        return review_state(
            self.review_due, today=timezone.localdate(), warning_days=settings.EMERGENCY_PLAN_REVIEW_WARNING_DAYS
        )

    @property
    def review_overdue(self) -> bool:
        return self.review_state == ReviewState.OVERDUE

    @property
    def review_expiring(self) -> bool:
        return self.review_state == ReviewState.EXPIRING

    @property
    def review_state_display(self) -> str:
        return ReviewState(self.review_state).label if self.review_state else "未备案"


class PlanRevision(models.Model):
    """A revision opened after an accident, a drill finding or a review; closed by the next filing."""

    plan = models.ForeignKey(EmergencyPlan, verbose_name="预案", on_delete=models.CASCADE, related_name="revisions")
    source = models.CharField("修订原因类别", max_length=12, choices=RevisionSource.choices)
    reason = models.CharField("修订原因", max_length=500)
    drill = models.ForeignKey(
        "Drill", verbose_name="来源演练", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accident = models.ForeignKey(
        "accidents.Accident", verbose_name="来源事故", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField("发起时间", auto_now_add=True)
    closed_in_version = models.CharField("修订后版本", max_length=20, blank=True)
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ChildQuerySet.of("plan")

    class Meta:
        verbose_name = verbose_name_plural = "预案修订"
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.title}：{self.reason}"


class DrillRule(models.Model):
    """演练频次规则 as data (seed 001): per owner kind, drill kinds, minimum count, period length.

    Periods are calendar-aligned from ``anchor_year``: a 2-year rule anchored at 2021 runs
    2021–2022, 2023–2024, 2025–2026 …; a 1-year rule is the calendar year.
    """

    name = models.CharField("规则名称", max_length=100)
    owner_kind = models.CharField("适用对象", max_length=12, choices=OwnerKind.choices)
    drill_types = models.JSONField("计入的演练类别", default=list, help_text="PlanType 值的列表")
    min_count = models.PositiveSmallIntegerField("最少次数", default=1)
    period_years = models.PositiveSmallIntegerField("周期（年）", default=1)
    anchor_year = models.PositiveSmallIntegerField("周期起算年份", default=2021)
    active = models.BooleanField("启用", default=True)
    basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "演练频次规则"
        ordering = ["owner_kind", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def drill_types_display(self) -> str:
        labels = dict(PlanType.choices)
        return "或".join(labels.get(t, t) for t in self.drill_types)


class Drill(Owned):
    """应急演练: planned, then held (with evaluation, photos and findings) or cancelled."""

    title = models.CharField("演练名称", max_length=200)
    drill_type = models.CharField("演练类别", max_length=16, choices=PlanType.choices)
    form = models.CharField("演练形式", max_length=12, choices=DrillForm.choices, default=DrillForm.LIVE)
    plan = models.ForeignKey(
        EmergencyPlan, verbose_name="依据预案", null=True, blank=True, on_delete=models.SET_NULL, related_name="drills"
    )
    scenario = models.TextField("演练情景")
    location = models.CharField("地点", max_length=200, blank=True)
    planned_date = models.DateField("计划日期", db_index=True)
    status = models.CharField("状态", max_length=12, choices=DrillStatus.choices, default=DrillStatus.PLANNED)
    held_on = models.DateField("举行日期", null=True, blank=True, db_index=True)
    participant_count = models.PositiveIntegerField("参演人数", default=0)
    participants = models.TextField("参演单位/人员", blank=True)
    evaluation = models.TextField("演练评估", blank=True)
    rating = models.CharField("评估结论", max_length=12, choices=DrillRating.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急演练"
        ordering = ["-planned_date", "-id"]
        indexes = [models.Index(fields=["owner_kind", "status", "drill_type", "held_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        """A planned drill whose date has passed without being held (overdue drills are flagged)."""
        return self.status == DrillStatus.PLANNED and self.planned_date < timezone.localdate()


def drill_photo_path(instance: DrillPhoto, filename: str) -> str:
    return f"emergency/drills/{instance.drill_id}/{filename}"


class DrillPhoto(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to=drill_photo_path)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ChildQuerySet.of("drill")

    class Meta:
        verbose_name = verbose_name_plural = "演练照片"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class DrillFinding(models.Model):
    """A problem found by a drill; may open a plan revision (or be registered as a hazard)."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField("发现问题")
    action = models.CharField("处理方式", max_length=16, choices=FindingAction.choices, default=FindingAction.RECORD)
    revision = models.ForeignKey(
        PlanRevision, verbose_name="预案修订", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hazard = models.ForeignKey(
        "hazards.Hazard", verbose_name="登记的隐患", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ChildQuerySet.of("drill")

    class Meta:
        verbose_name = verbose_name_plural = "演练发现问题"
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.description[:50]


class RescueTeam(Owned):
    """救援队伍."""

    name = models.CharField("队伍名称", max_length=100)
    kind = models.CharField("队伍类别", max_length=16, choices=TeamKind.choices)
    leader = models.CharField("队长", max_length=50)
    phone = models.CharField("值守电话", max_length=30)
    address = models.CharField("驻地", max_length=200, blank=True)
    lng = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    specialties = models.CharField("救援专长", max_length=200, blank=True)
    equipment = models.TextField("主要装备", blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "救援队伍"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(RescueTeam, verbose_name="队伍", on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    skills = models.CharField("技能专长", max_length=200, blank=True)
    certificate = models.CharField("资格证书", max_length=100, blank=True)
    certificate_no = models.CharField("证书编号", max_length=50, blank=True)
    certificate_expiry = models.DateField("证书有效期至", null=True, blank=True, db_index=True)

    objects = ChildQuerySet.of("team")

    class Meta:
        verbose_name = verbose_name_plural = "救援队员"
        ordering = ["team", "id"]

    def __str__(self) -> str:
        return self.name


class Depot(Owned):
    """物资储备库 (a depot; also an enterprise's own 应急物资 store)."""

    name = models.CharField("储备库名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    lng = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    manager = models.CharField("管理人", max_length=50)
    phone = models.CharField("联系电话", max_length=30)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "物资储备库"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupplyItem(models.Model):
    depot = models.ForeignKey(Depot, verbose_name="储备库", on_delete=models.CASCADE, related_name="items")
    name = models.CharField("物资名称", max_length=100)
    category = models.CharField("类别", max_length=16, choices=SupplyCategory.choices)
    spec = models.CharField("规格型号", max_length=100, blank=True)
    quantity = models.DecimalField("库存数量", max_digits=12, decimal_places=2)
    unit = models.CharField("单位", max_length=10)
    min_stock = models.DecimalField("最低库存", max_digits=12, decimal_places=2, default=0)
    expiry = models.DateField("有效期至", null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ChildQuerySet.of("depot")

    class Meta:
        verbose_name = verbose_name_plural = "应急物资"
        ordering = ["depot", "category", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.depot}）"

    @property
    def low_stock(self) -> bool:
        return self.quantity < self.min_stock


class Expert(models.Model):
    """专家库 (emergency rescue / safety experts)."""

    name = models.CharField("姓名", max_length=50)
    field = models.CharField("专业领域", max_length=20, choices=ExpertField.choices)
    title = models.CharField("职称", max_length=50, blank=True)
    organisation = models.CharField("工作单位", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    availability = models.CharField(
        "可调用状态", max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="平台账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("备注", max_length=200, blank=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急专家"
        ordering = ["field", "name"]

    def __str__(self) -> str:
        return self.name


class Shelter(models.Model):
    """应急避难场所."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=ShelterKind.choices)
    region = models.ForeignKey(Region, verbose_name="所在街道", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("地址", max_length=200)
    lng = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField("可容纳人数")
    area_m2 = models.PositiveIntegerField("有效面积（㎡）", default=0)
    facilities = models.CharField("配套设施", max_length=300, blank=True)
    manager = models.CharField("管理人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "应急避难场所"
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class DutyAssignment(models.Model):
    """值班表: one row per date and shift; the handover note is written when the shift ends."""

    date = models.DateField("日期", db_index=True)
    shift = models.CharField("班次", max_length=8, choices=DutyShift.choices)
    leader = models.CharField("带班领导", max_length=50)
    officer = models.CharField("值班员", max_length=50)
    phone = models.CharField("值班电话", max_length=30)
    handover_note = models.TextField("交接班记录", blank=True)
    handed_over_at = models.DateTimeField("交班时间", null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="交班人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfficeOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "值班安排"
        ordering = ["-date", "shift"]
        constraints = [models.UniqueConstraint(fields=["date", "shift"], name="duty_one_per_shift")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_shift_display()} {self.officer}"


class EventReport(models.Model):
    """接报记录: what the duty officer received and did; may become an accident record."""

    received_at = models.DateTimeField("接报时间", db_index=True)
    caller = models.CharField("报告人", max_length=50)
    caller_phone = models.CharField("联系电话", max_length=30, blank=True)
    caller_org = models.CharField("报告单位", max_length=100, blank=True)
    category = models.CharField("事件类别", max_length=12, choices=EventCategory.choices)
    region = models.ForeignKey(
        Region, verbose_name="发生地（街道）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="涉及企业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("报告内容")
    actions = models.TextField("处置措施", blank=True)
    status = models.CharField("状态", max_length=8, choices=EventStatus.choices, default=EventStatus.OPEN)
    accident = models.ForeignKey(
        "accidents.Accident", verbose_name="转事故记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OfficeOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "接报记录"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.received_at:%m-%d %H:%M} {self.caller}：{self.content[:30]}"

    @property
    def is_closed(self) -> bool:
        return self.status == EventStatus.CLOSED


class RiskMonthlyReport(models.Model):
    """风险每月一报送: a street's or a department's risk situation for one month."""

    month = models.DateField("报送月份", help_text="该月1日", db_index=True)
    region = models.ForeignKey(
        Region, verbose_name="街道/镇", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    major_count = models.PositiveIntegerField("重大风险（红）", default=0)
    high_count = models.PositiveIntegerField("较大风险（橙）", default=0)
    general_count = models.PositiveIntegerField("一般风险（黄）", default=0)
    low_count = models.PositiveIntegerField("低风险（蓝）", default=0)
    situation = models.TextField("风险情况说明")
    measures = models.TextField("管控措施", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("报送时间")
    late = models.BooleanField("逾期报送", default=False)

    objects = RiskReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "风险每月一报送"
        ordering = ["-month", "id"]
        constraints = [
            models.UniqueConstraint(fields=["month", "region"], name="risk_report_once_per_street"),
            models.UniqueConstraint(fields=["month", "department"], name="risk_report_once_per_department"),
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, department__isnull=True)
                | models.Q(region__isnull=True, department__isnull=False),
                name="risk_report_one_reporter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} {self.month:%Y年%m月}"

    @property
    def reporter(self):
        return self.region or self.department

    @property
    def total(self) -> int:
        return self.major_count + self.high_count + self.general_count + self.low_count
