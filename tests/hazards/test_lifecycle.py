import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from hazards import services
from hazards.choices import HazardGrade, HazardSource, HazardStatus, TransitionAction

from .factories import photo

pytestmark = pytest.mark.django_db


def report(world, **kw):
    defaults = dict(
        enterprise=world.ent_a, reporter=world.users["grid_a"], source=HazardSource.GRID, grade=HazardGrade.GENERAL,
        description="配电箱未接地", deadline=timezone.localdate() + dt.timedelta(days=7), photos=[photo()],
    )
    return services.hazard_report(**{**defaults, **kw})


def test_hazard_walks_report_rectify_submit_close_with_a_timeline_row_per_step(world):
    h = report(world)
    ent = world.users["ent_a"]
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="已重新接地", photos=[photo("after.png", "PNG")])
    services.hazard_verify(hazard=h, by=world.users["grid_a"], passed=True, note="复查合格")
    h.refresh_from_db()
    assert h.status == HazardStatus.CLOSED
    assert h.region_id == world.ent_a.region_id
    steps = list(h.transitions.values_list("action", "from_status", "to_status"))
    assert steps == [
        (TransitionAction.REPORT, "", "reported"),
        (TransitionAction.START, "reported", "rectifying"),
        (TransitionAction.SUBMIT, "rectifying", "submitted"),
        (TransitionAction.CLOSE, "submitted", "closed"),
    ]
    assert h.photos.filter(kind="before").count() == 1 and h.photos.filter(kind="after").count() == 1


def test_illegal_transition_is_refused_with_a_message_naming_the_states(world):
    h = report(world)
    with pytest.raises(ValidationError) as exc:
        services.hazard_submit(hazard=h, by=world.users["ent_a"], note="x", photos=[photo()])
    assert "已上报" in exc.value.messages[0] and "整改中" in exc.value.messages[0]


def test_major_hazard_needs_all_five_plan_fields_and_the_error_names_the_missing_ones(world):
    h = report(world, grade=HazardGrade.MAJOR)
    ent = world.users["ent_a"]
    services.hazard_set_plan(hazard=h, by=ent, responsibility="厂长 王刚", measures="更换防爆电器")
    with pytest.raises(ValidationError) as exc:
        services.hazard_start_rectification(hazard=h, by=ent)
    msg = exc.value.messages[0]
    assert "资金" in msg and "时限" in msg and "预案" in msg
    assert "责任" not in msg.split("尚缺")[1] and "措施" not in msg.split("尚缺")[1]
    services.hazard_set_plan(hazard=h, by=ent, responsibility="厂长 王刚", measures="更换防爆电器", funds=12,
                             deadline=timezone.localdate(), emergency="停产撤人，设置警戒")
    services.hazard_start_rectification(hazard=h, by=ent)
    h.refresh_from_db()
    assert h.status == HazardStatus.RECTIFYING


def test_major_hazard_is_reported_to_the_supervising_department(world):
    h = report(world, grade=HazardGrade.MAJOR)
    assert Notification.objects.filter(recipient=world.users["dept"], dedup_key=f"hazard-major:{h.pk}").exists()
    assert not Notification.objects.filter(recipient=world.users["dept_other"]).exists()


def test_grid_hazard_cannot_be_verified_by_the_enterprise_nor_another_department(world):
    h = report(world)
    ent = world.users["ent_a"]
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="整改完毕", photos=[photo()])
    for user in (ent, world.users["dept_other"], world.users["street_b"]):
        with pytest.raises(PermissionDenied):
            services.hazard_verify(hazard=h, by=user, passed=True)


def test_sent_back_hazard_returns_to_rectifying_and_needs_a_reason(world):
    h = report(world)
    ent = world.users["ent_a"]
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="整改完毕", photos=[photo()])
    with pytest.raises(ValidationError):
        services.hazard_verify(hazard=h, by=world.users["grid_a"], passed=False)
    services.hazard_verify(hazard=h, by=world.users["grid_a"], passed=False, note="接地电阻仍超标")
    h.refresh_from_db()
    assert h.status == HazardStatus.RECTIFYING
    assert h.transitions.last().action == TransitionAction.SEND_BACK


def test_self_found_general_hazard_is_closed_by_the_enterprise_then_spot_checked(world, settings):
    settings.HAZARD_SELF_CLOSE_GENERAL = True
    ent = world.users["ent_a"]
    h = report(world, reporter=ent, source=HazardSource.SELF_CHECK)
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="已整改", photos=[photo()])
    services.hazard_verify(hazard=h, by=ent, passed=True, note="自行验收")
    h.refresh_from_db()
    assert h.status == HazardStatus.CLOSED and h.spot_check_due
    services.hazard_spot_check(hazard=h, by=world.users["grid_a"], passed=False, note="现场仍未整改")
    h.refresh_from_db()
    assert h.status == HazardStatus.RECTIFYING and not h.spot_check_due


def test_self_close_off_means_the_grid_officer_verifies(world, settings):
    settings.HAZARD_SELF_CLOSE_GENERAL = False
    ent = world.users["ent_a"]
    h = report(world, reporter=ent, source=HazardSource.SELF_CHECK)
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="已整改", photos=[photo()])
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=h, by=ent, passed=True)
    services.hazard_verify(hazard=h, by=world.users["grid_a"], passed=True)


def test_enforcement_hazard_is_verified_by_the_finding_department_only(world):
    h = report(world, reporter=world.users["dept"], source=HazardSource.ENFORCEMENT)
    assert h.department == world.dept
    ent = world.users["ent_a"]
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="已整改", photos=[photo()])
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=h, by=world.users["grid_a"], passed=True)
    services.hazard_verify(hazard=h, by=world.users["dept"], passed=True)


def test_upload_that_is_not_an_image_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        report(world, photos=[SimpleUploadedFile("fake.jpg", b"not an image")])
    assert "fake.jpg" in str(exc.value)


def test_enterprise_cannot_report_for_another_enterprise(world):
    with pytest.raises(PermissionDenied):
        report(world, enterprise=world.ent_b, reporter=world.users["ent_a"], source=HazardSource.SELF_CHECK)


def test_listed_hazard_extension_approved_moves_deadline_and_only_the_office_closes(world):
    h = report(world, grade=HazardGrade.MAJOR)
    office, ent = world.users["office"], world.users["ent_a"]
    deadline = timezone.localdate() + dt.timedelta(days=30)
    services.hazard_supervise(hazard=h, by=office, deadline=deadline, reason="限期整改", doc_no="安委办督〔2026〕3号")
    with pytest.raises(ValidationError):
        services.hazard_supervise(hazard=h, by=office, deadline=deadline)
    req = services.extension_request(hazard=h, by=ent, new_deadline=deadline + dt.timedelta(days=20), reason="设备到货延迟")
    with pytest.raises(PermissionDenied):
        services.extension_decide(request=req, by=world.users["dept"], approve=True)
    services.extension_decide(request=req, by=office, approve=True, note="同意")
    h.refresh_from_db()
    assert h.deadline == deadline + dt.timedelta(days=20)
    services.hazard_set_plan(hazard=h, by=ent, responsibility="a", measures="b", funds=1, deadline=deadline, emergency="c")
    services.hazard_start_rectification(hazard=h, by=ent)
    services.hazard_submit(hazard=h, by=ent, note="完成", photos=[photo()])
    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=h, by=world.users["grid_a"], passed=True)
    services.hazard_verify(hazard=h, by=office, passed=True)
    h.refresh_from_db()
    assert h.status == HazardStatus.CLOSED and h.supervision.status == "closed"


def test_staff_verifier_may_close_on_site_while_the_enterprise_needs_submitted_evidence(world, settings):
    settings.HAZARD_SELF_CLOSE_GENERAL = True
    ent = world.users["ent_a"]
    own = report(world, reporter=ent, source=HazardSource.SELF_CHECK)
    services.hazard_start_rectification(hazard=own, by=ent)
    with pytest.raises(ValidationError):
        services.hazard_verify(hazard=own, by=ent, passed=True)
    found = report(world)
    services.hazard_start_rectification(hazard=found, by=ent)
    services.hazard_verify(hazard=found, by=world.users["grid_a"], passed=True, note="现场复查已整改")
    found.refresh_from_db()
    assert found.status == HazardStatus.CLOSED
    assert found.transitions.last().from_status == HazardStatus.RECTIFYING
