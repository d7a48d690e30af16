"""Forms of the 安全生产责任制 file. They only parse; every write is a call to ``services``."""

from __future__ import annotations

from typing import Any

from django import forms

from enterprises.forms import DATE
from safety_platform.forms import BootstrapMixin
from safety_platform.uploads import validate_document

from .models import ResponsibilityItem, SafetyInvestment, SafetyStaff
from .services import KEEP


class RecordForm(BootstrapMixin, forms.ModelForm):
    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ResponsibilityItemForm(RecordForm):
    class Meta:
        model = ResponsibilityItem
        fields = ["position", "person", "duties", "signed_on"]
        widgets = {"signed_on": DATE, "duties": forms.Textarea(attrs={"rows": 4})}


class SafetyStaffForm(RecordForm):
    class Meta:
        model = SafetyStaff
        fields = ["category", "name", "post", "phone", "certificate_type", "certificate_no", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}
        help_texts = {"certificate_type": "如：安全生产知识和管理能力考核合格证、特种作业操作证（电工作业）"}


class SafetyInvestmentForm(RecordForm):
    voucher = forms.FileField(
        label="凭证", required=False, validators=[validate_document],
        help_text="发票、合同或验收单：图片、PDF 或 Word/Excel（docx/xlsx），可不上传",
    )
    remove_voucher = forms.BooleanField(label="删除已上传的凭证", required=False)

    class Meta:
        model = SafetyInvestment
        fields = ["spent_on", "category", "amount", "description"]
        widgets = {"spent_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update(min="0.01", step="0.01")
        if not (self.instance.pk and self.instance.voucher):
            del self.fields["remove_voucher"]

    def service_fields(self) -> dict[str, Any]:
        data = super().service_fields()
        if self.cleaned_data.get("voucher"):
            data["voucher"] = self.cleaned_data["voucher"]
        elif self.cleaned_data.get("remove_voucher"):
            data["voucher"] = None
        else:
            data["voucher"] = KEEP
        return data
