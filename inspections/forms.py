"""Forms of the inspections app. They parse input; the services decide, and their errors are put
on the field they name. Forms of the patrol page carry a prefix so that every input has a stable,
unique id on the one page (``id_hazard-description``, ``id_finish-signer_name`` …)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Industry, Region, User
from accounts.permissions import can
from enterprises.choices import KEY_FLAGS
from enterprises.models import Enterprise
from hazards.choices import HazardGrade
from hazards.models import CheckItem
from safety_platform.filters import FastSelect
from safety_platform.forms import BootstrapMixin

from .choices import SignOff
from .rules import minor_violations

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OTHER_VIOLATION = "other"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several photos from the phone camera (``capture``) or the gallery; checked by content
    (``safety_platform.uploads.validate_image``) in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def future_deadline(days: int = 15) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# ---------------------------------------------------------------------------------------------
# 网格巡查 (one page, several small forms — each posts one step of the draft)


class LocationForm(BootstrapMixin, forms.Form):
    lat = forms.DecimalField(label="纬度", max_digits=10, decimal_places=6, min_value=-90, max_value=90)
    lng = forms.DecimalField(label="经度", max_digits=10, decimal_places=6, min_value=-180, max_value=180)
    accuracy = forms.IntegerField(label="精度（米）", required=False, min_value=0)


class PhotosForm(BootstrapMixin, forms.Form):
    photos = PhotoField(label="现场照片", required=True)
    caption = forms.CharField(label="说明", max_length=100, required=False)


class PatrolHazardForm(BootstrapMixin, forms.Form):
    item = forms.ModelChoiceField(label="对应检查项", queryset=CheckItem.objects.none(), required=False,
                                  empty_label="（不对应检查项）")
    grade = forms.ChoiceField(label="隐患等级", choices=HazardGrade.choices, initial=HazardGrade.GENERAL)
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(label="部位/地点", max_length=200, required=False)
    responsible = forms.CharField(label="整改责任人", max_length=50, required=False)
    deadline = forms.DateField(label="整改期限", widget=DATE, initial=future_deadline)
    photos = PhotoField(label="隐患照片")

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["item"].queryset = items


class FinishForm(BootstrapMixin, forms.Form):
    sign_off = forms.ChoiceField(label="企业确认", choices=SignOff.choices, widget=forms.RadioSelect)
    signer_name = forms.CharField(label="企业签字人姓名", max_length=50, required=False)
    refusal_reason = forms.CharField(label="拒签情况", max_length=300, required=False)
    summary = forms.CharField(label="巡查情况小结", required=False, widget=forms.Textarea(attrs={"rows": 2}))


# ---------------------------------------------------------------------------------------------
# 年度执法计划


class PlanForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    q1 = forms.IntegerField(label="一季度计划检查（家次）", min_value=0, initial=0)
    q2 = forms.IntegerField(label="二季度计划检查（家次）", min_value=0, initial=0)
    q3 = forms.IntegerField(label="三季度计划检查（家次）", min_value=0, initial=0)
    q4 = forms.IntegerField(label="四季度计划检查（家次）", min_value=0, initial=0)
    key_enterprises = forms.ModelMultipleChoiceField(
        label="重点检查企业", queryset=Enterprise.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}), help_text="按住 Ctrl（手机上直接点选）可多选",
    )
    note = forms.CharField(label="计划说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["key_enterprises"].queryset = Enterprise.objects.for_user(user).only("id", "name")


class DecideForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "退回修改")],
                                     coerce=lambda v: v == "1")
    note = forms.CharField(label="审批意见", max_length=300, required=False)


# ---------------------------------------------------------------------------------------------
# 执法检查


class InspectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj}（执法证号 {obj.enforcement_cert_no}）" if obj.enforcement_cert_no else f"{obj}（未登记执法证号）"


def department_officers(user: User):
    return User.objects.filter(role=Role.DEPARTMENT, department_id=user.department_id, is_active=True).order_by("pk")


class InspectionForm(BootstrapMixin, forms.Form):
    enterprise = forms.ModelChoiceField(label="被检查单位", queryset=Enterprise.objects.none(), widget=FastSelect)
    inspected_on = forms.DateField(label="检查日期", widget=DATE, initial=timezone.localdate)
    inspectors = InspectorChoiceField(label="执法人员（至少 2 名，须持执法证）", queryset=User.objects.none(),
                                      widget=forms.CheckboxSelectMultiple)
    place = forms.CharField(label="检查场所", max_length=200, required=False, help_text="留空则为企业登记地址")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).only("id", "name")
            self.fields["inspectors"].queryset = department_officers(user)
            self.fields["inspectors"].initial = [user.pk]


class InspectionHazardForm(BootstrapMixin, forms.Form):
    grade = forms.ChoiceField(label="隐患等级", choices=HazardGrade.choices, initial=HazardGrade.GENERAL)
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 2}))
    location = forms.CharField(label="部位/地点", max_length=200, required=False)
    category = forms.CharField(label="隐患类别", max_length=50, required=False)
    deadline = forms.DateField(label="整改期限", widget=DATE, initial=future_deadline)
    photos = PhotoField(label="隐患照片")


class InspectionFinishForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(label="检查情况", widget=forms.Textarea(attrs={"rows": 3}))


class HazardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} {obj.description[:40]}（{obj.get_grade_display()}）"


class OrderForm(BootstrapMixin, forms.Form):
    hazards = HazardChoiceField(label="限期整改的隐患", queryset=CheckItem.objects.none(),
                                widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateField(label="整改期限", widget=DATE, initial=future_deadline)
    requirement = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, hazards=None, **kwargs):
        super().__init__(*args, **kwargs)
        if hazards is not None:
            self.fields["hazards"].queryset = hazards


def violation_choices() -> list[tuple[str, str]]:
    return [(code, f"{name}（首违不罚清单）") for code, name in minor_violations().items()] + [
        (OTHER_VIOLATION, "其他违法行为（不适用首违不罚）")
    ]


class ViolationForm(BootstrapMixin, forms.Form):
    violation_code = forms.ChoiceField(label="违法行为类别", choices=violation_choices)
    violation = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="处罚依据", max_length=300, required=False,
                                  help_text="例：《中华人民共和国安全生产法》第九十七条第（四）项")
    amount = forms.DecimalField(label="罚款金额（元）", max_digits=12, decimal_places=2, required=False, min_value=0)
    deadline = forms.DateField(label="改正期限（首违不罚时）", widget=DATE, required=False, initial=future_deadline)


class PaidForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label="缴纳日期", widget=DATE, initial=timezone.localdate)


class ReinspectionForm(BootstrapMixin, forms.Form):
    inspected_on = forms.DateField(label="复查日期", widget=DATE, initial=timezone.localdate)
    inspectors = InspectorChoiceField(label="复查人员（至少 2 名，须持执法证）", queryset=User.objects.none(),
                                      widget=forms.CheckboxSelectMultiple)
    rectified = forms.TypedChoiceField(label="复查结论（无隐患清单的指令书）", required=False,
                                       choices=[("", "—"), ("1", "已改正"), ("0", "未改正")],
                                       coerce=lambda v: v == "1", empty_value=None)
    note = forms.CharField(label="复查意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, hazards=(), **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["inspectors"].queryset = department_officers(user)
            self.fields["inspectors"].initial = [user.pk]
        self.hazard_rows = []
        for h in hazards:
            self.fields[f"passed_{h.pk}"] = forms.TypedChoiceField(
                label=f"{h.number} {h.description[:30]}", choices=[("1", "已整改"), ("0", "未整改到位")],
                coerce=lambda v: v == "1", widget=forms.RadioSelect,
            )
            self.fields[f"note_{h.pk}"] = forms.CharField(label=f"{h.number} 复查说明", max_length=300, required=False,
                                                          widget=forms.TextInput(attrs={"class": "form-control"}))
            self.hazard_rows.append((h, self[f"passed_{h.pk}"], self[f"note_{h.pk}"]))
        if hazards:
            self.fields.pop("rectified")

    def results(self, hazards) -> dict[int, tuple[bool, str]]:
        return {h.pk: (self.cleaned_data[f"passed_{h.pk}"], self.cleaned_data[f"note_{h.pk}"]) for h in hazards}


# ---------------------------------------------------------------------------------------------
# 双随机一公开


class RegionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return obj.name


class DrawForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="抽查任务名称", max_length=150)
    industries = forms.ModelMultipleChoiceField(label="行业（不选为本部门全部监管行业）", queryset=Industry.objects.none(),
                                                required=False, widget=forms.SelectMultiple(attrs={"size": 6}))
    regions = RegionField(label="街道/镇（不选为全区）", queryset=Region.objects.none(), required=False,
                          widget=forms.SelectMultiple(attrs={"size": 6}))
    flags = forms.MultipleChoiceField(label="重点监管标识（任一）", choices=KEY_FLAGS, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    enterprise_count = forms.IntegerField(label="抽取企业数", min_value=1, max_value=500, initial=5)
    inspectors_per_enterprise = forms.IntegerField(label="每家企业执法人员数", min_value=2, max_value=5, initial=2)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.department_id:
            self.fields["industries"].queryset = user.department.industries.all()
        self.fields["regions"].queryset = Region.objects.filter(kind="street")

    def criteria(self) -> dict:
        d = self.cleaned_data
        return {"industries": [i.pk for i in d["industries"]], "regions": [r.pk for r in d["regions"]],
                "flags": list(d["flags"])}


class ConflictForm(BootstrapMixin, forms.Form):
    inspector = forms.ModelChoiceField(label="执法人员", queryset=User.objects.none())
    enterprise = forms.ModelChoiceField(label="回避企业", queryset=Enterprise.objects.none(), widget=FastSelect)
    reason = forms.CharField(label="回避事由", max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            officers = User.objects.filter(role=Role.DEPARTMENT, is_active=True)
            if not can(user, "inspections.declare_for_anyone"):
                officers = officers.filter(department_id=user.department_id)
            self.fields["inspector"].queryset = officers.order_by("department_id", "pk")
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).only("id", "name")
