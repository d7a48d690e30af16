from django.db import models


class ReportStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    ASSIGNED = "assigned", "已分派核查"
    FOUNDED = "founded", "属实，隐患整改中"
    UNFOUNDED = "unfounded", "经核查不属实"
    CLOSED = "closed", "已办结（隐患已销号）"


# 办结: a report is done when it was found unfounded or its hazard was closed (seed 003: 100 %).
DONE_STATUSES = (ReportStatus.UNFOUNDED, ReportStatus.CLOSED)
PENDING_STATUSES = (ReportStatus.RECEIVED, ReportStatus.ASSIGNED)
# The badge of each status (templates read ``report.status_badge``, never a status string).
STATUS_BADGE = {
    ReportStatus.RECEIVED: "text-bg-primary",
    ReportStatus.ASSIGNED: "text-bg-info",
    ReportStatus.FOUNDED: "text-bg-warning",
    ReportStatus.UNFOUNDED: "text-bg-secondary",
    ReportStatus.CLOSED: "text-bg-success",
}


class ReportCategory(models.TextChoices):
    FIRE = "fire", "消防安全（通道堵塞、违规住人等）"
    HAZCHEM = "hazchem", "危险化学品"
    GAS = "gas", "燃气"
    CONSTRUCTION = "construction", "建筑施工"
    MINE = "mine", "矿山"
    TRANSPORT = "transport", "道路运输"
    SPECIAL_EQUIPMENT = "equipment", "特种设备（电梯、锅炉、起重机械）"
    ILLEGAL = "illegal", "非法违法生产经营"
    OTHER = "other", "其他"


class ReportAction(models.TextChoices):
    SUBMIT = "submit", "群众提交举报"
    ASSIGN = "assign", "分派核查"
    FOUND = "found", "核查属实，登记隐患"
    UNFOUND = "unfound", "核查不属实"
    CLOSE = "close", "隐患销号，举报办结"
    REOPEN = "reopen", "隐患重新整改"
    ESCALATE = "escalate", "核查逾期升级"


class RewardStatus(models.TextChoices):
    DECIDED = "decided", "已核定，待发放"
    PAID = "paid", "已发放"
