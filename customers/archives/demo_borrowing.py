"""The borrowing demo (registered with seed_demo, decocrm.core.demo): three customers of `sales` with their files
(made here: the archive runs before the leads demo that makes most customers; a file the archive's own demo made is
reused), `sales` asking to view one (awaiting `manager`, the
department's manager), `sales2` holding one past its due date (the archivist `archivist` handed it out), and
after-sales `aftersales` (another department) approved by the general manager `gm`. Idempotent: nothing is added once
a request exists. scale=N adds nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from customers.services import customer_create, district_ensure
from decocrm.accounts.models import User

from .models import ArchiveFile, BorrowRequest
from .services import borrowing as s
from .services.retention import retain_until_for


def _file_of(customer, opened_at):
    existing = ArchiveFile.objects.filter(customer=customer).first()
    if existing is not None:
        return existing
    return ArchiveFile.objects.create(customer=customer, number=f"DA{customer.pk:06d}", paper_location="档案柜 A-1",
                                      opened_at=opened_at, retain_until=retain_until_for(opened_at))  # fmt: skip


@transaction.atomic
def seed(*, scale=0, log=print):
    if scale or BorrowRequest.objects.exists():
        return
    names = ["gm", "manager", "sales", "sales2", "aftersales", "archivist"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    if set(names) - set(users):
        return
    district = district_ensure(name="上城区", city="杭州市", is_urban=True)  # one of the leads demo's districts
    customers = [
        customer_create(by=users["gm"], owner=users["sales"], name=name, phone=phone, district=district)
        for name, phone in (("档案演示·周先生", "13700009001"), ("档案演示·吴女士", "13700009002"),
                            ("档案演示·郑先生", "13700009003"))
    ]  # fmt: skip
    now = timezone.now()
    files = [_file_of(customer, now - timedelta(days=400)) for customer in customers]
    s.borrow_request_create(file=files[0], borrower=users["sales"], kind="view", purpose="核对合同付款条款",
                            due_back=timezone.localdate() + timedelta(days=1))  # fmt: skip
    ten_days_ago = now - timedelta(days=10)
    late = s.borrow_request_create(file=files[1], borrower=users["sales2"], kind="borrow", purpose="复印图纸给业主",
                                   due_back=timezone.localdate(ten_days_ago) + timedelta(days=3),
                                   at=ten_days_ago)  # fmt: skip
    s.borrow_request_decide(request=late, by=users["manager"], approve=True, at=ten_days_ago + timedelta(hours=1))
    s.borrow_request_hand_out(request=late, by=users["archivist"], at=ten_days_ago + timedelta(hours=2))
    other = s.borrow_request_create(file=files[2], borrower=users["aftersales"], kind="view", purpose="查保修条款",
                                    due_back=timezone.localdate() + timedelta(days=2))  # fmt: skip
    s.borrow_request_decide(request=other, by=users["gm"], approve=True, note="同意")
    log("archives: 3 borrowing requests (awaiting approval, overdue, approved)")
