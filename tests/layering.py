"""Which code names an app it must not know (ENGINEERING.md, layout): the cross-cutting apps name no domain app, and
an earlier stage names no later one. Prose in comments and docstrings may still mention them as examples."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("customers", "leads", "contracts", "projects", "aftersales", "complaints")  # in lifecycle order


def later_stages(app):
    return set(DOMAIN_APPS[DOMAIN_APPS.index(app) + 1 :])


def names_in_python(source, apps):
    """Lines that import one of `apps` or name one's URL ("leads:list"), permission ("leads.view_lead") or
    template ("leads/_panel.html") in a string of their own."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [match[1]] if (match := re.fullmatch(r"(\w+)[.:/][\w.:/-]+", node.value)) else []
        lines += [node.lineno for name in names if name.split(".")[0] in apps]
    return lines


def names_in_template(source, apps):
    """Lines that include, extend or link to (`{% url %}`) one of `apps`."""
    tag = re.compile(r"""{%\s*(?:include|extends|url)\s+["'](\w+)[/:]""")
    return [number for number, line in enumerate(source.splitlines(), 1) if any(m in apps for m in tag.findall(line))]


def layering_offences(folders, apps):
    """{file: [line, ...]} of the Python files and templates under `folders` (relative to the repository) that name
    one of `apps`; migrations are history and left out."""
    offences = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                lines = names_in_python(path.read_text(), apps)
            elif path.suffix == ".html":
                lines = names_in_template(path.read_text(), apps)
            else:
                continue
            if lines:
                offences[str(path.relative_to(ROOT))] = lines
    return offences
