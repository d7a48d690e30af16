"""FilterSets of 群众举报: each used by the HTML list, its Excel export and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.choices import RegionKind
from accounts.models import Department, Region

from .choices import ReportCategory, ReportStatus, RewardStatus
from .models import PublicReport, ReportReward

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_text",
                                  widget=forms.TextInput(attrs={"placeholder": "追踪码/内容/地点/单位"}))
    status = django_filters.ChoiceFilter(label="状态", choices=ReportStatus.choices, empty_label="全部状态")
    category = django_filters.ChoiceFilter(label="类别", choices=ReportCategory.choices, empty_label="全部类别")
    overdue = django_filters.BooleanFilter(label="核查逾期", method="filter_overdue", widget=forms.Select(choices=YES_NO))
    escalation_level = django_filters.NumberFilter(label="逾期升级级别", widget=forms.Select(
        choices=[("", "全部"), ("1", "函告"), ("2", "通报"), ("3", "约谈")]))
    assigned_region = django_filters.ModelChoiceFilter(
        label="核查街道", queryset=Region.objects.filter(kind=RegionKind.STREET), empty_label="全部街道")
    assigned_department = django_filters.ModelChoiceFilter(label="核查部门", queryset=Department.objects.all(),
                                                           empty_label="全部部门")
    submitted_from = django_filters.DateFilter(label="举报日期起", field_name="submitted_at", lookup_expr="date__gte",
                                               widget=DATE)
    submitted_to = django_filters.DateFilter(label="举报日期止", field_name="submitted_at", lookup_expr="date__lte",
                                             widget=DATE)

    class Meta:
        model = PublicReport
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} form-control-sm" if css == "form-control" else "form-select form-select-sm")

    def filter_text(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        code = value.replace("-", "").upper()
        return qs.filter(Q(code=code) | Q(description__icontains=value) | Q(address__icontains=value)
                         | Q(enterprise_name__icontains=value) | Q(enterprise__name__icontains=value))

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        overdue = Q(status=ReportStatus.ASSIGNED, deadline__lt=today)
        return qs.filter(overdue) if value else qs.exclude(overdue)


class RewardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="追踪码", method="filter_code")
    status = django_filters.ChoiceFilter(label="状态", choices=RewardStatus.choices, empty_label="全部")
    decided_from = django_filters.DateFilter(label="核定日期起", field_name="decided_on", lookup_expr="gte", widget=DATE)
    decided_to = django_filters.DateFilter(label="核定日期止", field_name="decided_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = ReportReward
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_code(self, qs, name, value):
        value = value.strip().replace("-", "").upper()
        return qs.filter(report__code__startswith=value) if value else qs
