"""The one FilterSet of the enterprise registry: used by the HTML list, its export and the API."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from accounts.models import Department, Industry, Region
from safety_platform.filters import FastFormMixin, RegionTreeFilter

from .choices import KEY_FLAGS, EnterpriseStatus, RiskLevel, Scale, StandardizationGrade
from .models import Enterprise
from .selectors import EXPIRY_KINDS

if TYPE_CHECKING:
    from .marks import Mark

NOT_STANDARDIZED = "none"  # "" would mean "no filter" to django-filter
STANDARDIZATION_FILTER_CHOICES = [
    (NOT_STANDARDIZED if value == "" else value, label) for value, label in StandardizationGrade.choices
]


def visible_regions(request) -> QuerySet[Region]:
    if request is None:
        return Region.objects.none()
    return Region.objects.for_user(request.user).only("id", "name", "depth", "path")


def visible_departments(request) -> QuerySet[Department]:
    """The departments supervising something the user can see (a department user: its own)."""
    if request is None:
        return Department.objects.none()
    user = request.user
    if not user.is_authenticated:
        return Department.objects.none()
    if user.sees_everything:
        return Department.objects.all()
    if user.department_id:
        return Department.objects.filter(pk=user.department_id)
    return Department.objects.filter(
        pk__in=Enterprise.departments.through.objects.filter(
            enterprise__in=Enterprise.objects.for_user(user).values("pk")
        ).values("department_id")
    )


class EnterpriseFilter(FastFormMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="名称/信用代码",
        method="filter_text",
        widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码"}),
    )
    region = RegionTreeFilter(
        label="属地", queryset=visible_regions, method="filter_region", empty_label="全部属地"
    )
    industry = django_filters.ModelChoiceFilter(
        label="行业", queryset=Industry.objects.all(), method="filter_industry", empty_label="全部行业"
    )
    department = django_filters.ModelChoiceFilter(
        label="监管部门", queryset=visible_departments, field_name="departments", empty_label="全部部门"
    )
    flag = django_filters.ChoiceFilter(label="重点标识", choices=KEY_FLAGS, method="filter_flag", empty_label="全部")
    standardization = django_filters.ChoiceFilter(
        label="标准化等级", choices=STANDARDIZATION_FILTER_CHOICES, method="filter_standardization", empty_label="全部"
    )
    risk_level = django_filters.ChoiceFilter(label="风险等级", choices=RiskLevel.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="经营状态", choices=EnterpriseStatus.choices, empty_label="全部")
    scale = django_filters.ChoiceFilter(label="规模", choices=Scale.choices, empty_label="全部")

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)

    def filter_text(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(uscc__istartswith=value.upper()))

    def filter_region(self, qs: QuerySet, name: str, value: Region) -> QuerySet:
        # Any node of the tree: its whole subtree, one indexed prefix match on the materialised path.
        return qs.filter(region__path__startswith=value.path)

    def filter_industry(self, qs: QuerySet, name: str, value: Industry) -> QuerySet:
        return qs.filter(Q(industry=value) | Q(industry__parent=value))

    def filter_flag(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if value not in dict(KEY_FLAGS):
            return qs
        return qs.filter(**{value: True})

    def filter_standardization(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(standardization_grade="" if value == NOT_STANDARDIZED else value)


def add_mark_filter(mark: Mark) -> None:
    """The filter ``?<key>=listed`` of a mark another app registered (see .marks): added to the
    register's FilterSet and its subclasses, after the register's own filters and before a subclass's,
    so the HTML list, its export, the API and the API's schema all offer it."""
    new = django_filters.ChoiceFilter(
        label=mark.filter_label, choices=[("listed", mark.filter_choice)], field_name=mark.key, empty_label="全部",
        method=lambda qs, name, value: qs.filter(pk__in=mark.marked()),
    )
    own = [k for k in EnterpriseFilter.base_filters if k != mark.key]
    pending = [EnterpriseFilter]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for attr in ("declared_filters", "base_filters"):  # declared: what a later subclass inherits
            items = [(k, f) for k, f in getattr(cls, attr).items() if k != mark.key]
            at = sum(k in own for k, _ in items)
            setattr(cls, attr, OrderedDict([*items[:at], (mark.key, new), *items[at:]]))


EXPIRY_STATES = [("expired", "已过期"), ("soon", "即将到期")]


class ExpiryFilter(EnterpriseFilter):
    """到期预警: the enterprise filters plus what expires and whether it already has.

    ``kind`` and ``state`` choose among the expiring items (see selectors.expiring_items),
    so they leave the enterprise queryset as it is.
    """

    kind = django_filters.ChoiceFilter(label="类别", choices=EXPIRY_KINDS, method="keep", empty_label="全部类别")
    state = django_filters.ChoiceFilter(label="状态", choices=EXPIRY_STATES, method="keep", empty_label="全部")

    def keep(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs
