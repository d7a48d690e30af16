"""网格巡查与执法检查: grid patrols, annual enforcement plans, inspection records, numbered
enforcement documents, re-inspections, penalties and the 双随机一公开 draws."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Department, Region
from accounts.scoping import ScopedQuerySet
from hazards.choices import CheckResult

from .choices import (
    DocumentKind,
    DrawStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    PatrolStatus,
    PenaltyStatus,
    PlanStatus,
    ReinspectionConclusion,
    SignOff,
)

# ---------------------------------------------------------------------------------------------
# 网格巡查


class PatrolQuerySet(ScopedQuerySet):
    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "enterprise__departments"
    scope_owner = "officer"

    def finished(self) -> PatrolQuerySet:
        return self.filter(status=PatrolStatus.FINISHED)


class Patrol(models.Model):
    """One visit of a grid officer to an enterprise. Saved step by step as a draft (so a lost
    connection loses nothing), finished with the enterprise's sign-off or a recorded refusal."""

    region_follows_enterprise = True  # region copied from the enterprise: moved with it (enterprises.services)

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="patrols"
    )
    region = models.ForeignKey(Region, verbose_name="属地网格", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="网格员", on_delete=models.PROTECT, related_name="patrols"
    )
    status = models.CharField("状态", max_length=10, choices=PatrolStatus.choices, default=PatrolStatus.DRAFT)
    started_at = models.DateTimeField("开始时间", default=timezone.now)
    saved_at = models.DateTimeField("最近保存", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    visit_date = models.DateField("巡查日期", null=True, blank=True, db_index=True)
    # Browser geolocation (navigator.geolocation), WGS-84.
    lng = models.DecimalField("定位经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("定位纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    located_at = models.DateTimeField("定位时间", null=True, blank=True)
    distance_m = models.PositiveIntegerField("距企业登记位置（米）", null=True, blank=True)
    far_from_enterprise = models.BooleanField("定位偏离企业位置", default=False)
    summary = models.TextField("巡查情况", blank=True)
    sign_off = models.CharField("企业确认", max_length=10, choices=SignOff.choices, blank=True)
    signer_name = models.CharField("企业签字人", max_length=50, blank=True)
    refusal_reason = models.CharField("拒签情况", max_length=300, blank=True)
    hazards_found = models.PositiveSmallIntegerField("发现隐患数", default=0)

    objects = PatrolQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "网格巡查"
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "status", "-visit_date"]),
            models.Index(fields=["officer", "status"]),
            # the lists' default order: the first page without sorting every patrol (70,000: 230 → 8 ms)
            models.Index(fields=["-started_at", "-id"], name="patrol_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} 巡查 {timezone.localtime(self.started_at):%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == PatrolStatus.DRAFT


class PatrolAnswer(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("hazards.CheckItem", verbose_name="检查项", on_delete=models.PROTECT, related_name="+")
    result = models.CharField("结果", max_length=8, choices=CheckResult.choices)
    note = models.CharField("说明", max_length=300, blank=True)
    hazard = models.ForeignKey("hazards.Hazard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "巡查检查结果"
        ordering = ["item__template_id", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["patrol", "item"], name="patrol_answer_once")]

    def __str__(self) -> str:
        return f"{self.item} {self.get_result_display()}"


def patrol_photo_path(instance: PatrolPhoto, filename: str) -> str:
    return f"patrols/{instance.patrol_id}/{filename}"


class PatrolPhoto(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("照片", upload_to=patrol_photo_path)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "巡查照片"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.image.name


# ---------------------------------------------------------------------------------------------
# 年度执法计划


class PlanQuerySet(ScopedQuerySet):
    scope_department = "department"


class EnforcementPlan(models.Model):
    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.PROTECT, related_name="enforcement_plans")
    year = models.PositiveSmallIntegerField("年度")
    q1 = models.PositiveIntegerField("一季度计划检查（家次）", default=0)
    q2 = models.PositiveIntegerField("二季度计划检查（家次）", default=0)
    q3 = models.PositiveIntegerField("三季度计划检查（家次）", default=0)
    q4 = models.PositiveIntegerField("四季度计划检查（家次）", default=0)
    key_enterprises = models.ManyToManyField(
        "enterprises.Enterprise", verbose_name="重点检查企业", blank=True, related_name="+"
    )
    note = models.TextField("计划说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("报批时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度执法计划"
        ordering = ["-year", "department__code"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_plan_per_department_year")]

    def __str__(self) -> str:
        return f"{self.department} {self.year}年度执法计划"

    @property
    def quarters(self) -> list[int]:
        return [self.q1, self.q2, self.q3, self.q4]

    @property
    def total(self) -> int:
        return sum(self.quarters)

    @property
    def status_tone(self) -> str:
        """The Bootstrap tone of the status badge (templates never compare status strings)."""
        return {PlanStatus.APPROVED: "success", PlanStatus.SUBMITTED: "warning",
                PlanStatus.REJECTED: "danger"}.get(self.status, "secondary")


# ---------------------------------------------------------------------------------------------
# 执法检查


class InspectionQuerySet(ScopedQuerySet):
    """A department officer sees only its own department's records (not all records of the
    enterprises it supervises); the street and grid officers their area; the enterprise its own."""

    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "department"

    def finished(self) -> InspectionQuerySet:
        return self.filter(status=InspectionStatus.FINISHED)


class Inspection(models.Model):
    region_follows_enterprise = True  # region copied from the enterprise: moved with it (enterprises.services)

    department = models.ForeignKey(Department, verbose_name="执法部门", on_delete=models.PROTECT, related_name="inspections")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="被检查单位", on_delete=models.PROTECT, related_name="inspections"
    )
    region = models.ForeignKey(Region, verbose_name="属地", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("检查类型", max_length=12, choices=InspectionKind.choices, default=InspectionKind.ENFORCEMENT)
    status = models.CharField("状态", max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT)
    inspected_on = models.DateField("检查日期")
    place = models.CharField("检查场所", max_length=200, blank=True)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="执法人员", related_name="inspections")
    summary = models.TextField("检查情况", blank=True)
    result = models.CharField("检查结果", max_length=10, choices=InspectionResult.choices, blank=True)
    draw_item = models.OneToOneField(
        "DrawItem", verbose_name="双随机抽取结果", null=True, blank=True, on_delete=models.PROTECT, related_name="inspection"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "执法检查记录"
        ordering = ["-inspected_on", "-id"]
        indexes = [models.Index(fields=["department", "status", "inspected_on"]),
                   models.Index(fields=["enterprise", "-inspected_on"]),
                   models.Index(fields=["-inspected_on", "-id"], name="inspection_list_order")]  # lists' order

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()} {self.inspected_on:%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == InspectionStatus.DRAFT


class InspectionAnswer(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey("hazards.CheckItem", verbose_name="检查项", on_delete=models.PROTECT, related_name="+")
    result = models.CharField("结果", max_length=8, choices=CheckResult.choices)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法检查结果"
        ordering = ["item__template_id", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspection_answer_once")]

    def __str__(self) -> str:
        return f"{self.item} {self.get_result_display()}"


# ---------------------------------------------------------------------------------------------
# 执法文书 and their numbers


class DocumentCounter(models.Model):
    """The last number given per department, year and kind. Locked with SELECT … FOR UPDATE in the
    transaction that creates the document, so numbers have neither gaps nor duplicates."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文书编号计数器"
        constraints = [models.UniqueConstraint(fields=["department", "kind", "year"], name="one_counter_per_series")]

    def __str__(self) -> str:
        return f"{self.department} {self.get_kind_display()} {self.year}: {self.last_number}"


class DocumentQuerySet(ScopedQuerySet):
    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "department"


class EnforcementDocument(models.Model):
    """A numbered 执法文书. Its text is fixed when issued (a legal document does not change)."""

    region_follows_enterprise = True  # region copied from the enterprise: moved with it (enterprises.services)

    department = models.ForeignKey(Department, verbose_name="执法部门", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书类型", max_length=10, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=60, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="当事单位", on_delete=models.PROTECT, related_name="enforcement_documents"
    )
    region = models.ForeignKey(Region, verbose_name="属地", on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey(
        Inspection, verbose_name="执法检查", on_delete=models.PROTECT, related_name="documents"
    )
    order = models.ForeignKey(
        "self", verbose_name="对应整改指令书", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    hazards = models.ManyToManyField("hazards.Hazard", verbose_name="涉及隐患", blank=True, related_name="+")
    body = models.TextField("正文")
    deadline = models.DateField("整改期限", null=True, blank=True)
    issued_on = models.DateField("签发日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "执法文书"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["department", "kind", "year", "sequence"], name="document_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class ReinspectionQuerySet(ScopedQuerySet):
    scope_region = "order__region"
    scope_enterprise = "order__enterprise"
    scope_department = "order__department"


class Reinspection(models.Model):
    """复查 of a 责令限期整改指令书: each of its hazards found rectified (closed) or not (re-opened)."""

    order = models.ForeignKey(
        EnforcementDocument, verbose_name="整改指令书", on_delete=models.PROTECT, related_name="reinspections"
    )
    inspected_on = models.DateField("复查日期")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="复查人员", related_name="+")
    conclusion = models.CharField("复查结论", max_length=8, choices=ReinspectionConclusion.choices)
    note = models.TextField("复查意见", blank=True)
    document = models.OneToOneField(
        EnforcementDocument, verbose_name="整改复查意见书", on_delete=models.PROTECT, related_name="reinspection"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ReinspectionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "整改复查"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"复查 {self.order.number}"


class ReinspectionResult(models.Model):
    reinspection = models.ForeignKey(Reinspection, on_delete=models.CASCADE, related_name="results")
    hazard = models.ForeignKey("hazards.Hazard", verbose_name="隐患", on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField("已整改")
    note = models.CharField("复查说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复查结果"
        constraints = [models.UniqueConstraint(fields=["reinspection", "hazard"], name="reinspection_hazard_once")]

    def __str__(self) -> str:
        return f"{self.hazard_id} {'合格' if self.passed else '不合格'}"


class PenaltyQuerySet(ScopedQuerySet):
    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "department"


class Penalty(models.Model):
    """A violation found in an inspection and how it was handled: 首违不罚 (an order to correct)
    for a listed minor first violation, otherwise an administrative penalty decision."""

    region_follows_enterprise = True  # region copied from the enterprise: moved with it (enterprises.services)

    inspection = models.ForeignKey(Inspection, verbose_name="执法检查", on_delete=models.PROTECT, related_name="penalties")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="当事单位", on_delete=models.PROTECT, related_name="penalties"
    )
    region = models.ForeignKey(Region, verbose_name="属地", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, verbose_name="执法部门", on_delete=models.PROTECT, related_name="+")
    violation_code = models.CharField("违法行为类别", max_length=40, db_index=True)
    violation = models.TextField("违法事实")
    legal_basis = models.CharField("处罚依据", max_length=300, blank=True)
    amount = models.DecimalField("罚款金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=PenaltyStatus.choices)
    document = models.OneToOneField(
        EnforcementDocument, verbose_name="文书", on_delete=models.PROTECT, related_name="penalty"
    )
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    paid_on = models.DateField("缴纳日期", null=True, blank=True)

    objects = PenaltyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政处罚"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "violation_code", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_status_display()}"

    @property
    def status_tone(self) -> str:
        return {PenaltyStatus.EXEMPT: "info", PenaltyStatus.PAID: "success"}.get(self.status, "warning")


# ---------------------------------------------------------------------------------------------
# 双随机一公开


class ConflictQuerySet(ScopedQuerySet):
    scope_department = "inspector__department"
    scope_owner = "inspector"


class Conflict(models.Model):
    """A declared conflict of interest (回避): the inspector is never drawn for that enterprise."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="执法人员", on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("回避事由", max_length=200)
    declared_at = models.DateTimeField("申报时间", default=timezone.now)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "回避申报"
        ordering = ["-declared_at"]
        constraints = [models.UniqueConstraint(fields=["inspector", "enterprise"], name="conflict_once")]

    def __str__(self) -> str:
        return f"{self.inspector} 回避 {self.enterprise}"


class DrawQuerySet(ScopedQuerySet):
    scope_department = "department"


class RandomDraw(models.Model):
    """One 双随机 draw and its audit record: the criteria, the seed, the canonical snapshot of both
    pools (with weights and exclusions) and its SHA-256 hash."""

    department = models.ForeignKey(Department, verbose_name="部门", on_delete=models.PROTECT, related_name="random_draws")
    title = models.CharField("抽查任务", max_length=150)
    criteria = models.JSONField("企业库条件", default=dict, blank=True)
    enterprise_count = models.PositiveSmallIntegerField("抽取企业数")
    inspectors_per_enterprise = models.PositiveSmallIntegerField("每家执法人员数", default=2)
    seed = models.BigIntegerField("随机种子")
    snapshot = models.JSONField("名录库快照")
    pool_hash = models.CharField("名录库快照 SHA-256", max_length=64)
    status = models.CharField("状态", max_length=10, choices=DrawStatus.choices, default=DrawStatus.DRAWN)
    drawn_at = models.DateTimeField("抽取时间", default=timezone.now)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽取"
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DrawItemQuerySet(ScopedQuerySet):
    scope_department = "draw__department"
    scope_enterprise = "enterprise"


class DrawItem(models.Model):
    draw = models.ForeignKey(RandomDraw, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("抽取顺序")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="执法人员", related_name="+")
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    objects = DrawItemQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "双随机抽取结果"
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="draw_position_once"),
            models.UniqueConstraint(fields=["draw", "enterprise"], name="draw_enterprise_once"),
        ]
        indexes = [models.Index(fields=["published_at"], condition=Q(published_at__isnull=False), name="drawitem_published")]

    def __str__(self) -> str:
        return f"{self.draw} #{self.position} {self.enterprise}"
