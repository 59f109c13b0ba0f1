"""The clerk's admin site: scoped lists with constant queries, the handover recorded through the service, the
actions, the clerk's home, and the clerk's read-only customers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from customers.archives.choices import HandoverKind
from customers.archives.models import ArchiveItem, FileDefect, Handover
from customers.archives.services import defect_record, handover_record
from decocrm.accounts.choices import Role
from decocrm.accounts.models import Team
from tests.querycount import assert_constant_queries

from .conftest import customer_of, file_of

pytestmark = pytest.mark.django_db

FILES = reverse("admin:archives_archivefile_changelist")


@pytest.fixture
def other_sales(make_staff):
    return make_staff(Role.SALES, team=Team.objects.create(name="销售二部"))


def numbers(response):
    return {file.number for file in response.context["cl"].result_list}


def test_the_clerk_sees_every_file_and_a_team_manager_their_teams(client, clerk, salesperson, other_sales,
                                                                    team_manager, company_manager):  # fmt: skip
    mine, theirs = file_of(salesperson), file_of(other_sales)
    for user, expected in [(clerk, {mine, theirs}), (company_manager, {mine, theirs}), (team_manager, {mine})]:
        client.force_login(user)
        assert numbers(client.get(FILES)) == {file.number for file in expected}
    client.force_login(team_manager)
    assert client.get(reverse("admin:archives_archivefile_change", args=[theirs.pk])).status_code == 302
    assert client.get(reverse("admin:archives_archivefile_add")).status_code == 403  # managers read
    client.force_login(salesperson)
    response = client.get(FILES)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [FILES, reverse("admin:archives_handover_changelist"),
                                 reverse("admin:archives_filedefect_changelist"),
                                 reverse("admin:archives_archiveitem_changelist")])  # fmt: skip
def test_the_lists_run_constant_queries(client, clerk, salesperson, url):
    client.force_login(clerk)

    def add_rows(n):
        for _ in range(n):
            file = file_of(salesperson)
            handover_record(file=file, kind=HandoverKind.SALES, handed_by=salesperson, received_by=clerk,
                            at=file.opened_at, received_items=list(file.items.all()[:2]), missing_note="缺",
                            by=clerk)  # fmt: skip
            defect_record(file=file, what="缺签名", by=clerk, at=file.opened_at)

    response = assert_constant_queries(client, url, add_rows)
    assert response.context["cl"].result_count >= 20


def test_filters_and_the_phone_search(client, clerk, salesperson):
    client.force_login(clerk)
    done, open_ = file_of(salesperson), file_of(salesperson)
    handover_record(file=done, kind=HandoverKind.SALES, handed_by=salesperson, received_by=clerk,
                    at=done.opened_at, received_items=list(done.items.all()), by=clerk)  # fmt: skip
    assert numbers(client.get(FILES, {"completeness": "complete"})) == {done.number}
    assert numbers(client.get(FILES, {"completeness": "incomplete"})) == {open_.number}
    phone = open_.customer.phone.removeprefix("+86")
    assert numbers(client.get(FILES, {"q": f"{phone[:3]} {phone[3:7]} {phone[7:]}"})) == {open_.number}
    assert numbers(client.get(FILES, {"q": phone[:5]})) == set()  # a whole number, not a fragment
    assert numbers(client.get(FILES, {"q": done.number})) == {done.number}


def _handover_form(file, handed_by, clerk, items, note=""):
    now = timezone.localtime()
    return {"file": file.pk, "kind": HandoverKind.SALES, "handed_by": handed_by.pk, "received_by": clerk.pk,
            "at_0": now.date().isoformat(), "at_1": now.strftime("%H:%M:%S"), "received_items": [i.pk for i in items],
            "missing_note": note, "handed_by_signed": "on", "received_by_signed": "on", "note": ""}  # fmt: skip


def test_a_handover_recorded_in_the_admin_goes_through_the_service(client, clerk, salesperson):
    client.force_login(clerk)
    file = file_of(salesperson)
    url = reverse("admin:archives_handover_add") + f"?file={file.pk}"
    page = client.get(url)
    assert page.status_code == 200 and len(page.context["adminform"].form.fields["received_items"].queryset) > 1
    first = list(file.items.order_by("pk"))[:1]
    response = client.post(url, _handover_form(file, salesperson, clerk, first))
    assert response.status_code == 200 and "missing_note" in response.context["adminform"].form.errors
    assert not Handover.objects.exists()
    response = client.post(url, _handover_form(file, salesperson, clerk, first, note="其余未交"))
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.recorded_by == clerk and list(handover.received_items.all()) == first
    assert client.get(reverse("admin:archives_handover_change", args=[handover.pk])).status_code == 200


def test_mark_received_and_mark_corrected_refuse_a_second_time(client, clerk, salesperson):
    client.force_login(clerk)
    file = file_of(salesperson)
    item = file.items.order_by("pk").first()
    url = reverse("admin:archives_archiveitem_changelist")
    action = {"action": "mark_received", "_selected_action": [item.pk]}
    client.post(url, action)
    item.refresh_from_db()
    assert item.received and item.received_by == clerk
    response = client.post(url, action, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    defect = defect_record(file=file, what="缺签名", by=clerk, at=file.opened_at)
    url = reverse("admin:archives_filedefect_changelist")
    action = {"action": "mark_corrected", "_selected_action": [defect.pk]}
    client.post(url, action)
    corrected_at = FileDefect.objects.get().corrected_at
    assert corrected_at is not None
    response = client.post(url, action, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert FileDefect.objects.get().corrected_at == corrected_at


def test_the_clerks_home_lists_the_overdue_handovers(client, clerk, salesperson, signed):
    client.force_login(clerk)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="clerk-home"' in page and 'id="archive-overdue"' in page
    file = signed.customer.archive_file
    assert reverse("admin:archives_archivefile_change", args=[file.pk]) in page  # signed in March: overdue
    client.force_login(salesperson)  # not staff: no admin at all
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_clerk_reads_customers_and_changes_none(client, clerk, salesperson):
    customer = customer_of(salesperson, id_number="310101199001019999")
    client.force_login(clerk)
    url = reverse("admin:customers_customer_change", args=[customer.pk])
    page = client.get(url)
    assert page.status_code == 200 and "310101199001019999" not in page.content.decode()
    assert 'name="name"' not in page.content.decode()  # read-only
    assert client.post(url, {"name": "改名"}).status_code == 403
    assert client.get(reverse("customers:edit", args=[customer.pk])).status_code == 403
    customer.refresh_from_db()
    assert customer.name == "冯先生"
    assert ArchiveItem.objects.count() == 0


def _file_form(file, items, changes):
    data = {"paper_location": "A柜-3层", "items-TOTAL_FORMS": len(items), "items-INITIAL_FORMS": len(items),
            "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000}  # fmt: skip
    for prefix in ("handovers", "defects"):
        data |= {f"{prefix}-{key}": value for key, value in
                 {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}.items()}  # fmt: skip
    for index, item in enumerate(items):
        data[f"items-{index}-id"] = item.pk
        data[f"items-{index}-file"] = file.pk
        data[f"items-{index}-note"] = item.note
        data |= {f"items-{index}-{key}": value for key, value in changes.get(item.pk, {}).items()}
    return data


def test_the_file_page_checks_documents_through_the_service(client, clerk, salesperson, signed, settings, tmp_path):
    from tests.uploads import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    client.force_login(clerk)
    file = signed.customer.archive_file
    url = reverse("admin:archives_archivefile_change", args=[file.pk])
    page = client.get(url)
    assert page.status_code == 200 and signed.number in page.content.decode()  # the transaction history
    items = list(file.items.order_by("document_kind__order", "pk"))
    first = items[0]
    # Not received yet: the check is refused, nothing saved.
    response = client.post(url, _file_form(file, items, {first.pk: {"customer_signature_ok": "on"}}), follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    first.refresh_from_db()
    assert not first.customer_signature_ok
    handover_record(file=file, kind=HandoverKind.SALES, handed_by=salesperson, received_by=clerk,
                    at=file.opened_at, received_items=[first], missing_note="其余未交", by=clerk)  # fmt: skip
    scan = SimpleUploadedFile("合同.pdf", pdf_bytes(), "application/pdf")
    data = _file_form(file, items, {first.pk: {"customer_signature_ok": "on", "scan_upload": scan}})
    data |= {"handovers-TOTAL_FORMS": 1, "handovers-INITIAL_FORMS": 1, "handovers-0-id": file.handovers.get().pk,
             "handovers-0-file": file.pk}  # fmt: skip
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.customer_signature_ok and first.scan and first.scan_name == "合同.pdf"
    scan_url = reverse("admin:archives_archiveitem_scan", args=[first.pk])
    assert scan_url in client.get(url).content.decode()
    response = client.get(scan_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
