"""One FilterSet per list: used by the HTML list, the API and the Excel export alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Region

from .choices import AccidentCategory, AccidentGrade, AccidentStatus, AccidentType, ReportIrregularity
from .models import Accident, RegionYearData
from .selectors import areas_for


def visible_areas(request):
    """Districts, streets and communities the user may pick (grid cells are too many for a select)."""
    if request is None:
        return Region.objects.none()
    return areas_for(request.user)


class AccidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键字", method="filter_q")
    year = django_filters.NumberFilter(label="年度")
    occurred_from = django_filters.DateFilter(label="发生日期从", field_name="occurred_at", lookup_expr="date__gte")
    occurred_to = django_filters.DateFilter(label="至", field_name="occurred_at", lookup_expr="date__lte")
    area = django_filters.ModelChoiceFilter(label="区域", queryset=visible_areas, method="filter_area")
    category = django_filters.ChoiceFilter(label="统计类别", choices=AccidentCategory.choices)
    accident_type = django_filters.ChoiceFilter(label="事故类型", choices=AccidentType.choices)
    grade = django_filters.ChoiceFilter(label="事故等级", choices=AccidentGrade.choices)
    larger = django_filters.BooleanFilter(label="较大以上", method="filter_larger")
    status = django_filters.ChoiceFilter(label="状态", choices=AccidentStatus.choices)
    late_reported = django_filters.BooleanFilter(label="迟报")
    irregularity = django_filters.ChoiceFilter(label="漏报/瞒报/谎报", choices=ReportIrregularity.choices[1:])

    class Meta:
        model = Accident
        fields = ["q", "year", "area", "category", "accident_type", "grade", "status"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value) | Q(place__icontains=value))

    @extend_schema_field(OpenApiTypes.INT)  # OpenAPI: the query value is the primary key
    def filter_area(self, qs, name, value):
        return qs.filter(region__path__startswith=value.path)

    def filter_larger(self, qs, name, value):
        return qs.filter(grade__gte=AccidentGrade.LARGER) if value else qs.filter(grade=AccidentGrade.GENERAL)


class RegionYearDataFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label="年度")
    area = django_filters.ModelChoiceFilter(label="区域", queryset=visible_areas, method="filter_area")

    class Meta:
        model = RegionYearData
        fields = ["year", "area"]

    @extend_schema_field(OpenApiTypes.INT)  # OpenAPI: the query value is the primary key
    def filter_area(self, qs, name, value):
        return qs.filter(region__path__startswith=value.path)
