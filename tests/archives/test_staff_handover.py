"""What a leaving technician still owes after closing a ticket moves in the one hand-over: the after-sales file due
to the archive (customers/archives/handover.py; its clock, held by the technician), a file defect they are to
correct (its correction clock) and the ticket's post-repair revisit (aftersales/handover.py). Recorded, the receiver
told, all or nothing."""

import pytest

from customers.archives.clocks import ARCHIVE_AFTERSALES_FILE, ARCHIVE_DEFECT_FIX
from customers.archives.models import ArchiveFile, FileDefect
from customers.archives.services import defect_record
from decocrm.accounts.choices import Role
from decocrm.accounts.models import StaffHandover
from decocrm.accounts.services import StaffHandoverRefused, staff_hand_over, staff_handover_counts
from decocrm.notifications.models import Notification
from decocrm.sla.choices import OPEN_STATES, ClockKind
from decocrm.sla.models import Clock

from .conftest import later

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(ticket, after_sales, clerk):
    """The technician's closed ticket (its after-sales file owed to the archive) and a defect in that file that the
    technician is to correct."""
    from tests.aftersales.test_services import run_to

    closed = run_to(ticket, after_sales, "closed")
    file = ArchiveFile.objects.get(customer=closed.customer)
    defect = defect_record(file=file, what="维修单缺客户签字", responsible=after_sales, by=clerk,
                           at=later(closed.closed_at))  # fmt: skip
    return closed, file, defect


@pytest.fixture
def successor(make_staff, team):
    return make_staff(Role.AFTER_SALES, team=team)


def _targets(leaver, receiver):
    return {key: receiver for key, count in staff_handover_counts(leaver).items() if count}


def _open(kind, owner):
    return Clock.objects.filter(kind=kind, owner=owner, state__in=OPEN_STATES)


def test_the_owed_file_and_the_defect_go_to_the_receiver(owed, after_sales, successor, team_manager):
    closed, file, defect = owed
    counts = staff_handover_counts(after_sales)
    assert (counts["archive_files"], counts["file_defects"]) == (1, 1)
    link = _open(ARCHIVE_AFTERSALES_FILE, after_sales).get().subject_url
    revisit_due = _open(ClockKind.REPAIR_REVISIT, after_sales).get().due_at

    record = staff_hand_over(leaving=after_sales, by=team_manager, targets=_targets(after_sales, successor),
                             at=later(defect.found_at))  # fmt: skip

    moved = _open(ARCHIVE_AFTERSALES_FILE, successor).get()
    assert moved.object_id == file.pk and moved.subject_url == link == closed.get_absolute_url()
    assert not _open(ARCHIVE_AFTERSALES_FILE, after_sales).exists()
    assert FileDefect.objects.get(pk=defect.pk).responsible == successor
    assert _open(ARCHIVE_DEFECT_FIX, successor).get().object_id == defect.pk
    # The post-repair revisit the closed ticket still owes goes too, with the customer's deadline.
    revisit = _open(ClockKind.REPAIR_REVISIT, successor).get()
    assert (revisit.object_id, revisit.due_at) == (closed.pk, revisit_due)
    assert not Clock.objects.filter(owner=after_sales, state__in=OPEN_STATES).exists()
    rows = {row["kind"]: (row["to"], row["count"]) for row in record.moved}
    assert rows["archive_files"] == (successor.pk, 1) and rows["file_defects"] == (successor.pk, 1)
    assert StaffHandover.objects.get().from_user == after_sales
    assert Notification.objects.filter(recipient=successor, code="staff_handover_to_you").count() == 1


def test_an_owed_file_goes_only_to_after_sales_staff_and_a_refusal_moves_nothing(
    owed, after_sales, successor, team_manager, salesperson
):
    _closed, _file, defect = owed
    targets = {**_targets(after_sales, successor), "archive_files": salesperson}
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(leaving=after_sales, by=team_manager, targets=targets, at=later(defect.found_at))
    assert refused.value.field == "archive_files"
    assert _open(ARCHIVE_AFTERSALES_FILE, after_sales).exists()
    assert FileDefect.objects.get(pk=defect.pk).responsible == after_sales
    assert not StaffHandover.objects.exists()
