from django.db import models


class Scale(models.TextChoices):
    ABOVE = "above", "规上"
    BELOW = "below", "规下"


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", "在营"
    SUSPENDED = "suspended", "停产停业"
    CLOSED = "closed", "关闭注销"


class StandardizationGrade(models.TextChoices):
    NONE = "", "未达标"
    ONE = "1", "一级"
    TWO = "2", "二级"
    THREE = "3", "三级"


class RiskLevel(models.TextChoices):
    """双重预防 risk levels, strongest first."""

    MAJOR = "major", "重大风险（红）"
    HIGH = "high", "较大风险（橙）"
    GENERAL = "general", "一般风险（黄）"
    LOW = "low", "低风险（蓝）"


RISK_COLOURS = {
    RiskLevel.MAJOR: "#d9261c",
    RiskLevel.HIGH: "#f08c00",
    RiskLevel.GENERAL: "#f5c400",
    RiskLevel.LOW: "#1c64d9",
}
RISK_ORDER = [RiskLevel.MAJOR, RiskLevel.HIGH, RiskLevel.GENERAL, RiskLevel.LOW]


class MajorHazardGrade(models.IntegerChoices):
    ONE = 1, "一级"
    TWO = 2, "二级"
    THREE = 3, "三级"
    FOUR = 4, "四级"


# Key flags 重点监管标识: (model field, label).
KEY_FLAGS = [
    ("flag_hazchem", "危化品"),
    ("flag_dust", "粉尘涉爆"),
    ("flag_ammonia", "涉氨制冷"),
    ("flag_confined", "有限空间"),
    ("flag_molten_metal", "高温熔融金属"),
    ("flag_gas", "煤气"),
    ("flag_mine", "矿山"),
    ("flag_crowded", "人员密集场所"),
]
