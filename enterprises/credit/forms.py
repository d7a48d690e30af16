"""Forms of the credit list: they parse; the services decide (errors land on the named field)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from enterprises.models import Enterprise
from safety_platform.filters import FastSelect
from safety_platform.forms import BootstrapMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Enterprise) -> str:
        return f"{obj.name}（{obj.uscc}）"


class ListingForm(BootstrapMixin, forms.Form):
    enterprise = EnterpriseChoiceField(label="企业", queryset=Enterprise.objects.only("id", "name", "uscc"), widget=FastSelect)
    reason = forms.CharField(label="列入事由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label="列入依据", max_length=300,
                                  widget=forms.TextInput(attrs={"placeholder": "如《安全生产严重失信主体名单管理办法》第六条第三项"}))
    listed_on = forms.DateField(label="列入日期", widget=DATE, initial=timezone.localdate)
    source = forms.CharField(label="来源（处罚决定书文号等）", max_length=100,
                             widget=forms.TextInput(attrs={"placeholder": "如 昆应急罚〔2026〕12号"}))


class ViolationForm(BootstrapMixin, forms.Form):
    occurred_on = forms.DateField(label="违法行为日期", widget=DATE, initial=timezone.localdate)
    description = forms.CharField(label="违法行为", max_length=300)
    source = forms.CharField(label="来源（文书文号）", max_length=100, required=False)


class DecisionForm(BootstrapMixin, forms.Form):
    confirm = forms.TypedChoiceField(label="确认结果", choices=[("1", "确认移出"), ("0", "不予移出")],
                                     coerce=lambda v: v == "1")
    note = forms.CharField(label="意见（不予移出时必填）", max_length=300, required=False)


class RemoveForm(BootstrapMixin, forms.Form):
    grounds = forms.CharField(label="移出理由（如信用修复决定文号）", max_length=300)
