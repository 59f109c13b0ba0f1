"""The customers services' refusals shared by its modules (the package's __init__ re-exports them)."""

from decocrm.core.errors import DomainError


class CustomerPermissionError(DomainError):
    pass
