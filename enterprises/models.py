from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Department, Industry, Region
from accounts.scoping import EnterpriseScopedQuerySet, ScopedQuerySet

from .choices import (
    EnterpriseStatus,
    MajorHazardGrade,
    RiskLevel,
    Scale,
    StandardizationGrade,
)
from .validators import validate_uscc


class EnterpriseQuerySet(ScopedQuerySet):
    scope_region = "region"
    scope_enterprise = "pk"
    scope_department = "departments"


class Enterprise(models.Model):
    """一企一档: the enterprise file."""

    name = models.CharField("企业名称", max_length=200, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    address = models.CharField("生产经营地址", max_length=255)
    lng = models.DecimalField("经度", max_digits=10, decimal_places=6, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=6, null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="属地（网格）", on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.ForeignKey(
        Industry, verbose_name="行业", on_delete=models.PROTECT, related_name="enterprises"
    )
    departments = models.ManyToManyField(
        Department, verbose_name="行业监管部门", blank=True, related_name="enterprises"
    )
    legal_rep = models.CharField("法定代表人", max_length=50)
    legal_rep_phone = models.CharField("法定代表人电话", max_length=20, blank=True)
    safety_director = models.CharField("安全负责人", max_length=50, blank=True)
    safety_director_phone = models.CharField("安全负责人电话", max_length=20, blank=True)
    employees = models.PositiveIntegerField("从业人数", default=0)
    scale = models.CharField("规模", max_length=8, choices=Scale.choices, default=Scale.BELOW)
    status = models.CharField(
        "经营状态", max_length=12, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING
    )
    # 重点监管标识 (see choices.KEY_FLAGS)
    flag_hazchem = models.BooleanField("危化品", default=False)
    flag_dust = models.BooleanField("粉尘涉爆", default=False)
    flag_ammonia = models.BooleanField("涉氨制冷", default=False)
    flag_confined = models.BooleanField("有限空间", default=False)
    flag_molten_metal = models.BooleanField("高温熔融金属", default=False)
    flag_gas = models.BooleanField("煤气", default=False)
    flag_mine = models.BooleanField("矿山", default=False)
    flag_crowded = models.BooleanField("人员密集场所", default=False)
    # 安全生产标准化 (3-year validity)
    standardization_grade = models.CharField(
        "标准化等级", max_length=2, choices=StandardizationGrade.choices, blank=True, default=""
    )
    standardization_date = models.DateField("标准化达标日期", null=True, blank=True)
    standardization_expiry = models.DateField("标准化有效期至", null=True, blank=True, editable=False)
    # 安全生产责任险
    insurance_policy_no = models.CharField("安责险保单号", max_length=50, blank=True)
    insurance_expiry = models.DateField("安责险到期日", null=True, blank=True)
    # Derived: the highest level of its risk points (kept for the map and filters).
    risk_level = models.CharField(
        "风险等级", max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW, editable=False
    )
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["region", "industry"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_operating(self) -> bool:
        return self.status == EnterpriseStatus.OPERATING


class Licence(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField("证照名称", max_length=100)
    number = models.CharField("证号", max_length=100)
    issuer = models.CharField("发证机关", max_length=100, blank=True)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True, db_index=True)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "证照许可"
        ordering = ["expires_on"]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class MajorHazardSource(models.Model):
    """重大危险源, graded by R = α·Σ(β·q/Q)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="hazard_sources")
    name = models.CharField("危险源名称", max_length=100)
    alpha = models.DecimalField("校正系数 α", max_digits=6, decimal_places=2, default=1)
    r_value = models.DecimalField("R 值", max_digits=12, decimal_places=3, default=0, editable=False)
    grade = models.PositiveSmallIntegerField(
        "等级", choices=MajorHazardGrade.choices, default=MajorHazardGrade.FOUR, editable=False
    )
    filing_no = models.CharField("备案编号", max_length=50, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重大危险源"
        ordering = ["grade", "name"]

    def __str__(self) -> str:
        return self.name


class HazardousSubstance(models.Model):
    source = models.ForeignKey(MajorHazardSource, on_delete=models.CASCADE, related_name="substances")
    name = models.CharField("危险化学品", max_length=100)
    beta = models.DecimalField("校正系数 β", max_digits=6, decimal_places=2, default=1)
    quantity = models.DecimalField("实际存在量 q（吨）", max_digits=12, decimal_places=3)
    critical = models.DecimalField("临界量 Q（吨）", max_digits=12, decimal_places=3)

    class Meta:
        verbose_name = verbose_name_plural = "危险化学品"

    def __str__(self) -> str:
        return self.name


class RiskPoint(models.Model):
    """安全风险点, levelled by LEC (D = L×E×C)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="risk_points")
    name = models.CharField("风险点", max_length=100)
    location = models.CharField("部位", max_length=100, blank=True)
    likelihood = models.DecimalField("L 可能性", max_digits=5, decimal_places=1)
    exposure = models.DecimalField("E 暴露频率", max_digits=5, decimal_places=1)
    consequence = models.DecimalField("C 后果", max_digits=5, decimal_places=1)
    d_value = models.DecimalField("D 值", max_digits=10, decimal_places=2, default=0, editable=False)
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices, editable=False)
    measures = models.TextField("管控措施", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "风险点"
        ordering = ["-d_value"]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: EnterpriseAttachment, filename: str) -> str:
    return f"enterprises/{instance.enterprise_id}/{filename}"


class EnterpriseAttachment(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("标题", max_length=100)
    file = models.FileField("文件", upload_to=attachment_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业附件"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title
