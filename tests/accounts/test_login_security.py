from accounts.models import AuditLog
from tests.factories import PASSWORD


def test_login_is_locked_after_five_failures_even_with_the_right_password(world, client):
    user = world.users["ent_a"]
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_and_failed_logins_are_audited(world, client):
    user = world.users["ent_a"]
    client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="登录", actor=user).exists()
    assert AuditLog.objects.filter(action="登录失败", note__startswith=user.username).exists()


def test_login_page_has_csrf_protection(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": world.users["ent_a"].username, "password": PASSWORD})
    assert response.status_code == 403
