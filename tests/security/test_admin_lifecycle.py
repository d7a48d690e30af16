"""The Django admin never writes a lifecycle a service owns (issue 15, item 4).

A superuser POSTs the admin change form of a hazard, an accident, an emergency plan, a drill, an
event, a supervision and an extension request with a different status/grade/deadline: those fields
stay as they were (no transition row, no audit would have been written), the fields the office may
correct still save, and every change page still renders.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accidents.choices import AccidentStatus
from emergency.choices import DrillStatus, EventStatus, FindingAction, PlanStatus, RevisionSource
from emergency.models import DrillFinding, PlanRevision
from hazards.choices import ExtensionStatus, HazardGrade, HazardStatus, SupervisionStatus
from hazards.models import ExtensionRequest, HazardTransition, SelfCheck, Supervision
from tests.accidents.factories import report_accident
from tests.emergency.factories import DrillFactory, DutyFactory, EventFactory, PlanFactory, RiskReportFactory
from tests.hazards.factories import HazardFactory, HazardPhotoFactory

pytestmark = pytest.mark.django_db

# Field names that, wherever they appear, belong to a lifecycle kept by a service.
LIFECYCLE_NAMES = {
    "status", "grade", "deadline", "closed_at", "closed_on", "closed_by", "escalation_level", "escalated_at",
    "is_overdue", "late", "late_reported", "held_on", "filed_on", "filing_no", "review_due", "needs_revision",
    "handed_over_at", "decided_at", "decided_by", "submitted_at", "evaluation_due",
}
# Admins that save through the service instead (it checks and audits every field).
SAVES_THROUGH_SERVICE = {"enterprises.EnterpriseAdmin"}


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(response) -> dict:
    """What the browser would post back: the form's current values and empty inline formsets."""
    form = response.context["adminform"].form
    data: dict = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def post_change(client, obj, changes: dict):
    url = change_url(obj)
    page = client.get(url)
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    return client.post(url, data)


def test_hazard_grade_deadline_and_status_are_not_written_by_the_admin(world):
    hazard = HazardFactory(enterprise=world.ent_a, grade=HazardGrade.GENERAL)
    before = (hazard.status, hazard.grade, hazard.deadline, hazard.escalation_level)
    later = hazard.deadline + dt.timedelta(days=30)
    response = post_change(world.client("admin"), hazard, {
        "status": HazardStatus.CLOSED, "grade": HazardGrade.MAJOR, "deadline": later.isoformat(),
        "escalation_level": "3", "is_overdue": "on", "description": "后台更正的描述",
    })
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.status, hazard.grade, hazard.deadline, hazard.escalation_level) == before
    assert hazard.description == "后台更正的描述" and not hazard.is_overdue
    assert not hazard.transitions.exclude(action="report").exists()


def test_accident_status_and_figures_are_not_written_by_the_admin(world):
    accident = report_accident(world)
    before = (accident.status, accident.grade, accident.deaths, accident.occurred_at, accident.closed_on)
    response = post_change(world.client("admin"), accident, {
        "status": AccidentStatus.CLOSED, "closed_on": timezone.localdate().isoformat(), "deaths": "5",
        "grade": "4", "title": "后台更正的名称",
    })
    assert response.status_code == 302
    accident.refresh_from_db()
    assert (accident.status, accident.grade, accident.deaths, accident.occurred_at, accident.closed_on) == before
    assert accident.title == "后台更正的名称"


def test_plan_drill_and_event_status_are_not_written_by_the_admin(world):
    plan = PlanFactory(enterprise=world.ent_a)
    drill = DrillFactory(enterprise=world.ent_a)
    event = EventFactory(recorded_by=world.users["office"])
    client = world.client("admin")
    assert post_change(client, plan, {"status": PlanStatus.FILED, "filing_no": "伪造-001",
                                      "title": "更正的预案名称"}).status_code == 302
    assert post_change(client, drill, {"status": DrillStatus.HELD, "held_on": "2026-05-02",
                                       "title": "更正的演练名称"}).status_code == 302
    assert post_change(client, event, {"status": EventStatus.CLOSED, "caller": "钱先生"}).status_code == 302
    plan.refresh_from_db()
    drill.refresh_from_db()
    event.refresh_from_db()
    assert (plan.status, plan.filing_no, plan.title) == (PlanStatus.DRAFT, "", "更正的预案名称")
    assert (drill.status, drill.held_on, drill.title) == (DrillStatus.PLANNED, None, "更正的演练名称")
    assert (event.status, event.caller) == (EventStatus.OPEN, "钱先生")


def test_supervision_and_extension_are_read_only_in_the_admin(world):
    hazard = HazardFactory(enterprise=world.ent_a)
    supervision = Supervision.objects.create(hazard=hazard, deadline=hazard.deadline, listed_by=world.users["office"])
    extension = ExtensionRequest.objects.create(hazard=hazard, requested_by=world.users["ent_a"],
                                                new_deadline=hazard.deadline + dt.timedelta(days=9), reason="设备到货晚")
    client = world.client("admin")
    for obj, changes in ((supervision, {"status": SupervisionStatus.CLOSED, "deadline": "2030-01-01"}),
                         (extension, {"status": ExtensionStatus.APPROVED, "new_deadline": "2030-01-01"})):
        assert post_change(client, obj, changes).status_code == 403  # shown, never saved
    supervision.refresh_from_db()
    extension.refresh_from_db()
    assert supervision.status == SupervisionStatus.LISTED and supervision.deadline == hazard.deadline
    assert extension.status == ExtensionStatus.PENDING


def test_every_change_page_with_a_row_still_renders(world):
    office = world.users["office"]
    hazard = HazardPhotoFactory(hazard__enterprise=world.ent_a).hazard
    HazardTransition.objects.create(hazard=hazard, by=office, action="report", to_status=hazard.status)
    SelfCheck.objects.create(enterprise=world.ent_a, region=world.ent_a.region, week_start=dt.date(2026, 11, 2),
                             submitted_at=timezone.now(), submitted_by=world.users["ent_a"])
    report_accident(world)  # with its first report and audit rows
    plan = PlanFactory(enterprise=world.ent_a)
    PlanRevision.objects.create(plan=plan, source=RevisionSource.REVIEW, reason="定期评估", opened_by=office)
    drill = DrillFactory(enterprise=world.ent_a, status=DrillStatus.HELD)
    DrillFinding.objects.create(drill=drill, description="疏散通道堆物", action=FindingAction.RECORD, recorded_by=office)
    DutyFactory()
    RiskReportFactory(region=world.street_a, filed_by=world.users["street_a"])
    EventFactory(recorded_by=office)
    client = world.client("admin")
    seen = 0
    for model in admin.site._registry:
        obj = model._default_manager.first()
        if obj is None:
            continue
        response = client.get(change_url(obj))
        assert response.status_code == 200, (model, response.status_code)
        seen += 1
    assert seen >= 15, seen


def test_no_admin_can_edit_a_lifecycle_field(world):
    """Guards admins added later: a status/grade/deadline… field is read-only (or the row is)."""
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    editable = []
    for model, model_admin in admin.site._registry.items():
        name = f"{model._meta.app_label}.{type(model_admin).__name__}"
        if name in SAVES_THROUGH_SERVICE or not model_admin.has_change_permission(request):
            continue
        readonly = set(model_admin.get_readonly_fields(request))
        fields = {f.name for f in model._meta.get_fields() if getattr(f, "editable", False) and f.concrete}
        editable += [f"{name}.{f}" for f in sorted((fields & LIFECYCLE_NAMES) - readonly)]
    assert not editable, editable


def test_lifecycle_fields_name_real_fields():
    for model, model_admin in admin.site._registry.items():
        names = {f.name for f in model._meta.get_fields()}
        unknown = set(getattr(model_admin, "lifecycle_fields", ())) - names
        assert not unknown, (type(model_admin).__name__, unknown)
