"""Forms of 群众举报. They parse input; the services decide (their errors land on the named field)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.choices import RegionKind
from accounts.models import Department, Region
from enterprises.models import Enterprise
from hazards.choices import HazardGrade
from safety_platform.filters import FastSelect
from safety_platform.forms import BootstrapMixin

from .choices import ReportCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input (phone camera or gallery); checked by content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PublicReportForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label="举报类别", choices=ReportCategory.choices, initial=ReportCategory.OTHER)
    description = forms.CharField(
        label="发现了什么", max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "例如：某饭店后厨液化气钢瓶放在地下室，安全出口被货物堵死"}),
    )
    address = forms.CharField(label="在哪里", max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": "街道、门牌号或附近的标志物"}))
    lat = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    lng = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    enterprise_name = forms.CharField(label="涉及的单位（知道的话）", max_length=200, required=False,
                                      widget=forms.TextInput(attrs={"placeholder": "单位名称或统一社会信用代码"}))
    photos = MultiplePhotoField(
        label="照片（可多张，可不传）",
        help_text=f"仅限图片，每张不超过 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB，最多 {settings.REPORTING_MAX_PHOTOS} 张。"
        "公开页面只显示去除了拍摄信息的照片。",
    )
    contact_name = forms.CharField(label="您的称呼（可不填，匿名举报）", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话（可不填；需要领取举报奖励时请填写）", max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    captcha = forms.CharField(label="验证码（输入图中字符，不分大小写）", max_length=12,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                            "autocorrect": "off", "spellcheck": "false"}))

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("captcha")
        return data


class TrackForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="追踪码", max_length=20,
                           widget=forms.TextInput(attrs={"placeholder": "12 位追踪码", "autocapitalize": "characters"}))


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class AssignForm(BootstrapMixin, forms.Form):
    region = StreetChoiceField(label="核查街道/镇", required=False,
                               queryset=Region.objects.filter(kind=RegionKind.STREET), empty_label="（不分派给街道）")
    department = forms.ModelChoiceField(label="或核查部门", required=False, queryset=Department.objects.all(),
                                        empty_label="（不分派给部门）")
    deadline = forms.DateField(label="核查期限", widget=DATE)
    note = forms.CharField(label="分派说明", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + dt.timedelta(days=settings.REPORTING_HANDLING_DAYS)


class VerifyForm(BootstrapMixin, forms.Form):
    founded = forms.TypedChoiceField(label="核查结论", choices=[("1", "属实（登记隐患）"), ("0", "不属实")],
                                     coerce=lambda v: v == "1",
                                     widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    note = forms.CharField(label="核查情况（不属实时必填理由）", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    enterprise = forms.ModelChoiceField(label="隐患所在企业（属实时必选）", required=False,
                                        queryset=Enterprise.objects.none(), widget=FastSelect)
    grade = forms.ChoiceField(label="隐患等级", choices=HazardGrade.choices, initial=HazardGrade.GENERAL, required=False)
    hazard_deadline = forms.DateField(label="整改期限", required=False, widget=DATE)
    hazard_description = forms.CharField(label="隐患描述（默认为举报内容）", required=False, max_length=2000,
                                         widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).only("id", "name")
        self.fields["hazard_deadline"].initial = timezone.localdate() + dt.timedelta(
            days=settings.HAZARD_DEFAULT_DEADLINE_DAYS)

    def clean_grade(self) -> str:
        return self.cleaned_data["grade"] or HazardGrade.GENERAL


class RewardForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label="奖励金额（元）", max_digits=10, decimal_places=2)
    basis = forms.CharField(label="奖励依据", max_length=300,
                            widget=forms.TextInput(attrs={"placeholder": "如《安全生产领域举报奖励办法》第九条"}))
    decided_on = forms.DateField(label="核定日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="备注", max_length=300, required=False)


class RewardPaidForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label="发放日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label="备注（如领取方式）", max_length=200, required=False)
