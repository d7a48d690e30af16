import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_on_a_phone_shows_the_chinese_home_and_loads_nothing_foreign(journey, world):
    j = journey("smoke-login", phone=True)
    user = world.users["ent_a"]
    j.login(user.username, PASSWORD)
    assert j.page.locator("h1").first.inner_text().startswith("您好")
    assert "企业用户" in j.page.content()
    j.shot("home")
    j.check()


def test_wrong_password_is_refused_with_a_chinese_message(journey, world):
    j = journey("smoke-bad-login", phone=True)
    j.login(world.users["ent_a"].username, "wrong-password")
    assert "请输入一个正确的" in j.page.content() or "正确的用户名和密码" in j.page.content()
    j.shot("refused")
    j.check()
