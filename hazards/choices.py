from django.db import models


class HazardSource(models.TextChoices):
    SELF_CHECK = "self", "企业自查"
    GRID = "grid", "网格巡查"
    ENFORCEMENT = "enforcement", "执法检查"
    RANDOM = "random", "双随机抽查"
    EXPERT = "expert", "专家/第三方"
    PUBLIC = "public", "公众举报"


class HazardGrade(models.TextChoices):
    GENERAL = "general", "一般隐患"
    MAJOR = "major", "重大隐患"


class HazardStatus(models.TextChoices):
    REPORTED = "reported", "已上报"
    RECTIFYING = "rectifying", "整改中"
    SUBMITTED = "submitted", "待验收"
    CLOSED = "closed", "已销号"


OPEN_STATUSES = (HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.SUBMITTED)
# The badge of each status (templates read ``hazard.status_badge``, never a status string).
STATUS_BADGE = {
    HazardStatus.REPORTED: "bg-secondary",
    HazardStatus.RECTIFYING: "bg-primary",
    HazardStatus.SUBMITTED: "bg-info text-dark",
    HazardStatus.CLOSED: "bg-success",
}


class EscalationLevel(models.IntegerChoices):
    """Overdue escalation (seed 002): 函告 → 通报 → 约谈."""

    NONE = 0, "未升级"
    LETTER = 1, "函告"
    CIRCULAR = 2, "通报"
    INTERVIEW = 3, "约谈"


class PhotoKind(models.TextChoices):
    BEFORE = "before", "整改前"
    AFTER = "after", "整改后"


class CheckResult(models.TextChoices):
    OK = "ok", "合格"
    FAIL = "fail", "不合格"
    NA = "na", "不涉及"


class FilingStatus(models.TextChoices):
    """Where an enterprise stands for one week's self-check (computed, never stored)."""

    FILED = "filed", "已报（有隐患）"
    ZERO = "zero", "零报告"
    LATE = "late", "逾期补报"
    MISSING = "missing", "未报"


class SupervisionStatus(models.TextChoices):
    LISTED = "listed", "督办中"
    CLOSED = "closed", "已摘牌"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


# The action names written on the timeline (HazardTransition.action).
class TransitionAction(models.TextChoices):
    REPORT = "report", "上报"
    PLAN = "plan", "填报五到位治理方案"
    START = "start", "开始整改"
    SUBMIT = "submit", "提交验收"
    CLOSE = "close", "验收销号"
    WITHDRAW = "withdraw", "误报撤销"
    SEND_BACK = "send_back", "验收退回"
    SPOT_OK = "spot_ok", "抽查合格"
    SPOT_FAIL = "spot_fail", "抽查不合格，重新整改"
    OVERDUE = "overdue", "逾期"
    ESCALATE = "escalate", "逾期升级"
    SUPERVISE = "supervise", "挂牌督办"
    EXTENSION_REQUEST = "ext_request", "申请延期"
    EXTENSION_APPROVE = "ext_approve", "延期批准"
    EXTENSION_REJECT = "ext_reject", "延期驳回"
