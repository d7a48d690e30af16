"""Excel columns of the 晾晒通报 league table."""

from __future__ import annotations

from .selectors import LeagueRow

LEAGUE_COLUMNS = [
    "类别", "单位", "在营企业", "已报（含零报告、补报）", "未报", "自查填报率（%）", "填报率排名",
    "年内发现隐患", "已销号", "隐患整改率（%）", "整改率排名", "逾期未整改隐患", "逾期排名",
]


def league_row(r: LeagueRow) -> list:
    return [
        "街道/镇" if r.kind == "street" else "部门", r.name, r.enterprises, r.reported, r.missing, r.filing_rate,
        r.rank_filing, r.found, r.closed, r.rectification_rate, r.rank_rectification, r.overdue, r.rank_overdue,
    ]
