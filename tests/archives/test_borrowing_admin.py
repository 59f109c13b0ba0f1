"""The archive's admin lists (borrowing requests, files by retention, destructions) × role, and the clerk's actions:
hand out, record return (overdue ones flagged and filtered), refusing with a reason on an intermediate page, and the
destruction's steps to the clerk's record. Every action goes through the services, so a wrong person's action is
refused row by row and changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from customers.archives.choices import FileState
from customers.archives.models import ArchiveFile, BorrowRequest, Destruction
from customers.archives.models.borrowing import BorrowState
from customers.archives.models.retention import DestructionState
from customers.archives.services.borrowing import BorrowingError, borrow_request_create
from decocrm.accounts.choices import Role

from .borrowing_fixtures import *  # noqa: F403
from .borrowing_helpers import file_for, local

pytestmark = pytest.mark.django_db

LISTS = ["admin:archives_borrowrequest_changelist", "admin:archives_retainedfile_changelist",
         "admin:archives_destruction_changelist"]  # fmt: skip


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def ask(file, borrower):
    return borrow_request_create(file=file, borrower=borrower, kind="borrow", purpose="复印",
                                 due_back=timezone.localdate() + timedelta(days=1))  # fmt: skip


def act(client, url_name, action, rows, **data):
    return client.post(reverse(url_name), {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in rows], **data})


@pytest.mark.parametrize("url_name", LISTS)
def test_lists_by_role(url_name, make_staff, team, clerk, dept_manager, general_manager, salesperson):
    expected = {
        salesperson: 302,  # not an admin-site user: to the admin login
        make_staff(Role.AFTER_SALES, team=team): 302,
        make_staff(Role.CUSTOMER_RELATIONS, team=team): 302,
        clerk: 200,
        dept_manager: 200,
        general_manager: 200,
    }
    for user, status in expected.items():
        assert client_for(user).get(reverse(url_name)).status_code == status, (url_name, user.role)


def test_a_team_manager_sees_their_team_only(archive_file, colleague, manager_b, dept_manager):
    request = ask(archive_file, colleague)
    change = reverse("admin:archives_borrowrequest_change", args=[request.pk])
    assert client_for(dept_manager).get(change).status_code == 200
    assert client_for(manager_b).get(change).status_code in (302, 404)
    listed = client_for(manager_b).get(reverse(LISTS[0])).context["cl"].queryset
    assert not listed.filter(pk=request.pk).exists()


def test_clerk_hands_out_and_records_the_return(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    keeper = client_for(clerk)
    act(keeper, LISTS[0], "hand_out", [request])  # not approved yet: refused, nothing changes
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.REQUESTED
    act(client_for(dept_manager), LISTS[0], "approve", [request])
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.APPROVED
    act(client_for(dept_manager), LISTS[0], "hand_out", [request])  # a manager does not hand files out
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.APPROVED
    act(keeper, LISTS[0], "hand_out", [request])
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.OUT
    # Overdue: flagged and filtered.
    BorrowRequest.objects.filter(pk=request.pk).update(due_back=timezone.localdate() - timedelta(days=1))
    overdue = keeper.get(reverse(LISTS[0]), {"overdue": "yes"})
    assert list(overdue.context["cl"].queryset) == [BorrowRequest.objects.get(pk=request.pk)]
    assert not keeper.get(reverse(LISTS[0]), {"overdue": "no"}).context["cl"].queryset.exists()
    act(keeper, LISTS[0], "record_return", [request])
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.RETURNED


def test_refusal_asks_why_first(archive_file, colleague, dept_manager):
    request = ask(archive_file, colleague)
    manager = client_for(dept_manager)
    page = act(manager, LISTS[0], "refuse", [request])
    assert page.status_code == 200 and b'id="archive-action-form"' in page.content
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.REQUESTED
    act(manager, LISTS[0], "refuse", [request], apply="1", note="")  # no reason: the form again
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.REQUESTED
    act(manager, LISTS[0], "refuse", [request], apply="1", note="无业务需要")
    request.refresh_from_db()
    assert (request.state, request.decision_note) == (BorrowState.REFUSED, "无业务需要")


def test_destruction_in_the_admin(salesperson, general_manager, deputy_general_manager, dept_manager, clerk):
    old = file_for(salesperson, by=general_manager, opened_at=local(2014, 1, 2),
                   retain_until=timezone.localdate() - timedelta(days=1))  # fmt: skip
    kept = file_for(salesperson, by=general_manager, retain_until=timezone.localdate() + timedelta(days=9))
    keeper = client_for(clerk)
    due = keeper.get(reverse(LISTS[1]), {"retention": "due"}).context["cl"].queryset
    assert [f.pk for f in due] == [old.pk]
    act(keeper, LISTS[1], "propose_destruction", ArchiveFile.objects.filter(pk__in=[old.pk, kept.pk]))
    destruction = Destruction.objects.get()  # the file still kept was refused
    assert destruction.file_id == old.pk
    act(client_for(general_manager), LISTS[2], "review", [destruction])  # not the department head
    assert Destruction.objects.get().state == DestructionState.AWAITING_REVIEW
    act(client_for(dept_manager), LISTS[2], "review", [destruction])
    act(client_for(deputy_general_manager), LISTS[2], "approve", [destruction])
    assert Destruction.objects.get().state == DestructionState.APPROVED
    act(keeper, LISTS[2], "record_destruction", [destruction], apply="1", what_destroyed="档案袋一份", method="碎纸")
    destruction.refresh_from_db()
    assert destruction.state == DestructionState.DESTROYED and destruction.what_destroyed == "档案袋一份"
    assert ArchiveFile.objects.get(pk=old.pk).state == FileState.DESTROYED
    # a destroyed file is no longer offered to borrowers
    with translation.override("en"), pytest.raises(BorrowingError, match="is destroyed"):
        ask(old, salesperson)
