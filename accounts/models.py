from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import RegionKind, Role
from .scoping import RegionQuerySet, people_q


class Region(models.Model):
    """A node of the region tree 区 → 街道/镇 → 社区/村 → 网格 (depth is data, not code).

    ``path`` is a materialised path ("0001.0003.0012.") so that a subtree is one
    indexed ``startswith`` filter, whatever the depth.
    """

    code = models.CharField("区划代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("层级", max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    boundary = models.JSONField("边界 GeoJSON", null=True, blank=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="网格员", blank=True, related_name="grid_cells"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政区域/网格"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else ""
        new_path = f"{parent_path}{self.pk:06d}."
        if new_path != old_path:
            self.path, self.depth = new_path, new_path.count(".") - 1
            Region.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_path:  # moved: re-root the subtree (rare, admin only)
                for child in Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path):]
                    child.depth = child.path.count(".") - 1
                    Region.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    @property
    def full_name(self) -> str:
        names = [r.name for r in self.ancestors()] + [self.name]
        return " / ".join(names[1:] if len(names) > 1 else names)

    def ancestors(self) -> list[Region]:
        ids = [int(p) for p in self.path.strip(".").split(".")[:-1]]
        by_id = {r.pk: r for r in Region.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def subtree(self):
        return Region.objects.filter(path__startswith=self.path)

    def street(self) -> Region | None:
        if self.kind == RegionKind.STREET:
            return self
        return next((r for r in self.ancestors() if r.kind == RegionKind.STREET), None)


class Industry(models.Model):
    """Industry classification (GB/T 4754 门类/大类) as reference data."""

    code = models.CharField("行业代码", max_length=8, unique=True)
    name = models.CharField("行业名称", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="上级门类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = verbose_name_plural = "行业分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Department(models.Model):
    """A supervising department (行业主管/监管部门) and the industries it supervises."""

    code = models.CharField("部门代码", max_length=32, unique=True)
    name = models.CharField("部门名称", max_length=100)
    short_name = models.CharField("简称（文号用）", max_length=20, blank=True)
    industries = models.ManyToManyField(Industry, verbose_name="监管行业", blank=True, related_name="departments")

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PeopleManager(UserManager):
    def for_user(self, user):
        """The users ``user`` may see and manage (people management; out of scope = 404)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        return self.filter(pk__in=self.model._base_manager.filter(people_q(user)).values("pk"))


class User(AbstractUser):
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.ENTERPRISE)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="所属区域（街道）", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    department = models.ForeignKey(
        Department, verbose_name="所属部门", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name="所属企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    enforcement_cert_no = models.CharField("执法证号", max_length=40, blank=True)
    wecom_userid = models.CharField("企业微信账号", max_length=64, blank=True)
    # Set at creation and by an office reset; the middleware sends the user to change it first.
    must_change_password = models.BooleanField("须修改初始密码", default=False)
    # Of an enterprise's users (法定代表人、安全负责人…), the one who receives its reminders.
    receives_reminders = models.BooleanField("接收本企业提醒", default=False)
    post = models.CharField("职务", max_length=30, blank=True)

    objects = PeopleManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def sees_everything(self) -> bool:
        """安委办 and 管理员 see the whole district — the one definition that scoping and the
        permission layer's ``is_office`` build on."""
        return self.is_superuser or self.role in (Role.OFFICE, Role.ADMIN)

    @property
    def is_grid_officer(self) -> bool:
        """What this person is (for pages about a person, e.g. showing its cell history) — not who may
        act: that is accounts.permissions."""
        return self.role == Role.GRID


class AuditLog(models.Model):
    """Every state change and every login: who, when, what (searchable in admin)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField("操作", max_length=50, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=40, blank=True, db_index=True)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class Notification(models.Model):
    """In-app notification (通知中心); e-mail and SMS copies are sent by accounts.notifications."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField("类别", max_length=30, blank=True, db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # Idempotency: one notification per (recipient, dedup_key) — reminders run twice, remind once.
    dedup_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"], condition=~models.Q(dedup_key=""), name="notification_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class CellAssignment(models.Model):
    """Who covered which grid cell when: the history kept by a hand-over (网格交接)."""

    cell = models.ForeignKey(Region, verbose_name="网格", on_delete=models.PROTECT, related_name="assignments")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="网格员", on_delete=models.PROTECT, related_name="cell_assignments"
    )
    started_at = models.DateTimeField("起始", auto_now_add=True)
    ended_at = models.DateTimeField("结束", null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "网格分配记录"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cell} · {self.officer}"


class OutboundMessage(models.Model):
    """The delivery outbox: one row per e-mail/SMS/企业微信 message, written in the transaction that
    decides to send it, delivered afterwards by a Celery task (accounts.outbox)."""

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        WECOM = "wecom", "企业微信"
        EMAIL = "email", "电子邮件"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="outbound_messages",
    )
    notification = models.ForeignKey(
        Notification, verbose_name="通知", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    address = models.CharField("地址", max_length=254, help_text="手机号、企业微信账号或电子邮箱")
    subject = models.CharField("标题", max_length=200, blank=True)
    text = models.TextField("内容")
    # The provider template and its parameters (SMS in mainland China is template-only).
    template = models.CharField("模板", max_length=40, blank=True)
    params = models.JSONField("模板参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField("开始发送", null=True, blank=True)
    provider = models.CharField("服务商", max_length=20, blank=True)
    provider_id = models.CharField("服务商回执", max_length=100, blank=True)
    error = models.CharField("错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息发送记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["channel", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class PasswordResetCode(models.Model):
    """A self-service reset code sent by SMS: stored hashed, expiring, single-use, few tries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "找回密码验证码"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class OnboardingJob(models.Model):
    """A bulk account opening (批量开通): the rows to create, run by a Celery task with progress."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待确认"
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Delivery(models.TextChoices):
        SMS = "sms", "短信发送初始密码"
        LETTER = "letter", "打印开通通知书"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    source = models.CharField("来源", max_length=100)
    delivery = models.CharField("凭据送达", max_length=8, choices=Delivery.choices, default=Delivery.SMS)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    # [{username, full_name, phone, role, enterprise_id, region_id, post}] — validated before the job starts.
    rows = models.JSONField(default=list)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已开通", default=0)
    error = models.CharField("错误", max_length=500, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # 开通通知 for people without a phone: {street: [[name, username, password], ...]} until printed.
    letters = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量开通任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source}（{self.done}/{self.total}）"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 100

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> models.QuerySet:
        """Scoping: an export belongs to its requester alone (others get 404)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


def export_upload_to(job: ExportJob, filename: str) -> str:
    import uuid

    return f"exports/{job.created_at:%Y/%m}/{uuid.uuid4().hex}.xlsx"


class ExportJob(models.Model):
    """一次大导出 (我的导出): a list export over EXPORT_ASYNC_ROWS rows, written by a Celery worker
    that re-runs the requester's page (path + query string) as the requester."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.CASCADE,
                             related_name="export_jobs")
    title = models.CharField("名称", max_length=200)
    path = models.CharField("页面", max_length=300)
    query = models.TextField("筛选条件", blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True)
    total = models.PositiveIntegerField("行数", default=0)
    done = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to=export_upload_to, blank=True)
    error = models.CharField("错误", max_length=500, blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, int(self.done * 100 / self.total)) if self.total else 0
