"""The building blocks carry a new app (issue 8, "Done when"): tests/kitapp declares a model with a state machine,
two actions, a clock of its own kind, a timeline source, a customer panel, a menu entry and a role permission, and
none of decocrm/core, decocrm/sla, decocrm/accounts or customers names it."""

from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.core.timeline import timeline
from decocrm.core.workflow import TransitionRefused
from decocrm.sla.choices import ClockState
from decocrm.sla.models import Clock, SlaPolicy
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.services import clock_pause, clock_resume
from tests.layering import ROOT, layering_offences
from tests.querycount import assert_constant_queries

from .choices import REPLY_CLOCK, TicketState
from .models import Ticket
from .services import TicketPermissionError, ticket_cancel, ticket_open, ticket_resolve

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
FORBIDDEN = ["decocrm/core", "decocrm/sla", "decocrm/accounts", "customers"]


@pytest.fixture
def colleague(make_staff, team):
    return make_staff(Role.SALES, team=team)


@pytest.fixture
def other_manager(make_staff):
    """The manager of another team."""
    from decocrm.accounts.services import team_create, team_set_manager

    other = team_create(name="售后二部")
    boss = make_staff(Role.MANAGER, team=other)
    team_set_manager(team=other, manager=boss)
    return boss


@pytest.fixture
def customer(salesperson):
    return customer_create(by=salesperson, owner=salesperson, name="吴女士", phone="13811112222")


@pytest.fixture
def ticket(customer, salesperson):
    return ticket_open(customer=customer, owner=salesperson, by=salesperson, subject="柜门合页异响")


def action_url(ticket, name):
    return reverse("kitapp:action", args=[ticket.pk, name])


def history(ticket):
    return list(ticket.transitions.values_list("from_state", "to_state"))


def reply_clock(ticket):
    return clocks_for_subject(ticket).get(kind=REPLY_CLOCK)


# --- The state machine


def test_the_machine_declares_the_lifecycle_and_refuses_an_illegal_transition(ticket, salesperson):
    assert Ticket.machine.table() == {"open": {"resolved": "resolve", "cancelled": "cancel"}}
    assert Ticket.machine.available(ticket, salesperson) == {"resolve", "cancel"}
    ticket = ticket_cancel(ticket=ticket, by=salesperson, reason="客户不修了")
    assert Ticket.machine.is_closed(ticket) and Ticket.machine.available(ticket) == set()
    with pytest.raises(TransitionRefused):
        ticket_resolve(ticket=ticket, by=salesperson, solution="换了合页")
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CANCELLED and ticket.solution == ""
    assert history(ticket) == [("", "open"), ("open", "cancelled")]


def test_only_the_owner_and_their_managers_may_fire_a_transition(ticket, colleague, team_manager, other_manager):
    assert Ticket.machine.available(ticket, colleague) == set()
    assert Ticket.machine.available(ticket, other_manager) == set()
    assert Ticket.machine.available(ticket, team_manager) == {"resolve", "cancel"}
    with pytest.raises(TicketPermissionError):
        ticket_resolve(ticket=ticket, by=colleague, solution="换了合页")
    ticket.refresh_from_db()
    assert ticket.state == TicketState.OPEN


# --- The actions through the generic view


def test_an_action_with_htmx_answers_the_live_part_with_the_new_state_and_buttons(client, ticket, salesperson):
    client.force_login(salesperson)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert 'data-state="open"' in page and 'id="action-resolve"' in page and 'id="action-cancel"' in page

    response = client.post(action_url(ticket, "resolve"), {"resolve-solution": "换了合页"}, headers=HTMX)

    assert response.status_code == 200
    part = response.content.decode()
    assert part.lstrip().startswith('<div id="ticket-live">') and "<html" not in part
    assert 'data-state="resolved"' in part and 'data-state="open"' not in part
    assert 'id="action-resolve"' not in part and 'id="action-cancel"' not in part  # closed: no action left
    assert 'id="running-clocks"' not in part  # the clock stopped
    assert part.count("timeline-transition") == 2 and "换了合页" in part
    ticket.refresh_from_db()
    assert ticket.state == TicketState.RESOLVED and ticket.solution == "换了合页"


def test_an_action_without_htmx_redirects_to_the_ticket(client, ticket, salesperson):
    client.force_login(salesperson)
    response = client.post(action_url(ticket, "cancel"), {"cancel-reason": "客户不修了"})
    assert response.status_code == 302 and response["Location"] == ticket.get_absolute_url()
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CANCELLED
    assert history(ticket)[-1] == ("open", "cancelled")
    assert reply_clock(ticket).state == ClockState.CANCELLED


@pytest.mark.parametrize("htmx", [True, False])
def test_a_refused_action_shows_its_form_error_and_changes_nothing(client, ticket, salesperson, htmx):
    client.force_login(salesperson)
    response = client.post(action_url(ticket, "resolve"), {"resolve-solution": " "}, headers=HTMX if htmx else {})
    assert response.status_code == 200
    page = response.content.decode()
    assert ("<html" in page) is not htmx
    assert 'id="action-resolve" open' in page and "is-invalid" in page  # the form open, its field in error
    ticket.refresh_from_db()
    assert ticket.state == TicketState.OPEN and history(ticket) == [("", "open")]
    assert reply_clock(ticket).state == ClockState.RUNNING


def test_an_action_on_a_page_out_of_date_is_refused_with_a_message(client, ticket, salesperson):
    ticket_cancel(ticket=ticket, by=salesperson, reason="电话里取消了")  # meanwhile, in another tab
    client.force_login(salesperson)
    response = client.post(action_url(ticket, "resolve"), {"resolve-solution": "换了合页"}, headers=HTMX)
    part = response.content.decode()
    assert response.status_code == 200 and "action-error" in part and 'id="action-resolve" open' in part
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CANCELLED and ticket.solution == ""


@pytest.mark.parametrize("who", ["colleague", "other_manager"])
def test_out_of_scope_is_a_404_on_the_list_the_page_and_the_actions(client, ticket, who, request):
    client.force_login(request.getfixturevalue(who))
    assert f'data-ticket="{ticket.pk}"' not in client.get(reverse("kitapp:list")).content.decode()
    assert client.get(ticket.get_absolute_url()).status_code == 404
    for name, data in [("resolve", {"resolve-solution": "换了合页"}), ("cancel", {"cancel-reason": "不修了"})]:
        assert client.post(action_url(ticket, name), data, headers=HTMX).status_code == 404
        assert client.post(action_url(ticket, name), data).status_code == 404
    ticket.refresh_from_db()
    assert ticket.state == TicketState.OPEN


def test_the_team_manager_sees_and_works_the_ticket(client, ticket, team_manager):
    client.force_login(team_manager)
    assert f'data-ticket="{ticket.pk}"' in client.get(reverse("kitapp:list")).content.decode()
    assert client.post(action_url(ticket, "cancel"), {"cancel-reason": "重复登记"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == TicketState.CANCELLED


# --- The clock and the timeline


def test_the_clock_of_the_apps_own_kind_starts_on_open_and_stops_on_resolve(ticket, salesperson, customer):
    assert SlaPolicy.objects.get(kind=REPLY_CLOCK).amount == 4  # seeded after migrate, like the product's kinds
    clock = reply_clock(ticket)
    assert clock.state == ClockState.RUNNING
    assert (clock.owner, clock.team, clock.customer_id) == (salesperson, salesperson.team, customer.pk)
    assert (clock.subject_label, clock.subject_url) == ("柜门合页异响", ticket.get_absolute_url())
    ticket_resolve(ticket=ticket, by=salesperson, solution="换了合页")
    assert reply_clock(ticket).state == ClockState.MET
    assert Clock.objects.filter(state__in=[ClockState.RUNNING, ClockState.BREACHED]).count() == 0


def test_the_clocks_events_appear_on_the_tickets_timeline_through_the_shared_source(client, ticket, salesperson):
    ticket_resolve(ticket=ticket, by=salesperson, solution="换了合页")
    assert Counter(entry.kind for entry in timeline(ticket)) == {"transition": 2, "clock": 2}
    client.force_login(salesperson)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert page.count("timeline-entry timeline-clock") == 2
    assert page.count("timeline-entry timeline-transition") == 2


# --- The customer panel


def test_the_customer_page_shows_the_tickets_the_viewer_may_open(client, ticket, customer, colleague, team_manager):
    theirs = ticket_open(customer=customer, owner=colleague, by=team_manager, subject="地板起拱")
    client.force_login(customer.owner)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert f'data-ticket="{ticket.pk}"' in page and ticket.get_absolute_url() in page
    assert f'data-ticket="{theirs.pk}"' not in page  # the customer is theirs, that ticket is not
    client.force_login(team_manager)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert f'data-ticket="{ticket.pk}"' in page and f'data-ticket="{theirs.pk}"' in page


def test_no_panel_for_a_viewer_who_sees_the_customer_but_none_of_its_tickets(client, ticket, customer, make_staff):
    client.force_login(make_staff(Role.ARCHIVE_CLERK))  # keeps every customer's file, works no ticket
    response = client.get(customer.get_absolute_url())
    assert response.status_code == 200 and 'id="customer-tickets"' not in response.content.decode()


# --- Query counts


def test_the_list_runs_a_constant_number_of_queries(client, customer, salesperson, team_manager):
    made = []

    def add(n):
        made.extend(ticket_open(customer=customer, owner=salesperson, by=salesperson, subject="漏水") for _ in range(n))

    client.force_login(team_manager)
    page = assert_constant_queries(client, reverse("kitapp:list"), add).content.decode()
    assert all(f'data-ticket="{ticket.pk}"' in page for ticket in made)


def test_the_ticket_page_runs_a_constant_number_of_queries(client, ticket, salesperson):
    def add(n):  # n pauses and resumes of its clock: 2n more timeline entries
        for _ in range(n):
            clock_pause(kind=REPLY_CLOCK, subject=ticket, reason="客户出差")
            clock_resume(kind=REPLY_CLOCK, subject=ticket)

    client.force_login(salesperson)
    page = assert_constant_queries(client, ticket.get_absolute_url(), add).content.decode()
    assert page.count("timeline-entry timeline-clock") == 40  # the newest 40 of 1 + 2 * 20 (the page's timeline)
    everything = client.get(ticket.get_absolute_url(), {"timeline": "all"}).content.decode()
    assert everything.count("timeline-entry timeline-clock") == 1 + 2 * 20


def test_the_customer_page_with_the_panel_runs_a_constant_number_of_queries(client, customer, salesperson):
    def add(n):
        for _ in range(n):
            ticket_open(customer=customer, owner=salesperson, by=salesperson, subject="漏水")

    client.force_login(salesperson)
    page = assert_constant_queries(client, customer.get_absolute_url(), add).content.decode()
    assert page.count("data-ticket=") == 20


# --- Registration without editing the shared code


def test_the_menu_entry_and_the_role_permission_are_registered_from_ready(client, salesperson):
    client.force_login(salesperson)
    assert f'href="{reverse("kitapp:list")}"' in client.get(reverse("home")).content.decode()
    managers = Group.objects.get(name=Role.MANAGER)
    assert managers.permissions.filter(content_type__app_label="kitapp", codename="view_ticket").exists()


def test_the_kit_apps_migrations_are_current():
    call_command("makemigrations", "kitapp", check=True, dry_run=True, verbosity=0)


def test_the_shared_code_names_neither_the_kit_app_nor_the_tests():
    """What a new app needs from decocrm/core, decocrm/sla, decocrm/accounts and customers is there already: none
    of them names the kit app (not even in prose), nor imports from tests/. Production settings and URLs do not
    install it: only tests/settings.py and tests/urls.py do."""
    named = [
        str(path.relative_to(ROOT))
        for folder in [*FORBIDDEN, "decocrm/settings", "decocrm/urls.py"]
        for path in ([ROOT / folder] if (ROOT / folder).is_file() else sorted((ROOT / folder).rglob("*")))
        if path.is_file() and path.suffix in {".py", ".html", ".txt", ".md"} and "kitapp" in path.read_text()
    ]
    assert named == []
    assert layering_offences(FORBIDDEN, {"tests", "kitapp"}) == {}
    assert "tests.kitapp" in Path(ROOT / "tests" / "settings.py").read_text()
