"""The borrowing pages: asking for a file (only files one may ask for), the request's page with whose approval it
waits for, approving and refusing from it, the clerk's hand-out and return there, the overdue section, and constant
query counts."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.archives.models import BorrowRequest
from customers.archives.models.borrowing import BorrowState
from customers.archives.services.borrowing import (
    borrow_request_create,
    borrow_request_decide,
    borrow_request_hand_out,
)
from tests.querycount import assert_constant_queries

from .borrowing_fixtures import *  # noqa: F403
from .borrowing_helpers import file_for

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def ask(file, borrower, days=3):
    return borrow_request_create(file=file, borrower=borrower, kind="view", purpose="核对",
                                 due_back=timezone.localdate() + timedelta(days=days))  # fmt: skip


def test_ask_for_a_file_of_ones_department(archive_file, colleague, dept_manager, general_manager):
    client = client_for(colleague)
    page = client.get(reverse("archives:borrow_new"))
    assert page.status_code == 200
    assert archive_file in page.context["form"].fields["file"].queryset
    other_file = file_for(None, by=general_manager)  # in the pool: not colleague's department, not seen
    assert other_file not in page.context["form"].fields["file"].queryset
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    data = {"file": archive_file.pk, "kind": "borrow", "purpose": "复印合同", "due_back": due}
    response = client.post(reverse("archives:borrow_new"), data)
    request = BorrowRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    detail = client.get(request.get_absolute_url())
    assert b'id="borrow-awaiting"' in detail.content and b'data-state="requested"' in detail.content
    assert [o.action.name for o in detail.context["actions"]] == ["withdraw"]  # nobody approves their own
    # another person's file is refused, and nothing is written
    bad = client.post(reverse("archives:borrow_new"),
                      {"file": other_file.pk, "kind": "view", "purpose": "看看", "due_back": due})  # fmt: skip
    assert bad.status_code == 200 and "file" in bad.context["form"].errors
    assert BorrowRequest.objects.count() == 1


def test_borrower_may_withdraw_from_the_page(archive_file, colleague, dept_manager):
    request = ask(archive_file, colleague)
    names = [offer.action.name for offer in client_for(colleague).get(request.get_absolute_url()).context["actions"]]
    assert names == ["withdraw"]


def test_the_manager_approves_and_the_clerk_hands_out_from_the_page(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    manager = client_for(dept_manager)
    page = manager.get(request.get_absolute_url())
    assert [o.action.name for o in page.context["actions"]] == ["approve", "refuse"]
    assert request in manager.get(reverse("archives:borrow_list")).context["to_approve"]
    refused = manager.post(reverse("archives:borrow_action", args=[request.pk, "refuse"]), {"refuse-note": ""})
    assert refused.status_code == 200 and BorrowRequest.objects.get(pk=request.pk).state == BorrowState.REQUESTED
    manager.post(reverse("archives:borrow_action", args=[request.pk, "approve"]), {"approve-note": "同意"})
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.APPROVED
    keeper = client_for(clerk)
    keeper.post(reverse("archives:borrow_action", args=[request.pk, "hand_out"]), {"hand_out-due_back": ""})
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.OUT
    keeper.post(reverse("archives:borrow_action", args=[request.pk, "record_return"]), {})
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.RETURNED


def test_out_of_scope_is_a_404(archive_file, colleague, manager_b, outsider):
    request = ask(archive_file, colleague)
    for user in (manager_b, outsider):
        assert client_for(user).get(request.get_absolute_url()).status_code == 404
        response = client_for(user).post(reverse("archives:borrow_action", args=[request.pk, "approve"]), {})
        assert response.status_code == 404
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.REQUESTED


def _lend_overdue(n, clerk, general_manager, dept_manager, salesperson):
    for _ in range(n):
        file = file_for(salesperson, by=general_manager)
        request = ask(file, salesperson)
        borrow_request_decide(request=request, by=dept_manager, approve=True)
        borrow_request_hand_out(request=request, by=clerk)
        BorrowRequest.objects.filter(pk=request.pk).update(due_back=timezone.localdate() - timedelta(days=1))


def test_list_queries_are_constant_and_overdue_listed(clerk, general_manager, dept_manager, salesperson):
    client = client_for(clerk)
    response = assert_constant_queries(
        client, reverse("archives:borrow_list"),
        lambda n: _lend_overdue(n, clerk, general_manager, dept_manager, salesperson),
    )  # fmt: skip
    assert len(response.context["overdue"]) == 20
    assert response.content.count(b"borrow-overdue") >= 20


def test_borrowers_list_queries_are_constant(general_manager, dept_manager, salesperson, clerk):
    client = client_for(salesperson)
    response = assert_constant_queries(
        client, reverse("archives:borrow_list"),
        lambda n: _lend_overdue(n, clerk, general_manager, dept_manager, salesperson),
    )  # fmt: skip
    assert len(response.context["mine"]) == 20 and response.context["overdue"] is None


def test_detail_queries_do_not_grow_with_steps(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    client = client_for(clerk)
    client.get(request.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(request.get_absolute_url())
    borrow_request_decide(request=request, by=dept_manager, approve=True)
    borrow_request_hand_out(request=request, by=clerk)
    with CaptureQueriesContext(connection) as after:
        client.get(request.get_absolute_url())
    assert len(after) <= len(before) + 2  # the decider and the clerk are joined, not looked up per step
