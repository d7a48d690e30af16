from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.choices import RiskLevel
from tests.factories import EnterpriseFactory


def _populate(world, n: int) -> None:
    for i in range(n):
        EnterpriseFactory(
            name=f"批量企业{i:03d}", region=world.cell_a, industry=world.industry, departments=[world.dept],
            flag_dust=i % 2 == 0, standardization_grade="3" if i % 3 == 0 else "",
        )


def test_list_runs_a_constant_number_of_queries_whatever_the_page_size(world, django_assert_num_queries):
    _populate(world, 110)
    client = world.client("office")
    client.get("/enterprises/?page_size=10")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        response = client.get("/enterprises/?page_size=10")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 10
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/enterprises/?page_size=100")
    assert len(response.context["object_list"]) == 100


def test_list_shows_flags_as_badges_and_the_street(world):
    world.ent_a.flag_hazchem = True
    world.ent_a.save()
    page = world.client("office").get("/enterprises/?q=甲企业").content.decode()
    assert 'badge text-bg-warning me-1">危化品<' in page
    assert "甲街道" in page
    assert world.ent_b.name not in page


def test_filters_combine_flag_grade_and_text(world):
    _populate(world, 6)
    client = world.client("office")
    rows = client.get("/enterprises/?flag=flag_dust&standardization=3&page_size=50").context["object_list"]
    assert {e.name for e in rows} == {"批量企业000"}  # 粉尘涉爆: 0, 2, 4; 三级: 0, 3
    none = client.get("/enterprises/?standardization=none&q=乙企业").context["object_list"]
    assert [e.pk for e in none] == [world.ent_b.pk]
    by_uscc = client.get(f"/enterprises/?q={world.ent_b.uscc[:12].lower()}").context["object_list"]
    assert world.ent_b in list(by_uscc)


def test_industry_filter_includes_child_industries(world):
    from tests.factories import IndustryFactory

    parent = IndustryFactory(code="C", name="制造业")
    world.industry.parent = parent
    world.industry.save()
    rows = world.client("office").get(f"/enterprises/?industry={parent.pk}").context["object_list"]
    assert [e.pk for e in rows] == [world.ent_a.pk]


def test_export_follows_the_filter(world):
    from io import BytesIO

    from openpyxl import load_workbook

    world.ent_a.risk_level = RiskLevel.MAJOR
    world.ent_a.save()
    response = world.client("office").get("/enterprises/?risk_level=major&export=xlsx")
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [world.ent_a.uscc]
    header = [c.value for c in ws[1]]
    assert rows[0][header.index("街道/镇")] == "甲街道"
    assert rows[0][header.index("风险等级")] == "重大风险（红）"
