"""Only the enterprise's own users may amend a filed self-check — page and API share the service rule."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from hazards import services
from hazards.choices import CheckResult
from hazards.models import SelfCheck
from hazards.rules import week_start_of

from .factories import CheckItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(world):
    """ent_a's self-check of this week, filed with one failed item (one hazard opened)."""
    a = CheckItemFactory(template__industry=world.industry, description="除尘系统是否正常运行")
    b = CheckItemFactory(template=a.template, description="是否存在粉尘积累")
    return services.selfcheck_submit(
        enterprise=world.ent_a, by=world.users["ent_a"], week_start=week_start_of(timezone.localdate()),
        note="原始填报",
        answers=[{"item": a, "result": CheckResult.OK},
                 {"item": b, "result": CheckResult.FAIL, "responsible": "车间主任 李强"}],
    )


def snapshot(sc: SelfCheck):
    sc.refresh_from_db()
    return (sc.is_zero, sc.note, sc.amend_count, sc.amended_at, sc.hazards_found,
            sorted(sc.answers.values_list("item_id", "result", "hazard_id")))


def amend(world, role, sc):
    payload = {"week_start": sc.week_start.isoformat(), "zero_report": True, "note": "被改写"}
    return world.client(role).post(f"/api/v1/self-checks/{sc.pk}/amend/", payload, content_type="application/json")


@pytest.mark.parametrize("role", ["grid_a", "street_a", "office", "dept", "admin"])
def test_staff_in_scope_cannot_amend_an_enterprise_self_check_through_the_api(world, filed, role):
    before = snapshot(filed)
    response = amend(world, role, filed)
    assert response.status_code == 403
    assert "本企业" in response.json()["detail"]
    assert snapshot(filed) == before


@pytest.mark.parametrize("role", ["ent_b", "street_b", "dept_other"])
def test_users_out_of_scope_get_404_and_change_nothing(world, filed, role):
    before = snapshot(filed)
    assert amend(world, role, filed).status_code == 404
    assert snapshot(filed) == before


def test_the_enterprise_itself_amends_through_the_api(world, filed):
    # a week that found a hazard cannot become a 零报告 (issue 18) — the enterprise corrects it otherwise
    a, b = (ans.item for ans in filed.answers.order_by("item_id"))
    assert amend(world, "ent_a", filed).status_code == 400
    payload = {"week_start": filed.week_start.isoformat(), "note": "被改写",
               "answers": [{"item": a.pk, "result": "na"}, {"item": b.pk, "result": "fail"}]}
    response = world.client("ent_a").post(f"/api/v1/self-checks/{filed.pk}/amend/", payload,
                                          content_type="application/json")
    assert response.status_code == 200, response.content
    filed.refresh_from_db()
    assert not filed.is_zero and filed.note == "被改写" and filed.amend_count == 1 and filed.hazards_found == 1


@pytest.mark.parametrize("role", ["grid_a", "office", "ent_b"])
def test_the_service_refuses_anyone_but_the_enterprise_with_a_chinese_reason(world, filed, role):
    with pytest.raises(PermissionDenied, match="本企业"):
        services.selfcheck_amend(self_check=filed, by=world.users[role], zero_report=True)
    assert snapshot(filed)[2] == 0


def test_the_detail_page_offers_amending_only_to_the_enterprise(world, filed):
    url = reverse("hazards:selfcheck_detail", kwargs={"pk": filed.pk})
    assert world.client("ent_a").get(url).context["can_amend"] is True
    assert world.client("grid_a").get(url).context["can_amend"] is False
