"""A button is shown exactly when its action is allowed — the public-report and reward lifecycles
(hazards/reporting/permissions.py), every status × every demo role, on the report page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hazards.reporting.choices import ReportStatus
from hazards.reporting.permissions import REPORT, REWARD
from tests.lifecycle_buttons import assert_buttons_match
from tests.reporting.factories import PublicReportFactory, ReportRewardFactory

pytestmark = pytest.mark.django_db


def url(report) -> str:
    return reverse("reporting:detail", args=[report.pk])


@pytest.mark.parametrize("assigned", ["street_a", "dept", None])
def test_report_buttons_match_the_table(world, assigned):
    unit = {"street_a": {"assigned_region": world.street_a}, "dept": {"assigned_department": world.dept},
            None: {}}[assigned]
    report = PublicReportFactory(enterprise=world.ent_a, **unit)
    checked = assert_buttons_match(REPORT, report, url(report), world.users.values())
    assert checked >= len(ReportStatus.values) * 2  # at least the office and the admin, every status


def test_report_buttons_when_a_reward_is_registered(world):
    reward = ReportRewardFactory(report__assigned_region=world.street_a, report__enterprise=world.ent_a)
    assert_buttons_match(REPORT, reward.report, url(reward.report), world.users.values())


def test_reward_buttons_match_the_table(world):
    reward = ReportRewardFactory(report__assigned_region=world.street_a, report__enterprise=world.ent_a)
    checked = assert_buttons_match(REWARD, reward, url(reward.report), world.users.values())
    assert checked >= 2 * 2


def test_the_api_lists_the_same_allowed_actions(world):
    report = PublicReportFactory(enterprise=world.ent_a, assigned_region=world.street_a, status=ReportStatus.ASSIGNED)
    for role in ("street_a", "grid_a", "office"):
        data = world.client(role).get(reverse("publicreport-detail", args=[report.pk])).json()
        assert data["allowed_actions"] == sorted(REPORT.allowed_actions(world.users[role], report)), role
    office = world.client("office").get(reverse("publicreport-detail", args=[report.pk])).json()
    assert office["allowed_actions"] == ["assign", "verify"]
