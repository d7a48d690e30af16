"""Enums of the inspections app (Chinese labels)."""

from django.db import models


class PatrolStatus(models.TextChoices):
    DRAFT = "draft", "巡查中（草稿）"
    FINISHED = "finished", "已完成"


class SignOff(models.TextChoices):
    SIGNED = "signed", "企业签字确认"
    REFUSED = "refused", "企业拒绝签字（已记录）"


class VisitStatus(models.TextChoices):
    """Where an enterprise stands in its grid officer's patrol cycle (computed, never stored)."""

    OVERDUE = "overdue", "逾期未巡"
    DUE = "due", "本月待巡"
    DONE = "done", "本月已巡"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    SUBMITTED = "submitted", "待安委办审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已退回"


class InspectionKind(models.TextChoices):
    ENFORCEMENT = "enforcement", "执法检查"
    RANDOM = "random", "双随机抽查"


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", "检查中"
    FINISHED = "finished", "已完成"


class InspectionResult(models.TextChoices):
    """The result published for 双随机 (and shown on the records)."""

    NO_ISSUE = "no_issue", "未发现问题"
    RECTIFY = "rectify", "发现问题，责令整改"
    PENALTY = "penalty", "发现违法行为，依法处罚"


class DocumentKind(models.TextChoices):
    RECORD = "record", "现场检查记录"
    ORDER = "order", "责令限期整改指令书"
    REVIEW = "review", "整改复查意见书"
    PENALTY = "penalty", "行政处罚决定书"


# The kind's word inside the document number: 昆应急责改〔2026〕12号.
DOCUMENT_NUMBER_WORD = {
    DocumentKind.RECORD: "检记",
    DocumentKind.ORDER: "责改",
    DocumentKind.REVIEW: "复查",
    DocumentKind.PENALTY: "罚",
}


class PenaltyStatus(models.TextChoices):
    EXEMPT = "exempt", "首违不罚（责令改正）"
    DECIDED = "decided", "已作出处罚决定"
    PAID = "paid", "已执行（罚款已缴纳）"


class ReinspectionConclusion(models.TextChoices):
    PASSED = "passed", "整改合格"
    FAILED = "failed", "整改不合格"


class DrawStatus(models.TextChoices):
    DRAWN = "drawn", "已抽取"
    PUBLISHED = "published", "结果已公开"
