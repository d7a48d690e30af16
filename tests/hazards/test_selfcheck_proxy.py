"""Issue 17 item 4: 代报 — a grid officer (its cells) or street (its street) files the weekly
self-check for an enterprise that cannot use the platform, recorded with who and why, under the
same honesty rules as the enterprise's own filing, and shown/counted distinctly."""


import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLog
from accounts.permissions import can
from enterprises.models import Enterprise
from hazards import selectors, services
from hazards.choices import FilingStatus, HazardSource
from hazards.models import Hazard, SelfCheck
from hazards.rules import week_start_of

from .factories import CheckItemFactory

pytestmark = pytest.mark.django_db

REASON = "企业无智能手机，负责人不会操作"


@pytest.fixture
def items(world):
    a = CheckItemFactory(template__industry=world.industry, description="除尘系统是否正常运行")
    b = CheckItemFactory(template=a.template, description="是否存在粉尘积累")
    return a, b


def week():
    return week_start_of(timezone.localdate())


def file_for(world, user="grid_a", enterprise=None, **kw):
    a, b = kw.pop("items")
    kw.setdefault("answers", [{"item": a, "result": "ok"}, {"item": b, "result": "na"}])
    kw.setdefault("zero_report", True)
    return services.selfcheck_submit(enterprise=enterprise or world.ent_a, by=world.users[user], week_start=week(),
                                     on_behalf=True, proxy_reason=REASON, **kw)


def test_grid_officer_files_for_an_enterprise_in_its_cell(world, items):
    sc = file_for(world, items=items)
    assert sc.is_proxy and sc.proxy_reason == REASON and sc.submitted_by == world.users["grid_a"]
    assert sc.is_zero and sc.answers.count() == 2
    log = AuditLog.objects.get(action="自查周报代报", object_id=str(sc.pk))
    assert log.actor == world.users["grid_a"] and REASON in log.note


def test_street_files_for_its_street(world, items):
    assert file_for(world, user="street_a", items=items).is_proxy


def test_refused_outside_its_cells(world, items):
    with pytest.raises(PermissionDenied) as exc:
        file_for(world, enterprise=world.ent_b, items=items)
    assert "本人网格" in str(exc.value)
    with pytest.raises(PermissionDenied):
        file_for(world, user="street_a", enterprise=world.ent_b, items=items)
    assert not SelfCheck.objects.exists()


@pytest.mark.parametrize("user", ["dept", "office", "ent_a"])
def test_only_grid_and_street_may_file_for(world, items, user):
    assert not can(world.users[user], "hazards.file_selfcheck_for", world.ent_a)
    with pytest.raises(PermissionDenied):
        file_for(world, user=user, items=items)


def test_reason_is_required(world, items):
    with pytest.raises(ValidationError) as exc:
        services.selfcheck_submit(enterprise=world.ent_a, by=world.users["grid_a"], week_start=week(),
                                  on_behalf=True, proxy_reason="  ", zero_report=True,
                                  answers=[{"item": items[0], "result": "ok"}, {"item": items[1], "result": "ok"}])
    assert "代报原因" in str(exc.value)
    assert not SelfCheck.objects.exists()


def test_proxy_zero_report_without_answers_is_refused(world, items):
    with pytest.raises(ValidationError) as exc:
        file_for(world, items=items, answers=[])
    assert "零报告须逐项确认" in exc.value.messages[0]
    assert not SelfCheck.objects.exists()


def test_without_on_behalf_an_officer_cannot_file(world, items):
    with pytest.raises(PermissionDenied):
        services.selfcheck_submit(enterprise=world.ent_a, by=world.users["grid_a"], week_start=week(),
                                  zero_report=True, answers=[{"item": i, "result": "ok"} for i in items])


def test_proxy_findings_open_hazards_through_the_same_service(world, items):
    a, b = items
    sc = file_for(world, items=items, zero_report=False,
                  answers=[{"item": a, "result": "ok"}, {"item": b, "result": "fail", "responsible": "厂长 王五"}])
    h = Hazard.objects.get(self_check=sc)
    assert h.source == HazardSource.SELF_CHECK and h.reporter == world.users["grid_a"] and sc.hazards_found == 1


def test_filing_board_counts_proxy_separately(world, items):
    file_for(world, items=items)
    counts = selectors.filing_counts(Enterprise.objects.for_user(world.users["office"]), week())
    assert counts[selectors.PROXY] == 1 and counts[FilingStatus.ZERO] == 1
    page = world.client("grid_a").get(reverse("hazards:filing_board"))
    html = page.content.decode()
    assert page.status_code == 200 and "代报" in html
    assert page.context["counts"][selectors.PROXY] == 1
    only_proxy = world.client("office").get(reverse("hazards:filing_board") + "?proxy=1")
    assert [e.pk for e in only_proxy.context["object_list"]] == [world.ent_a.pk]


def test_board_links_to_proxy_filing_for_missing_rows(world, items):
    url = reverse("hazards:selfcheck_proxy", kwargs={"enterprise": world.ent_a.pk})
    assert url in world.client("grid_a").get(reverse("hazards:filing_board")).content.decode()
    assert url not in world.client("office").get(reverse("hazards:filing_board")).content.decode()


def test_proxy_page_files_and_enterprise_sees_it(world, items):
    a, b = items
    url = reverse("hazards:selfcheck_proxy", kwargs={"enterprise": world.ent_a.pk})
    grid = world.client("grid_a")
    assert grid.get(url).status_code == 200
    data = {"week": week().isoformat(), "zero_report": "on", f"r_{a.pk}": "ok", f"r_{b.pk}": "na"}
    refused = grid.post(url, data)
    assert refused.status_code == 400 and "代报原因" in refused.content.decode()
    response = grid.post(url, {**data, "proxy_reason": REASON})
    sc = SelfCheck.objects.get(enterprise=world.ent_a)
    assert response.status_code == 302 and sc.is_proxy
    ent = world.client("ent_a")
    detail = ent.get(reverse("hazards:selfcheck_detail", kwargs={"pk": sc.pk})).content.decode()
    assert "代报" in detail and REASON in detail
    assert "代报" in ent.get(reverse("hazards:selfcheck_list")).content.decode()
    assert "代报" in ent.get(reverse("hazards:selfcheck_week")).content.decode()
    assert any("代报" in str(c["value"]) for c in ent.get("/").context["cards"])


def test_proxy_page_refused_outside_scope(world, items):
    url = reverse("hazards:selfcheck_proxy", kwargs={"enterprise": world.ent_b.pk})
    assert world.client("grid_a").get(url).status_code in (403, 404)
    assert world.client("ent_a").get(url).status_code == 403


def test_enterprise_may_amend_a_proxy_filing_and_it_stays_marked(world, items):
    """Decision: the week is the enterprise's own record — it may correct it before the deadline
    (it is the one responsible for it, and may have got a phone since); the 代报 mark stays, and
    the officer cannot amend (hazards.amend_selfcheck stays the enterprise's)."""
    a, b = items
    sc = file_for(world, items=items)
    assert not can(world.users["grid_a"], "hazards.amend_selfcheck", sc)
    amended = services.selfcheck_amend(
        self_check=sc, by=world.users["ent_a"],
        answers=[{"item": a, "result": "ok"}, {"item": b, "result": "fail", "responsible": "李强"}],
    )
    assert amended.amend_count == 1 and amended.is_proxy and amended.proxy_reason == REASON


def test_api_on_behalf(world, items):
    a, b = items
    url = "/api/v1/self-checks/on-behalf/"
    body = {"week_start": week().isoformat(), "zero_report": True, "enterprise": world.ent_a.pk,
            "answers": [{"item": a.pk, "result": "ok"}, {"item": b.pk, "result": "na"}]}
    assert world.client("grid_a").post(url, body, content_type="application/json").status_code == 400  # no reason
    assert world.client("ent_a").post(url, {**body, "proxy_reason": REASON},
                                      content_type="application/json").status_code == 403
    outside = world.client("grid_a").post(url, {**body, "enterprise": world.ent_b.pk, "proxy_reason": REASON},
                                          content_type="application/json")
    assert outside.status_code == 403 and "本人网格" in str(outside.json())
    ok = world.client("grid_a").post(url, {**body, "proxy_reason": REASON}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["is_proxy"] and ok.json()["proxy_reason"] == REASON
    zero = world.client("street_a").post(url, {**body, "answers": [], "proxy_reason": REASON, "week_start":
                                               (week() - dt.timedelta(weeks=1)).isoformat()},
                                         content_type="application/json")
    assert zero.status_code == 400 and "零报告须逐项确认" in str(zero.json())
