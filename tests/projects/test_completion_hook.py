"""projects.hooks: a later stage learns of a completed project through a listener it registers (after-sales creates
its survey that way), called in the completion acceptance's transaction after the first-revisit clock started; a
listener that refuses undoes the completion."""

import pytest

from decocrm.core.errors import DomainError
from decocrm.sla.choices import ClockKind
from decocrm.sla.selectors import clocks_for_subject
from projects.choices import ProjectState
from projects.hooks import register_project_completed_listener, unregister_project_completed_listener
from projects.models import Project

from .helpers import run_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    calls = []

    def heard(project, *, by, at):
        first_revisit = clocks_for_subject(project.contract).filter(kind=ClockKind.FIRST_REVISIT).exists()
        calls.append((project.pk, project.state, by, first_revisit))

    register_project_completed_listener(heard)
    register_project_completed_listener(heard)  # once, however often registered
    yield calls
    unregister_project_completed_listener(heard)


def test_the_listener_hears_the_completion_once(approved, pm, listener):
    run_through(approved, pm)
    assert listener == [(approved.pk, ProjectState.COMPLETED, pm, True)]


def test_a_refusing_listener_undoes_the_completion(approved, pm):
    def refuse(project, *, by, at):
        raise DomainError("no")

    register_project_completed_listener(refuse)
    try:
        with pytest.raises(DomainError):
            run_through(approved, pm)
    finally:
        unregister_project_completed_listener(refuse)
    assert Project.objects.get(pk=approved.pk).state != ProjectState.COMPLETED
