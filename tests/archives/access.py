"""Access-matrix rows of the archive's admin pages (tests/access; the admin's other pages are exempted in
tests/core/access.py, these are asked). The admin site is for staff: every other role (and anonymous visitors) is
sent to the admin's login page (302). The clerk sees every file; a team manager their team's customers' files, and
another team's file is "not found" (the admin's redirect to its index, 302; a scan 404); managers only read (403 on
add); nobody deletes (403). The "own" file is a customer of `sales` (team A), the "other" one of team B's.

Access-matrix rows of the archive's pages (tests/access). A borrowing request is seen by its borrower, the
managers of the file's department and of the borrower's team, the company managers and the archive clerks
(customers.archives.selectors.borrowing); the matrix's "own" request is `sales`'s, for a file of their own customer
(team A), the "other" one the team-B salesperson's. Everyone may ask for a file (the list and the form are theirs);
the KPI page is the managers'. The admin site's lists are exempt here (tests/core/access.py) and covered by
tests/archives/test_borrowing_admin.py."""

from datetime import timedelta
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from customers.archives.choices import HandoverKind
from customers.archives.models import DocumentKind
from customers.archives.services import archive_file_due, defect_record, handover_record, item_check
from customers.archives.services.borrowing import borrow_request_create
from customers.services import customer_create
from decocrm.accounts.models import User
from tests.access.matrix import Row, scoped
from tests.uploads import pdf_bytes

from .borrowing_helpers import file_for

_phones = count(1)
STAFF_ONLY = {"*": 302}  # the admin's login page, not the site's
SCOPED = {**STAFF_ONLY, "archive_clerk": 200, "team_manager": (200, 302), "other_team_manager": (302, 200),
          "company": 200}  # fmt: skip
LISTS = {**STAFF_ONLY, "archive_clerk": 200, "managers": 200}
CLERK_ADDS = {**STAFF_ONLY, "archive_clerk": 200, "superuser": 200, "team_manager": 403,
              "other_team_manager": 403, "company_manager": 403}  # fmt: skip
NOBODY = {**STAFF_ONLY, "archive_clerk": 403, "managers": 403}


def _clerk():
    return User.objects.filter(role="archive_clerk", is_active=True).order_by("pk").first()


def _file(owner):
    customer = customer_create(by=owner, owner=owner, name="档案户", phone=f"1593377{next(_phones):04d}")
    return archive_file_due(customer=customer, kind=HandoverKind.SALES, by=owner)


def file_of(owner):
    return {"object_id": _file(owner).pk}


def item_of(owner):
    return {"object_id": _file(owner).items.first().pk}


def handover_of(owner):
    file = _file(owner)
    handover = handover_record(file=file, kind=HandoverKind.SALES, handed_by=owner, received_by=_clerk(),
                               at=file.opened_at, received_items=list(file.items.all()), by=_clerk())  # fmt: skip
    return {"object_id": handover.pk}


def defect_of(owner):
    file = _file(owner)
    return {"object_id": defect_record(file=file, what="缺签名", by=_clerk(), at=file.opened_at).pk}


def scan_of(owner):
    file = _file(owner)
    item = file.items.first()
    handover_record(file=file, kind=HandoverKind.SALES, handed_by=owner, received_by=_clerk(), at=file.opened_at,
                    received_items=list(file.items.all()), by=_clerk())  # fmt: skip
    scan = SimpleUploadedFile("扫描.pdf", pdf_bytes(), "application/pdf")
    item_check(item=item, by=_clerk(), customer_signature_ok=True, internal_signature_ok=True, scan=scan)
    return {"pk": item.pk}


def kind_of(owner):
    return {"object_id": DocumentKind.objects.order_by("pk").first().pk}


def admin_rows(model, make, *, add):
    prefix = f"admin:archives_{model}"
    return [
        Row(f"{prefix}_changelist", LISTS),
        Row(f"{prefix}_add", add),
        Row(f"{prefix}_change", SCOPED, make=make),
        Row(f"{prefix}_history", SCOPED, make=make),
        Row(f"{prefix}_delete", NOBODY, make=make),
    ]


ADMIN_ROWS = [
    *admin_rows("archivefile", file_of, add=CLERK_ADDS),
    *admin_rows("archiveitem", item_of, add={**NOBODY, "superuser": 403}),  # a checklist comes from the stages
    *admin_rows("handover", handover_of, add=CLERK_ADDS),
    *admin_rows("filedefect", defect_of, add=CLERK_ADDS),
    Row(
        "admin:archives_archiveitem_scan",
        {**SCOPED, "team_manager": (200, 404), "other_team_manager": (404, 200)},
        make=scan_of,
    ),  # fmt: skip
    # The checklist's document kinds: a company-wide setting every reader reads, company managers change.
    Row("admin:archives_documentkind_changelist", LISTS),
    Row(
        "admin:archives_documentkind_add",
        {**STAFF_ONLY, "archive_clerk": 403, "team_manager": 403, "other_team_manager": 403, "company": 200},
    ),
    Row("admin:archives_documentkind_change", {**STAFF_ONLY, "archive_clerk": 200, "managers": 200}, make=kind_of),
    Row("admin:archives_documentkind_history", {**STAFF_ONLY, "archive_clerk": 200, "managers": 200}, make=kind_of),
    Row("admin:archives_documentkind_delete", NOBODY, make=kind_of),
]


def borrowing_of(owner):
    file = file_for(owner)
    request = borrow_request_create(file=file, borrower=owner, kind="view", purpose="核对",
                                    due_back=timezone.localdate() + timedelta(days=2))  # fmt: skip
    return {"pk": request.pk}


SEEN = scoped(200, archive_clerk=200)

PAGE_ROWS = [
    Row("archives:borrow_list", {"*": 200}),
    Row("archives:borrow_new", {"*": 200}),
    Row("archives:borrow_detail", SEEN, make=borrowing_of),
    # An empty refusal (it needs a reason) is re-shown to whoever sees the request: nothing is written
    Row(
        "archives:borrow_action", SEEN, make=lambda owner: {**borrowing_of(owner), "action": "refuse"}, method="POST"
    ),  # fmt: skip
    Row("archives:kpis", {"managers": 200, "*": 403}),
]


ROWS = [*ADMIN_ROWS, *PAGE_ROWS]
