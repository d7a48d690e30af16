"""Forms of the hazards app. They parse input; the services decide (and their errors are shown
on the field they name)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.permissions import can, is_enterprise
from enterprises.models import Enterprise
from safety_platform.filters import FastSelect
from safety_platform.forms import BootstrapMixin
from safety_platform.uploads import validate_image

from .choices import CheckResult, HazardGrade, HazardSource
from .models import CheckItem, CheckTemplate

# type=date inputs only show ISO dates (the zh-hans locale would render 2026年11月23日, an empty field)
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (phone camera or gallery); checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class HazardReportForm(BootstrapMixin, forms.Form):
    enterprise = forms.ModelChoiceField(label="企业", queryset=Enterprise.objects.none(), widget=FastSelect)
    source = forms.ChoiceField(label="来源", choices=HazardSource.choices)
    grade = forms.ChoiceField(label="等级", choices=HazardGrade.choices, initial=HazardGrade.GENERAL)
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    location = forms.CharField(label="部位/地点", required=False, max_length=200)
    category = forms.CharField(label="隐患类别", required=False, max_length=50,
                               help_text="如：电气安全、消防安全、粉尘防爆、有限空间、特种设备")
    deadline = forms.DateField(label="整改期限", widget=DATE)
    responsible = forms.CharField(label="整改责任人", required=False, max_length=50)
    photos = MultiplePhotoField(label="隐患照片（可多张）")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).only("id", "name")
        self.fields["source"].choices = [(v, lbl) for v, lbl in HazardSource.choices
                                         if can(user, "hazards.report_source", v)]
        if is_enterprise(user):
            self.fields["enterprise"].initial = user.enterprise_id
            self.fields["enterprise"].widget = forms.HiddenInput()
        self.fields["deadline"].initial = timezone.localdate() + dt.timedelta(days=settings.HAZARD_DEFAULT_DEADLINE_DAYS)

    def clean_deadline(self):
        value = self.cleaned_data["deadline"]
        if value < timezone.localdate():
            raise ValidationError("整改期限不能早于今天")
        return value


class PlanForm(BootstrapMixin, forms.Form):
    """五到位: 责任、措施、资金、时限、预案."""

    responsibility = forms.CharField(label="责任（责任单位/责任人）", required=False, max_length=200)
    measures = forms.CharField(label="措施（治理措施）", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    funds = forms.DecimalField(label="资金（万元）", required=False, min_value=0, max_digits=12, decimal_places=2)
    deadline = forms.DateField(label="时限（治理完成时限）", required=False, widget=DATE)
    emergency = forms.CharField(label="预案（治理期间应急预案）", required=False, widget=forms.Textarea(attrs={"rows": 3}))



class NoteForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="说明", required=False, max_length=500)



class SubmitForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="整改情况说明", widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultiplePhotoField(label="整改后照片（可多张）")



class VerifyForm(BootstrapMixin, forms.Form):
    passed = forms.TypedChoiceField(label="验收结论", choices=[("1", "合格，销号"), ("0", "不合格，退回整改")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = forms.CharField(label="验收意见", required=False, max_length=500)



class SpotCheckForm(VerifyForm):
    passed = forms.TypedChoiceField(label="抽查结论", choices=[("1", "抽查合格"), ("0", "抽查不合格，重新整改")],
                                    coerce=lambda v: v == "1", widget=forms.RadioSelect)


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=400, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="说明为什么不是隐患；撤销后属地网格员将抽查")


class PhotoForm(BootstrapMixin, forms.Form):
    photos = MultiplePhotoField(label="照片", required=True)



class SuperviseForm(BootstrapMixin, forms.Form):
    deadline = forms.DateField(label="督办期限", widget=DATE)
    doc_no = forms.CharField(label="督办文号", required=False, max_length=60)
    reason = forms.CharField(label="督办要求", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))



class ExtensionForm(BootstrapMixin, forms.Form):
    new_deadline = forms.DateField(label="申请延期至", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))



class ExtensionDecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(label="审批结论", choices=[("1", "批准"), ("0", "驳回")],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect)
    note = forms.CharField(label="审批意见", required=False, max_length=300)



class SelfCheckForm(forms.Form):
    """The week's checklist: one radio per item; a 不合格 item asks for the hazard's details."""

    zero_report = forms.BooleanField(label="本周未发现隐患（零报告）", required=False)
    note = forms.CharField(label="备注", required=False, max_length=300,
                           widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, items: list[CheckItem], initial_answers: dict | None = None,
                 opened: dict | None = None, **kwargs):
        """``opened``: {item id: the hazard a filed answer opened} — those items stay 不合格 (locked)."""
        super().__init__(*args, **kwargs)
        self.items = items
        self.opened = opened or {}
        initial_answers = initial_answers or {}
        default_deadline = timezone.localdate() + dt.timedelta(days=settings.HAZARD_DEFAULT_DEADLINE_DAYS)
        for item in items:
            self.fields[f"r_{item.pk}"] = forms.ChoiceField(
                label=item.description, choices=CheckResult.choices, required=False, widget=forms.RadioSelect,
                initial=CheckResult.FAIL if item.pk in self.opened else initial_answers.get(item.pk),
                disabled=item.pk in self.opened,
            )
            self.fields[f"d_{item.pk}"] = forms.CharField(
                label="隐患描述", required=False, max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "具体情况（默认取检查内容）"}),
            )
            self.fields[f"l_{item.pk}"] = forms.CharField(
                label="部位", required=False, max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
            )
            self.fields[f"dl_{item.pk}"] = forms.DateField(label="整改期限", required=False, initial=default_deadline,
                                                           widget=DATE)
            self.fields[f"p_{item.pk}"] = forms.CharField(
                label="整改责任人", required=False, max_length=50, widget=forms.TextInput(attrs={"class": "form-control"})
            )
            self.fields[f"f_{item.pk}"] = forms.ImageField(
                label="照片", required=False, validators=[validate_image], widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment", "class": "form-control"})
            )

    def rows(self):
        for item in self.items:
            yield {
                "item": item,
                "hazard": self.opened.get(item.pk),
                "result": self[f"r_{item.pk}"],
                "description": self[f"d_{item.pk}"],
                "location": self[f"l_{item.pk}"],
                "deadline": self[f"dl_{item.pk}"],
                "responsible": self[f"p_{item.pk}"],
                "photo": self[f"f_{item.pk}"],
            }

    def answers(self) -> list[dict]:
        out = []
        for item in self.items:
            result = self.cleaned_data.get(f"r_{item.pk}")
            if not result:
                continue
            out.append({
                "item": item, "result": result,
                "description": self.cleaned_data.get(f"d_{item.pk}", ""),
                "location": self.cleaned_data.get(f"l_{item.pk}", ""),
                "deadline": self.cleaned_data.get(f"dl_{item.pk}"),
                "responsible": self.cleaned_data.get(f"p_{item.pk}", ""),
                "photo": self.cleaned_data.get(f"f_{item.pk}"),
            })
        return out


class CheckTemplateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CheckTemplate
        fields = ["name", "industry", "key_flag", "description", "is_active"]



class CheckItemForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CheckItem
        fields = ["order", "description", "basis", "category", "major_by_definition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class SelfCheckProxyForm(SelfCheckForm):
    """代报: the same checklist, filed by a grid officer or street with the reason it files."""

    proxy_reason = forms.CharField(
        label="代报原因", max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "如：企业无智能手机、无人会操作"}),
    )
