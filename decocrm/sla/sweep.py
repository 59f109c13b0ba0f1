"""The SLA sweep: from state, set-based, idempotent and catch-up safe (ENGINEERING.md rule 5).

Three steps, each one UPDATE over a partial index plus INSERT ... SELECT of the notices:
  1. warn:     running clocks past warn_at, not yet warned  -> the owner is told "due soon"
  2. breach:   running clocks past due_at                   -> state breached; owner and team manager told
  3. escalate: breached clocks still open past escalate_at  -> company managers told
Each clock leaves a step once (the UPDATE's WHERE no longer matches it) and each notice has a dedupe key under a
unique constraint, so a second sweep, a concurrent sweep or a sweep after days of downtime sends every notice once.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.notifications.services import ON_CONFLICT_DO_NOTHING_SQL, delivery_state_sql, schedule_delivery

from .choices import ClockKind, ClockState, EscalationLevel


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    escalated: int = 0
    notified: int = 0

    def as_dict(self):
        return asdict(self)

    def __str__(self):
        return "warned={warned} breached={breached} escalated={escalated} notified={notified}".format(**self.as_dict())


def _kind_label_sql():
    """A CASE expression giving each clock kind's label in the company language (notices are stored text)."""
    with translation.override(settings.LANGUAGE_CODE):
        whens = " ".join(
            "WHEN '{}' THEN '{}'".format(kind.value, str(kind.label).replace("'", "''")) for kind in ClockKind
        )
        return f"(CASE c.kind {whens} ELSE c.kind END)"


def _title_sql(prefix):
    with translation.override(settings.LANGUAGE_CODE):
        prefix = str(prefix).replace("'", "''")
    return f"'{prefix}' || {_kind_label_sql()}"


def _notify(cursor, *, recipient_sql, kind, level, event, title_prefix, joins, where, params):
    """INSERT ... SELECT one notice per matching clock and recipient; the dedupe key makes it at-most-once."""
    delivery = delivery_state_sql(f"'{kind}'", "r.email")
    sql = f"""
        INSERT INTO notifications_notification
               (recipient_id, kind, level, title, body, url, dedupe_key, {", ".join(delivery)})
        SELECT {recipient_sql}, '{kind}', {int(level)}, {_title_sql(title_prefix)}, c.subject_label, c.subject_url,
               'sla:' || c.id || ':{event}:' || {recipient_sql}, {", ".join(delivery.values())}
          FROM sla_clock c {joins}
          JOIN accounts_user r ON r.id = {recipient_sql}
         WHERE {where}
        {ON_CONFLICT_DO_NOTHING_SQL}"""  # noqa: S608 - only code-written fragments; values are parameters
    cursor.execute(sql, params)
    return cursor.rowcount


@transaction.atomic
def sla_sweep(*, now=None) -> SweepResult:
    now = now or timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    result = SweepResult()
    running, breached = ClockState.RUNNING.value, ClockState.BREACHED.value
    with connection.cursor() as cursor:
        # 1. Due soon.
        cursor.execute(
            "UPDATE sla_clock SET warned_at = %s WHERE state = %s AND warned_at IS NULL AND warn_at <= %s",
            [at, running, at],
        )
        result.warned = cursor.rowcount
        if result.warned:
            result.notified += _notify(
                cursor,
                recipient_sql="c.owner_id",
                kind="sla_warning",
                level=0,
                event="warn",
                title_prefix=_("Due soon: "),
                joins="",
                where="c.warned_at = %s AND c.owner_id IS NOT NULL",
                params=[at],
            )

        # 2. Breached: the owner and the team manager are told (level 1).
        cursor.execute(
            "UPDATE sla_clock SET state = %s, breached_at = %s, escalation_level = %s"
            " WHERE state = %s AND due_at <= %s",
            [breached, at, EscalationLevel.TEAM.value, running, at],
        )
        result.breached = cursor.rowcount
        if result.breached:
            title = _("Overdue: ")
            result.notified += _notify(
                cursor,
                recipient_sql="c.owner_id",
                kind="sla_breach",
                level=1,
                event="breach",
                title_prefix=title,
                joins="JOIN sla_slapolicy p ON p.id = c.policy_id",
                where="c.breached_at = %s AND c.owner_id IS NOT NULL AND p.notify_owner",
                params=[at],
            )
            result.notified += _notify(
                cursor,
                recipient_sql="t.manager_id",
                kind="sla_breach",
                level=1,
                event="breach",
                title_prefix=title,
                joins="JOIN sla_slapolicy p ON p.id = c.policy_id JOIN accounts_team t ON t.id = c.team_id",
                where=(
                    "c.breached_at = %s AND p.notify_team_manager AND t.manager_id IS NOT NULL"
                    " AND (c.owner_id IS NULL OR t.manager_id <> c.owner_id)"
                ),
                params=[at],
            )

        # 3. Still breached after the policy's grace: the company's managers are told (level 2).
        cursor.execute(
            "UPDATE sla_clock SET escalation_level = %s, escalated_at = %s"
            " WHERE state = %s AND escalation_level = %s AND escalate_at <= %s",
            [EscalationLevel.COMPANY.value, at, breached, EscalationLevel.TEAM.value, at],
        )
        result.escalated = cursor.rowcount
        if result.escalated:
            result.notified += _notify(
                cursor,
                recipient_sql="m.id",
                kind="sla_escalation",
                level=2,
                event="escalate",
                title_prefix=_("Escalated, still overdue: "),
                joins="CROSS JOIN accounts_user m",
                where="c.escalated_at = %s AND m.is_active AND m.role = %s AND m.company_wide",
                params=[at, Role.MANAGER.value],
            )
    if result.notified:
        schedule_delivery()
    return result
