"""Which permissions each role's group carries: a registry the apps fill.

Each app registers the codenames its models' permissions give to a role, in its AppConfig.ready():
`register_role_permissions(Role.MANAGER, ["<app_label>.view_<model>", ...])`. `sync_role_groups` (after every
`migrate`, on post_migrate) gives each role's group exactly the union of what is registered for it: a permission
added by hand in the admin is taken away again, and a codename whose model does not exist yet is skipped until the
migration that adds it.
"""

from .choices import Role

VIEW_STAFF = ["accounts.view_user", "accounts.view_team"]
# A manager changes only the role and team of the staff they manage (decocrm/accounts/admin.py and
# selectors.staff_change_refusal say which); powers, groups, permissions and passwords are the superuser's.
MANAGE_STAFF = [*VIEW_STAFF, "accounts.change_user", "accounts.view_staffchange"]

# Roles whose members work in the Django admin site (is_staff).
ADMIN_SITE_ROLES = {Role.MANAGER, Role.ARCHIVE_CLERK}

_REGISTERED: dict[Role, set[str]] = {role: set() for role in Role}
# Capability groups: a duty that is not a role (e.g. a company office that handles one kind of case). An app
# names the group and the permissions it carries; superusers put people in it (only they grant groups), and the
# group keeps exactly the registered permissions, like a role's group.
_CAPABILITY_GROUPS: dict[str, set[str]] = {}


def register_role_permissions(role, codenames):
    """Give `role`'s group these permissions ("app_label.codename"), on top of what other apps register."""
    role = Role(role)
    for dotted in codenames:
        app_label, _, codename = dotted.partition(".")
        if not app_label or not codename:
            raise ValueError(f"a permission is named 'app_label.codename', not {dotted!r}")
    _REGISTERED[role].update(codenames)


def register_capability_group(name: str, codenames):
    """A group named `name` that carries these permissions ("app_label.codename"), given to people by superusers.
    `holds_permission` (selectors) tells who holds such a permission by grant, a superuser's implied ones aside."""
    if name in {role.value for role in Role}:
        raise ValueError(f"{name!r} is a role's group")
    for dotted in codenames:
        if "." not in dotted.strip("."):
            raise ValueError(f"a permission is named 'app_label.codename', not {dotted!r}")
    _CAPABILITY_GROUPS.setdefault(name, set()).update(codenames)


def capability_groups() -> dict[str, frozenset[str]]:
    return {name: frozenset(codenames) for name, codenames in _CAPABILITY_GROUPS.items()}


def role_permissions(role) -> frozenset[str]:
    """Every permission registered for this role."""
    return frozenset(_REGISTERED[Role(role)])


def register_accounts_permissions():
    register_role_permissions(Role.MANAGER, MANAGE_STAFF)
    register_role_permissions(Role.ARCHIVE_CLERK, VIEW_STAFF)


def sync_role_groups(group_model, permission_model):
    """Create one group per role (and per capability group) and give it exactly the permissions registered for it
    (those that exist)."""
    wanted_by_group = {role.value: role_permissions(role) for role in Role} | capability_groups()
    for name, codenames in wanted_by_group.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = []
        for dotted in sorted(codenames):
            app_label, codename = dotted.split(".", 1)
            wanted.extend(permission_model.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(sender, apps=None, **kwargs):
    # Runs after every app's post_migrate (auth creates that app's permissions first), so the groups
    # pick up permissions of apps migrated later in the same run.
    if apps is None:  # `flush` (transactional tests) sends the signal without a migration state
        from django.apps import apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    sync_role_groups(group_model, permission_model)
