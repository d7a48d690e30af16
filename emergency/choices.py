from django.db import models


class OwnerKind(models.TextChoices):
    """Who a plan, drill, team or depot belongs to (预案/演练/队伍/物资的责任主体)."""

    GOVERNMENT = "government", "政府（区/街道）"
    DEPARTMENT = "department", "部门"
    ENTERPRISE = "enterprise", "企业"


class PlanType(models.TextChoices):
    """应急预案类别 (GB/T 29639 / 应急管理部令第2号): also the kind of a drill."""

    COMPREHENSIVE = "comprehensive", "综合应急预案"
    SPECIAL = "special", "专项应急预案"
    ONSITE = "onsite", "现场处置方案"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交备案"
    FILED = "filed", "已备案"
    RETURNED = "returned", "已退回"


class ReviewState(models.TextChoices):
    """Derived from the filing date and the review cycle (EMERGENCY_PLAN_REVIEW_YEARS)."""

    OK = "ok", "有效"
    EXPIRING = "expiring", "即将到期评审"
    OVERDUE = "overdue", "逾期未评审"


class RevisionSource(models.TextChoices):
    ACCIDENT = "accident", "事故后修订"
    DRILL = "drill", "演练发现问题"
    REVIEW = "review", "定期评估"
    OTHER = "other", "其他（机构、法规、风险变化）"


class DrillStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    HELD = "held", "已举行"
    CANCELLED = "cancelled", "已取消"


class DrillForm(models.TextChoices):
    TABLETOP = "tabletop", "桌面推演"
    LIVE = "live", "实战演练"


class DrillRating(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class FindingAction(models.TextChoices):
    RECORD = "record", "仅记录"
    PLAN_REVISION = "plan_revision", "启动预案修订"
    HAZARD = "hazard", "登记为隐患"


class TeamKind(models.TextChoices):
    PROFESSIONAL = "professional", "政府专职救援队"
    FIRE = "fire", "企业消防队"
    FOREST = "forest", "森林草原扑火队"
    FLOOD = "flood", "防汛抢险队"
    HAZCHEM = "hazchem", "危化品专业救援队"
    MEDICAL = "medical", "医疗救护队"
    VOLUNTEER = "volunteer", "社会志愿救援队"


class SupplyCategory(models.TextChoices):
    RESCUE = "rescue", "抢险救援"
    PROTECTION = "protection", "个体防护"
    LIVING = "living", "生活保障"
    MEDICAL = "medical", "医疗救护"
    COMMUNICATION = "communication", "通信照明"
    FLOOD = "flood", "防汛物资"


class ExpertField(models.TextChoices):
    HAZCHEM = "hazchem", "危险化学品"
    MINE = "mine", "矿山"
    METALLURGY = "metallurgy", "冶金工贸"
    CONSTRUCTION = "construction", "建筑施工"
    FIRE = "fire", "消防"
    TRANSPORT = "transport", "交通运输"
    SPECIAL_EQUIPMENT = "special_equipment", "特种设备"
    GEOLOGY = "geology", "地质灾害"
    FLOOD = "flood", "防汛抗旱"
    MEDICAL = "medical", "医疗救护"


class Availability(models.TextChoices):
    AVAILABLE = "available", "可随时调用"
    LIMITED = "limited", "工作日可调用"
    UNAVAILABLE = "unavailable", "暂不可调用"


class ShelterKind(models.TextChoices):
    INDOOR = "indoor", "室内避难场所"
    OUTDOOR = "outdoor", "室外避难场所"
    COMPREHENSIVE = "comprehensive", "综合性避难场所"


class DutyShift(models.TextChoices):
    DAY = "day", "白班（08:30–17:30）"
    NIGHT = "night", "夜班（17:30–次日08:30）"


class EventCategory(models.TextChoices):
    ACCIDENT = "accident", "生产安全事故"
    FIRE = "fire", "火灾"
    NATURAL = "natural", "自然灾害"
    HAZARD = "hazard", "险情/隐患"
    CONSULT = "consult", "咨询求助"
    OTHER = "other", "其他"


class EventStatus(models.TextChoices):
    OPEN = "open", "处置中"
    CLOSED = "closed", "已办结"
