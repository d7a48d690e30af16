"""Error pages are part of the product: styled, in Chinese, with the menu (when signed in) and a
way back — never Django's bare "403 Forbidden" or a blank 500 (issue 22, item 5)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def _assert_error_page(html: str) -> None:
    assert "智慧安监" in html
    assert "返回首页" in html and 'href="/"' in html
    assert "data-history-back" in html  # 返回上一页, wired in static/js/app.js (no inline script: CSP)
    assert "<script>" not in html


def test_404_for_a_signed_in_user_keeps_the_menu(client, world):
    client.force_login(world.users["ent_a"])
    response = client.get("/no-such-page/<b>x</b>")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_error_page(html)
    assert "页面不存在" in html
    assert 'id="mainnav"' in html  # the navigation is there: the user is not stranded
    assert "<b>x</b>" not in html  # the requested path is shown escaped


def test_404_for_an_anonymous_visitor_offers_the_login(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _assert_error_page(html)
    assert reverse("login") in html


def test_403_names_the_reason(client, world):
    client.force_login(world.users["ent_a"])
    response = client.get(reverse("accidents:import"))
    assert response.status_code == 403
    html = response.content.decode()
    _assert_error_page(html)
    assert "您无权进行此操作" in html
    assert 'id="mainnav"' in html


def test_403_shows_the_permission_layers_chinese_reason(rf: RequestFactory, world):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.views.defaults import permission_denied

    request = rf.get("/hazards/1/")
    request.user = world.users["grid_a"] if "grid_a" in world.users else world.users["ent_a"]
    request.session = {}
    request._messages = FallbackStorage(request)
    response = permission_denied(request, PermissionDenied("您无权验收该隐患"))
    assert response.status_code == 403
    assert "您无权验收该隐患" in response.content.decode()


def test_500_renders_without_a_request_context(rf: RequestFactory, db):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    _assert_error_page(html)
    assert "系统出现错误" in html
