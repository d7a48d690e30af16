"""A button is shown exactly when its action is allowed — for every status × role of a lifecycle.

Templates mark each control of a lifecycle action with ``data-action="<action>"`` (see
accounts/lifecycle.py). ``assert_buttons_match`` puts the object in every status of the table (a
queryset update: no service, no side effects), opens its page as every given user and compares the
marked actions on the page with ``lifecycle.allowed_actions(user, obj)``.

    def test_hazard_buttons(world):
        assert_buttons_match(HAZARD, hazard, reverse("hazards:detail", args=[hazard.pk]), world.users())
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.test import Client

from accounts.lifecycle import Lifecycle

ACTION_RE = re.compile(r'data-action="([a-z_]+)"')


def shown_actions(html: str, lifecycle: Lifecycle) -> set[str]:
    return {a for a in ACTION_RE.findall(html) if a in lifecycle.transitions}


def assert_buttons_match(lifecycle: Lifecycle, obj, url: str, users: Iterable, *, statuses: Iterable[str] | None = None,
                         prepare=None) -> int:
    """Returns how many (status, user) pages were compared (so a test can assert it checked some).
    ``prepare(obj, status)`` may adjust the object for a status (e.g. set a verifier) after the update."""
    model = type(obj)
    failures, checked = [], 0
    users = list(users)
    for status in statuses or lifecycle.labels:
        model.objects.filter(pk=obj.pk).update(**{lifecycle.status_field: status})
        obj.refresh_from_db()
        if prepare is not None:
            prepare(obj, status)
            obj.refresh_from_db()
        for user in users:
            client = Client()
            client.force_login(user)
            response = client.get(url)
            if response.status_code == 404:
                continue  # out of scope: no page, no buttons
            assert response.status_code == 200, f"{url} as {user} in {status}: {response.status_code}"
            shown = shown_actions(response.content.decode(), lifecycle)
            allowed = lifecycle.allowed_actions(user, obj)
            checked += 1
            if shown != allowed:
                failures.append(f"{status} / {user.username} ({user.role}): shown {sorted(shown)}, allowed {sorted(allowed)}")
    assert not failures, f"{lifecycle.name}: buttons differ from the transition table:\n" + "\n".join(failures)
    assert checked, f"{lifecycle.name}: no page was compared"
    return checked
