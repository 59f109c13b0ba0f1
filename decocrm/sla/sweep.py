"""The SLA sweep: from state, set-based, idempotent and catch-up safe (ENGINEERING.md rule 5).

Three steps, each over a small index. On PostgreSQL a step is one statement: the DELETE / UPDATE ... RETURNING is a
CTE that the step's INSERT ... SELECTs (notices, digests, outcome counts) read, so the changed rows never travel to
Python nor through a temporary table (SQLite, for development: the changed rows are copied into the temporary table
`sla_swept`, and each INSERT runs on its own):
  1. warn:     the clocks' pending warnings (ClockWarning) whose time came are taken (DELETE); the owners of those
               still running and not yet due are told "due soon" (a notice per clock; more than OWNER_DIGEST_ABOVE
               clocks of one owner: one notice counting them); no clock row is written.
               A clock already past its deadline when first swept (workers down, a deadline shorter than the sweep
               interval) is never warned: it breaches in step 2 and gets only that notice
  2. breach:   running clocks past due_at                   -> state breached; the owner is told (a notice per
               clock, or one counting them, as in step 1) and each team manager gets one digest of their team's new
               breaches
  3. escalate: breached clocks still open past escalate_at  -> each company manager gets one digest
A clock leaves a step once (its warning row is gone, the UPDATE's WHERE no longer matches it), and every notice has
a dedupe key under a unique constraint, so a second sweep, a concurrent sweep or a sweep after days of downtime tells
everyone once.
The clock listeners (hooks.py) of the breach and escalation steps get all of that step's clocks in one call.

The cost is the UPDATE's: a clock changing state is a non-HOT update that writes an entry into every index of
sla_clock whose predicate the new row matches, so the table carries no index the sweep does not need (models.py),
and the warnings, which change no state, live in their own narrow table.
The transaction commits without waiting for its WAL flush (synchronous_commit off, for this transaction only): a
crash of the database server in the following fraction of a second may lose the sweep as a whole (the clocks and
their notices together, never one without the other), and the next sweep then does it again from the clocks' state.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from decocrm.accounts.choices import Role
from decocrm.notifications.services import ON_CONFLICT_DO_NOTHING_SQL, delivery_state_sql, schedule_delivery
from decocrm.notifications.texts import register_notice_text

from .choices import ClockState, EscalationLevel
from .hooks import ClockHook, interest, notify
from .kinds import clock_kind_choices
from .outcomes import breached_upsert_sql

SWEPT_COLUMNS = "id, kind, owner_id, team_id, policy_id, due_at, subject_label, subject_url, content_type_id, object_id"

# Title prefixes of the stored notices (translated when the sweep runs, in the company language).
DUE_SOON = gettext_lazy("Due soon: ")
OVERDUE = gettext_lazy("Overdue: ")
TEAM_DIGEST = gettext_lazy("New overdue items in your team: ")
ESCALATED = gettext_lazy("Escalated, still overdue: ")
TEAM_DIGEST_BODY = gettext_lazy("Open the overdue dashboard for the list, the owners and how late each is.")
ESCALATED_BODY = gettext_lazy("These items stayed overdue past their grace period. Open the overdue dashboard.")
DUE_SOON_MINE = gettext_lazy("Due soon, of your items: ")
OVERDUE_MINE = gettext_lazy("Now overdue, of your items: ")
MINE_BODY = gettext_lazy("Too many at once for a notice each: open My deadlines for the list, overdue first.")

# An owner with more than this many clocks in one step of one sweep (a catch-up after the workers were down, a bulk
# import with one deadline) gets one notice that counts them and links to "My deadlines", not a notice (and an
# email) per clock. Each clock is still told once: the count is of this step's clocks, the dedupe key the sweep's.
OWNER_DIGEST_ABOVE = 10


def _kind_label(value):
    return str(dict(clock_kind_choices()).get(value, value))


def register_sweep_notice_texts():
    """The sweep's notices as the pages render them, in the reader's language (decocrm.notifications.texts)."""
    kind = {"kind": _kind_label}
    register_notice_text("sla_due_soon", title=format_lazy("{}%(kind)s", DUE_SOON), body="%(subject)s", labels=kind)
    register_notice_text("sla_overdue", title=format_lazy("{}%(kind)s", OVERDUE), body="%(subject)s", labels=kind)
    register_notice_text("sla_team_digest", title=format_lazy("{}%(count)d", TEAM_DIGEST), body=TEAM_DIGEST_BODY)
    register_notice_text("sla_escalated", title=format_lazy("{}%(count)d", ESCALATED), body=ESCALATED_BODY)
    register_notice_text("sla_due_soon_mine", title=format_lazy("{}%(count)d", DUE_SOON_MINE), body=MINE_BODY)
    register_notice_text("sla_overdue_mine", title=format_lazy("{}%(count)d", OVERDUE_MINE), body=MINE_BODY)


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


def _literal(text):
    return "'" + str(text).replace("'", "''") + "'"


def _kind_label_sql():
    """A CASE expression giving each clock kind's label (notices are stored text, in the company language)."""
    whens = " ".join(f"WHEN {_literal(value)} THEN {_literal(label)}" for value, label in clock_kind_choices())
    return f"(CASE c.kind {whens} ELSE c.kind END)"


def _prepare(cursor):
    if connection.vendor == "postgresql":
        # This transaction only: no wait for the WAL flush (the module's docstring says what a crash may lose: never
        # exactly-once), and room to hash and keep a catch-up's changed clocks in memory (4 MB, the default, spills).
        cursor.execute("SELECT set_config('synchronous_commit', 'off', true), set_config('work_mem', '128MB', true)")
    else:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS sla_swept (id integer, kind text, owner_id integer, team_id integer,"
            " policy_id integer, due_at text, subject_label text, subject_url text, content_type_id integer,"
            " object_id integer)"
        )


def _listener_filter(hook):
    """(WHERE, params) over the changed clocks for the rows this step's listeners want; None when nobody listens."""
    wanted = interest(hook) if hook else None
    if wanted is None:
        return None
    content_types, kinds = wanted
    where, params = ["TRUE"], []
    for column, values in (("content_type_id", content_types), ("kind", kinds)):
        if values is not None:
            where.append(f"{column} IN ({', '.join(['%s'] * len(values)) or 'NULL'})")
            params.extend(sorted(values))
    return " AND ".join(where), params


def _update(*, set_sql, where_sql, params, marker_column, marker):
    """The clocks a step changes, by UPDATE: (PostgreSQL's CTEs ending in `changed`, their params, and SQLite's
    function filling `sla_swept` and returning the number of changed clocks)."""
    update = f"UPDATE sla_clock SET {set_sql} WHERE {where_sql}"  # noqa: S608
    copy = f"INSERT INTO sla_swept ({SWEPT_COLUMNS}) SELECT {SWEPT_COLUMNS} FROM sla_clock WHERE {marker_column} = %s"  # noqa: S608

    def fill(cursor):
        cursor.execute(update, params)
        if not cursor.rowcount:  # nothing changed now (a clock changed earlier at this same moment is not ours)
            return 0
        cursor.execute(copy, [marker])
        return cursor.rowcount

    return [f"changed AS ({update} RETURNING {SWEPT_COLUMNS})"], list(params), fill


def _take_warnings(at, running):
    """The clocks to warn, taken from ClockWarning (models.py): every row whose time came goes, unless its clock is
    paused or its own warn_at is still ahead (the row was early); the owners of those still running and not yet due
    are told. No clock row is written."""
    swept = ", ".join(f"c.{column.strip()}" for column in SWEPT_COLUMNS.split(","))
    ready = "q.warn_at <= %s AND c.id = q.clock_id AND c.state <> 'paused' AND c.warn_at <= %s"
    to_warn = "c.state = %s AND c.due_at > %s"

    def fill(cursor):
        cursor.execute(
            f"INSERT INTO sla_swept ({SWEPT_COLUMNS}) SELECT {swept} FROM sla_clockwarning q, sla_clock c"  # noqa: S608
            f" WHERE {ready} AND {to_warn}",
            [at, at, running, at],
        )
        warned = cursor.rowcount
        cursor.execute(
            "DELETE FROM sla_clockwarning WHERE clock_id IN"  # noqa: S608
            f" (SELECT q.clock_id FROM sla_clockwarning q, sla_clock c WHERE {ready})",
            [at, at],
        )
        return warned

    ctes = [
        f"taken AS (DELETE FROM sla_clockwarning q USING sla_clock c WHERE {ready} RETURNING {swept}, c.state)",
        f"changed AS (SELECT {SWEPT_COLUMNS} FROM taken c WHERE {to_warn})",  # noqa: S608
    ]
    return ctes, [at, at, running, at], fill


def _step(cursor, changes, *, hook=None, inserts=()):
    """Change the clocks (`changes`: _update or _take_warnings), then run `inserts` (INSERT ... SELECT reading the
    changed clocks as `{swept}`; (sql, params, counted) each) and tell the step's listeners. Returns (clocks
    changed, notices stored)."""
    ctes, params, sqlite_fill = changes
    listen = _listener_filter(hook)
    if connection.vendor == "postgresql":
        ctes = list(ctes)
        selects, all_params = ["(SELECT COUNT(*) FROM changed)"], list(params)
        for i, (sql, sql_params, counted) in enumerate(inserts):
            ctes.append(f"e{i} AS ({sql.replace('{swept}', 'changed')} RETURNING 1)")
            all_params.extend(sql_params)
            selects.append(f"(SELECT COUNT(*) FROM e{i})" if counted else "0")
        if listen:
            selects.append(
                "(SELECT json_agg(json_build_array(id, kind, content_type_id, object_id)) FROM changed"
                f" WHERE {listen[0]})"
            )
            all_params.extend(listen[1])
        cursor.execute(f"WITH {', '.join(ctes)} SELECT {', '.join(selects)}", all_params)  # noqa: S608
        row = cursor.fetchone()
        changed, notified = row[0], sum(row[1 : 1 + len(inserts)])
        if listen and changed:
            notify(hook, [tuple(r) for r in row[-1] or ()])
        return changed, notified
    cursor.execute("DELETE FROM sla_swept")
    changed, notified = sqlite_fill(cursor), 0
    if not changed:
        return 0, 0
    if listen:
        cursor.execute(f"SELECT id, kind, content_type_id, object_id FROM sla_swept WHERE {listen[0]}", listen[1])  # noqa: S608
        notify(hook, cursor.fetchall())
    for sql, sql_params, counted in inserts:
        cursor.execute(sql.replace("{swept}", "sla_swept"), list(sql_params))
        notified += cursor.rowcount if counted else 0
    return changed, notified


def _json_sql(**pairs) -> str:
    """A JSON object of SQL expressions: the parameters of a coded notice (decocrm.notifications.texts)."""
    function = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    return f"{function}({', '.join(f'{_literal(name)}, {sql}' for name, sql in pairs.items())})"


def _notices(
    *, recipient, kind, level, code, text_params, title, body, url, dedupe_key, source, where, group_by="", having="",
    params=(),
):  # fmt: skip
    """INSERT ... SELECT notices, as (sql, params, counted) for _step; every argument but params is SQL written by
    this module (never user input). The title and body are the company language's; `code` and `text_params` let the
    pages render the reader's."""
    delivery = delivery_state_sql(f"'{kind}'", "r.email")
    sql = f"""
        INSERT INTO notifications_notification
               (recipient_id, kind, level, code, params, title, body, url, dedupe_key, {", ".join(delivery)})
        SELECT {recipient}, '{kind}', {int(level)}, '{code}', {text_params}, {title}, {body}, {url}, {dedupe_key},
               {", ".join(delivery.values())}
          FROM {source}
          JOIN accounts_user r ON r.id = {recipient}
         WHERE {where}
        {f"GROUP BY {group_by}" if group_by else ""}
        {f"HAVING {having}" if having else ""}
        {ON_CONFLICT_DO_NOTHING_SQL}"""  # noqa: S608
    return sql, list(params), True


def _owner_notices(*, kind, level, code, prefix, digest_prefix, step, source, where, marker):
    """The owner's notices of a step, as two _notices: one per clock for an owner with at most OWNER_DIGEST_ABOVE of
    this step's clocks (`source`/`where` choose them; the clocks are `c`), one counting digest for an owner with more.
    """
    mine = _literal(reverse("sla:mine"))
    per_owner = f"(SELECT c.owner_id AS owner_id, COUNT(*) AS n FROM {source} WHERE {where} GROUP BY c.owner_id) k"  # noqa: S608
    return [
        _notices(
            recipient="c.owner_id",
            kind=kind,
            level=level,
            code=code,
            text_params=_json_sql(kind="c.kind", subject="c.subject_label"),
            title=f"{_literal(prefix)} || {_kind_label_sql()}",
            body="c.subject_label",
            url="c.subject_url",
            dedupe_key=f"'sla:' || c.id || ':{step}:' || c.owner_id",
            source=f"{source} JOIN {per_owner} ON k.owner_id = c.owner_id",
            where=f"{where} AND k.n <= {OWNER_DIGEST_ABOVE}",
        ),
        _notices(
            recipient="c.owner_id",
            kind=kind,
            level=level,
            code=f"{code}_mine",
            text_params=_json_sql(count="COUNT(*)"),
            title=f"{_literal(digest_prefix)} || COUNT(*)",
            body=_literal(MINE_BODY),
            url=mine,
            dedupe_key=f"'sla:{step}-owner-digest:' || c.owner_id || ':' || {marker}",
            source=source,
            where=where,
            group_by="c.owner_id, r.email",
            having=f"COUNT(*) > {OWNER_DIGEST_ABOVE}",
        ),
    ]


@transaction.atomic
def sla_sweep(*, now=None) -> SweepResult:
    now = now or timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    marker = _literal(timezone.localtime(now).isoformat())
    result = SweepResult()
    running, breached = ClockState.RUNNING.value, ClockState.BREACHED.value
    with connection.cursor() as cursor, translation.override(settings.LANGUAGE_CODE):
        _prepare(cursor)

        # 1. Due soon: the owner, once per clock, unless it is already due (then step 2 says "overdue" alone).
        result.warned, notified = _step(
            cursor,
            _take_warnings(at, running),
            inserts=_owner_notices(
                kind="sla_warning",
                level=0,
                code="sla_due_soon",
                prefix=DUE_SOON,
                digest_prefix=DUE_SOON_MINE,
                step="warn",
                source="{swept} c",
                where="c.owner_id IS NOT NULL",
                marker=marker,
            ),
        )
        result.notified += notified

        # 2. Breached: the owner once per clock; each team manager one digest of this sweep's breaches; the
        # clocks count late in the on-time rates.
        result.breached, notified = _step(
            cursor,
            _update(
                set_sql="state = %s, breached_at = %s, escalation_level = %s",
                where_sql="state = %s AND due_at <= %s",
                params=[breached, at, EscalationLevel.TEAM.value, running, at],
                marker_column="breached_at",
                marker=at,
            ),
            hook=ClockHook.BREACHED,
            inserts=[
                (*breached_upsert_sql(source="{swept} c"), False),
                *_owner_notices(
                    kind="sla_breach",
                    level=1,
                    code="sla_overdue",
                    prefix=OVERDUE,
                    digest_prefix=OVERDUE_MINE,
                    step="breach",
                    source="{swept} c JOIN sla_slapolicy p ON p.id = c.policy_id",
                    where="c.owner_id IS NOT NULL AND p.notify_owner",
                    marker=marker,
                ),
                _notices(
                    recipient="t.manager_id",
                    kind="sla_breach",
                    level=1,
                    code="sla_team_digest",
                    text_params=_json_sql(count="COUNT(*)"),
                    title=f"{_literal(TEAM_DIGEST)} || COUNT(*)",
                    body=_literal(TEAM_DIGEST_BODY),
                    url=f"{_literal(reverse('sla:dashboard') + '?team=')} || c.team_id",
                    dedupe_key=f"'sla:breach-digest:' || c.team_id || ':' || t.manager_id || ':' || {marker}",
                    source=(
                        "{swept} c JOIN sla_slapolicy p ON p.id = c.policy_id JOIN accounts_team t ON t.id = c.team_id"
                    ),
                    where=(
                        "p.notify_team_manager AND t.manager_id IS NOT NULL"
                        " AND (c.owner_id IS NULL OR t.manager_id <> c.owner_id)"
                    ),
                    group_by="t.manager_id, r.email, c.team_id",
                ),
            ],
        )
        result.notified += notified

        # 3. Still breached after the policy's grace: each company manager one digest (level 2).
        result.escalated, notified = _step(
            cursor,
            _update(
                set_sql="escalation_level = %s, escalated_at = %s",
                where_sql="state = %s AND escalation_level = %s AND escalate_at <= %s",
                params=[EscalationLevel.COMPANY.value, at, breached, EscalationLevel.TEAM.value, at],
                marker_column="escalated_at",
                marker=at,
            ),
            hook=ClockHook.ESCALATED,
            inserts=[
                _notices(
                    recipient="m.id",
                    kind="sla_escalation",
                    level=2,
                    code="sla_escalated",
                    text_params=_json_sql(count="COUNT(*)"),
                    title=f"{_literal(ESCALATED)} || COUNT(*)",
                    body=_literal(ESCALATED_BODY),
                    url=_literal(reverse("sla:dashboard")),
                    dedupe_key=f"'sla:escalation-digest:' || m.id || ':' || {marker}",
                    # a digest only when this step escalated something (the source has a row per changed clock)
                    source="{swept} c CROSS JOIN accounts_user m",
                    where="m.is_active AND m.role = %s AND m.company_wide",
                    group_by="m.id, r.email",
                    params=[Role.MANAGER.value],
                )
            ],
        )
        result.notified += notified
    if result.breached or result.escalated:
        # The overdue dashboard's kept figures (reports.dashboard_figures): the SQL above sends no signal.
        from decocrm.core.figures import bump_figures

        from .reports import OVERDUE_FIGURES

        bump_figures(OVERDUE_FIGURES)
    if result.notified:
        schedule_delivery()
    return result
