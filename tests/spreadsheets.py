"""Helpers for the export tests: the formula payloads an attacker types into a name or a note, and readers that
open an export the way a spreadsheet would (CSV cells; XLSX cells with their openpyxl data type)."""

import csv
import io

import openpyxl

# Each would run as a formula (or start one, after a tab / CR) when a spreadsheet opens the raw file.
FORMULA_PAYLOADS = ["=1+1", "+1+1", "-2+3", "@SUM(1)", '=HYPERLINK("http://x","y")', "\t=1", "\r=1"]


def csv_cells(content: bytes):
    """Every row of a CSV download, as lists of cells (BOM removed)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_cells(content: bytes):
    """Every row of the first sheet of an XLSX download, as lists of openpyxl cells."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def assert_csv_neutralised(rows, payloads=FORMULA_PAYLOADS):
    found = {cell[1:] for row in rows for cell in row if cell.startswith("'")}
    assert set(payloads) <= found, set(payloads) - found
    assert not [cell for row in rows for cell in row if cell in payloads]


def assert_xlsx_neutralised(rows, payloads=FORMULA_PAYLOADS):
    payloads = [p.replace("\r", "\n") for p in payloads]  # XML reads a stored CR back as LF
    cells = [cell for row in rows for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    quoted = {cell.value[1:] for cell in cells if isinstance(cell.value, str) and cell.value.startswith("'")}
    assert set(payloads) <= quoted, set(payloads) - quoted
    for cell in cells:
        if isinstance(cell.value, str) and cell.value[1:] in payloads:
            assert cell.data_type == "s", cell.coordinate


def export_rows(response, columns):
    """The rows of a list download (decocrm.core.list_exports), CSV or XLSX, as {column key: cell value}; the
    header row is read back to the keys through the columns' labels (in the active language)."""
    keys = {str(column.label): column.key for column in columns}
    if response["Content-Type"].startswith("text/csv"):
        rows = csv_cells(b"".join(response.streaming_content))
    else:
        rows = [[cell.value for cell in row] for row in xlsx_cells(response.content)]
    header, *body = rows
    return [dict(zip([keys[label] for label in header], row, strict=True)) for row in body]
