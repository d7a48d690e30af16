from . import api, page

ROUTES = {
    "home": page(),
    "login": page(anon=200),
    "logout": page(default=405, anon=405),  # POST only (CSRF-protected form in the header)
    "password_change": page(),
    "password_change_done": page(),
    "healthz": page(anon=200),
    "api-schema": api(),
    "api-docs": api(),
    "me": api(),
    "api-root": api(),
    "region-list": api(),
    "region-detail": api(kwargs=lambda w: {"pk": w.cell_a.pk}, ent_a=404, ent_b=404, street_b=404, expert=200),
    "industry-list": api(),
    "industry-detail": api(kwargs=lambda w: {"pk": w.industry.pk}),
    "department-list": api(),
    "department-detail": api(kwargs=lambda w: {"pk": w.dept.pk}),
}
ROUTES.update({
    "notifications": page(),
    "notifications_read": page(default=405, anon=302),  # POST only
})


# --- WRITES (issue 16) ---------------------------------------------------------------------------
# Every POST/PUT/PATCH/DELETE route and API write action of this app × every role, recorded from
# main with an empty body (see tests/permissions/__init__.py: ``write``/``api_action``). A row marked
# xfail names an inconsistency that the apps are being fixed for: its sets say the intended answer.

from . import EVERYONE, SIGNED_IN, write  # noqa: E402

WRITES = [
    write("login", EVERYONE),
    write("logout", SIGNED_IN),
    write("notifications_read", SIGNED_IN),
    write("password_change", SIGNED_IN),
]
