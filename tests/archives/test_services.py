"""The archive's services: a file per household, its checklist, the handover ledger and the defects, with their
clocks (issue 12; seed 002 档案管理)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from customers.archives.choices import DocumentStage, FileState, HandoverKind
from customers.archives.clocks import ARCHIVE_AFTERSALES_FILE, ARCHIVE_DEFECT_FIX, ARCHIVE_HANDOVER
from customers.archives.hooks import archive_credit, archive_history
from customers.archives.models import ArchiveFile, ArchiveNumber
from customers.archives.selectors import file_completeness
from customers.archives.services import (
    ArchiveStateError,
    archive_file_open,
    defect_correct,
    defect_record,
    handover_record,
    item_check,
    item_receive,
    next_file_number,
)
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockState
from decocrm.sla.models import Clock
from tests.uploads import pdf_bytes

from .conftest import customer_of, file_of, later

pytestmark = pytest.mark.django_db

ID_COPY = "身份证复印件（两面）"
LICENCE = "营业执照或组织机构代码证复印件"


def items_named(file, *names):
    return list(file.items.filter(document_kind__name__in=names))


def signing_items(file, *, but=()):
    return [item for item in file.items.filter(stage=DocumentStage.SIGNING) if item.document_kind.name not in but]


def clock_of(kind, customer_id):
    return Clock.objects.get(kind=kind, customer_id=customer_id)


def hand_over(file, clerk, handed_by, *, items, at, kind=HandoverKind.SALES, note=""):
    return handover_record(file=file, kind=kind, handed_by=handed_by, received_by=clerk, at=at,
                           received_items=items, missing_note=note, by=clerk)  # fmt: skip


# --- opening and the checklist


def test_signing_a_contract_opens_the_file_and_its_clock_is_the_contracts(signed):
    file = ArchiveFile.objects.get(customer=signed.customer)
    year = file.opened_at.astimezone().year
    assert file.number == f"DA-{year}-0001"
    names = set(file.items.values_list("document_kind__name", flat=True))
    assert ID_COPY in names and LICENCE not in names and "装修合同原件" in names
    assert set(file.items.values_list("stage", flat=True)) == {DocumentStage.SIGNING}
    clock = clock_of(ARCHIVE_HANDOVER, signed.customer_id)
    assert clock.state == ClockState.RUNNING and clock.subject == signed
    assert file_completeness(file) == 0


def test_an_organisation_is_asked_for_its_licence_not_an_id_copy(salesperson):
    file = file_of(salesperson, organisation=True)
    names = set(file.items.values_list("document_kind__name", flat=True))
    assert LICENCE in names and ID_COPY not in names


def test_numbers_follow_each_other_and_an_undone_opening_leaves_no_gap(salesperson, clerk):
    first = file_of(salesperson)
    with pytest.raises(RuntimeError), transaction.atomic():
        file_of(salesperson)
        raise RuntimeError("undo")
    second = file_of(salesperson)
    year = first.opened_at.astimezone().year
    assert (first.number, second.number) == (f"DA-{year}-0001", f"DA-{year}-0002")
    assert ArchiveNumber.objects.get(year=year).last == 2
    assert next_file_number(1999) == "DA-1999-0001"


def test_the_clerk_opens_a_file_by_hand_once(salesperson, clerk):
    customer = customer_of(salesperson)
    file = archive_file_open(customer=customer, by=clerk, paper_location="A柜-3层")
    assert file.paper_location == "A柜-3层" and not file.items.exists()  # no stage reached yet
    with pytest.raises(ValidationError) as error:
        archive_file_open(customer=customer, by=clerk)
    assert "customer" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        archive_file_open(customer=customer_of(salesperson), by=salesperson)


# --- the handover ledger and the sales file's clock


def test_a_handover_with_a_missing_document_leaves_the_file_incomplete_until_it_comes(signed, clerk, salesperson):
    file = ArchiveFile.objects.get(customer=signed.customer)
    clock = clock_of(ARCHIVE_HANDOVER, signed.customer_id)
    at = later(clock.started_at)
    with pytest.raises(ValidationError) as error:  # 如资料不齐时需注明
        hand_over(file, clerk, salesperson, items=signing_items(file, but=[ID_COPY]), at=at)
    assert "missing_note" in error.value.message_dict
    handover = hand_over(file, clerk, salesperson, items=signing_items(file, but=[ID_COPY]), at=at, note="身份证未附")
    assert [item.document_kind.name for item in handover.missing_items.all()] == [ID_COPY]
    assert handover.handed_by_name and handover.received_by_name and handover.handed_by_signed
    assert 0 < file_completeness(file) < 100
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    [id_copy] = items_named(file, ID_COPY)
    hand_over(file, clerk, salesperson, items=[id_copy], at=later(at), kind=HandoverKind.CORRECTION)
    clock.refresh_from_db()
    assert clock.state == ClockState.MET and clock.stopped_at == later(at)
    assert file_completeness(file) == 100


def test_marking_the_last_missing_document_received_stops_the_clock(signed, clerk, salesperson):
    file = ArchiveFile.objects.get(customer=signed.customer)
    at = later(clock_of(ARCHIVE_HANDOVER, signed.customer_id).started_at)
    hand_over(file, clerk, salesperson, items=signing_items(file, but=[ID_COPY]), at=at, note="身份证未附")
    [id_copy] = items_named(file, ID_COPY)
    item_receive(item=id_copy, by=clerk, at=later(at))
    assert clock_of(ARCHIVE_HANDOVER, signed.customer_id).state == ClockState.MET


def test_a_document_is_received_once(signed, clerk, salesperson):
    file = ArchiveFile.objects.get(customer=signed.customer)
    at = later(clock_of(ARCHIVE_HANDOVER, signed.customer_id).started_at)
    contract_original = items_named(file, "装修合同原件")
    hand_over(file, clerk, salesperson, items=contract_original, at=at, note="其余未交")
    with pytest.raises(ArchiveStateError):
        hand_over(file, clerk, salesperson, items=contract_original, at=later(at), kind=HandoverKind.CORRECTION)
    with pytest.raises(ArchiveStateError):
        item_receive(item=contract_original[0], by=clerk, at=later(at))
    assert file.handovers.count() == 1


def test_a_handover_is_refused_what_does_not_hold(signed, clerk, salesperson, make_staff):
    file = ArchiveFile.objects.get(customer=signed.customer)
    at = later(clock_of(ARCHIVE_HANDOVER, signed.customer_id).started_at)
    other = file_of(salesperson)
    cases = [
        ({"received_items": items_named(other, "装修合同原件")}, "received_items"),  # another file's document
        ({"received_items": []}, "received_items"),
        ({"received_by": salesperson}, "received_by"),  # the clerk receives
        ({"handed_by": clerk}, "handed_by"),  # two people
        ({"handed_by_signed": False}, "handed_by_signed"),  # both sign
        ({"at": file.opened_at - timedelta(days=1)}, "at"),
    ]
    for change, field in cases:
        fields = {"file": file, "kind": HandoverKind.SALES, "handed_by": salesperson, "received_by": clerk,
                  "at": at, "received_items": signing_items(file), "by": clerk, **change}  # fmt: skip
        with pytest.raises(ValidationError) as error:
            handover_record(**fields)
        assert field in error.value.message_dict, change
    for outsider in (salesperson, make_staff(Role.MANAGER, company_wide=True)):
        with pytest.raises(PermissionDenied):
            handover_record(file=file, kind=HandoverKind.SALES, handed_by=salesperson, received_by=clerk, at=at,
                            received_items=signing_items(file), by=outsider)  # fmt: skip
    assert not file.handovers.exists() and not file.items.filter(received=True).exists()


def test_nothing_is_recorded_in_a_destroyed_file(salesperson, clerk):
    file = file_of(salesperson)
    ArchiveFile.objects.filter(pk=file.pk).update(state=FileState.DESTROYED)
    at = later(file.opened_at)
    with pytest.raises(ArchiveStateError):
        hand_over(file, clerk, salesperson, items=signing_items(file), at=at)
    with pytest.raises(ArchiveStateError):
        defect_record(file=file, what="缺签名", by=clerk, at=at)
    with pytest.raises(ArchiveStateError):
        item_receive(item=signing_items(file)[0], by=clerk, at=at)


# --- the after-sales file


def test_a_closed_ticket_makes_the_after_sales_file_due_within_a_working_day(ticket, after_sales, clerk):
    from tests.aftersales.test_services import run_to

    closed = run_to(ticket, after_sales, "closed")
    file = ArchiveFile.objects.get(customer=closed.customer)
    clock = clock_of(ARCHIVE_AFTERSALES_FILE, closed.customer_id)
    assert clock.subject == file and clock.owner == after_sales and clock.started_at == closed.closed_at
    assert clock.amount == 1 and clock.unit == "working_days"
    after_sales_items = list(file.items.filter(stage=DocumentStage.AFTER_SALES))
    assert "维修服务单" in {item.document_kind.name for item in after_sales_items}
    # Construction and completion were reached (projects' hook): their documents are asked for too.
    assert {DocumentStage.CONSTRUCTION, DocumentStage.COMPLETION} <= set(file.items.values_list("stage", flat=True))
    hand_over(file, clerk, after_sales, items=after_sales_items, at=later(closed.closed_at),
              kind=HandoverKind.AFTER_SALES)  # fmt: skip
    clock.refresh_from_db()
    assert clock.state == ClockState.MET
    sales_clock = clock_of(ARCHIVE_HANDOVER, closed.customer_id)
    assert sales_clock.state == ClockState.RUNNING  # the sales file is still owed


def test_the_after_sales_file_clock_links_to_a_page_its_holder_opens(ticket, after_sales, client):
    """The clock's link (overdue lists, notices) is the closed ticket's page, which the technician who holds the
    clock opens; the file's own page is the clerks' admin, which they cannot."""
    from tests.aftersales.test_services import run_to

    closed = run_to(ticket, after_sales, "closed")
    clock = clock_of(ARCHIVE_AFTERSALES_FILE, closed.customer_id)
    assert clock.owner == after_sales
    assert clock.subject_url == closed.get_absolute_url()
    client.force_login(after_sales)
    assert client.get(clock.subject_url).status_code == 200
    assert client.get(clock.subject.get_absolute_url()).status_code != 200


# --- defects


def test_a_defect_is_corrected_within_a_working_day_once(salesperson, clerk):
    file = file_of(salesperson)
    found = later(file.opened_at)
    defect = defect_record(file=file, item=signing_items(file)[0], what="客户签名缺失", responsible=salesperson,
                           by=clerk, at=found)  # fmt: skip
    clock = Clock.objects.get(kind=ARCHIVE_DEFECT_FIX)
    assert clock.subject == defect and clock.owner == salesperson and clock.state == ClockState.RUNNING
    assert (clock.amount, clock.unit) == (1, "working_days") and clock.customer_id == file.customer_id
    defect_correct(defect=defect, by=clerk, correction="已补签", at=later(found))
    clock.refresh_from_db()
    assert clock.state == ClockState.MET
    with pytest.raises(ArchiveStateError):
        defect_correct(defect=defect, by=clerk, at=later(found, 2))
    with pytest.raises(PermissionDenied):
        defect_record(file=file, what="x", by=salesperson, at=found)


def test_a_defect_says_what_and_belongs_to_its_file(salesperson, clerk):
    file, other = file_of(salesperson), file_of(salesperson)
    with pytest.raises(ValidationError):
        defect_record(file=file, what="  ", by=clerk, at=later(file.opened_at))
    with pytest.raises(ValidationError):
        defect_record(file=file, item=signing_items(other)[0], what="错", by=clerk, at=later(file.opened_at))


# --- a document's check and scan


def test_a_document_is_checked_and_scanned_once_received(salesperson, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    file = file_of(salesperson)
    item = signing_items(file)[0]
    pdf = SimpleUploadedFile("合同.pdf", pdf_bytes(), "application/pdf")
    with pytest.raises(ArchiveStateError):
        item_check(item=item, by=clerk, customer_signature_ok=True, internal_signature_ok=False, scan=pdf)
    item_receive(item=item, by=clerk, at=later(file.opened_at))
    with pytest.raises(ValidationError):
        item_check(item=item, by=clerk, customer_signature_ok=True, internal_signature_ok=True,
                   scan=SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream"))  # fmt: skip
    checked = item_check(item=item, by=clerk, customer_signature_ok=True, internal_signature_ok=True, note="ok",
                         scan=pdf)  # fmt: skip
    assert checked.scan and checked.scan_name == "合同.pdf" and checked.customer_signature_ok


# --- what the later stages show on the file


def test_the_file_shows_the_customers_contracts_and_credit(signed):
    history = archive_history(signed.customer)
    assert any(signed.number in label for _when, label, _url in history)
    assert archive_credit(signed.customer)
