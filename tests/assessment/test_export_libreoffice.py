"""The 组织部 results export opens in LibreOffice (headless Calc converts it to CSV) with the Chinese
headers and the numbers the results page shows. bin/test installs LibreOffice Calc when missing."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.models import AssessedUnit
from tests.conftest import require_service

from .test_pages import login, published  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def test_results_export_opens_in_libreoffice_with_chinese_headers_and_the_page_numbers(world, published, tmp_path):  # noqa: F811
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    require_service(soffice is not None, "LibreOffice (soffice)")
    scheme, _ind, _streets, _units = published
    office = login(world.users["office"])
    page = office.get(reverse("assessment:results", args=[scheme.pk])).content.decode()
    xlsx = tmp_path / "考核结果.xlsx"
    xlsx.write_bytes(office.get(reverse("assessment:results", args=[scheme.pk]), {"export": "xlsx"}).content)
    # 44 = comma, 34 = double quote, 76 = UTF-8; a private profile so parallel runs don't share one.
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, text=True, timeout=180,
    )
    converted = tmp_path / "考核结果.csv"
    assert done.returncode == 0 and converted.exists(), done.stdout + done.stderr
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    assert "考核结果汇总表" in rows[0][0]
    assert rows[1] == ["序号", "单位类别", "被考核单位", "基础工作", "隐患治理", "总分", "考核等次", "同类排名", "一票否决原因"]
    by_name = {r[2]: r for r in rows[2:] if len(r) > 2 and r[2]}
    units = AssessedUnit.objects.filter(scheme=scheme)
    assert len(by_name) == units.count() == 3
    for unit in units:
        row = by_name[unit.name]
        assert Decimal(row[5]) == unit.total and f"{unit.total}" in page  # 总分, as on the page
        assert row[6] == unit.get_grade_display() and row[6] in page
        assert int(row[7]) == unit.rank
