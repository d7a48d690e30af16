"""Content-Security-Policy in the browser (issue 15).

The shared journey fixture (tests/e2e/conftest.py) fails every journey on a CSP violation; the first
test proves that guard fires. The others open the pages the other journeys do not reach — Django
admin, Swagger UI, DRF's browsable API, the public report form with its Leaflet map, the chart
pages, an error page — and use the static replacements of the old inline handlers (data-confirm,
data-print), all under the policy, with no violation and no console error.
"""

import pytest
from django.conf import settings

from enterprises.services import licence_save
from tests.factories import PASSWORD
from tests.hazards.factories import HazardFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_journey_guard_reports_inline_script_blocked_by_the_policy(journey):
    from csp.utils import build_policy

    j = journey("csp-guard")
    assert settings.CONTENT_SECURITY_POLICY
    body = ('<!doctype html><title>x</title><script>document.title = "ran";</script>'
            '<img src="/static/favicon.svg" onload="document.title = \'ran\'">')
    j.page.route(j.base + "/csp-probe/", lambda route: route.fulfill(
        status=200, body=body, headers={"Content-Type": "text/html; charset=utf-8",
                                        "Content-Security-Policy": build_policy()}))
    j.goto("/csp-probe/")
    j.page.wait_for_load_state("load")
    j.page.wait_for_timeout(300)
    assert j.page.title() == "x"  # neither the inline script nor the handler ran
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        j.check_csp()
    assert any(v.startswith("event: script-src") for v in j.csp_violations), j.csp_violations
    assert any(v.startswith("console: ") for v in j.csp_violations), j.csp_violations
    j.csp_violations.clear()  # seen; the fixture's own check at teardown must pass


def test_third_party_pages_work_under_the_policy(journey, world):
    HazardFactory(enterprise=world.ent_a)  # something for the statistics chart to draw
    j = journey("csp-third-party")
    j.goto("/reports/new/")  # public, no login: Leaflet map of the streets
    j.page.wait_for_selector("#report-map.leaflet-container")
    j.shot("report-map")
    j.login(world.users["admin"].username, PASSWORD)
    j.goto("/api/docs/")
    j.page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "智慧安监 API" in j.page.inner_text(".swagger-ui .info .title")
    j.shot("swagger")
    j.goto("/api/v1/")
    j.page.wait_for_selector(".response-info")
    j.goto("/admin/")
    assert j.page.locator("#site-name").count() == 1
    j.goto("/admin/accounts/user/add/")
    j.page.wait_for_selector("#user_form")
    j.shot("admin-form")
    j.goto("/accidents/indicators/")
    j.page.wait_for_selector("#indicator-chart canvas")
    j.goto("/hazards/statistics/")
    j.page.click("form button.btn-primary")
    j.page.wait_for_selector("#stat-chart canvas")
    j.check()
    j.goto("/no-such-page/")  # the browser logs the 404 itself; only the policy is checked here
    j.check_csp()


def test_confirm_and_print_buttons_work_without_inline_handlers(journey, world):
    licence = licence_save(enterprise=world.ent_a, by=None, kind="安全生产许可证", number="(蒙)CSP001")
    j = journey("csp-handlers")
    j.login(world.users["ent_a"].username, PASSWORD)
    j.goto(f"/enterprises/{world.ent_a.pk}/?tab=licences")
    delete = j.page.locator(f"form[action$='/licences/{licence.pk}/delete/'] button")
    asked = []
    j.page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    delete.click()
    j.page.wait_for_timeout(300)
    assert asked == ["确定删除该证照？"]
    assert world.ent_a.licences.filter(pk=licence.pk).exists()  # 取消: nothing sent
    j.page.once("dialog", lambda d: d.accept())
    with j.page.expect_navigation():
        delete.click()
    assert not world.ent_a.licences.filter(pk=licence.pk).exists()
    j.check()
    office = journey("csp-print")
    office.login(world.users["office"].username, PASSWORD)
    office.goto("/cockpit/league/")
    office.page.evaluate("window.print = function () { window.__printed = true; }")
    office.page.click("button[data-print]")
    assert office.page.evaluate("window.__printed") is True
    office.check()
