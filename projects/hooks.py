"""What a later stage does when a project is completed, without `projects` knowing it (ENGINEERING.md, layout):
after-sales creates the after-completion satisfaction survey. A listener is registered from the later app's
AppConfig.ready() and runs inside the completion acceptance's transaction, after the first-revisit clock started:
if one refuses, the completion is undone."""

_COMPLETED = []


def register_project_completed_listener(listener) -> None:
    """`listener(project, by=..., at=...)` runs when a project's completion acceptance passes."""
    if listener not in _COMPLETED:
        _COMPLETED.append(listener)


def unregister_project_completed_listener(listener) -> None:
    if listener in _COMPLETED:
        _COMPLETED.remove(listener)


def project_completed_listeners() -> tuple:
    return tuple(_COMPLETED)
