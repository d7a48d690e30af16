"""Thin HTML views of the enterprise file: parse, call a service or selector, render."""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View

from accounts.permissions import PermissionRequiredMixin, can, require
from safety_platform.excel import ImportFileError, template_response
from safety_platform.exports import ExportSpec, export_response
from safety_platform.forms import add_service_errors
from safety_platform.media import file_response
from safety_platform.views import ScopedDetailView, ScopedListView

from . import services
from .choices import KEY_FLAGS, RISK_COLOURS, RISK_ORDER
from .exports import (
    EXPIRY_COLUMNS,
    EXPORT_COLUMNS,
    IMPORT_COLUMNS,
    expiry_row,
    export_row,
    plan_import,
    template_example,
)
from .filters import EnterpriseFilter, ExpiryFilter
from .forms import (
    AttachmentForm,
    EnterpriseForm,
    EnterpriseSelfForm,
    ImportUploadForm,
    LicenceForm,
    MajorHazardSourceForm,
    RiskPointForm,
    SubstanceFormSet,
)
from .marks import Mark, marks
from .models import Enterprise, EnterpriseAttachment, Licence, MajorHazardSource, RiskPoint
from .selectors import enterprise_history, enterprise_list, expiring_items, field_label, warning_limit
from .tabs import register_tab, tabs_for


def flag_badges(enterprise: Enterprise) -> list[str]:
    return [label for flag, label in KEY_FLAGS if getattr(enterprise, flag)]


# ---- list, detail, create, edit -------------------------------------------------------------


class EnterpriseListView(ScopedListView):
    model = Enterprise
    filterset_class = EnterpriseFilter
    template_name = "enterprises/list.html"
    export_title = "企业台账"

    @property
    def export_columns(self) -> list[str]:
        return [*EXPORT_COLUMNS, *(m.column for m in marks())]  # e.g. 严重失信名单 (other apps' marks)

    def scoped_queryset(self) -> models.QuerySet:
        return enterprise_list(super().scoped_queryset())

    @cached_property
    def marked(self) -> list[tuple[Mark, set[int]]]:
        return [(m, m.marked_among(None)) for m in marks()]  # every mark in force: one query per mark per export

    def export_row(self, obj: Enterprise) -> list[Any]:
        return [*export_row(obj), *("是" if obj.pk in ids else "" for _, ids in self.marked)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        pks = [e.pk for e in ctx["object_list"]]
        marked = [(m, m.marked_among(pks)) for m in marks()]  # one query per mark per page
        for e in ctx["object_list"]:
            e.flag_labels = flag_badges(e)
            e.marks = [m for m, ids in marked if e.pk in ids]
        ctx["can_create"] = can(self.request.user, "enterprises.create")
        return ctx


class EnterpriseDetailView(ScopedDetailView):
    model = Enterprise
    template_name = "enterprises/detail.html"
    select_related = ("region", "industry")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        enterprise, user = self.object, self.request.user
        tabs = tabs_for(self.request, enterprise)
        active = next((t for t in tabs if t.key == self.request.GET.get("tab")), tabs[0])
        ctx.update(
            tabs=tabs,
            active_tab=active,
            tab=active.context(self.request, enterprise),
            flag_labels=flag_badges(enterprise),
            risk_colour=RISK_COLOURS[enterprise.risk_level],
            can_edit=can(user, "enterprises.edit", enterprise),
            edits_all_fields=can(user, "enterprises.edit_all_fields", enterprise),
            can_manage=can(user, "enterprises.manage_records", enterprise),
        )
        return ctx


class EnterpriseCreateView(PermissionRequiredMixin, View):
    permission_required = "enterprises.create"

    def get(self, request):
        return self.render(EnterpriseForm(user=request.user))

    def post(self, request):
        form = EnterpriseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                enterprise = services.enterprise_create(
                    by=request.user, departments=list(form.cleaned_data["departments"]) or None, **form.service_fields()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已建档：{enterprise.name}")
                return redirect("enterprises:detail", pk=enterprise.pk)
        return self.render(form)

    def render(self, form):
        return render(self.request, "enterprises/form.html", {"form": form, "title": "新建企业档案"})


class EnterpriseEditView(LoginRequiredMixin, View):
    """Supervisors edit every field; an enterprise user edits 基本信息 of its own file only."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=kwargs["pk"])
        require(request.user, "enterprises.edit", self.enterprise)
        full = can(request.user, "enterprises.edit_all_fields", self.enterprise)
        self.form_class = EnterpriseForm if full else EnterpriseSelfForm
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render(self.form_class(instance=self.enterprise, user=request.user))

    def post(self, request, pk):
        form = self.form_class(request.POST, instance=self.enterprise, user=request.user)
        if form.is_valid():
            departments = list(form.cleaned_data["departments"]) if "departments" in form.cleaned_data else None
            try:
                services.enterprise_update(
                    enterprise=self.enterprise, by=request.user, departments=departments, **form.service_fields()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "企业档案已保存")
                return redirect("enterprises:detail", pk=pk)
        return self.render(form)

    def render(self, form):
        title = f"编辑企业档案：{self.enterprise.name}"
        return render(self.request, "enterprises/form.html", {"form": form, "title": title, "enterprise": self.enterprise})


class MyEnterpriseView(PermissionRequiredMixin, View):
    """本企业档案: an enterprise user's own file."""

    permission_required = "enterprises.view_own"

    def get(self, request):
        if not request.user.enterprise_id:
            raise Http404("您的账号尚未关联企业")
        return redirect("enterprises:detail", pk=request.user.enterprise_id)


# ---- the records of a file: risk points, hazard sources, licences, attachments ---------------


class EnterpriseRecordMixin(LoginRequiredMixin):
    """Resolve the enterprise from the URL within the user's scope (404), then check the role (403)."""

    tab = "basic"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=kwargs["pk"])
        require(request.user, "enterprises.manage_records", self.enterprise)
        return super().dispatch(request, *args, **kwargs)

    def item(self, model: type[models.Model]) -> Any:
        item_pk = self.kwargs.get("item_pk")
        if item_pk is None:
            return None
        return get_object_or_404(model, enterprise=self.enterprise, pk=item_pk)

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(f"{reverse('enterprises:detail', kwargs={'pk': self.enterprise.pk})}?tab={self.tab}")

    def render(self, title: str, **ctx):
        ctx.update(title=f"{title} · {self.enterprise.name}", enterprise=self.enterprise, back_tab=self.tab)
        return render(self.request, "enterprises/form.html", ctx)


class RiskPointFormView(EnterpriseRecordMixin, View):
    tab = "risk"

    def get(self, request, **kwargs):
        return self.render("风险点", form=RiskPointForm(instance=self.item(RiskPoint)))

    def post(self, request, **kwargs):
        point = self.item(RiskPoint)
        form = RiskPointForm(request.POST, instance=point)
        if form.is_valid():
            try:
                services.risk_point_save(enterprise=self.enterprise, by=request.user, point=point, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done("风险点已保存")
        return self.render("风险点", form=form)


class MajorHazardSourceFormView(EnterpriseRecordMixin, View):
    tab = "hazard_sources"

    def get(self, request, **kwargs):
        source = self.item(MajorHazardSource)
        initial = list(source.substances.values("name", "beta", "quantity", "critical")) if source else []
        return self.render_source(MajorHazardSourceForm(instance=source), SubstanceFormSet(initial=initial, prefix="s"))

    def post(self, request, **kwargs):
        source = self.item(MajorHazardSource)
        form = MajorHazardSourceForm(request.POST, instance=source)
        formset = SubstanceFormSet(request.POST, prefix="s")
        if form.is_valid() and formset.is_valid():
            try:
                services.major_hazard_source_save(
                    enterprise=self.enterprise, by=request.user, source=source, substances=formset.substances(),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done("重大危险源已保存，R 值与等级已重新计算")
        return self.render_source(form, formset)

    def render_source(self, form, formset):
        return self.render("重大危险源", form=form, formset=formset)


class LicenceFormView(EnterpriseRecordMixin, View):
    tab = "licences"

    def get(self, request, **kwargs):
        return self.render("证照许可", form=LicenceForm(instance=self.item(Licence)))

    def post(self, request, **kwargs):
        licence = self.item(Licence)
        form = LicenceForm(request.POST, instance=licence)
        if form.is_valid():
            try:
                services.licence_save(enterprise=self.enterprise, by=request.user, licence=licence, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done("证照已保存")
        return self.render("证照许可", form=form)


class AttachmentUploadView(EnterpriseRecordMixin, View):
    tab = "attachments"

    def get(self, request, **kwargs):
        return self.render("上传附件", form=AttachmentForm(), multipart=True)

    def post(self, request, **kwargs):
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(enterprise=self.enterprise, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done("附件已上传")
        return self.render("上传附件", form=form, multipart=True)


class RecordDeleteView(EnterpriseRecordMixin, View):
    """POST only: delete one record of the file through its service."""

    http_method_names = ["post"]
    model: type[models.Model]
    service: Any  # staticmethod(services.<record>_delete)
    argument: str
    label: str

    def post(self, request, **kwargs):
        item = self.item(self.model)
        self.service(**{self.argument: item}, by=request.user)
        return self.done(f"已删除{self.label}：{item}")


class RiskPointDeleteView(RecordDeleteView):
    model, argument, label, tab = RiskPoint, "point", "风险点", "risk"
    service = staticmethod(services.risk_point_delete)


class MajorHazardSourceDeleteView(RecordDeleteView):
    model, argument, label, tab = MajorHazardSource, "source", "重大危险源", "hazard_sources"
    service = staticmethod(services.major_hazard_source_delete)


class LicenceDeleteView(RecordDeleteView):
    model, argument, label, tab = Licence, "licence", "证照", "licences"
    service = staticmethod(services.licence_delete)


class AttachmentDeleteView(RecordDeleteView):
    model, argument, label, tab = EnterpriseAttachment, "attachment", "附件", "attachments"
    service = staticmethod(services.attachment_delete)


class AttachmentDownloadView(LoginRequiredMixin, View):
    """Attachments are served through the enterprise's scope, never by a guessable media URL."""

    def get(self, request, pk, item_pk):
        enterprise = get_object_or_404(Enterprise.objects.for_user(request.user), pk=pk)
        attachment = get_object_or_404(EnterpriseAttachment, enterprise=enterprise, pk=item_pk)
        return file_response(attachment.file, title=attachment.title, inline=False)


# ---- 到期预警 ---------------------------------------------------------------------------


class ExpiringView(LoginRequiredMixin, View):
    """Licences, 标准化 and 安责险 expired or expiring soon, for the enterprises in the user's scope."""

    def get(self, request):
        enterprises = Enterprise.objects.for_user(request.user)
        filterset = ExpiryFilter(request.GET or None, queryset=enterprises, request=request)
        chosen = filterset.form.cleaned_data if filterset.is_valid() else {}
        items = expiring_items(filterset.qs, kind=chosen.get("kind") or "")
        state = chosen.get("state")
        if state == "expired":
            items = [i for i in items if i.expired]
        elif state == "soon":
            items = [i for i in items if not i.expired]
        if request.GET.get("export") == "xlsx":
            return export_response(request, ExportSpec("证照到期预警", EXPIRY_COLUMNS, (expiry_row(i) for i in items),
                                                       count=lambda: len(items)))
        page = Paginator(items, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        today, limit = warning_limit()
        return render(request, "enterprises/expiring.html", {
            "filter": filterset, "page_obj": page, "object_list": page.object_list, "querystring": query.urlencode(),
            "can_export": True, "limit": limit, "today": today,
        })


# ---- Excel import: upload → preview (every row, its errors) → confirm (all or nothing) ------

IMPORT_DIR = Path(tempfile.gettempdir()) / "safety-platform-imports"
IMPORT_SESSION_KEY = "enterprise_import"
IMPORT_MAX_AGE = 24 * 3600


def _stored_import(token: str) -> Path:
    return IMPORT_DIR / f"enterprises-{token}.xlsx"


def _store_upload(upload) -> str:
    """Keep the uploaded file server-side until the user confirms (the browser holds only the session)."""
    IMPORT_DIR.mkdir(mode=0o700, exist_ok=True)
    cutoff = time.time() - IMPORT_MAX_AGE
    for old in IMPORT_DIR.glob("enterprises-*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    with open(_stored_import(token), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


class ImportMixin(PermissionRequiredMixin):
    permission_required = "enterprises.import"

    def preview(self, report, filename: str, *, error: str = ""):
        errors_by_row = _errors_by_row(report)
        return render(self.request, "enterprises/import_preview.html", {
            "report": report, "filename": filename, "error": error, "errors_by_row": errors_by_row,
            "preview_rows": [(row, errors_by_row.get(row["row"], [])) for row in report.rows],
        })


def _errors_by_row(report) -> dict[int, list]:
    by_row: dict[int, list] = {}
    for e in report.errors:
        by_row.setdefault(e.row, []).append(e)
    return by_row


class ImportView(ImportMixin, View):
    def get(self, request):
        return render(request, "enterprises/import.html", {"form": ImportUploadForm(), "columns": IMPORT_COLUMNS})

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "enterprises/import.html", {"form": form, "columns": IMPORT_COLUMNS})
        upload = form.cleaned_data["file"]
        try:
            report = plan_import(upload, user=request.user)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return render(request, "enterprises/import.html", {"form": form, "columns": IMPORT_COLUMNS})
        if report.ok:
            upload.seek(0)
            request.session[IMPORT_SESSION_KEY] = {"token": _store_upload(upload), "name": upload.name}
        else:
            request.session.pop(IMPORT_SESSION_KEY, None)
        return self.preview(report, upload.name)


class ImportTemplateView(ImportMixin, View):
    def get(self, request) -> HttpResponse:
        return template_response("企业台账", IMPORT_COLUMNS, template_example(request.user))


class ImportConfirmView(ImportMixin, View):
    """Re-reads and re-validates the stored file, then commits every row in one transaction."""

    http_method_names = ["post"]

    def post(self, request):
        pending = request.session.get(IMPORT_SESSION_KEY)
        path = _stored_import(pending["token"]) if pending else None
        if path is None or not path.exists():
            messages.error(request, "没有待确认的导入，或已过期：请重新上传文件")
            return redirect("enterprises:import")
        with open(path, "rb") as stored:
            report = plan_import(stored, user=request.user)
        if not report.ok:
            return self.preview(report, pending["name"], error="数据已发生变化，请修正以下错误后重新上传")
        try:
            created, updated = services.enterprise_import(rows=report.rows, by=request.user)
        except ValidationError as exc:
            return self.preview(report, pending["name"], error="；".join(exc.messages))
        path.unlink(missing_ok=True)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, f"导入完成：新建 {created} 家，更新 {updated} 家，未变化 {len(report.rows) - created - updated} 家")
        return redirect("enterprises:list")


# ---- the built-in tabs of the file (other apps register theirs the same way) -----------------


def _basic_tab(request, enterprise: Enterprise) -> dict[str, Any]:
    return {"departments": list(enterprise.departments.all()), "region_path": enterprise.region.full_name}


def _risk_tab(request, enterprise: Enterprise) -> dict[str, Any]:
    points = list(enterprise.risk_points.all())
    for p in points:
        p.colour = RISK_COLOURS[p.level]
    counts = {level: sum(1 for p in points if p.level == level) for level in RISK_ORDER}
    return {"points": points, "level_counts": [(lv.label, RISK_COLOURS[lv], counts[lv]) for lv in RISK_ORDER]}


def _hazard_sources_tab(request, enterprise: Enterprise) -> dict[str, Any]:
    return {"sources": list(enterprise.hazard_sources.prefetch_related("substances"))}


def _licences_tab(request, enterprise: Enterprise) -> dict[str, Any]:
    today, limit = warning_limit()
    licences = list(enterprise.licences.all())
    for lic in licences:
        lic.expired = bool(lic.expires_on and lic.expires_on < today)
        lic.expiring = bool(lic.expires_on and today <= lic.expires_on <= limit)
    return {"licences": licences, "today": today}


def _attachments_tab(request, enterprise: Enterprise) -> dict[str, Any]:
    return {"attachments": list(enterprise.attachments.select_related("uploaded_by"))}


def _plain(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _history_tab(request, enterprise: Enterprise) -> dict[str, Any]:
    rows = []
    for log in enterprise_history(enterprise):
        model = log.content_type.model_class() if log.content_type else Enterprise
        changes = []
        for name, value in (log.changes or {}).items():
            old, new = value if isinstance(value, list) and len(value) == 2 else (None, value)
            changes.append((field_label(model, name), _plain(old), _plain(new)))
        rows.append((log, changes))
    return {"history": rows}


register_tab("basic", "基本信息", "enterprises/tabs/basic.html", _basic_tab, order=10)
register_tab("risk", "风险点", "enterprises/tabs/risk.html", _risk_tab, order=20)
register_tab("hazard_sources", "重大危险源", "enterprises/tabs/hazard_sources.html", _hazard_sources_tab, order=30)
register_tab("licences", "证照许可", "enterprises/tabs/licences.html", _licences_tab, order=40)
register_tab("attachments", "附件", "enterprises/tabs/attachments.html", _attachments_tab, order=90)
register_tab("history", "变更历史", "enterprises/tabs/history.html", _history_tab, order=100)
