"""Reads of the archive, scoped to the user (ENGINEERING.md rule 4): the clerk (who keeps every file) and the
company's managers see every file; a team manager the files of their team's customers; nobody else any."""

from datetime import datetime, time, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.core.scopes import Scope
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.models import Clock

from ..choices import FileState
from ..clocks import ARCHIVE_CLOCK_KINDS
from ..models import ArchiveFile, ArchiveItem, FileDefect, Handover

FILE_SCOPE = Scope(owner=None, team="customer__owner__team", everyone=(Role.ARCHIVE_CLERK,))


def visible_files(user):
    return FILE_SCOPE.filter(ArchiveFile.objects.select_related("customer"), user)


def visible_items(user):
    return ArchiveItem.objects.filter(file__in=visible_files(user).values("pk"))


def visible_handovers(user):
    return Handover.objects.filter(file__in=visible_files(user).values("pk"))


def visible_defects(user):
    return FileDefect.objects.filter(file__in=visible_files(user).values("pk"))


def with_completeness(qs):
    """Files with `required_count`, `received_count` and `completeness` (a percentage; 100 when nothing is asked
    yet), in the same query."""
    required = Q(items__required=True)
    return qs.annotate(
        required_count=Count("items", filter=required),
        received_count=Count("items", filter=required & Q(items__received=True)),
    ).annotate(
        completeness=Case(
            When(required_count=0, then=Value(100)),
            default=F("received_count") * 100 / F("required_count"),
            output_field=IntegerField(),
        )
    )


def file_completeness(file) -> int:
    return with_completeness(ArchiveFile.objects.filter(pk=file.pk)).values_list("completeness", flat=True).get()


def stage_missing(file, stage) -> bool:
    """Whether a required document of `stage` is still missing from the file."""
    return ArchiveItem.objects.filter(file=file, stage=stage, required=True, received=False).exists()


def missing_items(file):
    return file.items.filter(received=False).select_related("document_kind")


def kept_files():
    return ArchiveFile.objects.filter(state=FileState.OPEN)


def open_archive_clocks(user, *, now=None):
    """The open archive clocks (sales file, after-sales file, defect) of the files the user sees, due by the end of
    today: {"overdue": [...], "today": [...]}, soonest first."""
    now = now or timezone.now()
    end_of_today = timezone.make_aware(datetime.combine(timezone.localtime(now).date() + timedelta(days=1), time()))
    qs = Clock.objects.filter(kind__in=ARCHIVE_CLOCK_KINDS, state__in=OPEN_STATES, due_at__lt=end_of_today)
    if not user.is_superuser:
        qs = qs.filter(customer_id__in=visible_files(user).values("customer_id"))
    clocks = list(qs.select_related("owner").order_by("due_at", "pk")[:100])
    # Each clock links to its customer's file (a contract's or a ticket's page is not the clerk's).
    files = dict(
        ArchiveFile.objects.filter(customer_id__in={c.customer_id for c in clocks}).values_list("customer_id", "pk")
    )
    for clock in clocks:
        pk = files.get(clock.customer_id)
        clock.file_url = reverse("admin:archives_archivefile_change", args=[pk]) if pk else ""
    return {
        "overdue": [clock for clock in clocks if clock.due_at <= now],
        "today": [clock for clock in clocks if clock.due_at > now],
    }


def stage_of_items(items) -> set[str]:
    return {item.stage for item in items}
