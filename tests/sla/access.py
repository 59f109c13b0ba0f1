"""Access-matrix rows of the SLA pages (tests/access)."""

from tests.access.matrix import Row

ROWS = [
    Row("sla:dashboard", {"managers": 200, "*": 403}),
    Row("sla:mine", {"*": 200}),
]
