"""The one set of Excel cell parsers (safety_platform.excel) read by every import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from safety_platform.excel import CellError, cell_date, cell_datetime, cell_decimal, cell_int, cell_text, cell_yes_no


def test_codes_typed_as_numbers_read_back_as_text():
    assert cell_text(150203.0) == "150203" and cell_text("  甲 ") == "甲" and cell_text(None) == ""


@pytest.mark.parametrize("typed", ["2019-09-30", "2019/9/30", "2019.09.30", dt.date(2019, 9, 30),
                                   dt.datetime(2019, 9, 30, 8, 0)])
def test_every_import_reads_a_date_the_same_way(typed):
    """Fixed inconsistency: the accident ledger refused 2019.09.30 that the enterprise import read."""
    assert cell_date(typed) == dt.date(2019, 9, 30)


def test_datetime_is_aware_in_the_platform_time_zone():
    moment = cell_datetime("2019/06/12 09:30")
    assert timezone.is_aware(moment) and timezone.localtime(moment).hour == 9


@pytest.mark.parametrize("bad", ["abc", "2019-13-01"])
def test_a_bad_date_names_the_value(bad):
    with pytest.raises(CellError, match=bad):
        cell_date(bad)


def test_numbers_integers_and_yes_no():
    assert cell_decimal("-1.5") == Decimal("-1.5") and cell_decimal("") is None
    with pytest.raises(CellError, match="不是非负数"):
        cell_decimal("-1", non_negative=True)
    with pytest.raises(CellError, match="不是数字"):
        cell_decimal("NaN")
    assert cell_int(3.0) == 3 and cell_int(None) == 0
    with pytest.raises(CellError, match="应为非负整数"):
        cell_int("2.5")
    assert cell_yes_no("是") is True and cell_yes_no("") is False
    with pytest.raises(CellError):
        cell_yes_no("也许")
