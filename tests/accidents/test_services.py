import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accidents.choices import AccidentCategory, AccidentGrade, AccidentStatus, ReportLevel
from accidents.models import AccidentReport, CasualtyRevision
from accidents.services import (
    accident_close,
    accident_report,
    attachment_add,
    casualty_revise,
    evaluation_record,
    investigation_record,
    irregularity_mark,
    report_add,
)
from accounts.models import AuditLog

from .factories import report_accident


def test_enterprise_files_first_report_for_its_own_enterprise_only(world):
    a = report_accident(world, by="ent_a", enterprise="ent_a", days_ago=0.01)
    assert a.enterprise == world.ent_a and a.region == world.cell_a and a.industry == world.industry
    first = a.reports.get()
    assert first.level == ReportLevel.UNIT_TO_COUNTY and not first.late
    with pytest.raises(ValidationError) as exc:
        report_accident(world, by="ent_a", enterprise="ent_b")
    assert "本企业" in str(exc.value)


def test_enterprise_report_more_than_one_hour_after_the_accident_is_flagged_late(world):
    a = report_accident(world, by="ent_a", days_ago=0.5)
    assert a.late_reported is True
    assert a.reports.get().late is True


def test_office_report_time_decides_lateness(world):
    on_time = report_accident(world, report_after_minutes=60)
    late = report_accident(world, report_after_minutes=61)
    assert not on_time.late_reported and late.late_reported


def test_other_roles_cannot_report_accidents(world):
    # "who" is a 403 (PermissionDenied) with the reason, as on the page — not a 400 (issue 16)
    with pytest.raises(PermissionDenied, match="只有事故单位或安委办可以报告事故"):
        report_accident(world, by="grid_a")


def test_grade_is_computed_on_report_and_never_taken_from_input(world):
    a = report_accident(world, deaths=0, serious=10, loss="0")
    assert a.grade == AccidentGrade.LARGER
    assert a.year == timezone.localtime(a.occurred_at).year


def test_later_death_within_30_days_regrades_and_keeps_history(world):
    a = report_accident(world, days_ago=20, deaths=2)
    assert a.grade == AccidentGrade.GENERAL
    rev = casualty_revise(
        accident=a, by=world.users["office"], reason="伤者抢救无效死亡", deaths=3, missing=0, serious_injuries=0,
        minor_injuries=0, direct_loss=Decimal("10"), at=a.occurred_at + dt.timedelta(days=19),
    )
    a.refresh_from_db()
    assert a.deaths == 3 and a.grade == AccidentGrade.LARGER
    assert (rev.grade_before, rev.grade_after) == (AccidentGrade.GENERAL, AccidentGrade.LARGER)
    assert rev.before["deaths"] == 2 and rev.after["deaths"] == 3
    assert AuditLog.objects.filter(action="伤亡补报", object_id=str(a.pk)).exists()


def test_casualty_revision_after_30_days_is_refused_with_a_clear_message(world):
    a = report_accident(world, days_ago=40, deaths=2)
    with pytest.raises(ValidationError) as exc:
        casualty_revise(accident=a, by=world.users["office"], reason="补报", deaths=3, missing=0, serious_injuries=0,
                        minor_injuries=0, direct_loss=Decimal("10"), at=a.occurred_at + dt.timedelta(days=30, minutes=1))
    assert "超过30日" in exc.value.messages[0]
    a.refresh_from_db()
    assert a.deaths == 2 and not CasualtyRevision.objects.exists()


def test_road_accident_window_is_seven_days(world):
    a = report_accident(world, days_ago=10, enterprise=None, category=AccidentCategory.ROAD, deaths=1)
    with pytest.raises(ValidationError) as exc:
        casualty_revise(accident=a, by=world.users["office"], reason="补报", deaths=2, missing=0, serious_injuries=0,
                        minor_injuries=0, direct_loss=Decimal("10"), at=a.occurred_at + dt.timedelta(days=8))
    assert "超过7日" in exc.value.messages[0]
    casualty_revise(accident=a, by=world.users["office"], reason="补报", deaths=2, missing=0, serious_injuries=0,
                    minor_injuries=0, direct_loss=Decimal("10"), at=a.occurred_at + dt.timedelta(days=7))
    a.refresh_from_db()
    assert a.deaths == 2


def test_direct_loss_can_be_corrected_after_the_window_until_closed(world):
    a = report_accident(world, days_ago=60, deaths=1, loss="900")
    casualty_revise(accident=a, by=world.users["office"], reason="损失核定", deaths=1, missing=0, serious_injuries=0,
                    minor_injuries=0, direct_loss=Decimal("1000"))
    a.refresh_from_db()
    assert a.grade == AccidentGrade.LARGER


def test_only_office_revises_casualties(world):
    a = report_accident(world)
    with pytest.raises(PermissionDenied, match="只有安委办可以补报伤亡和损失"):
        casualty_revise(accident=a, by=world.users["ent_a"], reason="x", deaths=5, missing=0, serious_injuries=0,
                        minor_injuries=0, direct_loss=Decimal(0))


def test_higher_level_report_late_against_the_previous_level(world):
    a = report_accident(world, days_ago=1, report_after_minutes=30)
    county = a.reports.get().reported_at
    on_time = report_add(accident=a, by=world.users["office"], level=ReportLevel.COUNTY_TO_CITY,
                         reported_at=county + dt.timedelta(hours=2))
    assert not on_time.late
    late = report_add(accident=a, by=world.users["office"], level=ReportLevel.CITY_TO_PROVINCE,
                      reported_at=on_time.reported_at + dt.timedelta(hours=2, minutes=1))
    assert late.late
    a.refresh_from_db()
    assert a.late_reported
    with pytest.raises(ValidationError):
        report_add(accident=a, by=world.users["office"], level=ReportLevel.COUNTY_TO_CITY, reported_at=timezone.now())
    report_add(accident=a, by=world.users["office"], level=ReportLevel.FOLLOW_UP, reported_at=timezone.now())
    assert AccidentReport.objects.filter(accident=a).count() == 4


def test_office_marks_concealment_with_a_note(world):
    a = report_accident(world)
    with pytest.raises(PermissionDenied, match="只有安委办"):
        irregularity_mark(accident=a, by=world.users["dept"], irregularity="concealed", note="x")
    with pytest.raises(ValidationError) as exc:
        irregularity_mark(accident=a, by=world.users["office"], irregularity="concealed", note=" ")
    assert "irregularity_note" in exc.value.message_dict
    irregularity_mark(accident=a, by=world.users["office"], irregularity="concealed", note="少报死亡1人")
    a.refresh_from_db()
    assert a.get_irregularity_display() == "瞒报"


def test_investigation_close_and_one_year_evaluation(world):
    office = world.users["office"]
    a = report_accident(world, days_ago=100)
    with pytest.raises(ValidationError):
        accident_close(accident=a, by=office, closed_on=timezone.localdate())
    investigation_record(accident=a, by=office, cause="违章", investigation_report="", responsibility="r", measures="m")
    with pytest.raises(ValidationError) as exc:
        accident_close(accident=a, by=office, closed_on=timezone.localdate())
    assert "调查报告" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        evaluation_record(accident=a, by=office, evaluated_on=timezone.localdate(), result="合格")
    investigation_record(accident=a, by=office, cause="违章", investigation_report="报告", responsibility="r",
                         measures="m")
    closed_on = timezone.localdate() - dt.timedelta(days=10)
    accident_close(accident=a, by=office, closed_on=closed_on)
    a.refresh_from_db()
    assert a.status == AccidentStatus.CLOSED
    assert a.evaluation_due == closed_on.replace(year=closed_on.year + 1)
    with pytest.raises(ValidationError):
        casualty_revise(accident=a, by=office, reason="x", deaths=9, missing=0, serious_injuries=0, minor_injuries=0,
                        direct_loss=Decimal(0))
    evaluation_record(accident=a, by=office, evaluated_on=timezone.localdate(), result="整改到位")
    a.refresh_from_db()
    assert a.evaluated_on == timezone.localdate()


def test_attachments_are_checked_by_content(world):
    a = report_accident(world)
    fake = SimpleUploadedFile("report.pdf", b"MZ this is an exe", content_type="application/pdf")
    with pytest.raises(ValidationError):
        attachment_add(accident=a, by=world.users["office"], kind="report", title="快报", file=fake)
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    att = attachment_add(accident=a, by=world.users["office"], kind="report", title="快报", file=pdf)
    assert att.file.name.startswith(f"accidents/{a.pk}/")


def test_report_time_cannot_precede_the_accident(world):
    occurred = timezone.now() - dt.timedelta(hours=5)
    with pytest.raises(ValidationError) as exc:
        accident_report(by=world.users["office"], title="t", occurred_at=occurred, enterprise=world.ent_a,
                        category="industrial", accident_type="fall", reported_at=occurred - dt.timedelta(minutes=1))
    assert "reported_at" in exc.value.message_dict


def test_coal_flag_requires_the_industrial_category(world):
    with pytest.raises(ValidationError) as exc:
        report_accident(world, enterprise=None, category=AccidentCategory.ROAD, is_coal_mine=True)
    assert "is_coal_mine" in exc.value.message_dict


def test_department_sees_accidents_of_its_enterprises_and_of_its_industries_without_enterprise(world):
    from accidents.models import Accident

    own = report_accident(world, enterprise="ent_a")
    no_enterprise = report_accident(world, enterprise=None, industry=world.industry, title="无单位的本行业事故")
    other = report_accident(world, enterprise="ent_b")
    visible = list(Accident.objects.for_user(world.users["dept"]).values_list("pk", flat=True))
    assert sorted(visible) == sorted([own.pk, no_enterprise.pk])  # each once, ent_b's not at all
    assert list(Accident.objects.for_user(world.users["dept_other"])) == [other]
    assert not Accident.objects.for_user(world.users["expert"]).exists()
