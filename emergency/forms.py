"""Forms only parse and show errors next to the field; every write is a call to ``services``."""

from __future__ import annotations

from django import forms

from accidents.models import Accident
from accounts.choices import RegionKind
from accounts.models import Department, Region, User
from accounts.permissions import can
from safety_platform.forms import BootstrapMixin
from safety_platform.uploads import validate_document, validate_image

from .choices import FindingAction, OwnerKind, RevisionSource
from .models import (
    Depot,
    Drill,
    DutyAssignment,
    EmergencyPlan,
    EventReport,
    Expert,
    RescueTeam,
    RiskMonthlyReport,
    Shelter,
    SupplyItem,
    TeamMember,
    default_owner,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
OWNER_FIELDS = ["owner_kind", "region", "department"]


class OwnedForm(BootstrapMixin, forms.ModelForm):
    """Owner fields are shown to the office only (others always register for their own unit).

    The office registers government (district/street) and department rows; enterprise rows are
    registered by the enterprises themselves.
    """

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if default_owner(user) is not None or not can(user, "emergency.assign_owner"):
            for name in OWNER_FIELDS:
                self.fields.pop(name, None)
        else:
            self.fields["owner_kind"].choices = [
                c for c in self.fields["owner_kind"].choices if c[0] != OwnerKind.ENTERPRISE
            ]
            self.fields["region"].queryset = Region.objects.filter(kind__in=[RegionKind.DISTRICT, RegionKind.STREET])
            self.fields["department"].queryset = Department.objects.all()

    def _post_clean(self):
        """Ownership is checked by the service (it knows the user); skip the model's own validation here."""


class PlanForm(OwnedForm):
    file = forms.FileField(label="预案文本（PDF/Word）", required=False, validators=[validate_document])

    class Meta:
        model = EmergencyPlan
        fields = [*OWNER_FIELDS, "title", "plan_type", "version", "file", "scope_note", "issued_on"]
        widgets = {"issued_on": DATE}


class PlanAcceptForm(BootstrapMixin, forms.Form):
    filing_no = forms.CharField(label="备案编号", max_length=50, required=False, help_text="留空则自动编号")
    filed_on = forms.DateField(label="备案日期", required=False, widget=DATE, help_text="留空为今天；补录纸质备案时填写原备案日期")


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="原因", max_length=500, widget=forms.Textarea)


class RevisionForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(label="修订原因类别", choices=RevisionSource.choices)
    reason = forms.CharField(label="修订原因", max_length=500, widget=forms.Textarea)
    accident = forms.ModelChoiceField(label="来源事故", queryset=Accident.objects.none(), required=False,
                                      help_text="事故后修订时选择")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accident"].queryset = Accident.objects.for_user(user).order_by("-occurred_at")


class DrillForm(OwnedForm):
    class Meta:
        model = Drill
        fields = [*OWNER_FIELDS, "title", "drill_type", "form", "plan", "scenario", "location", "planned_date"]
        widgets = {"planned_date": DATE}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        own = default_owner(user)
        plans = EmergencyPlan.objects.for_user(user)
        if own is not None:
            plans = plans.filter(**own)
        else:  # the office registers government and department drills
            plans = plans.exclude(owner_kind=OwnerKind.ENTERPRISE)
        self.fields["plan"].queryset = plans.order_by("title")


class DrillRecordForm(BootstrapMixin, forms.ModelForm):
    held_on = forms.DateField(label="举行日期", widget=DATE)

    class Meta:
        model = Drill
        fields = ["held_on", "participant_count", "participants", "evaluation", "rating"]

    def _post_clean(self):
        """Validated by ``services.drill_record``."""


class DrillPhotoForm(BootstrapMixin, forms.Form):
    image = forms.ImageField(label="现场照片", validators=[validate_image])
    caption = forms.CharField(label="说明", max_length=100, required=False)


class FindingForm(BootstrapMixin, forms.Form):
    description = forms.CharField(label="发现问题", widget=forms.Textarea)
    action = forms.ChoiceField(label="处理方式", choices=FindingAction.choices)
    hazard_deadline = forms.DateField(label="隐患整改期限", required=False, widget=DATE,
                                      help_text="登记为隐患时必填（企业演练）")


class TeamForm(OwnedForm):
    class Meta:
        model = RescueTeam
        fields = [*OWNER_FIELDS, "name", "kind", "leader", "phone", "address", "lng", "lat", "specialties", "equipment"]


class MemberForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "position", "phone", "skills", "certificate", "certificate_no", "certificate_expiry"]
        widgets = {"certificate_expiry": DATE}

    def _post_clean(self):
        """Validated by ``services.member_save`` (the team is set there)."""


class DepotForm(OwnedForm):
    class Meta:
        model = Depot
        fields = [*OWNER_FIELDS, "name", "address", "lng", "lat", "manager", "phone"]


class SupplyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SupplyItem
        fields = ["name", "category", "spec", "quantity", "unit", "min_stock", "expiry"]
        widgets = {"expiry": DATE}

    def _post_clean(self):
        """Validated by ``services.supply_save`` (the depot is set there)."""


class ExpertForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["name", "field", "title", "organisation", "phone", "availability", "note"]


class ShelterForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Shelter
        fields = ["name", "kind", "region", "address", "lng", "lat", "capacity", "area_m2", "facilities", "manager", "phone"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if can(user, "emergency.assign_owner"):  # the office picks the street; a street keeps its own
            self.fields["region"].queryset = Region.objects.filter(kind=RegionKind.STREET)
        else:
            self.fields.pop("region")


class DutyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = DutyAssignment
        fields = ["date", "shift", "leader", "officer", "phone"]
        widgets = {"date": DATE}

    def validate_unique(self):
        """An existing (date, shift) is re-assigned by ``services.duty_assign``."""


class HandoverForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="交接班记录", widget=forms.Textarea, help_text="本班接报、处置、未办结事项及需下一班跟进的事项")


class EventForm(BootstrapMixin, forms.ModelForm):
    received_at = forms.DateTimeField(label="接报时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    class Meta:
        model = EventReport
        fields = ["received_at", "caller", "caller_phone", "caller_org", "category", "region", "enterprise",
                  "content", "actions", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(kind=RegionKind.STREET)
        self.fields["enterprise"].widget = forms.NumberInput(attrs={"class": "form-control", "placeholder": "企业编号（可选）"})
        self.fields["enterprise"].help_text = "涉及企业的档案编号，可在企业档案中查到"


class AccidentFromEventForm(BootstrapMixin, forms.ModelForm):
    """接报转事故: the accident's own fields, prefilled from the event; the accidents service validates."""

    occurred_at = forms.DateTimeField(label="发生时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    unit_reported = forms.BooleanField(
        label="来电为事故单位的报告（记为单位首报）", required=False, initial=True,
        help_text="不勾选：现场人员、群众或110转来的报告；事故单位仍须在事故发生后1小时内报告，页面倒计时",
    )

    class Meta:
        model = Accident
        fields = ["title", "occurred_at", "category", "accident_type", "place", "deaths", "missing",
                  "serious_injuries", "minor_injuries", "direct_loss"]

    def _post_clean(self):
        """Validated by ``accidents.services.accident_report``."""


class RiskReportForm(BootstrapMixin, forms.ModelForm):
    month = forms.DateField(label="报送月份", widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])

    class Meta:
        model = RiskMonthlyReport
        fields = ["month", "major_count", "high_count", "general_count", "low_count", "situation", "measures"]

    def _post_clean(self):
        """Validated by ``services.risk_report_file`` (one per reporter and month)."""
