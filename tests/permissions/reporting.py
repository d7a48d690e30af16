"""Permission-matrix rows of 群众举报. The public pages answer everyone; the handling pages follow
``PublicReport.objects.for_user``: the matrix report is assigned to street A and concerns ent_a
(so street_a and grid_a handle it), never visible to enterprise users; rewards are the office's."""

from __future__ import annotations

from . import api, only, page

HANDLERS_A = {"grid_a": 200, "street_a": 200, "office": 200, "admin": 200}
NOT_HANDLERS = {"ent_a": 403, "ent_b": 403, "expert": 403}
OFFICE = {"office": 200, "admin": 200}


def make_report(w):
    from hazards.reporting.choices import ReportStatus
    from hazards.reporting.models import PublicReport
    from tests.reporting.factories import PublicReportFactory

    return PublicReport.objects.filter(description="矩阵举报").first() or PublicReportFactory(
        description="矩阵举报", status=ReportStatus.ASSIGNED, assigned_region=w.street_a, enterprise=w.ent_a,
    )


def make_photo(w):
    from tests.reporting.factories import ReportPhotoFactory

    report = make_report(w)
    return report.photos.first() or ReportPhotoFactory(report=report)


def make_reward(w):
    from hazards.reporting.models import ReportReward
    from tests.reporting.factories import ReportRewardFactory

    return ReportReward.objects.first() or ReportRewardFactory()


def report_pk(w):
    return {"pk": make_report(w).pk}


def post_only(kwargs=None):
    return page(default=405, kwargs=kwargs)


ROUTES = {
    # public (no login)
    "reporting:public_new": page(anon=200),
    "reporting:public_captcha": page(anon=200),
    "reporting:public_track": page(anon=200),
    "reporting:public_status": page(anon=200, kwargs=lambda w: {"code": make_report(w).code}),
    "reporting:public_photo": page(anon=200, kwargs=lambda w: {"code": make_report(w).code, "pk": make_photo(w).pk}),
    # handling
    "reporting:list": page(**NOT_HANDLERS),
    "reporting:detail": only(HANDLERS_A, kwargs=report_pk),
    "reporting:assign": post_only(report_pk),
    "reporting:verify": post_only(report_pk),
    "reporting:reward_create": post_only(report_pk),
    "reporting:photo": only(HANDLERS_A, kwargs=lambda w: {"pk": make_photo(w).pk}),
    "reporting:statistics": page(**NOT_HANDLERS),
    "reporting:reward_list": only(OFFICE, default=403),
    "reporting:reward_paid": post_only(lambda w: {"pk": make_reward(w).pk}),
    # API
    "publicreport-list": api(),
    "publicreport-detail": only(HANDLERS_A, anon=403, kwargs=report_pk),
    "publicreport-assign": api(default=405, kwargs=report_pk),
    "publicreport-verify": api(default=405, kwargs=report_pk),
    "reportreward-list": api(),
    "reportreward-detail": only(OFFICE, anon=403, kwargs=lambda w: {"pk": make_reward(w).pk}),
}


# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import EVERYONE, OFFICE, api_action, write  # noqa: E402

WRITES = [
    api_action("publicreport-assign", {"grid_a", "street_a", "office", "admin"}, hidden={"ent_a", "ent_b", "street_b", "dept", "dept_other", "expert"}),
    api_action("publicreport-verify", {"grid_a", "street_a", "office", "admin"}, hidden={"ent_a", "ent_b", "street_b", "dept", "dept_other", "expert"}),
    write("reporting:assign", OFFICE, hidden={"ent_a", "ent_b", "street_b", "dept", "dept_other", "expert"}),
    write("reporting:public_new", EVERYONE),
    write("reporting:reward_create", OFFICE, hidden={"ent_a", "ent_b", "street_b", "dept", "dept_other", "expert"}),
    write("reporting:reward_paid", OFFICE, hidden={"ent_a", "ent_b", "grid_a", "street_a", "street_b", "dept", "dept_other", "expert"}),
    write("reporting:verify", {"grid_a", "street_a", "office", "admin"}, hidden={"ent_a", "ent_b", "street_b", "dept", "dept_other", "expert"}),
]
