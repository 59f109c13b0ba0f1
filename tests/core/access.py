"""Access-matrix rows of the site's own pages, and the patterns the matrix leaves to other tests (tests/access)."""

from tests.access.matrix import Exempt, Row

ROWS = [
    Row("home", {"*": 200}),
    Row("healthz", {"anonymous": 200, "*": 200}),  # the load balancer asks without signing in
    Row("favicon", {"anonymous": 302, "*": 302}),  # a redirect to the static file, for every browser, signed in or not
    # Signed in or not, the language switch only sets a cookie and goes back (to "/" without a `next`).
    Row("set_language", {"anonymous": 302, "*": 302}, method="POST", data={"language": "en"}, get=302),
    Exempt(
        "admin:*",
        "the admin site has its own permission model and is scoped by its own tests "
        "(tests/core/test_admin_scope.py, tests/accounts/test_admin_security.py, tests/*/test_admin.py)",
    ),
]
