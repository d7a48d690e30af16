"""批量开通: accounts for every enterprise and grid officer of a district in one run.

Two sources, one job: an Excel sheet (template, preview with row errors, all-or-nothing as the
enterprise import) or a filtered selection of the enterprise registry (one account per enterprise
for its 安全负责人 or 法定代表人, username = the USCC). Planning validates every row and stores
a draft ``OnboardingJob``; confirming queues ``accounts.tasks.onboarding_run``, which creates the
accounts in chunks — each chunk one transaction that also advances ``done``, so a killed worker's
job resumes where it stopped — hashes initial passwords with the cheap initial hasher
(accounts.hashers) and delivers them by SMS through the outbox, or on a printable 开通通知 per
street for people without a phone (kept on the job until the officer clears them after printing).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import get_hashers, make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safety_platform.excel import ImportReport, read_rows

from .choices import RegionKind, Role
from .models import AuditLog, CellAssignment, OnboardingJob, OutboundMessage, Region, User
from .outbox import dispatch_many
from .permissions import require
from .services import audit_record, initial_password

COLUMNS = ["用户名", "姓名", "手机号", "角色", "企业统一社会信用代码", "网格编码", "职务"]
ROLE_OF = {"企业": Role.ENTERPRISE, "企业用户": Role.ENTERPRISE, "网格员": Role.GRID}
PHONE = re.compile(r"^1\d{10}$")
USERNAME = re.compile(r"^[0-9A-Za-z_.@+-]{3,150}$")
CHUNK = 1000
INITIAL_HASHER = "pbkdf2_initial"
Delivery = OnboardingJob.Delivery


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _enterprise_model():
    return apps.get_model("enterprises", "Enterprise")  # lazy: accounts imports no domain app


def template_example() -> list[str]:
    return ["91150203MA0N1234X5", "张三", "13800000000", "企业", "91150203MA0N1234X5", "", "安全负责人"]


def plan_sheet(upload, *, by: User) -> tuple[ImportReport, list[dict]]:
    """Validate every row of the sheet for ``by``; rows ready for ``job_create``. Raises
    ``ImportFileError`` when the file itself is unusable."""
    require(by, "accounts.onboard")
    records = read_rows(upload, COLUMNS)
    report = ImportReport()
    names = [_text(r["用户名"]) for _, r in records]
    repeated = {n.lower() for n, k in Counter(n.lower() for n in names).items() if n and k > 1}
    taken = {u.lower() for u in User.objects.filter(username__in=set(names)).values_list("username", flat=True)}
    usccs = {_text(r["企业统一社会信用代码"]).upper() for _, r in records}
    enterprises = {e.uscc: e for e in _enterprise_model().objects.for_user(by).filter(uscc__in=usccs)}
    codes = {_text(r["网格编码"]) for _, r in records}
    cells = {c.code: c for c in Region.objects.for_user(by).filter(code__in=codes, kind=RegionKind.GRID)}
    rows: list[dict] = []
    for number, record in records:
        def error(column: str, message: str, number: int = number) -> None:
            report.add_error(number, column, message)

        username, name, phone = _text(record["用户名"]), _text(record["姓名"]), _text(record["手机号"])
        role = ROLE_OF.get(_text(record["角色"]))
        uscc, code = _text(record["企业统一社会信用代码"]).upper(), _text(record["网格编码"])
        if not USERNAME.match(username):
            error("用户名", "必填，3 位以上字母、数字（可用信用代码或手机号）")
        elif username.lower() in repeated:
            error("用户名", "同一文件中重复")
        elif username.lower() in taken:
            error("用户名", "已被使用")
        if not name:
            error("姓名", "必填")
        if phone and not PHONE.match(phone):
            error("手机号", "应为 11 位手机号")
        row = {"row": number, "username": username, "full_name": name[:50], "phone": phone, "post": _text(record["职务"])[:30]}
        if role is None:
            error("角色", "应为“企业”或“网格员”")
        elif role == Role.ENTERPRISE:
            enterprise = enterprises.get(uscc)
            if enterprise is None:
                error("企业统一社会信用代码", "未找到该企业（或不在您的管辖范围内）")
            else:
                row.update(role=role, enterprise_id=enterprise.pk, enterprise_name=enterprise.name,
                           region_id=enterprise.region_id)
        else:
            cell = cells.get(code)
            if cell is None:
                error("网格编码", "未找到该网格（或不在您的管辖范围内）")
            else:
                row.update(role=role, cell_id=cell.pk, region_id=cell.pk, cell_name=cell.name)
        rows.append(row)
    report.rows = rows
    return report, rows


def plan_registry(*, by: User, street: Region | None, person: str = "safety", only_without_login: bool = True
                  ) -> list[dict]:
    """One row per enterprise of the selection: username = USCC, the 安全负责人 (or 法定代表人)."""
    require(by, "accounts.onboard")
    qs = _enterprise_model().objects.for_user(by)
    if street is not None:
        qs = qs.filter(region__path__startswith=street.path)
    if only_without_login:
        qs = qs.exclude(users__isnull=False)
    taken = set(User.objects.filter(username__in=qs.values("uscc")).values_list("username", flat=True))
    rows = []
    for e in qs.order_by("pk").values("pk", "uscc", "name", "region_id", "legal_rep", "legal_rep_phone",
                                       "safety_director", "safety_director_phone"):
        if e["uscc"] in taken:
            continue
        safety = person == "safety" and e["safety_director"]
        rows.append({
            "username": e["uscc"], "role": Role.ENTERPRISE, "enterprise_id": e["pk"], "enterprise_name": e["name"],
            "region_id": e["region_id"],
            "full_name": (e["safety_director"] if safety else e["legal_rep"])[:50],
            "phone": e["safety_director_phone"] if safety else e["legal_rep_phone"],
            "post": "安全负责人" if safety else "法定代表人",
        })
    return rows


def job_create(*, by: User, source: str, rows: list[dict], delivery: str) -> OnboardingJob:
    require(by, "accounts.onboard")
    if not rows:
        raise ValidationError("没有需要开通的账号")
    return OnboardingJob.objects.create(created_by=by, source=source[:100], rows=rows, total=len(rows),
                                        delivery=delivery)


@transaction.atomic
def job_start(*, by: User, job: OnboardingJob) -> OnboardingJob:
    require(by, "accounts.onboard")
    if job.status != OnboardingJob.Status.DRAFT:
        raise ValidationError("该任务已开始")
    job.status = OnboardingJob.Status.QUEUED
    job.save(update_fields=["status"])
    audit_record(actor=by, action="批量开通", obj=job, changes={"total": job.total, "source": job.source})
    transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


def _queue(pk: int) -> None:
    from .tasks import onboarding_run

    onboarding_run.delay(pk)


def _hasher() -> str:
    return INITIAL_HASHER if any(h.algorithm == INITIAL_HASHER for h in get_hashers()) else "default"


def _street_names(region_ids: set[int]) -> dict[int, str]:
    regions = Region.objects.filter(pk__in=region_ids)
    streets = {r.pk: r for r in Region.objects.filter(kind=RegionKind.STREET)}
    out = {}
    for region in regions:
        ids = [int(p) for p in region.path.strip(".").split(".")]
        out[region.pk] = next((streets[i].name for i in ids if i in streets), "未分街道")
    return out


def run(job_id: int) -> OnboardingJob:
    """Create the job's accounts chunk by chunk (resumable; idempotent per chunk)."""
    job = OnboardingJob.objects.get(pk=job_id)
    if job.status in (OnboardingJob.Status.DONE, OnboardingJob.Status.DRAFT):
        return job
    OnboardingJob.objects.filter(pk=job.pk).update(status=OnboardingJob.Status.RUNNING)
    hasher = _hasher()
    streets = _street_names({r["region_id"] for r in job.rows if r.get("region_id")})
    by = job.created_by
    user_ct = ContentType.objects.get_for_model(User)
    while job.done < job.total:
        with transaction.atomic():
            job = OnboardingJob.objects.select_for_update().get(pk=job.pk)
            chunk = job.rows[job.done: job.done + CHUNK]
            if not chunk:
                break
            message_ids = _create_chunk(job, chunk, hasher=hasher, streets=streets, by=by, user_ct=user_ct)
            job.done += len(chunk)
            job.save(update_fields=["done", "letters"])
            transaction.on_commit(lambda ids=message_ids: dispatch_many(ids), robust=True)
    OnboardingJob.objects.filter(pk=job.pk).update(status=OnboardingJob.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def _create_chunk(job: OnboardingJob, chunk: list[dict], *, hasher: str, streets: dict[int, str], by: User | None,
                  user_ct: ContentType) -> list[int]:
    existing = set(User.objects.filter(username__in=[r["username"] for r in chunk]).values_list("username", flat=True))
    has_contact = set(User.objects.filter(enterprise_id__in={r.get("enterprise_id") for r in chunk} - {None},
                                          receives_reminders=True).values_list("enterprise_id", flat=True))
    users, passwords = [], {}
    for row in chunk:
        if row["username"] in existing:  # created meanwhile (or by a run cut short): leave it be
            continue
        password = initial_password()
        passwords[row["username"]] = password
        contact = bool(row.get("enterprise_id")) and row["enterprise_id"] not in has_contact
        if contact:
            has_contact.add(row["enterprise_id"])
        users.append(User(
            username=row["username"], full_name=row["full_name"], phone=row.get("phone", ""), post=row.get("post", ""),
            role=row["role"], enterprise_id=row.get("enterprise_id"),
            region_id=None if row["role"] == Role.ENTERPRISE or row.get("cell_id") else row.get("region_id"),
            password=make_password(password, hasher=hasher), must_change_password=True, receives_reminders=contact,
        ))
    User.objects.bulk_create(users, batch_size=500)
    created = {u.username: u for u in User.objects.filter(username__in=list(passwords))}
    cells = [(created[r["username"]], r["cell_id"]) for r in chunk if r.get("cell_id") and r["username"] in created]
    if cells:
        through = User.grid_cells.through
        through.objects.bulk_create([through(user_id=u.pk, region_id=c) for u, c in cells], ignore_conflicts=True)
        CellAssignment.objects.bulk_create([CellAssignment(officer=u, cell_id=c, by=by, note="批量开通")
                                            for u, c in cells])
    AuditLog.objects.bulk_create([
        AuditLog(actor=by, action="用户创建", content_type=user_ct, object_id=str(u.pk), object_repr=str(u)[:200],
                 changes={"role": u.role}, note=f"批量开通 #{job.pk}") for u in created.values()
    ], batch_size=1000)
    messages = []
    for row in chunk:
        user = created.get(row["username"])
        if user is None:
            continue
        password = passwords[row["username"]]
        if job.delivery == Delivery.SMS and user.phone:
            messages.append(OutboundMessage(
                channel=OutboundMessage.Channel.SMS, address=user.phone, recipient=user, template="account",
                params={"username": user.username, "password": password},
                text=f"【安监平台】您的账号已开通：用户名 {user.username}，初始密码 {password}，首次登录后请修改密码。",
            ))
        else:
            street = streets.get(row.get("region_id"), "未分街道")
            job.letters.setdefault(street, []).append(
                [user.full_name, user.username, password, row.get("enterprise_name") or row.get("cell_name", "")]
            )
    created_messages = OutboundMessage.objects.bulk_create(messages, batch_size=1000)
    return [m.pk for m in created_messages if m.pk]


@transaction.atomic
def letters_clear(*, by: User, job: OnboardingJob) -> None:
    """The 开通通知 are printed: forget the initial passwords kept for them."""
    require(by, "accounts.onboard")
    job.letters = {}
    job.save(update_fields=["letters"])
    audit_record(actor=by, action="开通通知已打印", obj=job)
