"""我的导出: list exports too big for a request, written by a Celery worker.

``offload(request, spec, total)`` (registered with safety_platform.exports from
AccountsConfig.ready()) records an ``ExportJob`` with the page's path and query string and the
requester, queues ``accounts.tasks.export_run`` after the commit and answers with a redirect to the
job's progress page. ``export_job_run(job_id)`` re-runs that very page as that user (resolve the
path, call the view with ``request.export_capture``): the same scoping (``for_user``), permission
checks, filters, columns and rows as the immediate export. It streams the workbook with
safety_platform.excel.write_xlsx (same layout as the immediate export; user text stays text), records progress every
``PROGRESS_EVERY`` rows, stores the file under the protected media path and notifies the
requester. Files expire after EXPORT_KEEP_DAYS; ``exports_cleanup`` (beat) deletes them.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from safety_platform.excel import write_xlsx
from safety_platform.exports import ExportSpec

from .models import ExportJob, User
from .notifications import notify

log = logging.getLogger(__name__)
Status = ExportJob.Status
PROGRESS_EVERY = 2000


def keep_days() -> int:
    return getattr(settings, "EXPORT_KEEP_DAYS", 7)


def export_job_create(*, user: User, path: str, query: str, title: str, total: int) -> ExportJob:
    """Record the export and queue the worker once the row is committed."""
    query_dict = QueryDict(query, mutable=True)
    query_dict["export"] = "xlsx"
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user, title=title[:200], path=path[:300], query=query_dict.urlencode(), total=total,
            expires_at=timezone.now() + dt.timedelta(days=keep_days()),
        )
        transaction.on_commit(lambda: _dispatch(job.pk), robust=True)
    return job


def _dispatch(pk: int) -> None:
    from .tasks import export_run

    try:
        export_run.delay(pk)
    except Exception as exc:  # broker down: say so on the job page rather than wait forever
        log.warning("export job %s not dispatched (%s)", pk, exc)
        ExportJob.objects.filter(pk=pk, status=Status.QUEUED).update(
            status=Status.FAILED, error="导出任务未能启动，请稍后重试", finished_at=timezone.now()
        )


def offload(request, spec: ExportSpec, total: int) -> HttpResponse:
    """The offloader of safety_platform.exports: answer at once, the worker writes the file."""
    job = export_job_create(user=request.user, path=request.path_info, query=request.GET.urlencode(),
                            title=spec.title, total=total)
    return redirect("export_job", pk=job.pk)


def _rerun(job: ExportJob) -> ExportSpec | None:
    """The job's page, re-run as its requester; None if it no longer answers with an export
    (the user lost the permission, the page moved)."""
    try:
        match = resolve(job.path)
    except Resolver404:
        return None
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.GET = QueryDict(job.query)
    request.META = {"SERVER_NAME": "export-worker", "SERVER_PORT": "80", "QUERY_STRING": job.query,
                    "REQUEST_METHOD": "GET"}
    request.user = job.user
    request.export_capture = True
    response = match.func(request, *match.args, **match.kwargs)
    spec = getattr(request, "export_spec", None)
    if spec is None or response.status_code != 204:
        return None
    return spec


def _counted(job_pk: int, rows):
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_pk).update(done=done)


def export_job_run(job_id: int) -> ExportJob | None:
    """Write the job's file (idempotent: a finished job is left alone, a re-delivered one rewritten)."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status in (Status.DONE, Status.FAILED):
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, done=0)
    try:
        spec = _rerun(job) if job.user.is_active else None
        if spec is None:
            return _finish(job, error="无权导出：页面不存在或您已无权查看这些数据")
        ExportJob.objects.filter(pk=job.pk).update(total=spec.count())
        with tempfile.TemporaryFile() as tmp:
            total = write_xlsx(tmp, spec.title, spec.columns, _counted(job.pk, spec.rows))
            tmp.seek(0)
            job.refresh_from_db()
            if job.file:
                job.file.delete(save=False)
            job.file.save(f"{job.pk}.xlsx", File(tmp), save=False)
        job.total = job.done = total
    except Exception as exc:
        log.exception("export job %s", job.pk)
        return _finish(job, error=f"导出失败：{type(exc).__name__}")
    return _finish(job)


def _finish(job: ExportJob, *, error: str = "") -> ExportJob:
    job.status = Status.FAILED if error else Status.DONE
    job.error = error[:500]
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + dt.timedelta(days=keep_days())
    with transaction.atomic():
        job.save()
        url = reverse("export_job", args=[job.pk])
        if error:
            notify(recipients=[job.user], category="export", title=f"导出失败：{job.title}", body=error, url=url,
                   dedup_key=f"export:{job.pk}")
        else:
            notify(recipients=[job.user], category="export", title=f"导出完成：{job.title}",
                   body=f"共 {job.total} 行，可在“我的导出”下载，保留 {keep_days()} 天。", url=url,
                   dedup_key=f"export:{job.pk}")
    return job


def exports_cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete expired export jobs and their files (beat, daily)."""
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lt=now).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
