def test_office_menus_are_grouped_by_domain(world):
    html = world.client("office").get("/").content.decode()
    assert 'data-bs-toggle="dropdown" aria-expanded="false">隐患治理</a>' in html
    assert html.index(">驾驶舱<") < html.index(">隐患治理<") < html.index(">事故<")


def test_enterprise_user_sees_only_its_own_menus(world):
    html = world.client("ent_a").get("/").content.decode()
    assert "驾驶舱" not in html
    assert "晾晒通报" not in html
    assert "本企业档案" in html
