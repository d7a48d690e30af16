from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from accounts.choices import Role
from accounts.models import Department, Region, User
from enterprises.choices import KEY_FLAGS
from enterprises.models import Enterprise
from safety_platform.forms import BootstrapMixin, bootstrap
from safety_platform.uploads import validate_document

from . import registry
from .choices import ItemKind, Rule, Source, UnitKind
from .models import Indicator, Scheme


class SchemeForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["year", "name", "description", "excellent_min", "good_min", "pass_min", "bonus_cap",
                  "self_deadline", "objection_deadline"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "self_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objection_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class CopyForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="新方案年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="新方案名称", max_length=100, required=False, help_text="留空沿用原名称")


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="类别名称", max_length=100)


def _decimal(value: str, label: str) -> Decimal:
    try:
        return Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        raise forms.ValidationError(f"{label}不是数字：{value}")


class IndicatorForm(forms.ModelForm):
    """Rule parameters are typed as plain fields and stored as the indicator's ``params``."""

    zero_at = forms.DecimalField(label="线性：0分对应的值", required=False)
    full_at = forms.DecimalField(label="线性：满分对应的值", required=False,
                                 help_text="满分值小于0分值表示“越小越好”（如逾期隐患数）")
    steps = forms.CharField(label="分档：值:得分", required=False, help_text="如 95:10, 90:8, 80:5（每档用逗号分隔）")
    lower_is_better = forms.BooleanField(label="分档：越小越好", required=False)
    points_each = forms.DecimalField(label="按数量：每个计分", required=False)
    at_least = forms.DecimalField(label="一票否决：达到该值即否决", required=False, initial=1)

    class Meta:
        model = Indicator
        fields = ["category", "name", "criteria", "kind", "source", "max_score", "computer", "rule",
                  "no_data_points", "order"]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = scheme.categories.all()
        self.fields["computer"] = forms.ChoiceField(
            label="数据指标", required=False, choices=[("", "—— 人工评分无需选择 ——"), *registry.choices()]
        )
        self.fields["order"].required = False
        params = self.instance.params or {}
        for k in ("zero_at", "full_at", "points_each", "at_least"):
            if k in params:
                self.initial[k] = params[k]
        if params.get("steps"):
            self.initial["steps"] = ", ".join(f"{b}:{p}" for b, p in params["steps"])
        self.initial.setdefault("lower_is_better", bool(params.get("lower_is_better")))
        bootstrap(self)

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        params: dict = {}
        if data.get("source") == Source.COMPUTED:
            if rule == Rule.LINEAR:
                for k in ("zero_at", "full_at"):
                    if data.get(k) is None:
                        self.add_error(k, "线性规则须填写两个端点")
                params = {"zero_at": str(data.get("zero_at")), "full_at": str(data.get("full_at"))}
            elif rule == Rule.THRESHOLD:
                steps = []
                for part in (data.get("steps") or "").replace("，", ",").split(","):
                    if not part.strip():
                        continue
                    bound, _, points = part.replace("：", ":").partition(":")
                    try:
                        steps.append([str(_decimal(bound, "分档值")), str(_decimal(points, "分档得分"))])
                    except forms.ValidationError as exc:
                        self.add_error("steps", exc)
                if not steps:
                    self.add_error("steps", "分档规则至少需要一档")
                params = {"steps": steps, "lower_is_better": bool(data.get("lower_is_better"))}
            elif rule == Rule.PER_UNIT:
                if data.get("points_each") is None:
                    self.add_error("points_each", "请填写每个计分")
                params = {"points_each": str(data.get("points_each"))}
            elif rule == Rule.ANY:
                params = {"at_least": str(data.get("at_least") or 1)}
        data["params"] = params
        if data.get("kind") == ItemKind.VETO and data.get("max_score") is None:
            data["max_score"] = Decimal(0)
        return data


class UnitAddForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)
    all_of_kind = forms.BooleanField(label="全部（所有街道/所有部门/某类重点监管企业）", required=False)
    regions = forms.ModelMultipleChoiceField(label="街道/镇", required=False,
                                             queryset=Region.objects.filter(kind=UnitKind.STREET))
    departments = forms.ModelMultipleChoiceField(label="部门", required=False, queryset=Department.objects.all())
    enterprise_flag = forms.ChoiceField(label="重点监管类别（全部该类企业）", required=False,
                                        choices=[("", "——"), *KEY_FLAGS])
    uscc_list = forms.CharField(label="重点单位（统一社会信用代码，每行一个）", required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        codes = [c.strip().upper() for c in (data.get("uscc_list") or "").split() if c.strip()]
        found = list(Enterprise.objects.filter(uscc__in=codes))
        missing = sorted(set(codes) - {e.uscc for e in found})
        if missing:
            self.add_error("uscc_list", f"未找到企业：{'、'.join(missing)}")
        data["enterprises"] = found
        return data


class ReviewersForm(BootstrapMixin, forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label="评审人员（专家、安委办）", required=False,
        queryset=User.objects.filter(is_active=True, role__in=[Role.EXPERT, Role.OFFICE]).order_by("role", "full_name"),
        widget=forms.CheckboxSelectMultiple,
    )


class SelfAssessForm(BootstrapMixin, forms.Form):
    self_points = forms.DecimalField(label="自评分", required=False, min_value=0, max_digits=7, decimal_places=2)
    self_comment = forms.CharField(label="自评说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(BootstrapMixin, forms.Form):
    points = forms.DecimalField(label="评分", required=False, min_value=0, max_digits=7, decimal_places=2)
    vetoed = forms.BooleanField(label="认定一票否决", required=False)
    veto_reason = forms.CharField(label="否决原因", required=False, max_length=500)
    comment = forms.CharField(label="评审意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    title = forms.CharField(label="材料名称", max_length=200)
    indicator = forms.ModelChoiceField(label="对应指标", required=False, queryset=Indicator.objects.none(),
                                       empty_label="综合材料")
    file = forms.FileField(label="文件（图片、PDF、Word/Excel）", validators=[validate_document])

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = scheme.indicators.all()
        bootstrap(self, small=True)


class ObjectionForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="异议理由", widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(BootstrapMixin, forms.Form):
    accepted = forms.TypedChoiceField(label="处理结果", choices=[("1", "采纳"), ("0", "不采纳")],
                                      coerce=lambda v: v == "1")
    answer = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={"rows": 2}))
