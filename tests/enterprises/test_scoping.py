"""Out of scope is invisible (404) in pages, exports and the API."""

from io import BytesIO

from openpyxl import load_workbook

from accounts.choices import RegionKind
from accounts.models import Region
from tests.factories import EnterpriseFactory, RegionFactory


def _export_usccs(response) -> set[str]:
    ws = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    col = header.index("统一社会信用代码")
    return {row[col] for row in ws.iter_rows(min_row=2, values_only=True)}


def test_enterprise_user_gets_404_for_another_enterprise_in_page_api_and_export(world):
    client = world.client("ent_a")
    b = world.ent_b.pk
    assert client.get(f"/enterprises/{b}/").status_code == 404
    assert client.get(f"/enterprises/{b}/edit/").status_code == 404
    assert client.get(f"/api/v1/enterprises/{b}/").status_code == 404
    assert client.get(f"/api/v1/enterprises/{b}/risk-points/").status_code == 404
    assert client.patch(f"/api/v1/enterprises/{b}/", {"address": "x"}, content_type="application/json").status_code == 404
    assert _export_usccs(client.get("/enterprises/?export=xlsx")) == {world.ent_a.uscc}
    listed = client.get("/api/v1/enterprises/").json()
    assert [e["id"] for e in listed["results"]] == [world.ent_a.pk]


def test_enterprise_user_is_sent_to_its_own_file(world):
    response = world.client("ent_a").get("/enterprises/mine/")
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{world.ent_a.pk}/"


def test_grid_officer_sees_only_the_enterprises_of_its_cells(world):
    other_cell_same_community = RegionFactory(kind=RegionKind.GRID, parent=world.cell_a.parent)
    neighbour = EnterpriseFactory(name="邻网格企业", region=other_cell_same_community, industry=world.industry)
    client = world.client("grid_a")
    page = client.get("/enterprises/").content.decode()
    assert world.ent_a.name in page
    assert neighbour.name not in page and world.ent_b.name not in page
    assert client.get(f"/enterprises/{neighbour.pk}/").status_code == 404
    assert _export_usccs(client.get("/enterprises/?export=xlsx")) == {world.ent_a.uscc}
    assert {e["id"] for e in client.get("/api/v1/enterprises/").json()["results"]} == {world.ent_a.pk}


def test_street_officer_sees_only_its_street(world):
    deeper = RegionFactory(kind=RegionKind.GRID, parent=world.cell_a)  # a sub-grid: depth is data
    inner = EnterpriseFactory(name="子网格企业", region=deeper, industry=world.industry)
    client = world.client("street_a")
    usccs = _export_usccs(client.get("/enterprises/?export=xlsx"))
    assert usccs == {world.ent_a.uscc, inner.uscc}
    assert client.get(f"/enterprises/{world.ent_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/enterprises/{world.ent_b.pk}/").status_code == 404


def test_department_sees_the_enterprises_it_supervises(world):
    client = world.client("dept")
    ids = {e["id"] for e in client.get("/api/v1/enterprises/").json()["results"]}
    assert ids == {world.ent_a.pk}


def test_region_filter_takes_a_whole_subtree_and_offers_only_visible_regions(world):
    client = world.client("office")
    by_street = client.get(f"/api/v1/enterprises/?region={world.street_a.pk}").json()
    assert [e["id"] for e in by_street["results"]] == [world.ent_a.pk]
    page = world.client("street_a").get("/enterprises/").content.decode()
    assert "甲网格" in page and "乙网格" not in page  # the region select of a street officer
    # Choosing a region outside the user's scope is a filter error, never a way in.
    response = world.client("street_a").get(f"/api/v1/enterprises/?region={world.street_b.pk}")
    assert response.status_code == 400


def test_expert_sees_no_enterprise(world):
    client = world.client("expert")
    assert client.get("/api/v1/enterprises/").json()["count"] == 0
    assert client.get(f"/enterprises/{world.ent_a.pk}/").status_code == 404


def test_region_select_keeps_the_chosen_region_and_the_page_style(world):
    """The list's selects are rendered in Python (safety_platform.filters.FastSelect): the tree stays
    indented, the chosen region stays selected, the small Bootstrap style is kept."""
    page = world.client("office").get(f"/enterprises/?region={world.street_a.pk}").content.decode()
    select = page[page.index('<select name="region"'):]
    select = select[: select.index("</select>")]
    assert 'class="form-select form-select-sm"' in select
    assert f'<option value="{world.street_a.pk}" selected>' in select
    assert '<option value="" selected>' not in select  # "全部属地" is not chosen
    cell = Region.objects.get(name="甲网格")
    assert cell.depth > 0 and f">{'　' * cell.depth}甲网格</option>" in select
