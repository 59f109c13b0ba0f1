class DomainError(Exception):
    """A business rule refused the change. Views turn it into a clear message; nothing was written."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
