"""应急预案: 备案 flow, 3-year review, revisions, who may do what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditLog
from emergency import services
from emergency.choices import OwnerKind, PlanStatus, PlanType, ReviewState, RevisionSource
from emergency.models import EmergencyPlan
from emergency.rules import add_years
from emergency.selectors import plans_due_for_review


@pytest.fixture
def plan(world, pdf):
    return services.plan_create(by=world.users["ent_a"], title="甲企业生产安全事故综合应急预案",
                                plan_type=PlanType.COMPREHENSIVE, version="V1.0", file=pdf)


def test_enterprise_registers_plans_for_itself_whatever_the_form_says(world, plan):
    assert (plan.owner_kind, plan.enterprise, plan.status) == (OwnerKind.ENTERPRISE, world.ent_a, PlanStatus.DRAFT)
    other = services.plan_create(by=world.users["ent_a"], owner_kind=OwnerKind.ENTERPRISE, enterprise=world.ent_b,
                                 title="x", plan_type=PlanType.SPECIAL)
    assert other.enterprise == world.ent_a


def test_grid_officer_cannot_register_plans(world):
    with pytest.raises(PermissionDenied):
        services.plan_create(by=world.users["grid_a"], title="x", plan_type=PlanType.SPECIAL)


def test_filing_flow_submit_accept_starts_the_review_clock(world, plan):
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    plan = services.plan_accept(plan=plan, by=world.users["dept"])
    today = timezone.localdate()
    assert plan.status == PlanStatus.FILED and plan.filed_on == today
    assert plan.review_due == add_years(today, 3)
    assert plan.filing_no.startswith(f"YJBA-{today:%Y}-")
    assert AuditLog.objects.filter(object_id=str(plan.pk), action="预案备案").exists()


def test_only_a_supervising_department_or_the_office_files_an_enterprise_plan(world, plan):
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    for role in ("dept_other", "street_a", "ent_a"):
        with pytest.raises(PermissionDenied):
            services.plan_accept(plan=plan, by=world.users[role])
    assert services.plan_accept(plan=plan, by=world.users["office"]).status == PlanStatus.FILED


def test_return_needs_a_reason_and_the_plan_can_be_resubmitted(world, plan):
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    with pytest.raises(ValidationError) as exc:
        services.plan_return(plan=plan, by=world.users["dept"], reason="  ")
    assert "reason" in exc.value.message_dict
    plan = services.plan_return(plan=plan, by=world.users["dept"], reason="未附应急资源调查报告")
    assert (plan.status, plan.return_reason) == (PlanStatus.RETURNED, "未附应急资源调查报告")
    assert services.plan_submit(plan=plan, by=world.users["ent_a"]).status == PlanStatus.SUBMITTED


def test_submit_without_a_file_names_the_field(world):
    plan = services.plan_create(by=world.users["ent_a"], title="无文本预案", plan_type=PlanType.ONSITE)
    with pytest.raises(ValidationError) as exc:
        services.plan_submit(plan=plan, by=world.users["ent_a"])
    assert "file" in exc.value.message_dict


def test_cannot_accept_a_plan_that_was_not_submitted(world, plan):
    with pytest.raises(ValidationError):
        services.plan_accept(plan=plan, by=world.users["office"])


def test_plan_filed_three_years_and_one_day_ago_is_overdue_for_review(world, plan):
    today = timezone.localdate()
    filed = add_years(today, -3) - dt.timedelta(days=1)
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    plan = services.plan_accept(plan=plan, by=world.users["dept"], filed_on=filed)
    assert plan.review_due == today - dt.timedelta(days=1)
    assert plan.review_state == ReviewState.OVERDUE
    for role in ("ent_a", "dept", "street_a", "office"):  # listed to the owner and its supervisors
        qs = plans_due_for_review(EmergencyPlan.objects.for_user(world.users[role]), today=today)
        assert list(qs) == [plan], role
    assert not plans_due_for_review(EmergencyPlan.objects.for_user(world.users["ent_b"]), today=today).exists()


def test_plan_filed_three_years_ago_less_one_day_is_expiring_not_overdue(world, plan):
    today = timezone.localdate()
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    plan = services.plan_accept(plan=plan, by=world.users["dept"], filed_on=add_years(today, -3) + dt.timedelta(days=1))
    assert plan.review_state == ReviewState.EXPIRING


def test_overdue_filter_on_the_list_page(world, plan):
    today = timezone.localdate()
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    services.plan_accept(plan=plan, by=world.users["dept"], filed_on=add_years(today, -3) - dt.timedelta(days=1))
    response = world.client("ent_a").get("/emergency/plans/?review_state=overdue")
    assert response.status_code == 200 and "逾期未评审" in response.content.decode()
    response = world.client("ent_a").get("/emergency/plans/?review_state=ok")
    assert plan.title not in response.content.decode()


def test_revision_after_an_accident_or_drill_is_closed_by_the_next_filing(world, plan):
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    plan = services.plan_accept(plan=plan, by=world.users["dept"])
    revision = services.plan_open_revision(plan=plan, by=world.users["dept"], source=RevisionSource.REVIEW,
                                           reason="机构调整，应急指挥部成员变化")
    plan.refresh_from_db()
    assert plan.needs_revision
    plan = services.plan_update(plan=plan, by=world.users["ent_a"], version="V2.0")
    assert plan.status == PlanStatus.DRAFT  # a new version goes back through 备案
    services.plan_submit(plan=plan, by=world.users["ent_a"])
    plan = services.plan_accept(plan=plan, by=world.users["dept"])
    revision.refresh_from_db()
    assert not plan.needs_revision and revision.closed_in_version == "V2.0" and revision.closed_at


def test_accident_revision_needs_the_accident(world, plan):
    with pytest.raises(ValidationError) as exc:
        services.plan_open_revision(plan=plan, by=world.users["ent_a"], source=RevisionSource.ACCIDENT, reason="事故")
    assert "accident" in exc.value.message_dict


def test_office_registers_a_district_plan_but_not_for_a_community(world, pdf):
    plan = services.plan_create(by=world.users["office"], owner_kind=OwnerKind.GOVERNMENT, region=world.district,
                                title="区生产安全事故应急预案", plan_type=PlanType.COMPREHENSIVE, file=pdf)
    assert plan.owner_name == world.district.name
    with pytest.raises(ValidationError) as exc:
        services.plan_create(by=world.users["office"], owner_kind=OwnerKind.GOVERNMENT, region=world.cell_a,
                             title="x", plan_type=PlanType.COMPREHENSIVE)
    assert "region" in exc.value.message_dict


def test_plan_pages_submit_and_file_through_the_browser(world, pdf):
    c = world.client("ent_a")
    response = c.post("/emergency/plans/new/", {"title": "甲企业危化品泄漏专项预案", "plan_type": "special",
                                                 "version": "V1.0", "file": pdf})
    plan = EmergencyPlan.objects.get(title="甲企业危化品泄漏专项预案")
    assert response.status_code == 302 and plan.enterprise == world.ent_a
    c.post(f"/emergency/plans/{plan.pk}/submit/")
    world.client("dept").post(f"/emergency/plans/{plan.pk}/accept/", {"filing_no": "YJ-2026-001"})
    plan.refresh_from_db()
    assert (plan.status, plan.filing_no) == (PlanStatus.FILED, "YJ-2026-001")


def test_plan_form_rejects_a_file_that_is_not_a_document(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("预案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = world.client("ent_a").post("/emergency/plans/new/", {"title": "x", "plan_type": "special",
                                                                     "version": "V1", "file": bad})
    assert response.status_code == 200
    assert "预案文本（PDF/Word）：" in response.content.decode()
    assert not EmergencyPlan.objects.exists()


def test_api_lists_in_scope_and_files_through_the_same_service(world, plan):
    assert world.client("ent_b").get("/api/v1/emergency/plans/").json()["count"] == 0
    assert world.client("ent_b").get(f"/api/v1/emergency/plans/{plan.pk}/").status_code == 404
    assert world.client("ent_a").post(f"/api/v1/emergency/plans/{plan.pk}/submit/").status_code == 200
    refused = world.client("dept_other").post(f"/api/v1/emergency/plans/{plan.pk}/accept/", {})
    assert refused.status_code == 404  # out of the other department's scope
    response = world.client("dept").post(f"/api/v1/emergency/plans/{plan.pk}/return/", {"reason": "缺少附件"})
    assert response.status_code == 200 and response.json()["status"] == PlanStatus.RETURNED
    bad = world.client("dept").post(f"/api/v1/emergency/plans/{plan.pk}/accept/", {})
    assert bad.status_code == 400
