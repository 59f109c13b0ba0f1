"""The access matrix (tests/access/matrix.py): every URL pattern x anonymous and every role x own/other object."""

import pytest
from django.db import transaction
from django.test import override_settings

from .matrix import Row, World, check_row, coverage_problems, declarations, row_writes, url_names

ITEMS = declarations()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and every row's objects, made once in a transaction rolled back after the module; each case runs in a
    savepoint inside it (pytest-django's `db`), so what one request changes no other case sees."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("matrix-media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        yield World(ITEMS)
        transaction.set_rollback(True)


def test_every_url_pattern_is_declared():
    problems = coverage_problems(ITEMS, url_names())
    assert not problems, "Access matrix (tests/<app>/access.py):\n" + "\n".join(problems)


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in ITEMS if isinstance(row, Row)])
def test_access(row, world, db):
    """Every role x own/other object of one URL name (the cases of tests/access/matrix.py `row_cases`)."""
    check_row(row, world)


def test_a_change_is_seen(world, db):
    """The "changes nothing" check can fail: a saved row shows up in row_writes()."""
    before = row_writes()
    user = world.users["designer"]
    user.first_name = "改"
    user.save(update_fields=["first_name"])
    assert row_writes() != before
