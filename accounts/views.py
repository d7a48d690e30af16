from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safety_platform.excel import ImportFileError, template_response
from safety_platform.forms import run_service
from safety_platform.http import safe_next

from . import onboarding, outbox, recovery, services
from .forms import (
    HandOverForm,
    OnboardingRegistryForm,
    OnboardingUploadForm,
    OutboxFilterForm,
    PeopleFilterForm,
    PersonForm,
    ResetCodeConfirmForm,
    ResetCodeRequestForm,
)
from .home import HOME_PANELS
from .models import ExportJob, Notification, OnboardingJob, OutboundMessage, User
from .notifications import notification_mark_read
from .permissions import permission_required
from .selectors import audit_history


@login_required
def home(request):
    cards: list[dict] = []
    for panel in HOME_PANELS:
        cards.extend(panel(request))
    user = request.user
    scope = (
        "全区" if user.sees_everything
        else user.enterprise or user.department or user.region
        or "、".join(user.grid_cells.values_list("name", flat=True)) or "未分配"
    )
    return render(request, "accounts/home.html", {"cards": cards, "scope": scope})


@login_required
def notifications(request):
    qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page_obj": page, "object_list": page.object_list})


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id") or None
    notification_mark_read(user=request.user, ids=[int(i) for i in ids if i.isdigit()] if ids else None)
    return redirect(safe_next(request, "notifications"))


# ---- people management (office; streets and departments within their scope) -------------------

PEOPLE_PAGE = 50


def _people_queryset(request, form: PeopleFilterForm):
    from axes.models import AccessAttempt
    from django.conf import settings as dj_settings

    qs = User.objects.for_user(request.user).select_related("region", "department", "enterprise").order_by(
        "role", "username")
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["q"]:
        qs = qs.filter(Q(full_name__icontains=data["q"]) | Q(username__icontains=data["q"]) | Q(phone=data["q"]))
    if data["role"]:
        qs = qs.filter(role=data["role"])
    if data["street"]:
        path = data["street"].path
        qs = qs.filter(pk__in=User.objects.filter(
            Q(region__path__startswith=path) | Q(enterprise__region__path__startswith=path)
            | Q(grid_cells__path__startswith=path)).values("pk"))
    if data["department"]:
        qs = qs.filter(department=data["department"])
    if data["enterprise"]:
        qs = qs.filter(Q(enterprise__name__icontains=data["enterprise"]) | Q(enterprise__uscc=data["enterprise"].upper()))
    if data["active"]:
        qs = qs.filter(is_active=data["active"] == "1")
    if data["never_logged_in"]:
        qs = qs.filter(last_login__isnull=True)
    if data["locked"]:
        locked = AccessAttempt.objects.filter(failures_since_start__gte=dj_settings.AXES_FAILURE_LIMIT)
        qs = qs.filter(username__in=locked.values("username"))
    return qs


@permission_required("accounts.manage_people")
def people_list(request):
    form = PeopleFilterForm(request.GET or None, user=request.user)
    page = Paginator(_people_queryset(request, form), PEOPLE_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/people_list.html", {
        "form": form, "page_obj": page, "object_list": page.object_list, "querystring": query.urlencode(),
    })


@permission_required("accounts.manage_people")
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        ok, user = run_service(request, services.user_create, form=form, by=request.user,
                               username=form.cleaned_data["username"], **_without_empty(form.service_fields()))
        if ok:
            messages.success(request, f"已创建账号 {user.username}，初始密码：{user.initial_password}（仅显示一次，首次登录须修改）")
            return redirect("person_detail", pk=user.pk)
    return render(request, "accounts/person_form.html", {"form": form, "title": "新建用户"})


def _without_empty(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if v not in (None, "") or k in ("phone", "email")}


def _person(request, pk: int) -> User:
    return get_object_or_404(User.objects.for_user(request.user), pk=pk)


@permission_required("accounts.manage_people")
def person_detail(request, pk: int):
    person = _person(request, pk)
    return render(request, "accounts/person_detail.html", {
        "person": person,
        "locked": services.user_is_locked(person),
        "assignments": person.cell_assignments.select_related("cell", "by")[:50],
        "history": audit_history(person),
        "colleagues": User.objects.filter(enterprise_id=person.enterprise_id).exclude(pk=person.pk)
        if person.enterprise_id else [],
    })


@permission_required("accounts.manage_people")
def person_edit(request, pk: int):
    person = _person(request, pk)
    initial = {f: getattr(person, f) for f in ("full_name", "role", "phone", "email", "post", "region", "department",
                                               "enforcement_cert_no", "wecom_userid")}
    initial["enterprise_uscc"] = person.enterprise.uscc if person.enterprise_id else ""
    form = PersonForm(request.POST or None, user=request.user, editing=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(request, services.user_update, form=form, by=request.user, user=person,
                            success="已保存", **form.service_fields())
        if ok:
            return redirect("person_detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "title": f"编辑用户：{person}", "person": person})


@require_POST
@permission_required("accounts.manage_people")
def person_action(request, pk: int, action: str):
    person = _person(request, pk)
    if action == "deactivate":
        run_service(request, services.user_set_active, by=request.user, user=person, active=False, success="已停用")
    elif action == "activate":
        run_service(request, services.user_set_active, by=request.user, user=person, active=True, success="已启用")
    elif action == "unlock":
        run_service(request, services.user_unlock, by=request.user, user=person, success="已解除锁定")
    elif action == "reminders":
        run_service(request, services.user_set_reminder_contact, by=request.user, user=person,
                    success="已设为本企业提醒接收人")
    elif action == "reset-password":
        ok, password = run_service(request, services.user_reset_password, by=request.user, user=person)
        if ok:
            sent = "，已短信发送至 " + person.phone if person.phone else ""
            messages.success(request, f"新的初始密码：{password}（仅显示一次{sent}；登录后须修改）")
    else:
        raise Http404
    return redirect("person_detail", pk=person.pk)


@permission_required("accounts.hand_over_cells")
def hand_over(request):
    form = HandOverForm(request.POST or None, user=request.user,
                        initial={"cells": request.GET.getlist("cell")} if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        ok, _ = run_service(request, services.grid_hand_over, form=form, by=request.user,
                            cells=list(form.cleaned_data["cells"]), to=form.cleaned_data["to"],
                            note=form.cleaned_data["note"], success="网格已移交")
        if ok:
            return redirect("person_detail", pk=form.cleaned_data["to"].pk)
    return render(request, "accounts/person_form.html", {"form": form, "title": "网格交接"})


# ---- the delivery outbox (office) ---------------------------------------------------------------


@permission_required("accounts.view_outbox")
def outbox_list(request):
    form = OutboxFilterForm(request.GET or None)
    qs = OutboundMessage.objects.select_related("recipient")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        if data["q"]:
            qs = qs.filter(address__icontains=data["q"])
    counts = dict(OutboundMessage.objects.values_list("status").annotate(n=Count("pk")))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/outbox.html", {
        "form": form, "page_obj": page, "object_list": page.object_list, "querystring": query.urlencode(),
        "counts": [(label, counts.get(value, 0), value) for value, label in OutboundMessage.Status.choices],
    })


@require_POST
@permission_required("accounts.view_outbox")
def outbox_retry(request, pk: int):
    message = get_object_or_404(OutboundMessage, pk=pk)
    run_service(request, outbox.outbox_retry, by=request.user, message=message, success="已重新排队发送")
    return redirect(safe_next(request, "outbox"))


# ---- password: forced change, recovery by SMS code and by e-mail -------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, plus: the forced change at first login / after an office reset is done."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user)
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["forced"] = self.request.user.must_change_password
        return ctx


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        return response


RESET_RATE = (10, 3600)  # requests per client address per hour


def _rate_limited(request, key: str) -> bool:
    from django.core.cache import cache

    from safety_platform.http import client_ip

    limit, window = RESET_RATE
    cache_key = f"reset-rate:{key}:{client_ip(request) or 'none'}"
    cache.add(cache_key, 0, timeout=window)
    try:
        return cache.incr(cache_key) > limit
    except ValueError:
        return False


def password_reset_sms(request):
    form = ResetCodeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _rate_limited(request, "request"):
            recovery.reset_code_request(identifier=form.cleaned_data["identifier"])
        messages.info(request, "如该账号登记了手机号，验证码已发送，10 分钟内有效。")
        return redirect(f"{reverse('password_reset_sms_confirm')}?u={form.cleaned_data['identifier']}")
    return render(request, "registration/password_reset_sms.html", {"form": form})


def password_reset_sms_confirm(request):
    form = ResetCodeConfirmForm(request.POST or None, initial={"identifier": request.GET.get("u", "")})
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request, "confirm"):
            form.add_error(None, "尝试次数过多，请稍后再试")
        else:
            ok, _ = run_service(request, recovery.reset_code_confirm, form=form,
                                identifier=form.cleaned_data["identifier"], code=form.cleaned_data["code"],
                                password=form.cleaned_data["new_password1"])
            if ok:
                messages.success(request, "密码已重置，请用新密码登录")
                return redirect("login")
    return render(request, "registration/password_reset_sms_confirm.html", {"form": form})


# ---- 批量开通 --------------------------------------------------------------------------------


def _jobs(request):
    qs = OnboardingJob.objects.select_related("created_by")
    return qs if request.user.sees_everything else qs.filter(created_by=request.user)


def _onboarding_page(request, upload_form=None, registry_form=None, **ctx):
    return render(request, "accounts/onboarding.html", {
        "upload_form": upload_form or OnboardingUploadForm(),
        "registry_form": registry_form or OnboardingRegistryForm(user=request.user),
        "jobs": _jobs(request).defer("rows", "letters")[:20], "columns": onboarding.COLUMNS, **ctx,
    })


@permission_required("accounts.onboard")
def onboarding_home(request):
    return _onboarding_page(request)


@permission_required("accounts.onboard")
def onboarding_template(request):
    return template_response("批量开通账号", onboarding.COLUMNS, onboarding.template_example())


@require_POST
@permission_required("accounts.onboard")
def onboarding_upload(request):
    form = OnboardingUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _onboarding_page(request, upload_form=form)
    upload = form.cleaned_data["file"]
    try:
        report, rows = onboarding.plan_sheet(upload, by=request.user)
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return _onboarding_page(request, upload_form=form)
    if not report.ok:
        errors: dict[int, list] = {}
        for e in report.errors:
            errors.setdefault(e.row, []).append(e)
        return render(request, "accounts/onboarding_errors.html", {
            "filename": upload.name, "report": report, "rows": [(r, errors.get(r["row"], [])) for r in rows],
            "error_rows": len(errors),
        })
    ok, job = run_service(request, onboarding.job_create, by=request.user, source=f"Excel：{upload.name}", rows=rows,
                          delivery=form.cleaned_data["delivery"])
    return redirect("onboarding_job", pk=job.pk) if ok else _onboarding_page(request, upload_form=form)


@require_POST
@permission_required("accounts.onboard")
def onboarding_registry(request):
    form = OnboardingRegistryForm(request.POST, user=request.user)
    if not form.is_valid():
        return _onboarding_page(request, registry_form=form)
    data = form.cleaned_data
    rows = onboarding.plan_registry(by=request.user, street=data["street"], person=data["person"],
                                    only_without_login=data["only_without_login"])
    source = f"企业名录：{data['street'] or '辖区内全部'}（{dict(form.fields['person'].choices)[data['person']]}）"
    ok, job = run_service(request, onboarding.job_create, by=request.user, source=source, rows=rows,
                          delivery=data["delivery"])
    return redirect("onboarding_job", pk=job.pk) if ok else _onboarding_page(request, registry_form=form)


@permission_required("accounts.onboard")
def onboarding_job(request, pk: int):
    job = get_object_or_404(_jobs(request), pk=pk)
    rows = job.rows[:100] if job.status == OnboardingJob.Status.DRAFT else []
    return render(request, "accounts/onboarding_job.html", {
        "job": job, "rows": rows, "running": job.status in (OnboardingJob.Status.QUEUED, OnboardingJob.Status.RUNNING),
        "letter_count": sum(len(v) for v in job.letters.values()),
        "no_phone": sum(1 for r in job.rows if not r.get("phone")) if job.status == OnboardingJob.Status.DRAFT else 0,
    })


@require_POST
@permission_required("accounts.onboard")
def onboarding_start(request, pk: int):
    job = get_object_or_404(_jobs(request), pk=pk)
    run_service(request, onboarding.job_start, by=request.user, job=job, success="已开始开通，进度见本页")
    return redirect("onboarding_job", pk=job.pk)


@permission_required("accounts.onboard")
def onboarding_letters(request, pk: int):
    job = get_object_or_404(_jobs(request), pk=pk)
    return render(request, "accounts/onboarding_letters.html", {"job": job, "streets": sorted(job.letters.items())})


@require_POST
@permission_required("accounts.onboard")
def onboarding_letters_clear(request, pk: int):
    job = get_object_or_404(_jobs(request), pk=pk)
    run_service(request, onboarding.letters_clear, by=request.user, job=job, success="已清除开通通知中的初始密码")
    return redirect("onboarding_job", pk=job.pk)


# ---- 我的导出: the requester's own export jobs (others get 404) ----------------------------------


@permission_required("accounts.view_exports")
def my_exports(request):
    jobs = ExportJob.objects.for_user(request.user)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/my_exports.html", {
        "page_obj": page, "object_list": page.object_list, "running": any(j.running for j in page.object_list),
    })


@permission_required("accounts.view_exports")
def export_job(request, pk: int):
    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)
    return render(request, "accounts/export_job.html", {"job": job, "running": job.running})


@permission_required("accounts.view_exports")
def export_download(request, pk: int):
    from safety_platform.media import file_response

    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk, status=ExportJob.Status.DONE)
    stamp = timezone.localtime(job.finished_at).strftime("%Y%m%d-%H%M")
    return file_response(job.file, title=f"{job.title}-{stamp}", inline=False)
