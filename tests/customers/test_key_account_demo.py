import pytest
from django.core.management import call_command

from customers.models import Customer, KeyAccountContact, KeyAccountRequest
from customers.permissions import can_mark_key_accounts
from decocrm.accounts.models import User
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_key_accounts_with_their_clocks_once():
    call_command("seed_demo", force=True)
    key_accounts = Customer.objects.filter(is_key_account=True)
    assert key_accounts.count() == 3
    contact_states = set(Clock.objects.filter(kind=ClockKind.KEY_ACCOUNT_CONTACT).values_list("state", flat=True))
    assert {ClockState.RUNNING, ClockState.BREACHED, ClockState.MET} <= contact_states
    assert KeyAccountContact.objects.exists()
    assert KeyAccountRequest.objects.filter(solved_at=None).exists()
    assert Clock.objects.filter(kind=ClockKind.VISIT_RECORD, state=ClockState.RUNNING).exists()
    assert can_mark_key_accounts(User.objects.get(username="manager"))  # the demo's sales department head
    counts = (key_accounts.count(), Clock.objects.count(), KeyAccountContact.objects.count())
    call_command("seed_demo", force=True)
    assert (key_accounts.count(), Clock.objects.count(), KeyAccountContact.objects.count()) == counts
