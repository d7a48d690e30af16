"""Factories of the 安全生产责任制 file (one per model)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from enterprises.responsibility.choices import InvestmentCategory, StaffCategory
from enterprises.responsibility.models import ResponsibilityItem, SafetyInvestment, SafetyStaff

from ..factories import EnterpriseFactory


class ResponsibilityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityItem

    enterprise = factory.SubFactory(EnterpriseFactory)
    position = "安全管理员"
    person = factory.Sequence(lambda n: f"责任人{n}")
    duties = "组织开展安全检查和隐患排查治理"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class SafetyStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyStaff

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = StaffCategory.SAFETY_MANAGER
    name = factory.Sequence(lambda n: f"安全员{n}")
    certificate_type = "安全生产管理人员安全生产知识和管理能力考核合格证"
    certificate_no = factory.Sequence(lambda n: f"AQ{n:08d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=400))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=700))


class SafetyInvestmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyInvestment

    enterprise = factory.SubFactory(EnterpriseFactory)
    spent_on = factory.LazyFunction(timezone.localdate)
    category = InvestmentCategory.PROTECTIVE_EQUIPMENT
    amount = Decimal("1000.00")
    description = "采购劳动防护用品"
