"""Factories of the emergency app (one per model the tests need)."""

import datetime as dt

import factory

from emergency.choices import DrillStatus, OwnerKind, PlanType, SupplyCategory, TeamKind
from emergency.models import (
    Depot,
    Drill,
    DrillRule,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmergencyPlan

    owner_kind = OwnerKind.ENTERPRISE
    title = factory.Sequence(lambda n: f"生产安全事故综合应急预案{n}")
    plan_type = PlanType.COMPREHENSIVE


class DrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drill

    owner_kind = OwnerKind.ENTERPRISE
    title = factory.Sequence(lambda n: f"消防疏散演练{n}")
    drill_type = PlanType.ONSITE
    scenario = "车间起火，人员疏散"
    planned_date = dt.date(2026, 5, 1)
    status = DrillStatus.PLANNED


class DrillRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrillRule

    name = "企业现场处置方案演练"
    owner_kind = OwnerKind.ENTERPRISE
    drill_types = [PlanType.ONSITE]
    min_count = 2
    period_years = 1
    anchor_year = 2021


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RescueTeam

    owner_kind = OwnerKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"企业专职消防队{n}")
    kind = TeamKind.FIRE
    leader = "王队长"
    phone = "13900000000"
    lng = 109.8
    lat = 40.65


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"队员{n}")
    phone = "13900000001"


class DepotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Depot

    owner_kind = OwnerKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"应急物资库{n}")
    address = "测试路1号"
    manager = "李库管"
    phone = "13900000002"
    lng = 109.81
    lat = 40.66


class SupplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplyItem

    depot = factory.SubFactory(DepotFactory)
    name = "干粉灭火器"
    category = SupplyCategory.RESCUE
    quantity = 50
    unit = "具"
    min_stock = 20


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    field = "hazchem"
    phone = "13900000003"


class ShelterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"人民公园应急避难场所{n}")
    kind = "outdoor"
    address = "公园路1号"
    capacity = 5000
    lng = 109.82
    lat = 40.67


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyAssignment

    date = factory.LazyFunction(dt.date.today)
    shift = "day"
    leader = "张局长"
    officer = "刘值班"
    phone = "0472-1234567"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventReport

    received_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC))
    caller = "赵先生"
    category = "fire"
    content = "某小区地下车库冒烟"


class RiskReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskMonthlyReport

    month = dt.date(2026, 10, 1)
    situation = "本月辖区风险总体可控"
    filed_at = factory.LazyFunction(lambda: dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC))
