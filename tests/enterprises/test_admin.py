from accounts.models import AuditLog


def test_admin_change_goes_through_the_service_and_is_recorded(world):
    e = world.ent_a
    client = world.client("admin")
    url = f"/admin/enterprises/enterprise/{e.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["departments"] = [world.dept.pk]
    data["legal_rep"] = "后台改名"
    for flag in [k for k in list(data) if k.startswith("flag_")]:
        if not data[flag]:
            data.pop(flag)
    for prefix in ("licences", "risk_points"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    e.refresh_from_db()
    assert e.legal_rep == "后台改名"
    log = AuditLog.objects.get(action="企业信息变更", object_id=str(e.pk))
    assert log.actor == world.users["admin"] and log.changes["legal_rep"] == ["张三", "后台改名"]
