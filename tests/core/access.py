"""Access-matrix rows of the site's own pages, and the patterns the matrix leaves to other tests (tests/access)."""

from tests.access.matrix import Exempt, Row


def _import_job(owner):
    """A finished background import of `owner`'s (decocrm.core.import_jobs): its page is its importer's only."""
    from django.utils import timezone

    from decocrm.core.models import ImportJob

    return ImportJob.objects.create(
        resource="customers.resources.CustomerResource",
        file="imports/a.csv",
        file_format="csv",
        created_by=owner,
        created_at=timezone.now(),
        state="done",
    )


ROWS = [
    Row("home", {"*": 200}),
    Row(
        "import_job",
        {"sales": (200, 404), "superuser": 200, "*": 404},
        make=lambda owner: {"pk": _import_job(owner).pk},
    ),
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
