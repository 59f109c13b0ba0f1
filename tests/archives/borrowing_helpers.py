"""Helpers of the borrowing, retention and KPI tests: files for customers, made the way the archive opens them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from customers.archives.models import ArchiveFile
from customers.services import customer_create
from decocrm.accounts.models import User

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _next_number():
    return f"DA{ArchiveFile.objects.count() + 1:06d}"


def file_for(owner, *, opened_at=None, retain_until=None, name=None, by=None):
    """A customer owned by `owner` (None: in the pool) with its archive file."""
    by = by or User.objects.filter(role="manager", company_wide=True).first() or owner
    number = _next_number()
    customer = customer_create(by=by, owner=owner, name=name or f"客户{number}",
                               phone=f"1390000{ArchiveFile.objects.count() + 1:04d}")  # fmt: skip
    return ArchiveFile.objects.create(
        customer=customer, number=number, paper_location="A-01", opened_at=opened_at or timezone.now(),
        retain_until=retain_until,
    )  # fmt: skip


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def local(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)
