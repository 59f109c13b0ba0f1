"""Retention and destruction [seed 002 §3.2.8]: ten years from the file's last activity; the department head's
review, then the general manager's approval (another person), then the clerk's record; never before the file's
keep-until date; a destroyed file is never borrowed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from customers.archives.choices import FileState
from customers.archives.models import ArchiveFile, Destruction
from customers.archives.models.retention import DestructionState
from customers.archives.selectors.borrowing import files_due_for_destruction
from customers.archives.services import retention as services
from customers.archives.services.borrowing import BorrowingError, borrow_request_create
from customers.archives.services.retention import RetentionError

from .borrowing_fixtures import *  # noqa: F403
from .borrowing_helpers import file_for, local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' refusals are matched on their English text (the site's language is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def yesterday():
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def old_file(salesperson, general_manager, dept_manager):
    return file_for(salesperson, by=general_manager, opened_at=local(2014, 3, 1), retain_until=yesterday())


def test_retain_until_is_ten_years_from_the_last_activity(archive_file):
    archive_file.opened_at = local(2016, 2, 29)
    archive_file.save()
    archive_file = services.archive_file_refresh_retention(file=archive_file)
    assert archive_file.retain_until == date(2026, 2, 28)  # no 29 February in 2026
    # Something added to the file later keeps it ten years from then, never less.
    archive_file = services.archive_file_note_activity(file=archive_file, at=local(2020, 6, 1))
    assert archive_file.retain_until == date(2030, 6, 1)
    archive_file = services.archive_file_note_activity(file=archive_file, at=local(2018, 1, 1))
    assert archive_file.retain_until == date(2030, 6, 1)
    with override_settings(ARCHIVE_RETENTION_YEARS=15):
        assert services.retain_until_for(local(2020, 6, 1)) == date(2035, 6, 1)


def test_activity_sources_are_asked(archive_file):
    def source(file):
        return local(2024, 5, 20)

    services.register_file_activity_source(source)
    try:
        archive_file.opened_at = local(2019, 1, 1)
        archive_file.save()
        assert services.archive_file_refresh_retention(file=archive_file).retain_until == date(2034, 5, 20)
    finally:
        services._activity_sources.remove(source)


def test_missing_retention_is_filled_once(archive_file):
    assert archive_file.retain_until is None
    assert services.fill_missing_retention() == 1
    assert services.fill_missing_retention() == 0
    archive_file.refresh_from_db()
    assert archive_file.retain_until == services.retain_until_for(archive_file.opened_at)


def test_destruction_happy_path(old_file, clerk, dept_manager, general_manager):
    assert list(files_due_for_destruction()) == [old_file]
    destruction = services.destruction_propose(file=old_file, by=clerk, note="到期")
    assert list(files_due_for_destruction()) == []
    services.destruction_review(destruction=destruction, by=dept_manager, approve=True, note="同意销毁")
    services.destruction_approve(destruction=destruction, by=general_manager, approve=True)
    what = "纸质档案袋一份及扫描件"
    services.destruction_record(destruction=destruction, by=clerk, what_destroyed=what, method="碎纸")
    destruction.refresh_from_db()
    old_file.refresh_from_db()
    assert destruction.state == DestructionState.DESTROYED
    assert (destruction.reviewed_by, destruction.approved_by, destruction.destroyed_by) == (
        dept_manager, general_manager, clerk,
    )  # fmt: skip
    assert destruction.what_destroyed == "纸质档案袋一份及扫描件" and destruction.destroyed_at
    assert old_file.state == FileState.DESTROYED
    assert list(destruction.transitions.values_list("to_state", flat=True)) == [
        "awaiting_review", "awaiting_approval", "approved", "destroyed",
    ]  # fmt: skip
    with pytest.raises(BorrowingError):
        borrow_request_create(file=old_file, borrower=dept_manager, kind="view", purpose="查",
                              due_back=timezone.localdate())  # fmt: skip


def test_not_before_retain_until(archive_file, clerk):
    for retain_until in (None, timezone.localdate(), timezone.localdate() + timedelta(days=30)):
        ArchiveFile.objects.filter(pk=archive_file.pk).update(retain_until=retain_until)
        with pytest.raises(RetentionError):
            services.destruction_propose(file=archive_file, by=clerk)
    assert not Destruction.objects.exists()


def test_retention_extended_after_approval_stops_the_record(old_file, clerk, dept_manager, general_manager):
    destruction = services.destruction_propose(file=old_file, by=clerk)
    services.destruction_review(destruction=destruction, by=dept_manager, approve=True)
    services.destruction_approve(destruction=destruction, by=general_manager, approve=True)
    services.archive_file_note_activity(file=old_file, at=timezone.now())  # a late document arrived
    with pytest.raises(RetentionError, match="kept until"):
        services.destruction_record(destruction=destruction, by=clerk, what_destroyed="档案袋")
    old_file.refresh_from_db()
    assert old_file.state == FileState.OPEN


def test_who_takes_each_step(old_file, clerk, dept_manager, manager_b, general_manager, deputy_general_manager,
                             salesperson):  # fmt: skip
    with pytest.raises(RetentionError):
        services.destruction_propose(file=old_file, by=dept_manager)  # only the clerk proposes
    destruction = services.destruction_propose(file=old_file, by=clerk)
    with pytest.raises(RetentionError):
        services.destruction_propose(file=old_file, by=clerk)  # one under way at a time
    for wrong in (manager_b, general_manager, clerk, salesperson):  # only the file's department head reviews
        with pytest.raises(RetentionError):
            services.destruction_review(destruction=destruction, by=wrong, approve=True)
    with pytest.raises(RetentionError):  # not reviewed yet
        services.destruction_approve(destruction=destruction, by=general_manager, approve=True)
    services.destruction_review(destruction=destruction, by=dept_manager, approve=True)
    with pytest.raises(RetentionError):  # reviewed once
        services.destruction_review(destruction=destruction, by=dept_manager, approve=True)
    for wrong in (dept_manager, manager_b, clerk):
        with pytest.raises(RetentionError):
            services.destruction_approve(destruction=destruction, by=wrong, approve=True)
    with pytest.raises(RetentionError):  # not approved yet
        services.destruction_record(destruction=destruction, by=clerk, what_destroyed="档案袋")
    services.destruction_approve(destruction=destruction, by=deputy_general_manager, approve=True)
    with pytest.raises(RetentionError):
        services.destruction_record(destruction=destruction, by=general_manager, what_destroyed="档案袋")
    with pytest.raises(ValidationError):
        services.destruction_record(destruction=destruction, by=clerk, what_destroyed=" ")
    services.destruction_record(destruction=destruction, by=clerk, what_destroyed="档案袋")
    with pytest.raises(RetentionError):
        services.destruction_record(destruction=destruction, by=clerk, what_destroyed="档案袋")


def test_the_reviewer_does_not_approve_too(general_manager, deputy_general_manager, clerk):
    """A file of no department is reviewed by a company-wide manager; another one approves."""
    pool_file = file_for(None, by=general_manager, opened_at=local(2014, 1, 1), retain_until=yesterday())
    destruction = services.destruction_propose(file=pool_file, by=clerk)
    services.destruction_review(destruction=destruction, by=general_manager, approve=True)
    with pytest.raises(RetentionError, match="reviewed"):
        services.destruction_approve(destruction=destruction, by=general_manager, approve=True)
    services.destruction_approve(destruction=destruction, by=deputy_general_manager, approve=True)
    assert Destruction.objects.get(pk=destruction.pk).state == DestructionState.APPROVED


def test_refusal_needs_a_reason_and_frees_the_file(old_file, clerk, dept_manager, general_manager):
    destruction = services.destruction_propose(file=old_file, by=clerk)
    with pytest.raises(ValidationError):
        services.destruction_review(destruction=destruction, by=dept_manager, approve=False, note="")
    services.destruction_review(destruction=destruction, by=dept_manager, approve=False, note="仍有纠纷")
    assert Destruction.objects.get(pk=destruction.pk).state == DestructionState.REFUSED
    with pytest.raises(RetentionError):
        services.destruction_approve(destruction=destruction, by=general_manager, approve=True)
    assert list(files_due_for_destruction()) == [old_file]  # may be proposed again
    again = services.destruction_propose(file=old_file, by=clerk)
    services.destruction_review(destruction=again, by=dept_manager, approve=True)
    services.destruction_approve(destruction=again, by=general_manager, approve=False, note="暂缓")
    again.refresh_from_db()
    assert again.state == DestructionState.REFUSED and again.approved_by is None


def test_an_open_borrowing_blocks_the_destruction(old_file, clerk, colleague):
    ArchiveFile.objects.filter(pk=old_file.pk).update(retain_until=timezone.localdate() + timedelta(days=1))
    borrow_request_create(file=old_file, borrower=colleague, kind="view", purpose="查", due_back=timezone.localdate())
    ArchiveFile.objects.filter(pk=old_file.pk).update(retain_until=yesterday())
    with pytest.raises(RetentionError, match="borrowing"):
        services.destruction_propose(file=old_file, by=clerk)
