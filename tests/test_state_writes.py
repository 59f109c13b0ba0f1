"""A state that a state machine keeps (decocrm.core.workflow) changes only through a transition: no code of ours
assigns it (`lead.state = …`), so every change is checked against the table and recorded."""

import ast

from django.apps import apps

from tests.layering import DOMAIN_APPS, ROOT


def machine_models():
    return [model for model in apps.get_models() if getattr(model, "machine", None) is not None]


def test_the_lead_has_a_machine():
    assert "Lead" in {model.__name__ for model in machine_models()}


def test_no_code_assigns_a_machine_kept_state():
    offences = []
    watched = {(model.__name__.lower(), model.machine.field) for model in machine_models()}
    for app in DOMAIN_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                targets = node.targets if isinstance(node, ast.Assign) else []
                for target in targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and (target.value.id, target.attr) in watched
                    ):
                        offences.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offences == []
