"""A ``next`` parameter is followed only to this site: never to another host, scheme or script."""

import pytest
from django.test import RequestFactory

from accounts.models import Notification
from accounts.notifications import notify

HOSTILE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
           "javascript:alert(1)", "https:/evil.example", " //evil.example/"]


@pytest.mark.parametrize("target", HOSTILE)
def test_mark_read_never_redirects_off_site(world, target):
    notify(recipients=[world.users["ent_a"]], title="隐患即将逾期")
    response = world.client("ent_a").post("/notifications/read/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=world.users["ent_a"], read_at__isnull=True).exists()


def test_mark_read_follows_a_local_next(world):
    response = world.client("ent_a").post("/notifications/read/", {"next": "/hazards/?status=open"})
    assert response["Location"] == "/hazards/?status=open"


@pytest.mark.parametrize("target", HOSTILE)
def test_safe_next_falls_back_to_the_default_for_get_and_post(target):
    from safety_platform.http import safe_next

    rf = RequestFactory()
    assert safe_next(rf.get("/x/", {"next": target}), "notifications") == "/notifications/"
    assert safe_next(rf.post("/x/", {"next": target}), "/hazards/") == "/hazards/"


def test_safe_next_keeps_local_paths_and_refuses_plain_http_on_a_secure_request():
    from safety_platform.http import safe_next

    rf = RequestFactory()
    assert safe_next(rf.get("/x/", {"next": "/hazards/"}), "/") == "/hazards/"
    assert safe_next(rf.get("/x/", {"back": "/hazards/"}), "/", param="back") == "/hazards/"
    own_http = rf.get("/x/", {"next": "http://testserver/hazards/"}, secure=True)
    assert safe_next(own_http, "/") == "/"
    assert safe_next(rf.get("/x/", {"next": "https://testserver/hazards/"}, secure=True), "/") == "https://testserver/hazards/"
