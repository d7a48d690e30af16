"""Floors point one way (STYLE.md): ``safety_platform`` and ``accounts`` at the bottom, the domain
apps above them, the cockpit (which reads everything) on top. A lower floor learns about a higher
one only through a signal or a registry it owns, never an import.

Inside the bottom floor, ``safety_platform`` (settings, URLs, Celery and the shared base classes,
which accounts uses too) lies below ``accounts``: it imports no project app at all.

How the graph is read: every ``.py`` file of the project's packages (each top-level package of the
repository except ``tests``, migrations included) is parsed with ``ast``; every ``import`` and
``from … import`` counts, at module level or inside a function, class or ``if TYPE_CHECKING:``
block, relative ones resolved, and so does ``import_module("<literal>")``. String references are
not imports and are not counted: the root URLconf's ``include("hazards.urls")``, INSTALLED_APPS
and lazy model references (``"enterprises.Enterprise"``) are where the project is assembled.

Nodes: each top-level package is a node, and so is each nested Django app (a sub-package with an
``apps.py``: hazards.reporting, enterprises.credit, enterprises.responsibility); a module belongs
to the innermost one that contains it.

- Layering looks at the top-level package only: a nested app counts as its parent's floor
  (hazards.reporting is a domain app; an app nested in accounts would be on the bottom floor).
- Cycles look at every node, nested apps included: a nested app may import its parent (credit
  reads ``Enterprise``) but then its parent must not import it back — enterprises learns about
  the credit list through the registry ``enterprises.marks``, inspections through its signals.

Domain apps may import each other in one direction (inspections → hazards is fine).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

FLOORS = {"safety_platform": 0, "accounts": 1}  # the bottom floor, in its two steps
DOMAIN, COCKPIT = 2, 3
TOP = {"cockpit"}
NOT_APPS = {"tests"}
EXPECTED = {"safety_platform", "accounts", "cockpit", "enterprises", "hazards", "inspections", "accidents",
            "emergency", "assessment", "hazards.reporting", "enterprises.credit", "enterprises.responsibility"}

Edges = dict[tuple[str, str], list[str]]  # (from node, to node) → ["path:line", …]


def project_nodes(root: Path) -> set[str]:
    tops = {p.parent.name for p in root.glob("*/__init__.py")} - NOT_APPS
    nested = {
        ".".join(p.parent.relative_to(root).parts)
        for top in tops for p in (root / top).glob("*/**/apps.py") if (p.parent / "__init__.py").exists()
    }
    return tops | nested


def node_of(module: str, nodes: set[str]) -> str | None:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in nodes:
            return ".".join(parts[:n])
    return None


def imported_modules(tree: ast.Module, package: list[str]) -> list[tuple[str, int]]:
    """(dotted name, line) of everything the module imports; ``from a import b`` gives ``a.b``
    (``b`` may be a sub-package, e.g. ``from enterprises import credit``)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"):
            found.append((node.args[0].value, node.lineno))
    return found


def import_graph(root: Path) -> tuple[set[str], Edges, int]:
    nodes = project_nodes(root)
    edges: Edges = defaultdict(list)
    files = 0
    for top in sorted(n for n in nodes if "." not in n):
        for path in sorted((root / top).rglob("*.py")):
            files += 1
            rel = path.relative_to(root)
            parts = list(rel.with_suffix("").parts)
            package = parts[:-1]  # a package's __init__ resolves relative imports against the package itself
            module = ".".join(package if parts[-1] == "__init__" else parts)
            source = node_of(module, nodes)
            for name, line in imported_modules(ast.parse(path.read_text(encoding="utf-8")), package):
                target = node_of(name, nodes)
                if target is not None and target != source:
                    edges[(source, target)].append(f"{rel.as_posix()}:{line}")
    return nodes, edges, files


def floor(node: str) -> int:
    top = node.split(".")[0]
    return FLOORS.get(top, COCKPIT if top in TOP else DOMAIN)


def where(edges: Edges, a: str, b: str) -> str:
    lines = list(dict.fromkeys(edges[(a, b)]))
    return ", ".join(lines[:6]) + (f" … ({len(lines)} in all)" if len(lines) > 6 else "")


def arrows(edges: Edges, wrong) -> list[str]:
    return [f"{a} → {b}: {where(edges, a, b)}" for a, b in sorted(edges) if wrong(a, b)]


def find_cycles(nodes: set[str], edges: Edges) -> list[list[str]]:
    """The shortest cycle through each node of a strongly connected component (Tarjan), each cycle once,
    starting from its smallest node."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    cycles: list[list[str]] = []
    for component in components:
        for start in sorted(component):  # a shortest cycle through each node, each cycle once
            paths, queue, found = {start: [start]}, [start], None
            while queue and found is None:
                v = queue.pop(0)
                for w in sorted(graph[v] & component):
                    if w == start:
                        found = [*paths[v], start]
                        break
                    if w not in paths:
                        paths[w] = [*paths[v], w]
                        queue.append(w)
            first = found.index(min(found[:-1]))
            cycle = [*found[first:-1], *found[:first], found[first]]
            if cycle not in cycles:
                cycles.append(cycle)
    return cycles


def graph() -> tuple[set[str], Edges]:
    nodes, edges, files = import_graph(Path(settings.BASE_DIR))
    assert EXPECTED <= nodes, f"apps not found (did the layout change?): {EXPECTED - nodes}"
    assert files > 200 and ("inspections", "hazards") in edges, "the import graph looks empty: is the parser blind?"
    return nodes, edges


def test_bottom_floor_imports_no_domain_app_and_not_the_cockpit():
    _, edges = graph()
    wrong = arrows(edges, lambda a, b: floor(a) < DOMAIN and floor(b) > floor(a))
    assert not wrong, ("safety_platform/accounts import something above them (use a registry they own or a "
                       "signal; safety_platform imports no project app):\n" + "\n".join(wrong))


def test_no_domain_app_imports_the_cockpit():
    _, edges = graph()
    wrong = arrows(edges, lambda a, b: floor(a) == DOMAIN and floor(b) == COCKPIT)
    assert not wrong, "a domain app imports the cockpit:\n" + "\n".join(wrong)


def test_the_app_import_graph_has_no_cycle():
    nodes, edges = graph()
    report = []
    for cycle in find_cycles(nodes, edges):
        report.append(" → ".join(cycle))
        report += [f"    {a} → {b}: {where(edges, a, b)}" for a, b in zip(cycle, cycle[1:])]
    assert not report, "import cycles between apps:\n" + "\n".join(report)


def test_the_checker_sees_lazy_relative_and_nested_imports(tmp_path):
    for name, text in {
        "low/__init__.py": "",
        "low/views.py": "def view():\n    from high.panels import card\n",
        "high/__init__.py": "",
        "high/panels.py": "import low.views\n",
        "high/sub/__init__.py": "",
        "high/sub/apps.py": "from high import panels\n",
        "high/things.py": "from . import sub\n",
        "tests/__init__.py": "import high\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    nodes, edges, _ = import_graph(tmp_path)
    assert nodes == {"low", "high", "high.sub"}
    assert dict(edges) == {
        ("low", "high"): ["low/views.py:2"], ("high", "low"): ["high/panels.py:1"],
        ("high.sub", "high"): ["high/sub/apps.py:1"], ("high", "high.sub"): ["high/things.py:1"],
    }
    assert find_cycles(nodes, edges) == [["high", "high.sub", "high"], ["high", "low", "high"]]
    del edges[("high", "high.sub")], edges[("low", "high")]
    assert find_cycles(nodes, edges) == []
