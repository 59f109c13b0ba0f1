"""The complaints admin (read-only, scoped like the pages: a team manager sees their team's complaints), the beat
entry that opens the month's statistics (idempotent)."""

from datetime import datetime

import pytest

from complaints.models import MonthlyStatistics
from complaints.tasks import open_monthly_statistics
from decocrm.accounts.choices import Role
from decocrm.celery import app as celery_app

from .conftest import SHANGHAI, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _view_permissions(team_manager):
    """A superuser grants the admin's view permissions (complaints, like contracts, registers none for a role)."""
    from django.contrib.auth.models import Permission

    team_manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="complaints"))


@pytest.mark.parametrize("model", ["complaint", "complainttransition", "complaintevidence", "monthlystatistics"])
def test_every_admin_list_renders_for_a_team_manager(client, team_manager, relations, accused, model):
    complaint = record(relations, complainant_name="张", accused_staff=accused)
    client.force_login(team_manager)
    response = client.get(f"/admin/complaints/{model}/")
    assert response.status_code == 200
    if model == "complaint":
        assert complaint.number in response.content.decode()
        page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/").content.decode()
        assert complaint.content in page and 'name="_save"' not in page  # read-only: the services write


def test_another_teams_complaint_is_neither_listed_nor_opened(client, relations, accused, make_staff):
    from django.contrib.auth.models import Permission

    from decocrm.accounts.services import team_set_manager
    from tests.factories import TeamFactory

    complaint = record(relations, complainant_name="张", accused_staff=accused)
    stranger = make_staff(Role.MANAGER, team=TeamFactory())
    team_set_manager(team=stranger.team, manager=stranger)
    stranger.user_permissions.add(*Permission.objects.filter(content_type__app_label="complaints"))
    client.force_login(stranger)
    assert complaint.number not in client.get("/admin/complaints/complaint/").content.decode()
    response = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert response.status_code == 302  # "not found" to the admin index
    assert client.get("/admin/complaints/complaint/add/").status_code == 403


def test_the_beat_entry_opens_the_month_once(relations, time_machine):
    entry = celery_app.conf.beat_schedule["complaints-monthly-statistics"]
    assert entry["task"] == "complaints.tasks.open_monthly_statistics" and entry["options"]["expires"] < 3600
    time_machine.move_to(datetime(2026, 11, 1, 0, 5, tzinfo=SHANGHAI), tick=False)
    first = open_monthly_statistics.delay().get()
    assert MonthlyStatistics.objects.get(pk=first).month.isoformat() == "2026-10-01"
    assert open_monthly_statistics.delay().get() is None
    assert MonthlyStatistics.objects.count() == 1
