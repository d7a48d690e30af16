"""年度考核: yearly schemes, their indicator tree, the assessed units and their scores.

A scheme's computed indicators are evaluated by registered functions (``assessment.indicators``)
over the unit's scope and the scheme's year; the value and its points are stored on ``Score``
at each recompute and frozen once the results are published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Department, Region
from accounts.scoping import ScopedQuerySet
from enterprises.choices import EnterpriseStatus
from enterprises.models import Enterprise

from . import registry
from .choices import Grade, ItemKind, ObjectionStatus, Rule, SchemeStatus, Source, UnitKind


class AssessedUnitQuerySet(ScopedQuerySet):
    """A street officer sees its street's units, a department officer its department's, an enterprise
    user its enterprise's (key units), an expert the units assigned to it; drafts only the office."""

    scope_region = "region"
    scope_enterprise = "enterprise"
    scope_department = "department"

    def for_user(self, user) -> models.QuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        own = Q(pk__in=super().for_user(user).values("pk"))
        assigned = Q(pk__in=AssessedUnit.reviewers.through.objects.filter(user_id=user.pk).values("assessedunit_id"))
        return self.filter(own | assigned).exclude(scheme__status=SchemeStatus.DRAFT)


class SchemeQuerySet(ScopedQuerySet):
    """A scheme is visible to whoever sees one of its units (and to the office, drafts included)."""

    def for_user(self, user) -> models.QuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        return self.filter(pk__in=AssessedUnit.objects.for_user(user).values("scheme_id"))


class SchemeChildQuerySet(ScopedQuerySet):
    def for_user(self, user) -> models.QuerySet:
        if user is not None and user.is_authenticated and user.sees_everything:
            return self.all()
        return self.filter(scheme__in=Scheme.objects.for_user(user).values("pk"))


class UnitChildQuerySet(ScopedQuerySet):
    """Scores, evidence and objections: visible exactly when their unit is."""

    unit_lookup = "unit"

    def for_user(self, user) -> models.QuerySet:
        if user is not None and user.is_authenticated and user.sees_everything:
            return self.all()
        return self.filter(**{f"{self.unit_lookup}__in": AssessedUnit.objects.for_user(user).values("pk")})


class ObjectionQuerySet(UnitChildQuerySet):
    unit_lookup = "score__unit"


class Scheme(models.Model):
    year = models.PositiveSmallIntegerField("考核年度", db_index=True)
    name = models.CharField("方案名称", max_length=100)
    description = models.TextField("考核说明", blank=True)
    status = models.CharField("状态", max_length=12, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    excellent_min = models.DecimalField("优秀线（≥）", max_digits=6, decimal_places=2, default=90)
    good_min = models.DecimalField("良好线（≥）", max_digits=6, decimal_places=2, default=80)
    pass_min = models.DecimalField("合格线（≥）", max_digits=6, decimal_places=2, default=60)
    bonus_cap = models.DecimalField(
        "加分合计上限", max_digits=6, decimal_places=2, null=True, blank=True, help_text="留空表示只受各加分项分值限制"
    )
    self_deadline = models.DateField("自评截止日期", null=True, blank=True)
    objection_deadline = models.DateField("异议截止日期", null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("方案发布时间", null=True, blank=True)
    results_computed_at = models.DateTimeField("结果计算时间", null=True, blank=True)
    results_published_at = models.DateTimeField("结果发布时间", null=True, blank=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="assessment_scheme_year_name")]

    def __str__(self) -> str:
        return f"{self.year}年度{self.name}"

    @property
    def frozen(self) -> bool:
        return self.status == SchemeStatus.PUBLISHED

    @property
    def results_visible(self) -> bool:
        """Results are shown from the objection window on (computed, maybe not yet published)."""
        return self.status in (SchemeStatus.OBJECTION, SchemeStatus.PUBLISHED)

    @property
    def results_provisional(self) -> bool:
        return self.status == SchemeStatus.OBJECTION

    @property
    def status_tone(self) -> str:
        """Bootstrap badge colour of the status."""
        return {SchemeStatus.DRAFT: "secondary", SchemeStatus.PUBLISHED: "success",
                SchemeStatus.OBJECTION: "warning"}.get(self.status, "primary")

    @property
    def started(self) -> bool:
        """Published to the units (past its draft): the units have their own pages."""
        return self.status != SchemeStatus.DRAFT


class Category(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("类别名称", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = SchemeChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "指标类别"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """One line of the indicator tree (category → indicator).

    ``max_score`` is the weight in points (分值): the most a 评分项 gives, the cap of a
    扣分项/加分项. Computed items name a registered function in ``computer`` and map its
    value to points by ``rule`` with ``params``:

    - linear:    {"zero_at": v0, "full_at": v1} — v0 → 0 points, v1 → 分值, straight line between
                 (v1 < v0 means "lower is better", e.g. overdue hazards)
    - threshold: {"steps": [[bound, points], ...], "lower_is_better": false} — the best step reached
    - per_unit:  {"points_each": p} — value × p (deductions/bonuses), capped at 分值
    - any:       {"at_least": n} — 一票否决 when the value reaches n (default 1)
    """

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标名称", max_length=200)
    criteria = models.TextField("评分标准", blank=True)
    kind = models.CharField("类型", max_length=12, choices=ItemKind.choices, default=ItemKind.SCORE)
    source = models.CharField("计分方式", max_length=12, choices=Source.choices, default=Source.MANUAL)
    max_score = models.DecimalField("分值（权重/上限）", max_digits=6, decimal_places=2, default=0)
    computer = models.CharField("数据指标", max_length=60, blank=True)
    rule = models.CharField("换算规则", max_length=12, choices=Rule.choices, blank=True)
    params = models.JSONField("规则参数", default=dict, blank=True)
    no_data_points = models.DecimalField(
        "无数据时得分", max_digits=6, decimal_places=2, null=True, blank=True,
        help_text="指标无法计算时（如范围内没有隐患）的得分；留空为满分",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = SchemeChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核指标"
        ordering = ["category__order", "category_id", "order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_veto(self) -> bool:
        return self.kind == ItemKind.VETO

    @property
    def is_deduction(self) -> bool:
        return self.kind == ItemKind.DEDUCTION

    @property
    def computed(self) -> bool:
        return self.source == Source.COMPUTED

    @property
    def computer_label(self) -> str:
        c = registry.get(self.computer)
        if c is None:
            return self.computer
        return f"{c.label}（{c.unit}）" if c.unit else c.label

    @property
    def rule_text(self) -> str:
        """The rule in words, e.g. "≥95→10分；≥90→8分" or "0分于60，满分于100，线性"."""
        p = self.params or {}
        if self.rule == Rule.LINEAR:
            return f"{p.get('zero_at')} 得0分，{p.get('full_at')} 得满分，其间线性"
        if self.rule == Rule.THRESHOLD:
            sign = "≤" if p.get("lower_is_better") else "≥"
            return "；".join(f"{sign}{b}→{pts}分" for b, pts in p.get("steps", []))
        if self.rule == Rule.PER_UNIT:
            return f"每个 {p.get('points_each')} 分，最多 {self.max_score} 分"
        if self.rule == Rule.ANY:
            return f"达到 {p.get('at_least', 1)} 即一票否决"
        return ""


class AssessedUnit(models.Model):
    """A street, a department or a key enterprise assessed by a scheme, with its results."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField("类别", max_length=12, choices=UnitKind.choices)
    region = models.ForeignKey(Region, verbose_name="街道/镇", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name="部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="重点单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("被考核单位", max_length=200)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="评审人员", blank=True, related_name="assessment_units"
    )
    self_submitted_at = models.DateTimeField("自评提交时间", null=True, blank=True)
    # Results (written by the results computation, frozen on publication).
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True, blank=True)
    category_scores = models.JSONField("分类得分", default=dict, blank=True)
    bonus = models.DecimalField("加分", max_digits=7, decimal_places=2, default=0)
    deduction = models.DecimalField("扣分", max_digits=7, decimal_places=2, default=0)
    grade = models.CharField("等次", max_length=12, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField("同类排名", null=True, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    veto_reason = models.CharField("否决原因", max_length=500, blank=True)

    objects = AssessedUnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "被考核单位"
        ordering = ["scheme", "kind", "rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "region"], condition=Q(region__isnull=False), name="assessment_unit_region"),
            models.UniqueConstraint(
                fields=["scheme", "department"], condition=Q(department__isnull=False), name="assessment_unit_department"
            ),
            models.UniqueConstraint(
                fields=["scheme", "enterprise"], condition=Q(enterprise__isnull=False), name="assessment_unit_enterprise"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.scheme.year}）"

    @property
    def stage(self) -> str:
        """A unit's evaluation follows its scheme's status (the UNIT lifecycle in permissions.py)."""
        return self.scheme.status

    def region_ids(self) -> list[int]:
        """A street's subtree (the street, its communities and grid cells), read once per unit: every
        indicator then filters ``region_id IN (…)``, which uses the region indexes of the big tables."""
        if self._region_ids is None:
            self._region_ids = list(Region.objects.filter(path__startswith=self.region.path).values_list("pk", flat=True))
        return self._region_ids

    _region_ids: list[int] | None = None

    def enterprises(self) -> models.QuerySet[Enterprise]:
        """The enterprises in the unit's scope (属地 for a street, 行业监管 for a department), not closed."""
        qs = Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED)
        if self.kind == UnitKind.STREET:
            return qs.filter(region_id__in=self.region_ids())
        if self.kind == UnitKind.DEPARTMENT:
            return qs.filter(departments=self.department_id)
        return qs.filter(pk=self.enterprise_id)


class Score(models.Model):
    """One unit × one indicator: the computed value or the self-assessment and the reviewer's score."""

    unit = models.ForeignKey(AssessedUnit, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField("计算值", max_digits=14, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    points = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField("触发否决", default=False)
    veto_reason = models.CharField("否决原因", max_length=500, blank=True)
    self_points = models.DecimalField("自评分", max_digits=7, decimal_places=2, null=True, blank=True)
    self_comment = models.TextField("自评说明", blank=True)
    self_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    self_at = models.DateTimeField("自评时间", null=True, blank=True)
    review_comment = models.TextField("评审意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评审人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("评审时间", null=True, blank=True)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "指标得分"
        ordering = ["indicator__category__order", "indicator__category_id", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "indicator"], name="assessment_score_once")]

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.indicator.name}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"assessment/{instance.unit.scheme_id}/{instance.unit_id}/{filename}"


class Evidence(models.Model):
    unit = models.ForeignKey(AssessedUnit, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        Indicator, verbose_name="对应指标", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    title = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to=evidence_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = UnitChildQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "佐证材料"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    score = models.ForeignKey(Score, verbose_name="指标", on_delete=models.CASCADE, related_name="objections")
    reason = models.TextField("异议理由")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField("状态", max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核异议"
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"{self.score} 异议"

    @property
    def pending(self) -> bool:
        return self.status == ObjectionStatus.PENDING

    @property
    def accepted(self) -> bool:
        return self.status == ObjectionStatus.ACCEPTED
