"""Every write to staff and teams goes through here."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice

from .choices import Role, StaffField
from .handover import staff_handover_kinds
from .models import StaffChange, StaffHandover, Team, User
from .roles import ADMIN_SITE_ROLES
from .selectors import (
    assignable_roles,
    is_company_manager,
    staff_change_refusal,
    staff_handover_refusal,
    visible_staff,
)


class StaffChangeRefused(DomainError):
    """`by` may not make this change to a staff account; `field` names the form field at fault, if one is."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def staff_set_role(*, user: User, role: Role | str) -> User:
    """Give a staff member one role: the role field, the matching group, and admin-site access if the role needs it."""
    role = Role(role)
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    user.groups.add(Group.objects.get(name=role.value))
    user.role = role
    user.is_staff = user.is_superuser or role in ADMIN_SITE_ROLES
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    team: Team | None = None,
    company_wide: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        team=team,
        company_wide=company_wide,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return staff_set_role(user=user, role=role)


@transaction.atomic
def team_create(*, name: str, manager: User | None = None) -> Team:
    team = Team(name=name, manager=manager)
    team.full_clean()
    team.save()
    if manager is not None and manager.team_id != team.pk:
        manager.team = team
        manager.full_clean()
        manager.save(update_fields=["team"])
    return team


@transaction.atomic
def team_set_manager(*, team: Team, manager: User | None) -> Team:
    team.manager = manager
    team.full_clean()
    team.save(update_fields=["manager"])
    return team


# --- Role, team and powers: checked against who asks, and recorded -------------------------------------------

_BOOLEAN_FIELDS = (StaffField.IS_ACTIVE, StaffField.IS_STAFF, StaffField.IS_SUPERUSER, StaffField.COMPANY_WIDE)
# What an account that does not exist yet "had": a new account's record shows every power it starts with.
NEW_ACCOUNT = {field: "False" if field in _BOOLEAN_FIELDS else "" for field in StaffField.values}


def staff_snapshot(user: User) -> dict[str, str]:
    """The role, team and powers of an account as text, to compare before and after a change."""
    permissions = user.user_permissions.values_list("content_type__app_label", "codename")
    return {
        StaffField.ROLE: user.role,
        StaffField.TEAM: str(user.team) if user.team_id else "",
        **{field: str(getattr(user, field)) for field in _BOOLEAN_FIELDS},
        StaffField.GROUPS: ", ".join(sorted(user.groups.values_list("name", flat=True))),
        StaffField.USER_PERMISSIONS: ", ".join(sorted(f"{app}.{codename}" for app, codename in permissions)),
    }


@transaction.atomic
def staff_changes_record(*, staff: User, by: User | None, before: dict[str, str], at=None) -> list[StaffChange]:
    """Record each field of `staff`'s account that differs from `before` (a `staff_snapshot` taken earlier)."""
    at = at or timezone.now()
    after = staff_snapshot(staff)
    rows = [
        StaffChange(at=at, by=by, staff=staff, field=field, old_value=before.get(field, ""), new_value=value)
        for field, value in after.items()
        if before.get(field, "") != value
    ]
    for row in rows:
        row.full_clean()
    return StaffChange.objects.bulk_create(rows)


def staff_check_role_team(*, user: User, by: User, role: Role | str, team: Team | None) -> None:
    """Raise StaffChangeRefused unless `by` may give `user` this role and team (forms call it to show the reason
    on the field; `staff_change_role_team` calls it again under lock)."""
    refusal = staff_change_refusal(by, user)
    if refusal:
        raise StaffChangeRefused(refusal)
    if role not in Role.values:
        raise StaffChangeRefused(_("Choose a role from the list."), field="role")
    if by.is_superuser:
        return
    if role != user.role and Role(role) not in assignable_roles(by):
        raise StaffChangeRefused(
            _("Only a company manager may make someone a manager or an archive clerk."), field="role"
        )
    if not is_company_manager(by) and (team is None or team.pk != by.team_id):
        raise StaffChangeRefused(
            _("Keep the staff member in your own team: only a company manager moves staff between teams."),
            field="team",
        )


@transaction.atomic
def staff_change_role_team(*, user: User, by: User, role: Role | str, team: Team | None, at=None) -> User:
    """A manager (or superuser) sets a staff member's role and team; the change is checked and recorded."""
    user = User.objects.select_for_update(of=("self",)).select_related("team").get(pk=user.pk)
    staff_check_role_team(user=user, by=by, role=role, team=team)
    before = staff_snapshot(user)
    if user.team_id != (team.pk if team else None):
        user.team = team
        user.full_clean()
        user.save(update_fields=["team"])
    if role != user.role:
        staff_set_role(user=user, role=role)
    staff_changes_record(staff=user, by=by, before=before, at=at)
    return user


@transaction.atomic
def staff_record_password_change(*, staff: User, by: User) -> StaffChange:
    """Record that `by` set `staff`'s password (never the password itself). Only superusers set another user's
    password; everyone changes their own through the password page."""
    if not (by.is_superuser or by.pk == staff.pk):
        raise StaffChangeRefused(_("Only a superuser may set another user's password."))
    row = StaffChange(by=by, staff=staff, field=StaffField.PASSWORD)
    row.full_clean()
    row.save()
    return row


# --- A leaving staff member's work, handed to others in one action ----------------------------------------------

HANDOVER_NOTICE = "staff_handover_to_you"


class StaffHandoverRefused(DomainError):
    """The hand-over is refused; `field` names the kind (handover.py key) whose receiver is at fault, if one is."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def staff_handover_counts(user: User) -> dict[str, int]:
    """{kind key: how much of it `user` holds now}, for every registered kind."""
    return {kind.key: kind.count(user) for kind in staff_handover_kinds()}


def _receiver_refusal(by, leaving, kind, receiver) -> str | None:
    if receiver is None:
        return _("Choose who receives: %(kind)s.") % {"kind": kind.label}
    if receiver.pk == leaving.pk:
        return _("The leaving staff member cannot receive their own work.")
    if not receiver.is_active:
        return _("%(name)s is no longer active.") % {"name": receiver.display_name}
    if kind.roles and receiver.role not in kind.roles:
        roles = ", ".join(str(Role(role).label) for role in sorted(kind.roles))
        return _("%(kind)s go only to: %(roles)s.") % {"kind": kind.label, "roles": roles}
    if not visible_staff(by).filter(pk=receiver.pk).exists():
        return _("%(name)s is not in your team.") % {"name": receiver.display_name}
    return None


def staff_handover_check(*, leaving: User, by: User, targets: dict, counts: dict) -> dict:
    """{kind key: receiver} for every kind `leaving` holds some of; StaffHandoverRefused names the first kind whose
    receiver is missing or not allowed. A kind that `follows` another goes to that kind's receiver."""
    refusal = staff_handover_refusal(by, leaving)
    if refusal:
        raise StaffHandoverRefused(refusal)
    receivers = {}
    for kind in staff_handover_kinds():
        if not counts.get(kind.key):
            continue
        field = kind.follows or kind.key
        receiver = targets.get(field)
        refusal = _receiver_refusal(by, leaving, kind, receiver)
        if refusal:
            raise StaffHandoverRefused(refusal, field=field)
        receivers[kind.key] = receiver
    return receivers


def _staff_handover_notices(record: StaffHandover) -> int:
    totals: dict[int, int] = {}
    for row in record.moved:
        totals[row["to"]] = totals.get(row["to"], 0) + row["count"]
    name, by = record.from_user.display_name, record.by.display_name
    return notification_create_many(
        notifications=[
            {
                "recipient_id": receiver,
                "kind": NotificationKind.GENERAL,
                "dedupe_key": f"staff-handover:{record.pk}:{receiver}",
                **notice(HANDOVER_NOTICE, count=count, name=name, by=by),
            }
            for receiver, count in totals.items()
            if count
        ]
    )


@transaction.atomic
def staff_hand_over(*, leaving: User, by: User, targets: dict, deactivate: bool = False, at=None) -> StaffHandover:
    """Hand every kind of work `leaving` holds (handover.py) to its receiver in `targets` ({kind key: user}), each
    through its app's own services, record it (who, when, from, to, how many of each), tell each receiver once, and
    deactivate the account if asked. All or nothing: a refusal by any app moves nothing."""
    at = at or timezone.now()
    leaving = User.objects.select_for_update(of=("self",)).select_related("team").get(pk=leaving.pk)
    counts = staff_handover_counts(leaving)
    receivers = staff_handover_check(leaving=leaving, by=by, targets=targets, counts=counts)
    if not receivers and not deactivate:
        raise StaffHandoverRefused(_("%(name)s holds no work to hand over.") % {"name": leaving.display_name})
    moved = []
    for kind in staff_handover_kinds():
        receiver = receivers.get(kind.key)
        if receiver is None:
            continue
        count = kind.hand_over(from_user=leaving, to_user=receiver, by=by, at=at)
        with translation.override(settings.LANGUAGE_CODE):
            label = str(kind.label)
        moved.append(
            {"kind": kind.key, "label": label, "to": receiver.pk, "to_name": receiver.display_name, "count": count}
        )
    record = StaffHandover(at=at, by=by, from_user=leaving, moved=moved, deactivated=deactivate)
    record.full_clean()
    record.save()
    _staff_handover_notices(record)
    if deactivate and leaving.is_active:
        before = staff_snapshot(leaving)
        leaving.is_active = False
        leaving.save(update_fields=["is_active"])
        staff_changes_record(staff=leaving, by=by, before=before, at=at)
    return record
