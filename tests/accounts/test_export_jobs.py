"""Issue 21: a list export over EXPORT_ASYNC_ROWS rows is an export job (我的导出).

The page answers at once with a redirect to the job; the worker re-runs the requester's page as
the requester (same scope, filters, columns and rows as the immediate export); the file is offered
by a notification and on 我的导出, to the requester alone, and deleted after EXPORT_KEEP_DAYS."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import export_jobs
from accounts.models import ExportJob, Notification
from hazards.choices import HazardGrade
from tests.factories import EnterpriseFactory
from tests.hazards.factories import HazardFactory

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def ledger(world):
    other = EnterpriseFactory(region=world.cell_b, industry=world.industry)
    for i in range(4):
        HazardFactory(enterprise=world.ent_a, grade=HazardGrade.MAJOR if i % 2 else HazardGrade.GENERAL,
                      description=f"=HYPERLINK(\"http://x\",\"甲{i}\")")
    for i in range(3):
        HazardFactory(enterprise=other, grade=HazardGrade.MAJOR, description=f"乙{i}")
    return world


def _export(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url)


def test_small_exports_stay_immediate(ledger, settings):
    settings.EXPORT_ASYNC_ROWS = 100
    response = ledger.client("office").get(reverse("hazards:ledger") + "?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("role,query", [("office", "grade=major"), ("street_a", ""), ("office", "")])
def test_a_large_export_is_a_job_with_the_same_rows_as_the_immediate_one(
    ledger, settings, django_capture_on_commit_callbacks, role, query
):
    url = reverse("hazards:ledger") + f"?{query}&export=xlsx"
    client = ledger.client(role)
    settings.EXPORT_ASYNC_ROWS = 10_000
    immediate = rows_of(client.get(url).content)
    settings.EXPORT_ASYNC_ROWS = 1
    response = _export(client, url, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job", args=[job.pk])
    assert job.status == ExportJob.Status.DONE and job.user == ledger.users[role]
    assert job.total == job.done == len(immediate) - 1
    download = client.get(reverse("export_download", args=[job.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    body = b"".join(download.streaming_content)
    assert rows_of(body) == immediate  # same columns, same rows, same order
    wb = load_workbook(BytesIO(body))
    texts = [c for row in wb.active.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert texts and all(c.data_type == "s" for c in texts)  # user text is text, never a formula
    formulas = [c for c in texts if c.value.startswith("=")]
    assert all(c.quotePrefix for c in formulas) and (formulas or role == "office" and query)
    assert wb.active.freeze_panes == "A2" and wb.active["A1"].font.b
    note = Notification.objects.get(recipient=job.user, dedup_key=f"export:{job.pk}")
    assert note.url == reverse("export_job", args=[job.pk]) and "导出完成" in note.title
    page = client.get(reverse("export_job", args=[job.pk]))
    assert page.status_code == 200 and reverse("export_download", args=[job.pk]) in page.content.decode()
    assert reverse("export_job", args=[job.pk]) in client.get(reverse("my_exports")).content.decode()


def test_the_job_is_its_requesters_alone(ledger, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_ASYNC_ROWS = 1
    _export(ledger.client("street_a"), reverse("hazards:ledger") + "?export=xlsx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    for role in ("street_b", "office", "admin", "ent_a"):
        other = ledger.client(role)
        assert other.get(reverse("export_job", args=[job.pk])).status_code == 404
        assert other.get(reverse("export_download", args=[job.pk])).status_code == 404
        assert other.get(job.file.url).status_code == 404
        assert reverse("export_job", args=[job.pk]) not in other.get(reverse("my_exports")).content.decode()
    assert ledger.client("street_a").get(job.file.url).status_code == 200


def test_a_user_switched_off_before_the_worker_ran_gets_no_file(ledger, settings, django_capture_on_commit_callbacks):
    """The job is rebuilt from the user and the query string when the worker runs, not trusted
    from the moment of the request."""
    settings.EXPORT_ASYNC_ROWS = 1
    user = ledger.users["street_a"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ledger.client("street_a").get(reverse("hazards:ledger") + "?export=xlsx")
    user.is_active = False
    user.save()
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED and not job.file


def test_expired_exports_are_deleted_with_their_files(ledger, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_ASYNC_ROWS = 1
    _export(ledger.client("office"), reverse("hazards:ledger") + "?export=xlsx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert export_jobs.exports_cleanup(now=timezone.now()) == 0
    assert export_jobs.exports_cleanup(now=job.expires_at + dt.timedelta(seconds=1)) == 1
    assert not ExportJob.objects.exists() and not storage.exists(name)


def test_the_cleanup_job_is_in_the_beat_schedule():
    from safety_platform.celery import app

    assert any(e["task"] == "accounts.tasks.exports_cleanup" for e in app.conf.beat_schedule.values())


def test_the_worker_exports_the_requesters_scope_at_run_time(ledger, settings, django_capture_on_commit_callbacks):
    """A street officer moved to the other street before the worker ran: the file holds the rows of
    the new scope (for_user at run time), never the old one."""
    settings.EXPORT_ASYNC_ROWS = 1
    user = ledger.users["street_a"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ledger.client("street_a").get(reverse("hazards:ledger") + "?export=xlsx")
    user.region = ledger.street_b
    user.save()
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    settings.EXPORT_ASYNC_ROWS = 10_000
    now = rows_of(ledger.client("street_a").get(reverse("hazards:ledger") + "?export=xlsx").content)
    client = ledger.client("street_a")
    assert rows_of(b"".join(client.get(reverse("export_download", args=[job.pk])).streaming_content)) == now
    assert len(now) == 4  # header + 乙0..2


def test_the_hazard_export_reads_its_rows_in_a_constant_number_of_queries(
    ledger, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """HAZARD_ROW_FIELDS names every field hazard_row reads: no deferred field is loaded row by row."""
    settings.EXPORT_ASYNC_ROWS = 10_000
    client = ledger.client("office")
    client.get(reverse("hazards:ledger"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("hazards:ledger") + "?export=xlsx")
    assert len(rows_of(response.content)) == 8


@pytest.mark.parametrize("url", ["hazards:filing_board", "enterprises:expiring", "enterprises:list"])
def test_other_list_exports_use_the_same_mechanism(world, settings, django_capture_on_commit_callbacks, url):
    settings.EXPORT_ASYNC_ROWS = 10_000
    client = world.client("office")
    immediate = client.get(reverse(url) + "?export=xlsx")
    assert immediate.status_code == 200
    settings.EXPORT_ASYNC_ROWS = -1  # even an empty export goes through a job
    response = _export(client, reverse(url) + "?export=xlsx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.status == ExportJob.Status.DONE, job.error
    body = b"".join(client.get(reverse("export_download", args=[job.pk])).streaming_content)
    assert rows_of(body) == rows_of(immediate.content)
