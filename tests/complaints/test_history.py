"""Change history of a complaint: its handler named (an edit of a foreign key, shown by name) on the complaint's
timeline and in the admin history, naming who and when; another team's manager gets a 404 on the admin history."""

import pytest

from complaints.services import complaint_assign
from decocrm.accounts.choices import Role
from tests.history_helpers import assert_admin_history_is_404, assert_edit_in_admin_history, assert_edit_on_timeline

from .conftest import later

pytestmark = pytest.mark.django_db


def test_an_edit_shows_on_the_timeline_and_in_the_admin(client, complaint, handler, team_manager):
    complaint_assign(complaint=complaint, by=team_manager, handler=handler, at=later(1))
    assert_edit_on_timeline(client, reader=team_manager, url=f"/complaints/{complaint.pk}/", obj=complaint,
                            field="handler", old="—", new=str(handler), editor=team_manager)  # fmt: skip
    assert_edit_in_admin_history(client, reader=team_manager, obj=complaint, new=str(handler), editor=team_manager)


def test_another_teams_manager_gets_a_404_on_the_admin_history(client, complaint, make_staff):
    assert_admin_history_is_404(client, stranger=make_staff(Role.MANAGER, team=make_staff().team), obj=complaint)
