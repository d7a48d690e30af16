"""Who may do what on an accident: one table (accidents/permissions.py) read by service, page and buttons."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accidents.choices import ReportLevel
from accidents.permissions import ACCIDENT
from accidents.services import (
    accident_close,
    attachment_add,
    evaluation_record,
    investigation_record,
    report_add,
)
from tests.lifecycle_buttons import assert_buttons_match

from .factories import report_accident


def test_accident_buttons_match_the_transition_table_for_every_status_and_role(world):
    # One missing person: the 失踪人员核实 form is shown only while someone is missing.
    a = report_accident(world, by="ent_a", days_ago=0.01, missing=1)
    checked = assert_buttons_match(ACCIDENT, a, f"/accidents/{a.pk}/", world.users.values())
    assert checked >= 3 * 4  # every status × (ent_a, grid_a, street_a, dept, office, admin …) in scope


def test_service_refuses_record_report_to_non_office_with_403(world):
    """Fixed inconsistency: the page refused 登记报告 to everyone but the office (403) while the
    service recorded it for anyone; the service now enforces the same permission."""
    a = report_accident(world)
    with pytest.raises(PermissionDenied, match="只有安委办可以登记事故报告记录"):
        report_add(accident=a, by=world.users["ent_a"], level=ReportLevel.FOLLOW_UP, reported_at=timezone.now())


def test_service_refuses_attachments_to_roles_the_page_refuses(world):
    """Fixed inconsistency: the attachment service had no role check (the page allowed office and
    enterprise only)."""
    a = report_accident(world, by="ent_a", days_ago=0.01)
    pdf = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(PermissionDenied, match="只有事故单位或安委办可以上传事故附件"):
        attachment_add(accident=a, by=world.users["grid_a"], kind="report", title="快报", file=pdf)
    assert attachment_add(accident=a, by=world.users["ent_a"], kind="report", title="快报", file=pdf).pk


@pytest.mark.parametrize("role", ["ent_a", "grid_a", "street_a", "dept", "expert"])
def test_office_steps_answer_403_from_service_and_page_alike(world, role):
    """Fixed inconsistency: the same refused action answered 400 from the service and 403 from the page."""
    a = report_accident(world)
    user = world.users[role]
    with pytest.raises(PermissionDenied):
        investigation_record(accident=a, by=user, cause="c", investigation_report="r", responsibility="p", measures="m")
    with pytest.raises(PermissionDenied):
        accident_close(accident=a, by=user, closed_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        evaluation_record(accident=a, by=user, evaluated_on=timezone.localdate(), result="ok")
    r = world.client(role).post(f"/accidents/{a.pk}/revise/", {
        "deaths": 3, "missing": 0, "serious_injuries": 0, "minor_injuries": 0, "direct_loss": Decimal(1),
        "at": (timezone.localtime() - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"), "reason": "x"})
    assert r.status_code in (403, 404)  # 404 when the accident is out of the role's scope


def test_api_lists_the_allowed_actions_of_an_accident(world):
    a = report_accident(world, by="ent_a", days_ago=0.01)
    office = world.client("office").get(f"/api/v1/accidents/{a.pk}/").json()
    assert office["allowed_actions"] == sorted(ACCIDENT.allowed_actions(world.users["office"], a))
    assert "close" not in office["allowed_actions"] and "investigate" in office["allowed_actions"]
    assert world.client("ent_a").get(f"/api/v1/accidents/{a.pk}/").json()["allowed_actions"] == ["attach", "follow_up"]  # the unit attaches files and files 续报
