from . import api, only, page

ROUTES = {
    "home": page(),
    "login": page(anon=200),
    "logout": page(default=405, anon=405),  # POST only (CSRF-protected form in the header)
    "password_change": page(),
    "password_change_done": page(),
    "healthz": page(anon=200),
    "api-schema": api(),
    "api-docs": api(),
    "me": api(),
    "api-root": api(),
    "region-list": api(),
    "region-detail": api(kwargs=lambda w: {"pk": w.cell_a.pk}, ent_a=404, ent_b=404, street_b=404, expert=200),
    "industry-list": api(),
    "industry-detail": api(kwargs=lambda w: {"pk": w.industry.pk}),
    "department-list": api(),
    "department-detail": api(kwargs=lambda w: {"pk": w.dept.pk}),
}
ROUTES.update({
    "notifications": page(),
    "notifications_read": page(default=405, anon=302),  # POST only
})

# Issue 17: people management, bulk onboarding, the outbox, password recovery.
MANAGERS = {"office": 200, "admin": 200, "street_a": 200, "street_b": 200, "dept": 200, "dept_other": 200}
ONBOARDERS = {"office": 200, "admin": 200, "street_a": 200, "street_b": 200}
POST_ONLY = {"default": 405, "anon": 405}


def _job(w):
    from accounts.models import OnboardingJob

    job, _ = OnboardingJob.objects.get_or_create(created_by=w.users["office"], source="matrix", defaults={"total": 0})
    return {"pk": job.pk}


def _person(w):
    return {"pk": w.users["ent_a"].pk}


ROUTES.update({
    "people": only(MANAGERS, default=403),
    "person_create": only(MANAGERS, default=403),
    "hand_over": only(ONBOARDERS, default=403),
    "person_detail": only({**MANAGERS, "street_b": 404, "dept_other": 404}, default=403, kwargs=_person),
    "person_edit": only({**MANAGERS, "street_b": 404, "dept_other": 404}, default=403, kwargs=_person),
    "person_action": page(**POST_ONLY, kwargs=lambda w: {"pk": w.users["ent_a"].pk, "action": "unlock"}),
    "onboarding": only(ONBOARDERS, default=403),
    "onboarding_template": only(ONBOARDERS, default=403),
    "onboarding_upload": page(**POST_ONLY),
    "onboarding_registry": page(**POST_ONLY),
    "onboarding_job": only({"office": 200, "admin": 200, "street_a": 404, "street_b": 404}, default=403, kwargs=_job),
    "onboarding_start": page(**POST_ONLY, kwargs=_job),
    "onboarding_letters": only({"office": 200, "admin": 200, "street_a": 404, "street_b": 404}, default=403,
                               kwargs=_job),
    "onboarding_letters_clear": page(**POST_ONLY, kwargs=_job),
    "outbox": only({"office": 200, "admin": 200}, default=403),
    "outbox_retry": page(**POST_ONLY, kwargs=lambda w: {"pk": 1}),
    "password_reset_sms": page(anon=200),
    "password_reset_sms_confirm": page(anon=200),
    "password_reset": page(anon=200),
    "password_reset_done": page(anon=200),
    "password_reset_confirm": page(anon=200, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_complete": page(anon=200),
})

# Issue 21: 我的导出 — every signed-in user has the page; a job and its file are its requester's alone.


def _export_job(w):
    import datetime as dt
    from io import BytesIO

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import ExportJob
    from safety_platform.excel import write_xlsx

    job = ExportJob.objects.filter(user=w.users["ent_a"]).first()
    if job is None:
        buf = BytesIO()
        write_xlsx(buf, "隐患台账", ["隐患编号"], [["YH1"]])
        job = ExportJob.objects.create(user=w.users["ent_a"], title="隐患台账", path="/hazards/", query="export=xlsx",
                                       status=ExportJob.Status.DONE, total=1, done=1, finished_at=timezone.now(),
                                       expires_at=timezone.now() + dt.timedelta(days=7))
        job.file.save("x.xlsx", ContentFile(buf.getvalue()))
    return {"pk": job.pk}


ROUTES.update({
    "my_exports": page(),
    "export_job": only({"ent_a": 200}, default=404, kwargs=_export_job),
    "export_download": only({"ent_a": 200}, default=404, kwargs=_export_job),
})

# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import EVERYONE, OFFICE, SIGNED_IN, write  # noqa: E402

MANAGERS_OF_A = frozenset(MANAGERS) - {"street_b", "dept_other"}


def _failed_message(w):
    from accounts.models import OutboundMessage

    msg = OutboundMessage.objects.create(channel="sms", address="13900000000", text="矩阵", status="failed")
    return {"pk": msg.pk}


WRITES = [
    # Issue 17: people management and onboarding (streets and departments within their scope).
    write("person_create", MANAGERS),
    write("person_edit", MANAGERS_OF_A, hidden={"street_b", "dept_other"}, kwargs=_person),
    write("person_action", MANAGERS_OF_A, hidden={"street_b", "dept_other"},
          kwargs=lambda w: {"pk": w.users["ent_a"].pk, "action": "unlock"}),
    write("hand_over", ONBOARDERS),
    write("onboarding_upload", ONBOARDERS),
    write("onboarding_registry", ONBOARDERS),
    write("onboarding_start", OFFICE, hidden={"street_a", "street_b"}, kwargs=_job),
    write("onboarding_letters_clear", OFFICE, hidden={"street_a", "street_b"}, kwargs=_job),
    write("outbox_retry", OFFICE, kwargs=_failed_message),
    write("password_reset", EVERYONE),
    write("password_reset_sms", EVERYONE),
    write("password_reset_sms_confirm", EVERYONE),
    write("password_reset_confirm", EVERYONE, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    write("login", EVERYONE),
    write("logout", SIGNED_IN),
    write("notifications_read", SIGNED_IN),
    write("password_change", SIGNED_IN),
]
