"""decocrm.core.exports: the one neutraliser every export uses, and the CSV writer built on it."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from decocrm.audit.models import ExportLog
from decocrm.core.exports import csv_response, record_export, safe_cell, unquote_cell
from tests.spreadsheets import FORMULA_PAYLOADS, assert_csv_neutralised, csv_cells


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_text_that_starts_a_formula_gets_a_leading_quote(payload):
    assert safe_cell(payload) == "'" + payload
    assert unquote_cell(safe_cell(payload)) == payload  # an edited export imports back as it was


@pytest.mark.parametrize("value", ["张先生", "a=b", "1+1", " =1", "", "'quoted", "2026-03-02 10:00"])
def test_ordinary_text_is_left_alone(value):
    assert safe_cell(value) == value
    assert unquote_cell(value) == value


@pytest.mark.parametrize("value", [-5, -2.5, Decimal("-3.10"), 0, None, True, date(2026, 3, 2)])
def test_numbers_and_other_values_stay_as_they_are(value):
    # A number cannot carry a formula; keeping it numeric keeps sums working in the spreadsheet.
    assert safe_cell(value) is value


def test_lazy_translations_are_text_too():
    assert safe_cell(gettext_lazy("=SUM(1)")) == "'=SUM(1)"


def test_csv_response_neutralises_every_cell_header_included():
    response = csv_response(([p, -5] for p in FORMULA_PAYLOADS), header=["=name", "n"], filename="x.csv")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = csv_cells(b"".join(response.streaming_content))
    assert rows[0] == ["'=name", "n"]
    assert_csv_neutralised(rows)
    assert {row[1] for row in rows[1:]} == {"-5"}  # the number stays a number


@pytest.mark.django_db
def test_record_export_stores_and_logs_who_what_and_how_many(caplog, django_user_model):
    user = django_user_model.objects.create_user(username="gm")
    with caplog.at_level("INFO", logger="decocrm.exports"):
        record_export(user=user, what="leads", fmt="csv", rows=3, filters="state=new")
    (message,) = [r.getMessage() for r in caplog.records if r.name == "decocrm.exports"]
    assert message == f"export leads format=csv rows=3 by={user.pk} (gm) filters=state=new"
    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.fmt, entry.rows, entry.filters) == (user, "leads", "csv", 3, "state=new")
