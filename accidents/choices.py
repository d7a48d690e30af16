"""Enums of the accidents app (SPEC §5, §7)."""

from django.db import models


class AccidentCategory(models.TextChoices):
    """统计类别 (生产安全事故统计调查制度)."""

    INDUSTRIAL = "industrial", "工矿商贸"
    ROAD = "road", "道路交通"
    FIRE = "fire", "火灾"
    WATERWAY = "waterway", "水上交通"
    RAILWAY = "railway", "铁路交通"
    AGRI_MACHINERY = "agri_machinery", "农业机械"
    FISHING = "fishing", "渔业船舶"
    OTHER = "other", "其他"


# Categories whose later deaths count for 7 days instead of 30 (道路交通、火灾).
SHORT_WINDOW_CATEGORIES = (AccidentCategory.ROAD, AccidentCategory.FIRE)


class AccidentType(models.TextChoices):
    """GB 6441-1986 事故类别 (type of injury event)."""

    STRUCK = "struck", "物体打击"
    VEHICLE = "vehicle", "车辆伤害"
    MACHINERY = "machinery", "机械伤害"
    LIFTING = "lifting", "起重伤害"
    ELECTRIC = "electric", "触电"
    DROWNING = "drowning", "淹溺"
    SCALD = "scald", "灼烫"
    FIRE = "fire", "火灾"
    FALL = "fall", "高处坠落"
    COLLAPSE = "collapse", "坍塌"
    ROOF_FALL = "roof_fall", "冒顶片帮"
    FLOOD = "flood", "透水"
    BLASTING = "blasting", "放炮"
    EXPLOSIVE = "explosive", "火药爆炸"
    GAS_EXPLOSION = "gas_explosion", "瓦斯爆炸"
    BOILER = "boiler", "锅炉爆炸"
    VESSEL = "vessel", "容器爆炸"
    OTHER_EXPLOSION = "other_explosion", "其它爆炸"
    POISONING = "poisoning", "中毒和窒息"
    OTHER = "other", "其它伤害"


class AccidentGrade(models.IntegerChoices):
    """国务院493号令 事故等级 (ordered: a larger number is a graver accident)."""

    GENERAL = 1, "一般事故"
    LARGER = 2, "较大事故"
    MAJOR = 3, "重大事故"
    ESPECIALLY_MAJOR = 4, "特别重大事故"


class AccidentStatus(models.TextChoices):
    REPORTED = "reported", "已报告"
    INVESTIGATING = "investigating", "调查中"
    CLOSED = "closed", "已结案"


class ReportLevel(models.TextChoices):
    """事故报告的层级：单位 → 区县 1 小时内，之后每级上报 2 小时内."""

    UNIT_TO_COUNTY = "unit_county", "事故单位 → 区县"
    COUNTY_TO_CITY = "county_city", "区县 → 市"
    CITY_TO_PROVINCE = "city_province", "市 → 自治区/省"
    FOLLOW_UP = "follow_up", "续报"


# Chain of levels whose deadline runs from the previous level's report (hours allowed).
REPORT_CHAIN = [
    (ReportLevel.UNIT_TO_COUNTY, 1),
    (ReportLevel.COUNTY_TO_CITY, 2),
    (ReportLevel.CITY_TO_PROVINCE, 2),
]


class ReportIrregularity(models.TextChoices):
    """Marked by the committee office (迟报 is computed, the others are judged)."""

    NONE = "", "无"
    OMITTED = "omitted", "漏报"
    CONCEALED = "concealed", "瞒报"
    FALSE = "false", "谎报"


class AttachmentKind(models.TextChoices):
    SCENE = "scene", "现场照片"
    REPORT = "report", "事故快报/续报"
    INVESTIGATION = "investigation", "调查报告"
    RECTIFICATION = "rectification", "整改材料"
    EVALUATION = "evaluation", "整改评估"
    OTHER = "other", "其他"


class Indicator(models.TextChoices):
    """SPEC §7 indicators (computed from raw data, never typed in)."""

    ACCIDENTS = "accidents", "生产安全事故起数"
    DEATHS = "deaths", "生产安全事故死亡人数"
    LARGER_ACCIDENTS = "larger_accidents", "较大以上事故起数"
    INDUSTRIAL_DEATHS = "industrial_deaths", "工矿商贸事故死亡人数"
    ROAD_DEATHS = "road_deaths", "道路交通事故死亡人数"
    FIRE_DEATHS = "fire_deaths", "火灾事故死亡人数"
    COAL_DEATHS = "coal_deaths", "煤矿事故死亡人数"
    GDP_RATE = "gdp_rate", "亿元GDP生产安全事故死亡率"
    INDUSTRIAL_RATE = "industrial_rate", "工矿商贸就业人员十万人生产安全事故死亡率"
    ROAD_RATE = "road_rate", "道路交通万车死亡率"
    COAL_RATE = "coal_rate", "煤矿百万吨死亡率"


# Rates are shown with 3 decimals (as in the seeds' tables); counts as integers.
RATE_INDICATORS = (Indicator.GDP_RATE, Indicator.INDUSTRIAL_RATE, Indicator.ROAD_RATE, Indicator.COAL_RATE)


class TargetKind(models.TextChoices):
    RELATIVE = "relative", "相对基准年变化（%）"
    CEILING = "ceiling", "绝对上限（≤）"


class StatsDimension(models.TextChoices):
    REGION = "region", "区域"
    INDUSTRY = "industry", "行业"
    CATEGORY = "category", "统计类别"
    TYPE = "type", "事故类型（GB 6441）"
    GRADE = "grade", "事故等级"
