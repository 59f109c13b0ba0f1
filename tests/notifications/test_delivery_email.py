"""Email delivery: Django's locmem backend for success, a real SMTP connection to a closed local port for failure."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext

from decocrm.accounts.choices import Role
from decocrm.notifications.choices import DeliveryState
from decocrm.notifications.delivery import MAX_ATTEMPTS, backoff, notifications_deliver_due
from decocrm.notifications.models import Notification
from decocrm.notifications.selectors import unread_notification_count

from .conftest import SITE

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_staff, team):
    return make_staff(Role.SALES, team=team, email="sales@example.com")


@pytest.fixture
def smtp_down(settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2


def test_one_email_per_notification_with_title_body_and_link(owner, notify, mailoutbox):
    first = notify(owner, title="Lead 张三: first contact overdue", body="Due 2026-10-08 23:59.", url="/leads/12/")
    notify(owner, title="Second")

    report = notifications_deliver_due()

    assert (report.claimed, report.emails_sent, report.more_due) == (2, 2, False)
    assert len(mailoutbox) == 2
    message = next(m for m in mailoutbox if "张三" in m.subject)
    assert message.subject == "[DecoCRM] Lead 张三: first contact overdue"
    assert message.to == ["sales@example.com"]
    assert message.from_email == "DecoCRM <noreply@decocrm.test>"
    assert "Due 2026-10-08 23:59." in message.body
    assert f"{SITE}/leads/12/" in message.body
    first.refresh_from_db()
    assert (first.email_state, first.email_attempts, first.next_attempt_at) == (DeliveryState.SENT, 1, None)
    assert notifications_deliver_due().claimed == 0  # nothing left: sent means sent once
    assert len(mailoutbox) == 2


def test_emails_are_written_in_the_company_language_whatever_language_is_active(owner, notify, mailoutbox):
    notify(owner, title="t", url="/x/")
    with translation.override("zh-hans"):
        expected = gettext("Open in DecoCRM: %(link)s") % {"link": f"{SITE}/x/"}
    with translation.override("en"):  # e.g. a worker started with another locale
        notifications_deliver_due()
    assert expected in mailoutbox[0].body


def test_a_recipient_who_lost_their_address_is_skipped_not_failed(owner, notify, mailoutbox):
    n = notify(owner)
    owner.email = ""
    owner.save(update_fields=["email"])
    notifications_deliver_due()
    n.refresh_from_db()
    assert n.email_state == DeliveryState.SKIPPED and n.email_attempts == 0
    assert mailoutbox == []


def test_email_disabled_after_creation_is_skipped(owner, notify, mailoutbox, settings):
    n = notify(owner)
    settings.NOTIFICATION_EMAIL_ENABLED = False
    notifications_deliver_due()
    n.refresh_from_db()
    assert n.email_state == DeliveryState.SKIPPED and mailoutbox == []


def test_smtp_down_keeps_the_notification_and_retries_with_exponential_backoff(owner, notify, smtp_down):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        n = notify(owner, title="Kept whatever happens")

        report = notifications_deliver_due()
        assert (report.claimed, report.retries, report.emails_sent) == (1, 1, 0)
        n.refresh_from_db()
        assert (n.email_state, n.email_attempts) == (DeliveryState.PENDING, 1)
        assert n.next_attempt_at == start + timedelta(minutes=1)
        assert n.last_error.startswith("email: ConnectionRefusedError")
        # The in-app notification is untouched: still stored, still unread under the bell.
        assert unread_notification_count(owner) == 1

        assert notifications_deliver_due().claimed == 0  # not due again before its backoff

        waits = []
        for _ in range(MAX_ATTEMPTS - 1):
            n.refresh_from_db()
            waits.append(n.next_attempt_at - timezone.now())
            clock.move_to(n.next_attempt_at)
            assert notifications_deliver_due().claimed == 1
        assert waits == [backoff(1), backoff(2), backoff(3), backoff(4)]
        assert [w.total_seconds() / 60 for w in waits] == [1, 2, 4, 8]

        n.refresh_from_db()
        assert (n.email_state, n.email_attempts, n.next_attempt_at) == (DeliveryState.FAILED, MAX_ATTEMPTS, None)
        assert Notification.objects.filter(pk=n.pk, read_at=None).exists()
        clock.shift(timedelta(days=1))
        assert notifications_deliver_due().claimed == 0  # given up: no endless retries


def test_a_retry_succeeds_once_smtp_is_back(owner, notify, smtp_down, settings, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        n = notify(owner)
        notifications_deliver_due()
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        clock.shift(backoff(1))
        assert notifications_deliver_due().emails_sent == 1
    n.refresh_from_db()
    assert (n.email_state, n.email_attempts, n.next_attempt_at) == (DeliveryState.SENT, 2, None)
    assert "email: ConnectionRefusedError" in n.last_error  # the last error stays for the record
    assert len(mailoutbox) == 1


def test_a_batch_claims_at_most_batch_size_and_asks_for_more(owner, notify, mailoutbox):
    for i in range(5):
        notify(owner, title=f"n{i}")
    report = notifications_deliver_due(batch_size=2)
    assert (report.claimed, report.more_due) == (2, True)
    assert notifications_deliver_due(batch_size=2).more_due is True
    assert notifications_deliver_due(batch_size=2).more_due is False
    assert len(mailoutbox) == 5
