"""FilterSets of the hazards app: each used by the HTML list, its Excel export and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.models import Industry, Region
from enterprises.filters import visible_departments  # the one rule of the department choices
from enterprises.models import Enterprise
from safety_platform.filters import FastFormMixin, FastSelect, RegionTreeFilter

from .choices import OPEN_STATUSES, EscalationLevel, FilingStatus, HazardGrade, HazardSource, HazardStatus
from .models import CheckTemplate, Hazard, SelfCheck

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def scoped_regions(request) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return Region.objects.for_user(request.user).only("id", "name", "depth", "path")


def _region_subtree(qs: QuerySet, field: str, region: Region | None) -> QuerySet:
    if region is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": region.path})


QUEUES = [("verify", "待我验收"), ("spot_check", "待我抽查")]


class HazardFilter(FastFormMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_text",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称/隐患描述"}))
    status = django_filters.ChoiceFilter(label="状态", choices=HazardStatus.choices, empty_label="全部状态")
    open = django_filters.BooleanFilter(label="未销号", method="filter_open",
                                        widget=forms.Select(choices=[("", "全部"), ("true", "未销号"), ("false", "已销号")]))
    grade = django_filters.ChoiceFilter(label="等级", choices=HazardGrade.choices, empty_label="全部等级")
    source = django_filters.ChoiceFilter(label="来源", choices=HazardSource.choices, empty_label="全部来源")
    overdue = django_filters.BooleanFilter(label="逾期", method="filter_overdue",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "已逾期"), ("false", "未逾期")]))
    escalation_level = django_filters.ChoiceFilter(label="逾期升级", choices=EscalationLevel.choices, empty_label="全部")
    supervised = django_filters.BooleanFilter(label="挂牌督办", method="filter_supervised",
                                              widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    region = RegionTreeFilter(label="属地", queryset=scoped_regions, method="filter_region", empty_label="全部属地")
    industry = django_filters.ModelChoiceFilter(label="行业", queryset=Industry.objects.all(),
                                                method="filter_industry", empty_label="全部行业", widget=FastSelect)
    department = django_filters.ModelChoiceFilter(label="监管部门", queryset=visible_departments,
                                                  method="filter_department", empty_label="全部部门", widget=FastSelect)
    queue = django_filters.ChoiceFilter(label="我的待办", choices=QUEUES, method="filter_queue", empty_label="全部")
    enterprise = django_filters.NumberFilter(label="企业ID", field_name="enterprise_id", widget=forms.HiddenInput)
    reported_from = django_filters.DateFilter(label="发现日期起", field_name="reported_at", lookup_expr="date__gte", widget=DATE)
    reported_to = django_filters.DateFilter(label="发现日期止", field_name="reported_at", lookup_expr="date__lte", widget=DATE)
    deadline_from = django_filters.DateFilter(label="整改期限起", field_name="deadline", lookup_expr="gte", widget=DATE)
    deadline_to = django_filters.DateFilter(label="整改期限止", field_name="deadline", lookup_expr="lte", widget=DATE)
    closed_from = django_filters.DateFilter(label="销号日期起", field_name="closed_at", lookup_expr="date__gte", widget=DATE)
    closed_to = django_filters.DateFilter(label="销号日期止", field_name="closed_at", lookup_expr="date__lte", widget=DATE)

    class Meta:
        model = Hazard
        fields: list[str] = []

    def filter_text(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(enterprise__name__icontains=value) | Q(description__icontains=value))

    def filter_open(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(status__in=OPEN_STATUSES) if value else qs.filter(status=HazardStatus.CLOSED)

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        late = Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    def filter_supervised(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(supervision__isnull=not value)

    def filter_region(self, qs, name, value):
        return _region_subtree(qs, "region", value)

    def filter_queue(self, qs, name, value):
        """待验收 / 待抽查 of the requesting user (hazards.selectors: the same rule as the buttons)."""
        from . import selectors

        user = getattr(self.request, "user", None)
        if not value or user is None:
            return qs
        queue = selectors.verify_queue(user) if value == "verify" else selectors.spot_check_queue(user)
        return qs.filter(pk__in=queue.values("pk"))

    @extend_schema_field(OpenApiTypes.INT)  # OpenAPI: the query value is the primary key
    def filter_industry(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(Q(enterprise__industry=value) | Q(enterprise__industry__parent=value))

    def filter_department(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(enterprise__in=Enterprise.departments.through.objects.filter(department=value).values("enterprise_id"))


class FilingFilter(FastFormMixin, django_filters.FilterSet):
    """The weekly filing-status board (rows are enterprises annotated by selectors.filing_rows)."""

    week = django_filters.DateFilter(label="周次（任一天）", method="filter_noop", widget=DATE)
    status = django_filters.ChoiceFilter(label="填报状态", choices=FilingStatus.choices, method="filter_noop",
                                         empty_label="全部")
    q = django_filters.CharFilter(label="企业名称", method="filter_text")
    region = RegionTreeFilter(label="属地", queryset=scoped_regions, method="filter_region", empty_label="全部属地")
    industry = django_filters.ModelChoiceFilter(label="行业", queryset=Industry.objects.all(),
                                                method="filter_industry", empty_label="全部行业", widget=FastSelect)
    department = django_filters.ModelChoiceFilter(label="监管部门", queryset=visible_departments,
                                                  method="filter_department", empty_label="全部部门", widget=FastSelect)

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def filter_noop(self, qs, name, value):
        return qs  # applied by the view (it picks the week and the status on the annotated rows)

    def filter_text(self, qs, name, value):
        return qs.filter(name__icontains=value.strip()) if value.strip() else qs

    def filter_region(self, qs, name, value):
        return _region_subtree(qs, "region", value)

    def filter_industry(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(Q(industry=value) | Q(industry__parent=value))

    def filter_department(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(pk__in=Enterprise.departments.through.objects.filter(department=value).values("enterprise_id"))


class SelfCheckFilter(FastFormMixin, django_filters.FilterSet):
    week_from = django_filters.DateFilter(label="周次起", field_name="week_start", lookup_expr="gte", widget=DATE)
    week_to = django_filters.DateFilter(label="周次止", field_name="week_start", lookup_expr="lte", widget=DATE)
    is_zero = django_filters.BooleanFilter(label="零报告",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    is_late = django_filters.BooleanFilter(label="逾期补报",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", widget=forms.HiddenInput)

    class Meta:
        model = SelfCheck
        fields: list[str] = []


class StatisticsFilter(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label="季度", required=False, coerce=int, empty_value=None,
                                     choices=[("", "全年"), (1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")])
    by = forms.ChoiceField(label="统计维度", choices=[("region", "按街道/镇"), ("industry", "按行业")], required=False)


class CheckTemplateFilter(FastFormMixin, django_filters.FilterSet):
    name = django_filters.CharFilter(label="名称", lookup_expr="icontains")
    industry = django_filters.ModelChoiceFilter(label="行业", queryset=Industry.objects.all(), empty_label="全部行业")
    is_active = django_filters.BooleanFilter(label="启用",
                                             widget=forms.Select(choices=[("", "全部"), ("true", "启用"), ("false", "停用")]))

    class Meta:
        model = CheckTemplate
        fields: list[str] = []
