"""批量开通: all-or-nothing sheet import, registry selection, the job, delivery of credentials."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts import onboarding
from accounts.choices import Role
from accounts.models import CellAssignment, OnboardingJob, OutboundMessage, User
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def sheet(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(onboarding.COLUMNS)
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("开通.xlsx", buf.getvalue())


def test_a_sheet_with_one_bad_row_creates_nothing_and_names_the_row(world):
    client = world.client("office")
    upload = sheet([
        ["13900000001", "甲安全员", "13900000001", "企业", world.ent_a.uscc, "", "安全负责人"],
        ["bad", "", "123", "企业", "91000000000000000X", "", ""],
    ])
    response = client.post(reverse("onboarding_upload"), {"file": upload, "delivery": "sms"})
    body = response.content.decode()
    assert response.status_code == 200 and "第3行" in body and "没有开通任何账号" in body
    assert not OnboardingJob.objects.exists() and not User.objects.filter(username="13900000001").exists()


def test_sheet_onboarding_creates_accounts_and_sends_initial_passwords(world, django_capture_on_commit_callbacks):
    client = world.client("street_a")
    upload = sheet([
        ["13900000002", "甲安全员", "13900000002", "企业", world.ent_a.uscc, "", "安全负责人"],
        ["wg-new", "新网格员", "", "网格员", "", world.cell_a.code, ""],
    ])
    response = client.post(reverse("onboarding_upload"), {"file": upload, "delivery": "sms"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    job = OnboardingJob.objects.get()
    assert response["Location"] == reverse("onboarding_job", args=[job.pk]) and job.status == "draft"
    draft = client.get(response["Location"]).content.decode()
    assert "wg-new" in draft and world.cell_a.name in draft and "确认开通" in draft
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("onboarding_start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.done == 2
    officer = User.objects.get(username="wg-new")
    assert officer.role == Role.GRID and list(officer.grid_cells.all()) == [world.cell_a]
    assert CellAssignment.objects.filter(officer=officer, cell=world.cell_a).exists()
    safety = User.objects.get(username="13900000002")
    assert safety.enterprise == world.ent_a and safety.must_change_password
    sms = OutboundMessage.objects.get(recipient=safety)
    assert sms.status == OutboundMessage.Status.SENT and "13900000002" in sms.text
    password = sms.params["password"]
    assert safety.check_password(password)
    # The officer has no phone: a printable 开通通知 for street A carries the password.
    letters = client.get(reverse("onboarding_letters", args=[job.pk])).content.decode()
    assert "甲街道" in letters and "wg-new" in letters
    client.post(reverse("onboarding_letters_clear", args=[job.pk]))
    job.refresh_from_db()
    assert job.letters == {}


def test_registry_selection_gives_every_enterprise_of_a_street_a_login(world, django_capture_on_commit_callbacks):
    more = [EnterpriseFactory(region=world.cell_a, industry=world.industry, safety_director=f"安全员{i}",
                              safety_director_phone=f"1370000000{i}") for i in range(3)]
    rows = onboarding.plan_registry(by=world.users["office"], street=world.street_a)
    assert {r["username"] for r in rows} == {e.uscc for e in more}  # ent_a already has a login
    job = onboarding.job_create(by=world.users["office"], source="test", rows=rows, delivery="sms")
    with django_capture_on_commit_callbacks(execute=True):
        onboarding.job_start(by=world.users["office"], job=job)
    assert User.objects.filter(username__in=[e.uscc for e in more], receives_reminders=True).count() == 3
    assert OutboundMessage.objects.filter(address__startswith="1370000000").count() == 3


def test_a_job_cut_short_resumes_without_duplicates(world, monkeypatch):
    rows = [{"username": f"u{i:03d}", "full_name": f"人{i}", "phone": "", "role": Role.ENTERPRISE,
             "enterprise_id": world.ent_b.pk, "region_id": world.cell_b.pk} for i in range(7)]
    job = OnboardingJob.objects.create(created_by=world.users["office"], source="t", rows=rows, total=7,
                                       status="queued", delivery="letter")
    monkeypatch.setattr(onboarding, "CHUNK", 3)
    real = onboarding._create_chunk
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(onboarding, "_create_chunk", dying)
    with pytest.raises(RuntimeError):
        onboarding.run(job.pk)
    job.refresh_from_db()
    assert job.done == 3 and User.objects.filter(username__startswith="u0").count() == 3
    monkeypatch.setattr(onboarding, "_create_chunk", real)
    onboarding.run(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and User.objects.filter(username__startswith="u0").count() == 7
    assert sum(len(v) for v in job.letters.values()) == 7


def test_street_sees_only_its_own_jobs_and_the_office_all(world):
    job = OnboardingJob.objects.create(created_by=world.users["street_a"], source="s", rows=[], total=0)
    assert world.client("street_b").get(reverse("onboarding_job", args=[job.pk])).status_code == 404
    assert world.client("office").get(reverse("onboarding_job", args=[job.pk])).status_code == 200
