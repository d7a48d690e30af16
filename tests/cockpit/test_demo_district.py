"""Over the demo district: every number on the cockpit (office, a street, a department) and on the
晾晒通报 equals the row count of the list it links to, fetched as the same user."""

import pytest
from django.core.management import call_command

from accounts.models import User

from .drilldown import figures, mismatches

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.COCKPIT_CACHE_SECONDS = 0
    call_command("seed_demo", enterprises=300, stdout=open("/dev/null", "w"))  # noqa: SIM115


def client_for(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_every_cockpit_and_league_number_equals_the_rows_of_the_list_it_links_to(demo, client):
    for username in ("anweiban", "jiedao", "yingji"):
        c = client_for(client, username)
        page = c.get("/cockpit/")
        assert page.status_code == 200
        html = page.content.decode()
        checked, wrong = mismatches(c, html)
        assert not wrong, f"{username}: {wrong}"
        # filing (2 weeks × 5), hazards, accidents, drills, expiry, top-10 tables — all checked
        assert checked >= 25, f"{username}: only {checked} figures checked"
        assert sum(1 for _, check, _ in figures(html) if check) == checked

    # 晾晒通报 (one seeded district for both: seeding takes most of the test's time)
    c = client_for(client, "anweiban")
    page = c.get("/cockpit/league/")
    assert page.status_code == 200
    checked, wrong = mismatches(c, page.content.decode())
    assert not wrong, wrong
    assert checked == 5 * (8 + 6)  # 8 streets and 6 departments, five counted figures each
