"""seed_demo fills contracts and projects in every state, and the demo logins see them (issue 10)."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracts.choices import ContractState
from contracts.models import Contract
from contracts.selectors import overdue_milestones
from decocrm.accounts.models import User
from projects.choices import ProjectState
from projects.models import AcceptancePhoto, CareHandover, Project, ProjectTransition, Stage

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_contracts_and_projects_in_every_state_and_stays_idempotent(settings):
    call_command("seed_demo", force=True)
    contract_states = set(Contract.objects.values_list("state", flat=True))
    assert contract_states >= {
        ContractState.DRAFT, ContractState.SIGNED, ContractState.IN_CONSTRUCTION, ContractState.COMPLETED,
        ContractState.TERMINATED,
    }  # fmt: skip
    assert set(Project.objects.values_list("state", flat=True)) == set(ProjectState.values)
    returned = ProjectTransition.objects.filter(event="schedule_returned").values_list("project__state", flat=True)
    assert list(returned) == [ProjectState.PLANNING]
    assert Stage.objects.filter(last_result="failed", project__state=ProjectState.IN_PROGRESS).exists()
    completed = Project.objects.get(state=ProjectState.COMPLETED)
    assert CareHandover.objects.filter(project=completed).exists()
    assert AcceptancePhoto.objects.filter(acceptance__stage__project=completed).exists()
    assert overdue_milestones(timezone.localdate()).exists()

    pm, manager, sales, designer = (User.objects.get(username=name) for name in ("pm", "manager", "sales", "designer"))
    with_overdue_update = Project.objects.get(state=ProjectState.IN_PROGRESS)
    for user in (pm, manager, sales, designer):
        client = Client()
        client.force_login(user)
        for project in (completed, with_overdue_update):
            assert client.get(project.get_absolute_url()).status_code == 200, user
        assert client.get(reverse("projects:report", args=[completed.pk])).status_code == 200, user
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(pm)
    rows = client.get(reverse("projects:list")).content.decode()
    assert "Weekly update overdue" in rows  # the PM's phone list puts it first

    counts = (Contract.objects.count(), Project.objects.count(), CareHandover.objects.count())
    call_command("seed_demo", force=True)
    assert (Contract.objects.count(), Project.objects.count(), CareHandover.objects.count()) == counts
