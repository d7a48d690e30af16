from django.db import models


class StaffCategory(models.TextChoices):
    PRINCIPAL = "principal", "主要负责人"
    SAFETY_MANAGER = "manager", "安全管理人员"
    SPECIAL_WORKER = "special", "特种作业人员"


class InvestmentCategory(models.TextChoices):
    FACILITIES = "facilities", "安全设施"
    PROTECTIVE_EQUIPMENT = "ppe", "劳动防护用品"
    TRAINING = "training", "安全培训"
    DRILL = "drill", "应急演练"
    HAZARD_REMEDIATION = "remediation", "隐患整改"
    ASSESSMENT = "assessment", "安全评价"
    OTHER = "other", "其他"
