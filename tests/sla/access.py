"""Access-matrix rows of the SLA pages (tests/access)."""

from tests.access.matrix import Row

ROWS = [
    Row("sla:dashboard", {"managers": 200, "*": 403}),
    Row("sla:mine", {"*": 200}),
    # Monitoring: company managers (and the METRICS_TOKEN bearer, tests/sla/test_monitoring.py); anonymous 404.
    Row("metrics", {"anonymous": 404, "company": 200, "*": 403}),
    # Asked by the monitor without signing in; 503 here because no sweep has run in the matrix's database.
    Row("healthz_sweep", {"anonymous": 503, "*": 503}),
]
