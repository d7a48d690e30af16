from django.db import models


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", "企业用户"
    GRID = "grid", "网格员"
    STREET = "street", "街道/镇"
    DEPARTMENT = "department", "部门"
    OFFICE = "office", "安委办"
    EXPERT = "expert", "专家"
    ADMIN = "admin", "管理员"


class RegionKind(models.TextChoices):
    DISTRICT = "district", "区/旗"
    STREET = "street", "街道/镇"
    COMMUNITY = "community", "社区/村"
    GRID = "grid", "网格"
