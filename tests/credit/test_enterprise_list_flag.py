"""失信 on the enterprise list (badge and filter), and the public entry points on the login page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.credit.choices import ListingStatus
from tests.factories import EnterpriseFactory

from .factories import CreditListingFactory

BADGE = 'title="在严重违法失信名单中">失信</span>'


def test_listed_enterprises_carry_a_red_badge_on_the_list(world):
    CreditListingFactory(enterprise=world.ent_a)
    CreditListingFactory(enterprise=world.ent_b, status=ListingStatus.REMOVED)
    response = world.client("office").get("/enterprises/")
    rows = {e.name: [m.key for m in e.marks] for e in response.context["object_list"]}
    assert rows == {world.ent_a.name: ["credit"], world.ent_b.name: []}
    assert response.content.decode().count(BADGE) == 1


def test_the_enterprise_export_has_a_credit_list_column(world):
    from io import BytesIO

    from openpyxl import load_workbook

    CreditListingFactory(enterprise=world.ent_a)
    CreditListingFactory(enterprise=world.ent_b, status=ListingStatus.REMOVED)
    response = world.client("office").get("/enterprises/?export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(r for r in rows if r and "严重失信名单" in r)
    col, name_col = header.index("严重失信名单"), header.index("企业名称")
    flags = {r[name_col]: r[col] for r in rows[rows.index(header) + 1:] if r[name_col]}
    assert flags == {world.ent_a.name: "是", world.ent_b.name: None}


def test_filter_shows_only_enterprises_on_the_list_now(world):
    CreditListingFactory(enterprise=world.ent_a, status=ListingStatus.REMOVAL_PROPOSED)  # still listed
    CreditListingFactory(enterprise=world.ent_b, status=ListingStatus.REMOVED)
    rows = world.client("office").get("/enterprises/?credit=listed").context["object_list"]
    assert [e.pk for e in rows] == [world.ent_a.pk]


def test_the_badge_adds_no_query_per_row(world):
    for i in range(40):
        e = EnterpriseFactory(name=f"批量企业{i:03d}", region=world.cell_a, industry=world.industry, departments=[world.dept])
        if i % 3 == 0:
            CreditListingFactory(enterprise=e)
    client = world.client("office")
    client.get("/enterprises/?page_size=5")
    with CaptureQueriesContext(connection) as small:
        client.get("/enterprises/?page_size=5")
    with CaptureQueriesContext(connection) as large:
        response = client.get("/enterprises/?page_size=50")
    assert len(large.captured_queries) == len(small.captured_queries)
    assert sum(bool(e.marks) for e in response.context["object_list"]) == 14


def test_login_page_links_to_the_public_report_form_and_the_credit_list(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/reports/new/"' in page and 'href="/credit/public/"' in page
