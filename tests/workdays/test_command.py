from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_working_days_is_the_default_unit():
    # Wed 30 Sep 2026 + 3: 1-7 Oct off, then Thu 8, Fri 9, Sat 10 (make-up working day)
    assert run("2026-09-30", "--add", "3") == "2026-10-10 23:59:59+08:00"


def test_a_deadline_in_an_unconfirmed_year_says_provisional():
    assert run("2026-12-29", "--add", "3").startswith("2027-01-04 23:59:59+08:00  provisional")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["2026-09-30T10:00", "--add", "24", "--unit", "hours"], "2026-10-01 10:00:00+08:00"),
        (["2026-09-30T10:00", "--add", "7", "--unit", "days"], "2026-10-07 10:00:00+08:00"),
        (["2026-01-31T09:30", "--add", "1", "--unit", "months"], "2026-02-28 09:30:00+08:00"),
        (["2026-09-30T02:00+00:00", "--add", "2", "--unit", "hours"], "2026-09-30 12:00:00+08:00"),
        (["2026-02-13", "--add", "3", "--unit", "working_days"], "2026-02-25 23:59:59+08:00"),
    ],
)
def test_units(args, expected):
    assert run(*args) == expected


@pytest.mark.parametrize(
    "args",
    [["30/09/2026", "--add", "3"], ["2026-09-30", "--add", "-1"], ["2026-09-30", "--add", "3", "--unit", "weeks"]],
)
def test_bad_input_is_a_clear_error(args):
    with pytest.raises(CommandError):
        run(*args)
