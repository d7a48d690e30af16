"""Permission-matrix rows of the cockpit (cockpit): the cockpit for streets, departments
and the office; the risk map also for grid officers; the 晾晒通报 league table for the office."""

from . import page

NOT_STAFF = {"ent_a": 403, "ent_b": 403, "expert": 403}
COCKPIT = {**NOT_STAFF, "grid_a": 403}

ROUTES = {
    "cockpit:index": page(**COCKPIT),
    "cockpit:map": page(**NOT_STAFF),
    "cockpit:map_data": page(kwargs=lambda w: {"layer": "enterprises"}, **NOT_STAFF),
    "cockpit:league": page(default=403, office=200, admin=200),
}
