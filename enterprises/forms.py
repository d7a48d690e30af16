"""Forms of the enterprise file. They only parse; every write is a call to ``services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import Department, Industry, Region
from accounts.permissions import is_department
from safety_platform.filters import RegionChoiceField
from safety_platform.forms import BootstrapMixin, add_service_errors  # noqa: F401  (re-exported for hazards.reporting until it imports them from safety_platform.forms)
from safety_platform.uploads import validate_document

from .choices import KEY_FLAGS
from .models import Enterprise, Licence, MajorHazardSource, RiskPoint
from .services import ENTERPRISE_SELF_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


ENTERPRISE_FIELDS = [
    "name", "uscc", "status", "scale", "region", "industry", "departments", "address", "lng", "lat",
    "legal_rep", "legal_rep_phone", "safety_director", "safety_director_phone", "employees",
    *[flag for flag, _ in KEY_FLAGS],
    "standardization_grade", "standardization_date", "insurance_policy_no", "insurance_expiry",
]


class EnterpriseForm(BootstrapMixin, forms.ModelForm):
    """All fields, for street, department, office and admin users."""

    region = RegionChoiceField(label="属地（网格）", queryset=Region.objects.none())

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS
        widgets = {"standardization_date": DATE, "insurance_expiry": DATE, "departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = Region.objects.for_user(user)
        self.fields["departments"].widget.attrs["class"] = "list-unstyled mb-0"
        if is_department(user) and user.department_id:
            # A department registers enterprises of the industries it supervises (and their 大类).
            supervised = Q(departments=user.department_id) | Q(parent__departments=user.department_id)
            self.fields["industry"].queryset = Industry.objects.filter(supervised).distinct()
        self.fields["departments"].queryset = Department.objects.all()
        if self.instance.pk:
            self.fields["departments"].required = True
        else:
            self.fields["departments"].help_text = "留空则按所属行业自动确定监管部门"
        self.fields["uscc"].help_text = "18位，不含 I、O、Z、S、V"

    def clean_uscc(self) -> str:
        return (self.cleaned_data.get("uscc") or "").strip().upper()

    def clean_departments(self):
        departments = self.cleaned_data.get("departments")
        if is_department(self.user) and departments and self.user.department not in departments:
            raise ValidationError("须包含本部门，否则保存后您将无法查看该企业")
        return departments

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "departments"}


class EnterpriseSelfForm(BootstrapMixin, forms.ModelForm):
    """What an enterprise user may change on its own file (基本信息)."""

    class Meta:
        model = Enterprise
        fields = list(ENTERPRISE_SELF_FIELDS)
        widgets = {"insurance_expiry": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _lec_choices(values: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "请选择")] + [(f"{Decimal(v):.1f}", f"{v}　{label}") for v, label in values]


# LEC 作业条件危险性评价法 scales.
L_CHOICES = _lec_choices([
    ("10", "完全可以预料"), ("6", "相当可能"), ("3", "可能，但不经常"), ("1", "可能性小，完全意外"),
    ("0.5", "很不可能，可以设想"), ("0.2", "极不可能"), ("0.1", "实际不可能"),
])
E_CHOICES = _lec_choices([
    ("10", "连续暴露"), ("6", "每天工作时间内暴露"), ("3", "每周一次或偶然暴露"), ("2", "每月一次暴露"),
    ("1", "每年几次暴露"), ("0.5", "非常罕见地暴露"),
])
C_CHOICES = _lec_choices([
    ("100", "大灾难，许多人死亡"), ("40", "灾难，数人死亡"), ("15", "非常严重，一人死亡"),
    ("7", "严重，重伤"), ("3", "重大，致残"), ("1", "引人注目，需要救护"),
])


class RiskPointForm(BootstrapMixin, forms.ModelForm):
    likelihood = forms.TypedChoiceField(label="L 事故发生的可能性", choices=L_CHOICES, coerce=Decimal)
    exposure = forms.TypedChoiceField(label="E 暴露于危险环境的频繁程度", choices=E_CHOICES, coerce=Decimal)
    consequence = forms.TypedChoiceField(label="C 发生事故产生的后果", choices=C_CHOICES, coerce=Decimal)

    class Meta:
        model = RiskPoint
        fields = ["name", "location", "likelihood", "exposure", "consequence", "measures"]
        widgets = {"measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("likelihood", "exposure", "consequence"):
            value = self.initial.get(name)
            if value is not None:
                self.initial[name] = f"{Decimal(value):.1f}"


class MajorHazardSourceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MajorHazardSource
        fields = ["name", "alpha", "filing_no", "filed_on"]
        widgets = {"filed_on": DATE}
        help_texts = {"alpha": "该危险源厂区外暴露人员的校正系数（GB 18218）"}


class SubstanceForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="危险化学品", max_length=100)
    beta = forms.DecimalField(label="校正系数 β", max_digits=6, decimal_places=2, min_value=Decimal("0.01"), initial=1)
    quantity = forms.DecimalField(label="实际存在量 q（吨）", max_digits=12, decimal_places=3, min_value=0)
    critical = forms.DecimalField(label="临界量 Q（吨）", max_digits=12, decimal_places=3, min_value=Decimal("0.001"))


class BaseSubstanceFormSet(forms.BaseFormSet):
    def substances(self) -> list[dict]:
        return [
            {k: f.cleaned_data[k] for k in ("name", "beta", "quantity", "critical")}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


SubstanceFormSet = forms.formset_factory(
    SubstanceForm, formset=BaseSubstanceFormSet, extra=2, can_delete=True, min_num=1, validate_min=True
)


class LicenceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["kind", "number", "issuer", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}


class AttachmentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    file = forms.FileField(label="文件", validators=[validate_document], help_text="图片、PDF 或 Word/Excel（docx/xlsx）")


class ImportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="企业台账 Excel 文件", help_text="请使用下载的模板（.xlsx）")
