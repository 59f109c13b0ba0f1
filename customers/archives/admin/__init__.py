"""The archive in the admin site (the clerks' product): one module per part."""

from . import borrowing, retention  # noqa: F401  (registers the admins)
