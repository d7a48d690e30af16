"""Forced password change at first login, the length policy, recovery by SMS code and e-mail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import recovery
from accounts.models import OutboundMessage, PasswordResetCode
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW = "春眠不觉晓处处闻啼鸟"


def test_first_login_is_sent_to_change_the_password_until_it_is_changed(client):
    user = UserFactory(must_change_password=True)
    user.set_password("initial-pass-1")
    user.save()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("password_change"))
    assert client.get("/api/me/").status_code == 403
    short = client.post(reverse("password_change"), {"old_password": "initial-pass-1", "new_password1": "short12",
                                                     "new_password2": "short12"})
    assert short.status_code == 200 and "至少" in short.content.decode()
    done = client.post(reverse("password_change"), {"old_password": "initial-pass-1", "new_password1": NEW,
                                                    "new_password2": NEW})
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("home")).status_code == 200


def _code(user) -> str:
    text = OutboundMessage.objects.filter(recipient=user).latest("id").text
    return re.search(r"\d{6}", text).group()


def test_sms_code_resets_the_password_once():
    user = UserFactory(username="qiye-x", phone="13800000031", must_change_password=True)
    recovery.reset_code_request(identifier="13800000031")
    code = _code(user)
    recovery.reset_code_confirm(identifier="qiye-x", code=code, password=NEW)
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.must_change_password
    with pytest.raises(ValidationError, match="验证码"):
        recovery.reset_code_confirm(identifier="qiye-x", code=code, password=NEW + "2")


def test_sms_code_expires_and_dies_after_five_wrong_tries():
    user = UserFactory(phone="13800000032")
    recovery.reset_code_request(identifier=user.username)
    code = _code(user)
    for _ in range(recovery.RESET_CODE_TRIES):
        with pytest.raises(ValidationError, match="验证码"):
            recovery.reset_code_confirm(identifier=user.username, code="000000" if code != "000000" else "111111",
                                        password=NEW)
    with pytest.raises(ValidationError, match="验证码"):
        recovery.reset_code_confirm(identifier=user.username, code=code, password=NEW)
    later = timezone.now() + dt.timedelta(minutes=2)
    recovery.reset_code_request(identifier=user.username, now=later)
    fresh = _code(user)
    with pytest.raises(ValidationError, match="验证码"):
        recovery.reset_code_confirm(identifier=user.username, code=fresh, password=NEW,
                                    now=later + dt.timedelta(minutes=recovery.RESET_CODE_MINUTES + 1))


def test_codes_are_rate_limited_per_user():
    user = UserFactory(phone="13800000033")
    for _ in range(3):
        recovery.reset_code_request(identifier=user.username)
    assert PasswordResetCode.objects.filter(user=user).count() == 1


def test_the_request_page_never_says_whether_the_account_exists(client):
    UserFactory(username="known", phone="13800000034")
    known = client.post(reverse("password_reset_sms"), {"identifier": "known"}, follow=True).content.decode()
    unknown = client.post(reverse("password_reset_sms"), {"identifier": "nobody"}, follow=True).content.decode()
    assert "如该账号登记了手机号" in known and "如该账号登记了手机号" in unknown
    assert OutboundMessage.objects.count() == 1


def test_email_reset_goes_through_the_outbox(client, django_capture_on_commit_callbacks):
    UserFactory(email="safety@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "safety@example.com"})
    assert response.status_code == 302
    mail = OutboundMessage.objects.get(channel="email")
    assert "/accounts/reset/" in mail.text and mail.address == "safety@example.com"


def test_the_code_page_sets_the_new_password(client):
    user = UserFactory(username="qiye-y", phone="13800000035")
    client.post(reverse("password_reset_sms"), {"identifier": "13800000035"})
    code = _code(user)
    wrong = client.post(reverse("password_reset_sms_confirm"), {"identifier": "qiye-y", "code": "12345x",
                                                                "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200 and "验证码" in wrong.content.decode()
    done = client.post(reverse("password_reset_sms_confirm"), {"identifier": "qiye-y", "code": code,
                                                               "new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(NEW)
