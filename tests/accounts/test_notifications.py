from accounts.models import Notification
from accounts.notifications import notify


def test_notify_is_idempotent_per_dedup_key(world):
    users = [world.users["ent_a"], world.users["grid_a"]]
    first = notify(recipients=users, title="请填报本周隐患自查", dedup_key="selfcheck:2026-W48")
    again = notify(recipients=users, title="请填报本周隐患自查", dedup_key="selfcheck:2026-W48")
    assert len(first) == 2
    assert again == []
    assert Notification.objects.filter(dedup_key="selfcheck:2026-W48").count() == 2


def test_notifications_without_key_always_send(world):
    u = world.users["ent_a"]
    notify(recipients=[u], title="A")
    notify(recipients=[u], title="A")
    assert Notification.objects.filter(recipient=u).count() == 2


def test_unread_count_shows_in_header_and_mark_read(world):
    u = world.users["ent_a"]
    notify(recipients=[u], title="隐患即将逾期")
    client = world.client("ent_a")
    page = client.get("/notifications/").content.decode()
    assert "隐患即将逾期" in page and 'badge bg-danger">1<' in page
    client.post("/notifications/read/")
    assert not Notification.objects.filter(recipient=u, read_at__isnull=True).exists()


def test_user_sees_only_own_notifications(world):
    notify(recipients=[world.users["ent_b"]], title="乙企业的通知")
    assert "乙企业的通知" not in world.client("ent_a").get("/notifications/").content.decode()


def test_notify_writes_a_batch_in_a_constant_number_of_statements(db, django_assert_max_num_queries,
                                                                   django_capture_on_commit_callbacks, monkeypatch):
    """Issue 21: notifications and their outbox copies are written as sets (one INSERT … ON CONFLICT
    DO NOTHING, one bulk INSERT) and handed to the worker in batches, not one task per message."""
    from accounts import outbox
    from accounts.models import Notification, OutboundMessage
    from accounts.notifications import notify
    from tests.factories import UserFactory

    users = [UserFactory(phone=f"1370000{i:04d}") for i in range(30)]
    batches: list[list[int]] = []
    monkeypatch.setattr(outbox, "dispatch_many", lambda pks: batches.append(list(pks)))
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(6):
        created = notify(recipients=users, title="请填报周报", dedup_key="k1", sms=True)
    assert len(created) == 30 and all(n.pk for n in created)
    assert Notification.objects.filter(dedup_key="k1").count() == 30
    assert sorted(pk for b in batches for pk in b) == sorted(OutboundMessage.objects.values_list("pk", flat=True))
    assert len(batches) == 1
    # a rerun, and one racing past the pre-check, add nothing
    assert notify(recipients=users, title="请填报周报", dedup_key="k1", sms=True) == []
    from accounts import notifications

    monkeypatch.setattr(notifications.Notification.objects, "filter",
                        lambda *a, **k: Notification.objects.none())
    assert notify(recipients=users, title="请填报周报", dedup_key="k1", sms=True) == []
    assert OutboundMessage.objects.count() == 30
