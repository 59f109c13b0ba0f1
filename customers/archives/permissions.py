"""Who does archive work: the archive clerk (and a superuser). Managers read the files in their scope (selectors);
they do not keep them."""

from decocrm.accounts.choices import Role


def can_keep_archives(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ARCHIVE_CLERK))
