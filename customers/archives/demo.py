"""The archive demo (seeded after the contracts signed and the tickets closed made files due; registered from
aftersales' ready()): the clerk `archivist` received one file complete, one with the ID copy missing (noted in the
ledger), the sales papers of a third with a defect found in them; the other files' handovers are still due (their
clocks run). Idempotent: nothing is added once a handover is recorded."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from decocrm.accounts.models import User

from .choices import DocumentStage, HandoverKind
from .models import ArchiveFile, Handover
from .services import archive_file_open, defect_record, handover_record

MISSING_NOTE = "身份证复印件未附，销售顾问承诺补交"


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale:
        return
    clerk = User.objects.filter(username="archivist").first()
    sales = User.objects.filter(username="sales").first()
    if clerk is None or sales is None or Handover.objects.exists():
        return
    now = timezone.now()
    files = list(ArchiveFile.objects.select_related("customer").order_by("opened_at", "pk")[:4])
    if len(files) < 4:  # no contract signed yet: open files for the salesperson's customers
        for customer in Customer.objects.filter(owner=sales).exclude(archive_file__isnull=False).order_by("pk"):
            if len(files) == 4:
                break
            files.append(archive_file_open(customer=customer, by=clerk, at=now - timedelta(days=2)))
    at = now - timedelta(hours=2)
    for index, file in enumerate(files[:3]):
        signing = list(file.items.filter(stage=DocumentStage.SIGNING, received=False))
        if not signing:
            continue
        handed_by = file.customer.owner or sales
        keep_back = [item for item in signing if "身份证" in item.document_kind.name] if index == 1 else []
        handover_record(
            file=file, kind=HandoverKind.SALES, handed_by=handed_by, received_by=clerk, at=max(at, file.opened_at),
            received_items=[item for item in signing if item not in keep_back],
            missing_note=MISSING_NOTE if keep_back else "", by=clerk,
        )  # fmt: skip
        rest = list(file.items.filter(received=False).exclude(pk__in=[item.pk for item in keep_back]))
        if index == 0 and rest:  # the construction, completion and after-sales papers too: a complete file
            handover_record(file=file, kind=HandoverKind.CORRECTION, handed_by=handed_by, received_by=clerk,
                            at=max(at, file.opened_at) + timedelta(minutes=10), received_items=rest,
                            by=clerk)  # fmt: skip
        if index == 2:
            item = file.items.filter(received=True).order_by("pk").first()
            defect_record(file=file, item=item, what="客户签名缺失", responsible=handed_by, by=clerk,
                          at=max(at, file.opened_at) + timedelta(minutes=30))  # fmt: skip
    log(f"Archives demo: {len(files)} files for `archivist` (complete, incomplete, a defect, handovers due).")
