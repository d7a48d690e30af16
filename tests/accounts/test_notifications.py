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
