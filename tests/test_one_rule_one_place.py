"""One rule, one place (issue 16): who may do what lives in the permission layer, which status
follows which in the lifecycle tables. These checks keep the copies from growing back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {"tests", "migrations", ".venv", "node_modules", "static", "media", "artifacts"}
# Where roles may be named: the permission layer itself, the role choices, the scoping mechanism
# (for_user), and the User model's own definition of "sees everything".
ROLE_HOMES = {"accounts/permissions.py", "accounts/choices.py", "accounts/models.py"}


def project_py():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS & set(rel.parts) or rel.parts[0] == "manage.py":
            continue
        yield rel.as_posix(), path


def _is_role_collection(node) -> bool:
    """A tuple/set/list/frozenset literal of two or more ``Role.X`` members."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("frozenset", "set", "tuple") and node.args:
        node = node.args[0]
    if not isinstance(node, ast.Tuple | ast.Set | ast.List):
        return False
    members = [e for e in node.elts if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id == "Role"]
    return len(members) >= 2 and len(members) == len(node.elts)


class _RoleRules(ast.NodeVisitor):
    """Role tables at module level (``OFFICE_ROLES = (Role.OFFICE, Role.ADMIN)``) and role tests
    (``user.role in (Role.GRID, Role.STREET)``) — hand-made permissions. Not counted: the scoping
    mechanism (``for_user`` methods, accounts/scoping.py) and query filters (``role__in=[…]``: whom
    to notify, whom to offer as a reviewer), which are data, not authorization."""

    def __init__(self):
        self.found: list[int] = []
        self.in_for_user = 0

    def visit_Module(self, node):
        for stmt in node.body:
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None and _is_role_collection(stmt.value):
                self.found.append(stmt.lineno)
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        scoped = node.name == "for_user"
        self.in_for_user += scoped
        self.generic_visit(node)
        self.in_for_user -= scoped

    def visit_Compare(self, node):
        if not self.in_for_user and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops) \
                and any(_is_role_collection(c) for c in node.comparators):
            self.found.append(node.lineno)
        # ``user.role == "enterprise"``: a role spelled as a string (a predicate of accounts.permissions)
        sides = [node.left, *node.comparators]
        if any(isinstance(x, ast.Attribute) and x.attr == "role" for x in sides) \
                and any(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in sides):
            self.found.append(node.lineno)
        self.generic_visit(node)


def test_no_role_tuple_outside_the_permission_layer():
    found = []
    for rel, path in project_py():
        if rel in ROLE_HOMES or rel == "accounts/scoping.py" or rel.endswith("permissions.py"):
            continue
        visitor = _RoleRules()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += [f"{rel}:{line}" for line in visitor.found]
    assert not found, "role tables/tests outside the permission layer (define a permission instead): " + ", ".join(found)


def test_office_and_admin_are_never_spelled_out():
    pattern = re.compile(r"Role\.OFFICE,\s*Role\.ADMIN|Role\.ADMIN,\s*Role\.OFFICE")
    found = [rel for rel, path in project_py() if rel not in ROLE_HOMES and pattern.search(path.read_text(encoding="utf-8"))]
    assert not found, f"use accounts.permissions.is_office / User.sees_everything instead: {found}"


def test_templates_compare_no_status_or_role_string():
    pattern = re.compile(r"""\.(status|stage|role)\s*(==|!=)\s*['"]|['"]\s*(==|!=)\s*\w+\.(status|stage|role)\b""")
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "{%" in line and pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{no}")
    assert not found, "templates ask {% actions %}/{% can %} or a model property, never a status/role string: " + ", ".join(found)


def test_shared_helpers_exist_once():
    names = {"error_text", "add_service_errors", "apply_errors", "_require_office", "is_office", "audit_history",
             "visible_departments", "cell_text", "cell_int", "cell_date", "BootstrapMixin", "ReadOnlyAdmin",
             "RoleRequiredMixin"}
    where: dict[str, list[str]] = {}
    for rel, path in project_py():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name in names:
                where.setdefault(node.name, []).append(f"{rel}:{node.lineno}")
    copies = {name: places for name, places in where.items() if len(places) > 1}
    assert not copies, f"defined more than once: {copies}"
    assert "RoleRequiredMixin" not in where, "pages use accounts.permissions.PermissionRequiredMixin"
