"""The role-based navigation: a registry owned by accounts that each app fills from its ``home``
module (imported by its AppConfig.ready()), so accounts knows no app above it::

    from accounts.navigation import register_menu
    register_menu("隐患治理", order=30, entries=[("隐患台账", "hazards:ledger", "hazards.view_ledger"), ...])

An entry is (label, url name, permission name or None = every signed-in user): the link shows
exactly when ``can(user, permission)`` — the same named permission the page itself requires. Menus show in ``order`` after
the plain links (首页); apps may share a menu (失信名单 joins 企业), their entries in registration
order, i.e. INSTALLED_APPS order. A menu with a single visible entry shows as a plain link, so an
enterprise user's bar stays short on a phone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

NavEntry = tuple[str, str, str | None]


@dataclass
class Menu:
    label: str
    order: int
    entries: list[NavEntry] = field(default_factory=list)


LINKS: list[NavEntry] = [("首页", "home", None)]
MENUS: dict[str, Menu] = {}


def register_menu(label: str, *, order: int, entries: Iterable[NavEntry]) -> Menu:
    """Add ``entries`` to the menu ``label`` (created at ``order`` by the first app that names it)."""
    menu = MENUS.setdefault(label, Menu(label, order))
    menu.entries += [e for e in entries if e not in menu.entries]
    return menu


def menus() -> list[Menu]:
    return sorted(MENUS.values(), key=lambda m: m.order)
