"""Who sees which repair tickets (aftersales.selectors.visible_tickets) and who may work them: the after-sales staff
member it is assigned to, every after-sales staff member while it is unassigned, the managers of its team and the
company, and the customer's salesperson (read-only)."""

import pytest

from aftersales.permissions import can_work_ticket
from aftersales.selectors import visible_tickets
from decocrm.accounts.choices import Role
from tests.factories import TeamFactory

from .conftest import record

pytestmark = pytest.mark.django_db


def test_who_sees_and_who_works_a_ticket(completed, after_sales, salesperson, team_manager, company_manager,
                                         make_staff, team):  # fmt: skip
    mine = record(completed, after_sales)
    waiting = record(completed, team_manager)
    other_team = TeamFactory()
    elsewhere = record(completed, make_staff(Role.AFTER_SALES, team=other_team))
    colleague = make_staff(Role.AFTER_SALES, team=team)
    other_manager = make_staff(Role.MANAGER, team=other_team)

    def seen(user):
        return set(visible_tickets(user).values_list("pk", flat=True))

    assert seen(after_sales) == {mine.pk, waiting.pk}
    assert seen(colleague) == {waiting.pk}  # another's assigned ticket stays theirs
    assert seen(salesperson) == {mine.pk, waiting.pk, elsewhere.pk}  # every ticket of their customer
    assert seen(make_staff(Role.SALES, team=team)) == set()
    assert seen(team_manager) == {mine.pk, waiting.pk, elsewhere.pk}  # their team's, and their team's customers'
    assert seen(other_manager) == {elsewhere.pk}
    assert seen(company_manager) == {mine.pk, waiting.pk, elsewhere.pk}
    assert seen(make_staff(Role.DESIGNER, team=team)) == set()
    assert seen(make_staff(Role.CUSTOMER_RELATIONS, team=team)) == set()

    assert can_work_ticket(after_sales, mine) and not can_work_ticket(colleague, mine)
    assert not can_work_ticket(salesperson, mine)  # reads only
    assert can_work_ticket(team_manager, mine) and not can_work_ticket(other_manager, mine)
    assert can_work_ticket(company_manager, elsewhere)
    assert not can_work_ticket(after_sales, waiting)  # taken first (services.ticket_take)
