"""Change history of a repair ticket: the assessment (severity, repair plan) on the ticket's timeline and in the
admin history, naming who and when; another team's manager gets a 404 on the admin history."""

import pytest

from aftersales.services import ticket_assess
from decocrm.accounts.choices import Role
from tests.history_helpers import assert_admin_history_is_404, assert_edit_in_admin_history, assert_edit_on_timeline

pytestmark = pytest.mark.django_db


def test_an_edit_shows_on_the_timeline_and_in_the_admin(client, ticket, after_sales, team_manager):
    ticket_assess(ticket=ticket, by=after_sales, nature="waterproofing", severity="ordinary", plan="重做防水层")
    assert_edit_on_timeline(client, reader=after_sales, url=f"/aftersales/{ticket.pk}/", obj=ticket,
                            field="plan", old="—", new="重做防水层", editor=after_sales)  # fmt: skip
    assert_edit_in_admin_history(client, reader=team_manager, obj=ticket, new="重做防水层", editor=after_sales)


def test_another_teams_manager_gets_a_404_on_the_admin_history(client, ticket, make_staff):
    assert_admin_history_is_404(client, stranger=make_staff(Role.MANAGER, team=make_staff().team), obj=ticket)
