from django.db import models


class SchemeStatus(models.TextChoices):
    """考核流程: 草稿 → 自评（方案已发布）→ 评审 → 异议期（结果已计算）→ 结果发布（冻结）."""

    DRAFT = "draft", "草稿"
    SELF = "self", "自评中"
    REVIEW = "review", "评审中"
    OBJECTION = "objection", "异议期"
    PUBLISHED = "published", "结果已发布"


# The stages in which computed values are refreshed (on demand and nightly).
OPEN_STATUSES = (SchemeStatus.SELF, SchemeStatus.REVIEW, SchemeStatus.OBJECTION)


class UnitKind(models.TextChoices):
    STREET = "street", "街道/镇"
    DEPARTMENT = "department", "部门"
    ENTERPRISE = "enterprise", "重点单位"


class ItemKind(models.TextChoices):
    """What an indicator does to the total."""

    SCORE = "score", "评分项"
    DEDUCTION = "deduction", "扣分项"
    BONUS = "bonus", "加分项"
    VETO = "veto", "一票否决项"


class Source(models.TextChoices):
    COMPUTED = "computed", "平台数据自动计算"
    MANUAL = "manual", "评审人员打分"


class Rule(models.TextChoices):
    """How a computed value becomes points (always capped at the indicator's 分值)."""

    LINEAR = "linear", "线性（两端点之间按比例）"
    THRESHOLD = "threshold", "分档（达到某值得某分）"
    PER_UNIT = "per_unit", "按数量（每个计分，封顶）"
    ANY = "any", "出现即触发（一票否决）"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", "待答复"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "未采纳"
