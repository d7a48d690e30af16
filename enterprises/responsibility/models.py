"""安全生产责任制: 岗位责任清单, 安全管理人员及持证, 安全投入台账 — each row belongs to one enterprise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.scoping import EnterpriseScopedQuerySet

from .choices import InvestmentCategory, StaffCategory


class ResponsibilityItem(models.Model):
    """One line of the 安全生产责任清单: a position, who holds it, its duties, when the 责任书 was signed."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="responsibility_items"
    )
    position = models.CharField("岗位", max_length=100)
    person = models.CharField("责任人", max_length=50)
    duties = models.TextField("职责")
    signed_on = models.DateField("责任书签订日期", null=True, blank=True)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "安全生产责任清单"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.position} {self.person}"


class SafetyStaff(models.Model):
    """主要负责人、安全管理人员、特种作业人员 and the certificate each must hold."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="safety_staff"
    )
    category = models.CharField("人员类别", max_length=10, choices=StaffCategory.choices)
    name = models.CharField("姓名", max_length=50)
    post = models.CharField("岗位/工种", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    certificate_type = models.CharField("证书类型", max_length=100)
    certificate_no = models.CharField("证书编号", max_length=100)
    issued_on = models.DateField("发证日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True, db_index=True)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "安全管理人员及持证"
        ordering = ["category", "name", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.name}"


def voucher_path(instance: SafetyInvestment, filename: str) -> str:
    return f"responsibility/{instance.enterprise_id}/{filename}"


class SafetyInvestment(models.Model):
    """One entry of the 安全投入台账 (amounts in 元)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="safety_investments"
    )
    spent_on = models.DateField("投入日期")
    category = models.CharField("投入类别", max_length=12, choices=InvestmentCategory.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    description = models.CharField("用途说明", max_length=300)
    voucher = models.FileField("凭证", upload_to=voucher_path, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = EnterpriseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "安全投入台账"
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "spent_on"])]

    def __str__(self) -> str:
        return f"{self.spent_on:%Y-%m-%d} {self.get_category_display()} {self.amount} 元"
