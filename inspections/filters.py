"""FilterSets of the inspections app: each used by the HTML list, its Excel export and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Department, Region

from .choices import (
    DocumentKind,
    DrawStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    PatrolStatus,
    PenaltyStatus,
    PlanStatus,
    SignOff,
)
from .models import EnforcementDocument, EnforcementPlan, Inspection, Patrol, Penalty, RandomDraw

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def streets(request) -> QuerySet[Region]:
    if request is None or not request.user.is_authenticated:
        return Region.objects.none()
    return Region.objects.for_user(request.user).filter(kind="street")


def departments(request) -> QuerySet[Department]:
    if request is None or not request.user.is_authenticated:
        return Department.objects.none()
    if request.user.department_id:
        return Department.objects.filter(pk=request.user.department_id)
    return Department.objects.all()


class StreetFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, field: str = "region", **kwargs):
        self.region_field = field
        kwargs.setdefault("label", "街道/镇")
        kwargs.setdefault("queryset", streets)
        kwargs.setdefault("method", self.in_street)
        super().__init__(*args, **kwargs)

    @extend_schema_field(OpenApiTypes.INT)  # OpenAPI: the query value is the primary key
    def in_street(self, qs, name, value):
        return qs.filter(**{f"{self.region_field}__path__startswith": value.path}) if value else qs


class PatrolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="企业/网格员", method="filter_text")
    status = django_filters.ChoiceFilter(label="状态", choices=PatrolStatus.choices, empty_label="全部")
    sign_off = django_filters.ChoiceFilter(label="企业确认", choices=SignOff.choices, empty_label="全部")
    far = django_filters.BooleanFilter(label="定位偏离", field_name="far_from_enterprise",
                                       widget=forms.Select(choices=[("", "全部"), ("true", "偏离"), ("false", "正常")]))
    street = StreetFilter()
    since = django_filters.DateFilter(label="巡查日期从", field_name="visit_date", lookup_expr="gte", widget=DATE)
    until = django_filters.DateFilter(label="至", field_name="visit_date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Patrol
        fields = ["q", "status", "sign_off", "far", "street", "since", "until"]

    def filter_text(self, qs, name, value):
        return qs.filter(Q(enterprise__name__icontains=value) | Q(officer__full_name__icontains=value)) if value else qs


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="被检查单位", field_name="enterprise__name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="类型", choices=InspectionKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=InspectionStatus.choices, empty_label="全部")
    result = django_filters.ChoiceFilter(label="结果", choices=InspectionResult.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=departments)
    street = StreetFilter()
    since = django_filters.DateFilter(label="检查日期从", field_name="inspected_on", lookup_expr="gte", widget=DATE)
    until = django_filters.DateFilter(label="至", field_name="inspected_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Inspection
        fields = ["q", "kind", "status", "result", "department", "street", "since", "until"]


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="文号/当事单位", method="filter_text")
    kind = django_filters.ChoiceFilter(label="文书类型", choices=DocumentKind.choices, empty_label="全部")
    year = django_filters.NumberFilter(label="年度")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=departments)

    class Meta:
        model = EnforcementDocument
        fields = ["q", "kind", "year", "department"]

    def filter_text(self, qs, name, value):
        return qs.filter(Q(number__icontains=value) | Q(enterprise__name__icontains=value)) if value else qs


class PenaltyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="当事单位", field_name="enterprise__name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", choices=PenaltyStatus.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=departments)
    since = django_filters.DateFilter(label="决定日期从", field_name="decided_on", lookup_expr="gte", widget=DATE)
    until = django_filters.DateFilter(label="至", field_name="decided_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Penalty
        fields = ["q", "status", "department", "since", "until"]


class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    status = django_filters.ChoiceFilter(label="状态", choices=PlanStatus.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=departments)

    class Meta:
        model = EnforcementPlan
        fields = ["year", "status", "department"]


class DrawFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="任务名称", field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", choices=DrawStatus.choices, empty_label="全部")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=departments)

    class Meta:
        model = RandomDraw
        fields = ["q", "status", "department"]
