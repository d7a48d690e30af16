"""Factories of the credit list (one per model)."""

import datetime as dt

import factory
from django.utils import timezone

from enterprises.credit.models import CreditListing, CreditRemoval, CreditViolation

from ..factories import EnterpriseFactory


class CreditListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditListing

    enterprise = factory.SubFactory(EnterpriseFactory)
    reason = "发生较大生产安全事故，对事故负有责任"
    legal_basis = "《安全生产严重失信主体名单管理办法》第六条"
    listed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))
    source = factory.Sequence(lambda n: f"昆应急罚〔2026〕{n}号")


class CreditViolationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditViolation

    enterprise = factory.SubFactory(EnterpriseFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    description = "未按规定开展隐患排查"


class CreditRemovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CreditRemoval

    listing = factory.SubFactory(CreditListingFactory)
    grounds = "列入满 2 年，期间无新的违法行为"
