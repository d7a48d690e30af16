"""执法检查: officers with certificates, findings into the ledger, numbered documents, 复查, 首违不罚."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hazards import services as hazard_services
from hazards.choices import HazardSource, HazardStatus
from inspections import services
from inspections.choices import DocumentKind, InspectionResult, PenaltyStatus, PlanStatus, ReinspectionConclusion
from inspections.models import EnforcementDocument
from tests.hazards.factories import photo

from .factories import officer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def start(world, **kw):
    dept = world.users["dept"]
    return services.inspection_start(
        by=dept, enterprise=kw.pop("enterprise", world.ent_a), inspected_on=TODAY(),
        inspectors=kw.pop("inspectors", [dept, officer(world)]), **kw,
    )


def test_an_inspection_needs_two_officers_each_with_an_enforcement_certificate(world):
    dept = world.users["dept"]
    with pytest.raises(ValidationError) as exc:
        start(world, inspectors=[dept])
    assert "2 名以上执法人员" in exc.value.message_dict["inspectors"][0]
    no_cert = officer(world, name="无证人员", cert="")
    with pytest.raises(ValidationError) as exc:
        start(world, inspectors=[dept, no_cert])
    assert "未登记执法证号" in exc.value.message_dict["inspectors"][0] and "无证人员" in exc.value.message_dict["inspectors"][0]


def test_department_cannot_inspect_an_enterprise_it_does_not_supervise(world):
    with pytest.raises(PermissionDenied):
        start(world, enterprise=world.ent_b)


def test_findings_become_enforcement_hazards_verified_by_the_department(world):
    insp = start(world)
    h = services.inspection_record_hazard(inspection=insp, by=world.users["dept"], grade="general",
                                          description="安全出口堵塞", deadline=TODAY() + dt.timedelta(10))
    assert h.source == HazardSource.ENFORCEMENT and h.department_id == world.dept.pk and h.origin == insp
    assert hazard_services.can_verify(world.users["dept"], h)
    assert not hazard_services.can_verify(world.users["grid_a"], h)


def test_finishing_issues_a_numbered_inspection_record(world):
    insp = start(world)
    insp = services.inspection_finish(inspection=insp, by=world.users["dept"], summary="现场检查未发现问题")
    doc = insp.documents.get()
    assert doc.kind == DocumentKind.RECORD and insp.result == InspectionResult.NO_ISSUE
    assert doc.number == f"应急检记〔{TODAY().year}〕1号"


def test_document_numbers_run_per_department_year_and_kind(world):
    a, b = start(world), start(world)
    docs = [services.document_issue(inspection=x, kind=DocumentKind.ORDER, by=None, body="x") for x in (a, b, a)]
    assert [d.sequence for d in docs] == [1, 2, 3]
    record = services.document_issue(inspection=a, kind=DocumentKind.RECORD, by=None, body="x")
    assert record.sequence == 1
    last_year = services.document_issue(inspection=a, kind=DocumentKind.ORDER, by=None, body="x",
                                        issued_on=TODAY().replace(year=TODAY().year - 1))
    assert last_year.sequence == 1 and f"〔{TODAY().year - 1}〕1号" in last_year.number


def _inspected_with_hazard(world):
    dept = world.users["dept"]
    insp = start(world)
    h = services.inspection_record_hazard(inspection=insp, by=dept, grade="general", description="消防通道堵塞",
                                          deadline=TODAY() + dt.timedelta(5))
    services.inspection_finish(inspection=insp, by=dept, summary="发现一处隐患")
    order = services.inspection_issue_order(inspection=insp, by=dept, hazards=[h], deadline=TODAY() + dt.timedelta(5))
    return insp, h, order


def test_reinspection_closes_rectified_hazards_through_verification(world):
    insp, h, order = _inspected_with_hazard(world)
    ent = world.users["ent_a"]
    hazard_services.hazard_start_rectification(hazard=h, by=ent)
    hazard_services.hazard_submit(hazard=h, by=ent, note="已清理", photos=[photo()])
    dept = world.users["dept"]
    rec = services.reinspection_record(order=order, by=dept, inspected_on=TODAY(), inspectors=[dept, officer(world)],
                                       results={h.pk: (True, "通道畅通")})
    h.refresh_from_db()
    assert h.status == HazardStatus.CLOSED and rec.conclusion == ReinspectionConclusion.PASSED
    assert rec.document.kind == DocumentKind.REVIEW and rec.document.order == order


def test_reinspection_reopens_a_hazard_that_is_not_rectified(world):
    insp, h, order = _inspected_with_hazard(world)
    ent = world.users["ent_a"]
    hazard_services.hazard_start_rectification(hazard=h, by=ent)
    hazard_services.hazard_submit(hazard=h, by=ent, note="已清理", photos=[photo()])
    dept = world.users["dept"]
    rec = services.reinspection_record(order=order, by=dept, inspected_on=TODAY(), inspectors=[dept, officer(world)],
                                       results={h.pk: (False, "仍有杂物")})
    h.refresh_from_db()
    assert h.status == HazardStatus.RECTIFYING and rec.conclusion == ReinspectionConclusion.FAILED
    assert h.transitions.last().note.startswith(f"复查（{order.number}）")


def test_reinspection_on_site_closes_a_rectified_hazard_the_enterprise_did_not_submit(world):
    insp, h, order = _inspected_with_hazard(world)
    dept = world.users["dept"]
    services.reinspection_record(order=order, by=dept, inspected_on=TODAY(), inspectors=[dept, officer(world)],
                                 results={h.pk: (True, "现场确认已整改")})
    h.refresh_from_db()
    assert h.status == HazardStatus.CLOSED and h.closed_by == dept


def test_reinspection_needs_a_conclusion_for_every_hazard_of_the_order(world):
    insp, h, order = _inspected_with_hazard(world)
    dept = world.users["dept"]
    with pytest.raises(ValidationError) as exc:
        services.reinspection_record(order=order, by=dept, inspected_on=TODAY(), inspectors=[dept, officer(world)],
                                     results={})
    assert h.number in str(exc.value.message_dict["results"])


def test_first_listed_minor_violation_gets_an_order_and_a_repeat_gets_a_fine(world):
    dept = world.users["dept"]
    insp = start(world)
    services.inspection_finish(inspection=insp, by=dept, summary="培训记录缺失")
    first = services.violation_handle(inspection=insp, by=dept, violation_code="training_records",
                                      violation="未记录2026年三季度培训", deadline=TODAY() + dt.timedelta(10),
                                      amount=Decimal("5000"))
    assert first.status == PenaltyStatus.EXEMPT and first.amount is None
    assert first.document.kind == DocumentKind.ORDER and "首违不罚" in first.document.body
    with pytest.raises(ValidationError) as exc:
        services.violation_handle(inspection=insp, by=dept, violation_code="training_records", violation="再次未记录")
    assert "amount" in exc.value.message_dict and "不适用首违不罚" in exc.value.message_dict["amount"][0]
    second = services.violation_handle(inspection=insp, by=dept, violation_code="training_records",
                                       violation="再次未记录", amount=Decimal("10000"),
                                       legal_basis="《安全生产法》第九十七条第（四）项")
    assert second.status == PenaltyStatus.DECIDED and second.document.kind == DocumentKind.PENALTY
    insp.refresh_from_db()
    assert insp.result == InspectionResult.PENALTY


def test_a_minor_violation_outside_the_window_is_again_a_first_violation(world, settings):
    settings.INSPECTION_REPEAT_WINDOW_DAYS = 30
    dept = world.users["dept"]
    insp = start(world)
    services.inspection_finish(inspection=insp, by=dept, summary="x")
    old = TODAY() - dt.timedelta(days=40)
    services.violation_handle(inspection=insp, by=dept, violation_code="warning_signs", violation="无警示标志",
                              deadline=TODAY() + dt.timedelta(5), today=old)
    assert services.is_first_minor_violation(enterprise=world.ent_a, violation_code="warning_signs", on=TODAY())
    assert not services.is_first_minor_violation(enterprise=world.ent_a, violation_code="other", on=TODAY())


def test_unlisted_violation_goes_to_the_penalty_path_and_needs_amount_and_basis(world):
    dept = world.users["dept"]
    insp = start(world)
    services.inspection_finish(inspection=insp, by=dept, summary="x")
    with pytest.raises(ValidationError) as exc:
        services.violation_handle(inspection=insp, by=dept, violation_code="other", violation="未设置安全管理机构",
                                  amount=Decimal("20000"))
    assert "legal_basis" in exc.value.message_dict
    p = services.violation_handle(inspection=insp, by=dept, violation_code="other", violation="未设置安全管理机构",
                                  amount=Decimal("20000"), legal_basis="《安全生产法》第九十七条")
    services.penalty_mark_paid(penalty=p, by=dept, paid_on=TODAY())
    p.refresh_from_db()
    assert p.status == PenaltyStatus.PAID


def test_plan_is_submitted_and_approved_by_the_office_only(world):
    dept = world.users["dept"]
    plan = services.plan_save(by=dept, year=2026, q1=5, q2=5, q3=5, q4=5, key_enterprises=[world.ent_a])
    with pytest.raises(ValidationError):
        services.plan_save(by=dept, year=2026, q1=1, q2=1, q3=1, q4=1)
    with pytest.raises(ValidationError) as exc:
        services.plan_save(by=dept, year=2027, q1=1, q2=1, q3=1, q4=1, key_enterprises=[world.ent_b])
    assert "key_enterprises" in exc.value.message_dict
    services.plan_submit(plan=plan, by=dept)
    with pytest.raises(PermissionDenied):
        services.plan_decide(plan=plan, by=dept, approve=True)
    with pytest.raises(ValidationError):
        services.plan_decide(plan=plan, by=world.users["office"], approve=False)
    plan = services.plan_decide(plan=plan, by=world.users["office"], approve=True)
    assert plan.status == PlanStatus.APPROVED
    with pytest.raises(ValidationError):
        services.plan_save(by=dept, plan=plan, year=2026, q1=9, q2=5, q3=5, q4=5)


def test_plan_progress_counts_finished_inspections_by_quarter(world):
    from inspections.selectors import plan_progress

    dept = world.users["dept"]
    plan = services.plan_save(by=dept, year=TODAY().year, q1=1, q2=1, q3=1, q4=2, key_enterprises=[world.ent_a])
    insp = start(world)
    services.inspection_finish(inspection=insp, by=dept, summary="x")
    start(world)  # a draft does not count
    progress = plan_progress(plan)
    q = (TODAY().month - 1) // 3
    assert progress.done[q] == 1 and sum(progress.done) == 1
    assert progress.key_done == [world.ent_a.pk]


def test_enforcement_page_counts_every_plan_with_the_same_queries(world, django_assert_num_queries):
    """The office sees one plan per department: progress is computed for all plans at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dept, other = world.users["dept"], world.users["dept_other"]
    services.plan_save(by=dept, year=TODAY().year, q1=1, q2=1, q3=1, q4=2, key_enterprises=[world.ent_a])
    services.inspection_finish(inspection=start(world), by=dept, summary="x")
    office = world.client("office")
    with CaptureQueriesContext(connection) as one_plan:
        page = office.get("/inspections/enforcement/").content.decode()
    assert "1/1" in page  # key enterprises checked / named
    services.plan_save(by=other, year=TODAY().year, q1=2, q2=2, q3=2, q4=2)
    with django_assert_num_queries(len(one_plan.captured_queries)):
        office.get("/inspections/enforcement/")


def test_documents_are_scoped_to_their_department(world):
    insp = start(world)
    services.inspection_finish(inspection=insp, by=world.users["dept"], summary="x")
    assert EnforcementDocument.objects.for_user(world.users["dept"]).count() == 1
    assert EnforcementDocument.objects.for_user(world.users["dept_other"]).count() == 0
    assert EnforcementDocument.objects.for_user(world.users["ent_a"]).count() == 1
    assert EnforcementDocument.objects.for_user(world.users["ent_b"]).count() == 0


def test_a_fine_on_a_listed_enterprise_restarts_its_credit_removal_period(world):
    """A 行政处罚决定 is a new violation for the 失信名单: it withdraws the removal proposal and the
    removal job no longer proposes the listing; a 首违不罚 order is not a penalty and does not count."""
    from enterprises.credit import services as credit_services
    from enterprises.credit.choices import ListingStatus, RemovalStatus
    from enterprises.credit.models import CreditViolation
    from tests.credit.factories import CreditListingFactory

    dept = world.users["dept"]
    listing = CreditListingFactory(enterprise=world.ent_a, listed_on=TODAY() - dt.timedelta(days=800))
    assert [r.listing for r in credit_services.removals_propose(today=TODAY())] == [listing]
    insp = start(world)
    services.inspection_finish(inspection=insp, by=dept, summary="x")
    services.violation_handle(inspection=insp, by=dept, violation_code="warning_signs", violation="无警示标志",
                              deadline=TODAY() + dt.timedelta(5))
    assert not CreditViolation.objects.exists()  # 首违不罚: no penalty, no violation on the credit file
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVAL_PROPOSED
    penalty = services.violation_handle(inspection=insp, by=dept, violation_code="other", violation="未设置安全管理机构",
                                        amount=Decimal("20000"), legal_basis="《安全生产法》第九十七条")
    violation = CreditViolation.objects.get()
    assert violation.enterprise == world.ent_a and violation.source == penalty.document.number
    assert violation.recorded_by == dept and violation.occurred_on == TODAY()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LISTED
    assert listing.removals.get().status == RemovalStatus.REJECTED
    assert credit_services.removals_propose(today=TODAY()) == []


def test_a_fine_on_an_enterprise_not_listed_leaves_the_credit_file_alone(world):
    from enterprises.credit.models import CreditViolation

    dept = world.users["dept"]
    insp = start(world)
    services.inspection_finish(inspection=insp, by=dept, summary="x")
    services.violation_handle(inspection=insp, by=dept, violation_code="other", violation="未设置安全管理机构",
                              amount=Decimal("20000"), legal_basis="《安全生产法》第九十七条")
    assert not CreditViolation.objects.exists()
