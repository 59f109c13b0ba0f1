"""No import circles among the project's own modules (issue 8, layout): each module imports in one direction only.

Every project .py file is parsed with ast, imports inside functions included (a function-level import that dodges a
circle at load time is still a circle in the design). A package's __init__ counts only where it is named itself
(`from leads.services import x`), not as the parent of every submodule it holds."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("decocrm", "customers", "leads", "contracts", "projects", "aftersales", "complaints")


def project_modules():
    """{dotted name: path} of every project module, migrations included."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imported(node, module, is_package):
    """The dotted names an import statement in `module` may load, most specific first."""
    if isinstance(node, ast.Import):
        return [[alias.name] for alias in node.names]
    if node.level:
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module
    # `from pkg import name`: the submodule pkg.name if there is one, else pkg itself.
    return [[f"{prefix}.{alias.name}", prefix] for alias in node.names]


def import_graph(modules=None):
    """{module: {modules it imports}}, restricted to the project's modules."""
    modules = modules or project_modules()
    graph = {}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for candidates in _imported(node, module, is_package):
                found = next((name for name in candidates if name in modules), None)
                if found and found != module:
                    targets.add(found)
        graph[module] = targets
    return graph


def import_cycles(graph):
    """The strongly connected components with more than one module (Tarjan, iterative), each sorted."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return sorted(cycles)


def test_the_checker_finds_a_circle_through_a_function_level_import(tmp_path):
    (tmp_path / "a.py").write_text("from b import x\n")
    (tmp_path / "b.py").write_text("def f():\n    from c import y\n")
    (tmp_path / "c.py").write_text("import a\n")
    (tmp_path / "d.py").write_text("import a\n")
    modules = {path.stem: path for path in tmp_path.glob("*.py")}
    assert import_cycles(import_graph(modules)) == [["a", "b", "c"]]


def test_the_project_has_no_import_circles():
    graph = import_graph()
    assert "decocrm.workdays.deadlines" in graph and "leads.demo" in graph  # the checker sees the project
    assert import_cycles(graph) == []
