"""FilterSets of the credit list: used by the pages, their Excel exports and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from .choices import ListingStatus
from .models import CreditListing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Styled(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm")

    def filter_text(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(enterprise__name__icontains=value) | Q(enterprise__uscc=value.upper())
                         | Q(source__icontains=value))


class ListingFilter(_Styled):
    q = django_filters.CharFilter(label="关键词", method="filter_text",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称/信用代码/文号"}))
    status = django_filters.ChoiceFilter(label="状态", choices=ListingStatus.choices, empty_label="全部状态")
    listed_from = django_filters.DateFilter(label="列入日期起", field_name="listed_on", lookup_expr="gte", widget=DATE)
    listed_to = django_filters.DateFilter(label="列入日期止", field_name="listed_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = CreditListing
        fields: list[str] = []


class PublicListingFilter(_Styled):
    q = django_filters.CharFilter(label="企业名称或统一社会信用代码", method="filter_text")
    listed_from = django_filters.DateFilter(label="列入日期起", field_name="listed_on", lookup_expr="gte", widget=DATE)

    class Meta:
        model = CreditListing
        fields: list[str] = []
