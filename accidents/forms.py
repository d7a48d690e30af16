from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.choices import RegionKind
from accounts.models import Industry, Region
from accounts.permissions import is_enterprise
from enterprises.models import Enterprise
from safety_platform.filters import FastSelect
from safety_platform.uploads import validate_document

from .choices import (
    AccidentCategory,
    AccidentType,
    AttachmentKind,
    Indicator,
    ReportIrregularity,
    ReportLevel,
    StatsDimension,
    TargetKind,
)
from .models import Plan, RegionYearData
from .selectors import areas_for

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_field(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"), **kwargs,
    )


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            widget = f.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def area_choices(user):
    return areas_for(user)


class AccidentReportForm(BootstrapForm):
    """首报. Enterprise users report for their own enterprise (no enterprise/region/time fields)."""

    title = forms.CharField(label="事故名称", max_length=200, help_text="如：某公司“11·20”机械伤害事故")
    occurred_at = datetime_field("发生时间")
    enterprise = forms.ModelChoiceField(label="事故单位", queryset=Enterprise.objects.none(), required=False,
                                        widget=FastSelect,
                                        help_text="无事故单位（如道路交通、居民火灾）可不选")
    region = forms.ModelChoiceField(label="事发地（属地）", queryset=Region.objects.none(), required=False,
                                    widget=FastSelect, help_text="不选则取事故单位的属地网格")
    place = forms.CharField(label="详细地点", max_length=200, required=False)
    industry = forms.ModelChoiceField(label="行业", queryset=Industry.objects.all(), required=False,
                                      help_text="不选则取事故单位的行业")
    category = forms.ChoiceField(label="统计类别", choices=AccidentCategory.choices)
    is_coal_mine = forms.BooleanField(label="煤矿事故", required=False)
    accident_type = forms.ChoiceField(label="事故类型（GB 6441）", choices=AccidentType.choices)
    deaths = forms.IntegerField(label="死亡人数", min_value=0, initial=0)
    missing = forms.IntegerField(label="失踪人数", min_value=0, initial=0)
    serious_injuries = forms.IntegerField(label="重伤人数（含急性工业中毒）", min_value=0, initial=0)
    minor_injuries = forms.IntegerField(label="轻伤人数", min_value=0, initial=0)
    direct_loss = forms.DecimalField(label="直接经济损失（万元）", min_value=0, max_digits=14, decimal_places=2, initial=0)
    summary = forms.CharField(label="事故简要经过", widget=forms.Textarea(attrs={"rows": 4}))
    reported_at = datetime_field("事故单位报告时间", required=False, help_text="单位向区县报告的时间；不填为当前时间")
    reporter_name = forms.CharField(label="报告人", max_length=50, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if is_enterprise(user):
            for name in ("enterprise", "region", "industry", "reported_at"):
                del self.fields[name]
        else:
            self.fields["enterprise"].queryset = Enterprise.objects.for_user(user).only("pk", "name")
            self.fields["region"].queryset = Region.objects.for_user(user)

    def clean(self):
        data = super().clean()
        if not is_enterprise(self.user) and not data.get("region") and not data.get("enterprise"):
            self.add_error("region", "请选择事发地区域（或选择事故单位）")
        return data


class ReportForm(BootstrapForm):
    """The chain's reports (区县 → 市 …); a 续报 has its own form."""

    level = forms.ChoiceField(label="报告层级", choices=[c for c in ReportLevel.choices if c[0] != ReportLevel.FOLLOW_UP])
    reported_at = datetime_field("报告时间")
    reporter_name = forms.CharField(label="报告人", max_length=50, required=False)
    content = forms.CharField(label="报告内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(BootstrapForm):
    """续报: what changed; casualty figures left empty keep the current ones."""

    content = forms.CharField(label="续报内容", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="救援进展、伤亡变化、已采取的措施等")
    deaths = forms.IntegerField(label="死亡人数", min_value=0, required=False)
    missing = forms.IntegerField(label="失踪人数", min_value=0, required=False)
    serious_injuries = forms.IntegerField(label="重伤人数", min_value=0, required=False)
    minor_injuries = forms.IntegerField(label="轻伤人数", min_value=0, required=False)
    reported_at = datetime_field("续报时间", required=False, help_text="不填为当前时间；企业续报以提交时间为准")
    reporter_name = forms.CharField(label="报告人", max_length=50, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and is_enterprise(user):
            del self.fields["reported_at"]


class MissingResolveForm(BootstrapForm):
    confirmed_dead = forms.IntegerField(label="确认死亡人数", min_value=0, initial=0)
    found = forms.IntegerField(label="已找到（生还）人数", min_value=0, initial=0)
    reason = forms.CharField(label="情况说明", max_length=400)


class IrregularityForm(BootstrapForm):
    irregularity = forms.ChoiceField(label="认定", choices=ReportIrregularity.choices, required=False)
    irregularity_note = forms.CharField(label="认定说明", max_length=500)


class RevisionForm(BootstrapForm):
    deaths = forms.IntegerField(label="死亡人数", min_value=0)
    missing = forms.IntegerField(label="失踪人数", min_value=0)
    serious_injuries = forms.IntegerField(label="重伤人数", min_value=0)
    minor_injuries = forms.IntegerField(label="轻伤人数", min_value=0)
    direct_loss = forms.DecimalField(label="直接经济损失（万元）", min_value=0, max_digits=14, decimal_places=2)
    at = datetime_field("伤亡变化时间", help_text="如伤者死亡的时间；事故发生30日（道路交通、火灾7日）后不再补报")
    reason = forms.CharField(label="补报原因", max_length=500)

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at > timezone.now():
            raise forms.ValidationError("不能晚于当前时间")
        return at


class InvestigationForm(BootstrapForm):
    cause = forms.CharField(label="事故原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    investigation_report = forms.CharField(label="调查报告（摘要）", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsibility = forms.CharField(label="责任认定及处理", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label="整改和防范措施", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(BootstrapForm):
    closed_on = date_field("结案日期")


class EvaluationForm(BootstrapForm):
    evaluated_on = date_field("评估完成日期")
    evaluation_result = forms.CharField(label="评估结论", widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(BootstrapForm):
    kind = forms.ChoiceField(label="类别", choices=AttachmentKind.choices)
    title = forms.CharField(label="标题", max_length=100, required=False)
    file = forms.FileField(label="文件", validators=[validate_document],
                           help_text="图片、PDF 或 Word/Excel（docx/xlsx）")


class ImportForm(BootstrapForm):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class YearDataForm(BootstrapForm):
    region = forms.ModelChoiceField(label="区域", queryset=Region.objects.exclude(kind=RegionKind.GRID))
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    gdp = forms.DecimalField(label="地区生产总值（亿元）", min_value=0, max_digits=14, decimal_places=4, required=False)
    population = forms.IntegerField(label="常住人口（人）", min_value=0, required=False)
    industrial_employees = forms.IntegerField(label="工矿商贸就业人员（人）", min_value=0, required=False)
    motor_vehicles = forms.IntegerField(label="机动车保有量（辆）", min_value=0, required=False)
    coal_output = forms.DecimalField(label="煤炭产量（万吨）", min_value=0, max_digits=14, decimal_places=4,
                                     required=False)
    source = forms.CharField(label="数据来源", max_length=200, required=False, help_text="如：2020年统计公报")

    @classmethod
    def for_row(cls, row: RegionYearData, data=None) -> YearDataForm:
        initial = {f: getattr(row, f) for f in ("year", "gdp", "population", "industrial_employees",
                                                "motor_vehicles", "coal_output", "source")}
        return cls(data, initial={**initial, "region": row.region_id})


class PlanForm(BootstrapForm):
    name = forms.CharField(label="规划名称", max_length=100, help_text="如：“十四五”安全生产规划")
    region = forms.ModelChoiceField(label="区域", queryset=Region.objects.exclude(kind=RegionKind.GRID))
    baseline_year = forms.IntegerField(label="基准年", min_value=1990, max_value=2100)
    target_year = forms.IntegerField(label="目标年", min_value=1990, max_value=2100)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def for_plan(cls, plan: Plan, data=None) -> PlanForm:
        return cls(data, initial={"name": plan.name, "region": plan.region_id, "baseline_year": plan.baseline_year,
                                  "target_year": plan.target_year, "note": plan.note})


class PlanTargetForm(BootstrapForm):
    indicator = forms.ChoiceField(label="指标", choices=Indicator.choices)
    kind = forms.ChoiceField(label="目标方式", choices=TargetKind.choices)
    value = forms.DecimalField(label="目标值", max_digits=12, decimal_places=4,
                               help_text="相对变化填百分数（下降10%填 -10）；绝对上限填数值（如 1.35）")
    note = forms.CharField(label="规划原文", max_length=200, required=False)


class IndicatorQueryForm(BootstrapForm):
    region = forms.ModelChoiceField(label="区域", queryset=Region.objects.none(), required=False)
    from_year = forms.IntegerField(label="起始年", min_value=1990, max_value=2100, required=False)
    to_year = forms.IntegerField(label="截止年", min_value=1990, max_value=2100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = area_choices(user)

    def clean(self):
        data = super().clean()
        a, b = data.get("from_year"), data.get("to_year")
        if a and b and a > b:
            self.add_error("to_year", "截止年不能早于起始年")
        if a and b and b - a > 30:
            self.add_error("from_year", "一次最多查询30年")
        return data


class StatsQueryForm(IndicatorQueryForm):
    dimension = forms.ChoiceField(label="统计维度", choices=StatsDimension.choices, required=False)


class YearConfirmForm(BootstrapForm):
    """数据确认 (or its withdrawal) of a region's year."""

    region = forms.ModelChoiceField(label="区域", queryset=Region.objects.none())
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    note = forms.CharField(label="说明", max_length=200, required=False)
    withdraw = forms.BooleanField(label="撤销确认", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.for_user(user)
