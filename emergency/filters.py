"""One FilterSet per list: used by the HTML list, its Excel export and the API."""

from __future__ import annotations

import datetime as dt

import django_filters as df
from django import forms
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from accounts.choices import RegionKind
from accounts.models import Region

from .choices import (
    Availability,
    DrillStatus,
    EventCategory,
    EventStatus,
    ExpertField,
    OwnerKind,
    PlanStatus,
    PlanType,
    ReviewState,
    ShelterKind,
    SupplyCategory,
    TeamKind,
)
from .models import (
    Depot,
    Drill,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
)

OWNER_SEARCH = ("region__name", "department__name", "enterprise__name")


def _search(fields: tuple[str, ...]):
    def method(queryset, name, value):
        if not value:
            return queryset
        q = Q()
        for f in fields:
            q |= Q(**{f"{f}__icontains": value})
        return queryset.filter(q)

    return method


class StyledFilterSet(df.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
            if isinstance(field, forms.DateField):
                field.widget.input_type = "date"


def streets():
    return Region.objects.filter(kind=RegionKind.STREET)


class PlanFilter(StyledFilterSet):
    q = df.CharFilter(label="关键字", method=_search(("title",) + OWNER_SEARCH))
    owner_kind = df.ChoiceFilter(label="责任主体", choices=OwnerKind.choices)
    plan_type = df.ChoiceFilter(label="预案类别", choices=PlanType.choices)
    status = df.ChoiceFilter(label="备案状态", choices=PlanStatus.choices)
    review_state = df.ChoiceFilter(label="评审期限", choices=ReviewState.choices, method="filter_review_state")
    needs_revision = df.BooleanFilter(label="待修订")

    class Meta:
        model = EmergencyPlan
        fields = ["q", "owner_kind", "plan_type", "status", "review_state", "needs_revision"]

    def filter_review_state(self, queryset, name, value):
        today = timezone.localdate()
        horizon = today + dt.timedelta(days=settings.EMERGENCY_PLAN_REVIEW_WARNING_DAYS)
        if value == ReviewState.OVERDUE:
            return queryset.filter(review_due__lt=today)
        if value == ReviewState.EXPIRING:
            return queryset.filter(review_due__gte=today, review_due__lte=horizon)
        if value == ReviewState.OK:
            return queryset.filter(review_due__gt=horizon)
        return queryset


class DrillFilter(StyledFilterSet):
    q = df.CharFilter(label="关键字", method=_search(("title", "scenario") + OWNER_SEARCH))
    owner_kind = df.ChoiceFilter(label="责任主体", choices=OwnerKind.choices)
    drill_type = df.ChoiceFilter(label="演练类别", choices=PlanType.choices)
    status = df.ChoiceFilter(label="状态", choices=DrillStatus.choices)
    year = df.NumberFilter(label="年度", method="filter_year", min_value=1949, max_value=9999)
    overdue = df.BooleanFilter(label="逾期未举行", method="filter_overdue")

    class Meta:
        model = Drill
        fields = ["q", "owner_kind", "drill_type", "status", "year", "overdue"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(planned_date__year=int(value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        late = Q(status=DrillStatus.PLANNED, planned_date__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


class TeamFilter(StyledFilterSet):
    q = df.CharFilter(label="关键字", method=_search(("name", "specialties", "leader") + OWNER_SEARCH))
    kind = df.ChoiceFilter(label="队伍类别", choices=TeamKind.choices)
    owner_kind = df.ChoiceFilter(label="所属", choices=OwnerKind.choices)

    class Meta:
        model = RescueTeam
        fields = ["q", "kind", "owner_kind"]


class DepotFilter(StyledFilterSet):
    q = df.CharFilter(label="关键字", method=_search(("name", "address") + OWNER_SEARCH))
    owner_kind = df.ChoiceFilter(label="所属", choices=OwnerKind.choices)

    class Meta:
        model = Depot
        fields = ["q", "owner_kind"]


class SupplyFilter(StyledFilterSet):
    WARNINGS = [("any", "任一预警"), ("low", "低于最低库存"), ("expiring", "30天内到期/已过期")]

    q = df.CharFilter(label="物资/储备库", method=_search(("name", "spec", "depot__name")))
    category = df.ChoiceFilter(label="类别", choices=SupplyCategory.choices)
    warning = df.ChoiceFilter(label="预警", choices=WARNINGS, method="filter_warning")

    class Meta:
        model = SupplyItem
        fields = ["q", "category", "warning"]

    def filter_warning(self, queryset, name, value):
        horizon = timezone.localdate() + dt.timedelta(days=settings.EMERGENCY_SUPPLY_EXPIRY_DAYS)
        low = Q(quantity__lt=F("min_stock"))
        expiring = Q(expiry__isnull=False, expiry__lte=horizon)
        return queryset.filter({"low": low, "expiring": expiring}.get(value, low | expiring))


class ExpertFilter(StyledFilterSet):
    q = df.CharFilter(label="姓名/单位", method=_search(("name", "organisation", "title")))
    field = df.ChoiceFilter(label="专业领域", choices=ExpertField.choices)
    availability = df.ChoiceFilter(label="可调用状态", choices=Availability.choices)

    class Meta:
        model = Expert
        fields = ["q", "field", "availability"]


class ShelterFilter(StyledFilterSet):
    q = df.CharFilter(label="名称/地址", method=_search(("name", "address", "facilities")))
    kind = df.ChoiceFilter(label="类型", choices=ShelterKind.choices)
    region = df.ModelChoiceFilter(label="街道", queryset=lambda request: streets())
    min_capacity = df.NumberFilter(label="容纳人数≥", field_name="capacity", lookup_expr="gte")

    class Meta:
        model = Shelter
        fields = ["q", "kind", "region", "min_capacity"]


class DutyFilter(StyledFilterSet):
    date_from = df.DateFilter(label="日期起", field_name="date", lookup_expr="gte")
    date_to = df.DateFilter(label="日期止", field_name="date", lookup_expr="lte")
    q = df.CharFilter(label="值班人员", method=_search(("leader", "officer")))

    class Meta:
        model = DutyAssignment
        fields = ["date_from", "date_to", "q"]


class EventFilter(StyledFilterSet):
    q = df.CharFilter(label="关键字", method=_search(("caller", "caller_org", "content")))
    category = df.ChoiceFilter(label="事件类别", choices=EventCategory.choices)
    status = df.ChoiceFilter(label="状态", choices=EventStatus.choices)
    date_from = df.DateFilter(label="接报日期起", field_name="received_at__date", lookup_expr="gte")
    date_to = df.DateFilter(label="接报日期止", field_name="received_at__date", lookup_expr="lte")
    to_accident = df.BooleanFilter(label="已转事故", method="filter_to_accident")

    class Meta:
        model = EventReport
        fields = ["q", "category", "status", "date_from", "date_to", "to_accident"]

    def filter_to_accident(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(accident__isnull=not value)


class RiskReportFilter(StyledFilterSet):
    month = df.DateFilter(label="月份（该月1日）")
    year = df.NumberFilter(label="年度", field_name="month__year")
    region = df.ModelChoiceFilter(label="街道", queryset=lambda request: streets())
    late = df.BooleanFilter(label="逾期报送")

    class Meta:
        model = RiskMonthlyReport
        fields = ["month", "year", "region", "late"]
