"""Reading the portal's spreadsheets as the district's software does: openpyxl for XLSX, Python's csv
and LibreOffice's Russian CSV import for CSV."""

import csv
import io

from openpyxl import load_workbook

from tests import clients

# OWASP's list of what a spreadsheet program takes for the start of a formula.
PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def xlsx_cells(content):
    """Every cell of every sheet; fails on a formula cell."""
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulae = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert not formulae, f"formula cells: {formulae}"
    return cells


def assert_xlsx_keeps_as_text(content, payloads=PAYLOADS):
    """No formula anywhere, and each payload is there as the text it was, marked as text."""
    cells = xlsx_cells(content)
    for payload in payloads:
        holding = [c for c in cells if isinstance(c.value, str) and c.value.startswith(payload)]
        assert holding, f"{payload!r} is not in the file as text"
        assert all(c.data_type == "s" and c.quotePrefix for c in holding), payload


def csv_rows(content):
    assert content.startswith("\ufeff".encode()), "no byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def assert_csv_keeps_as_text(content, payloads=PAYLOADS):
    cells = [cell for row in csv_rows(content) for cell in row]
    for payload in payloads:
        assert "'" + payload in [c[: len(payload) + 1] for c in cells], f"{payload!r} is not escaped"
        assert not any(c.startswith(payload) for c in cells), f"{payload!r} is written as is"


def libreoffice_russian_import(content):
    """The CSV opened by LibreOffice as a Russian user opens it (separator «;», UTF-8, Russian
    locale for numbers and dates) and saved as XLSX; the sheet's rows as openpyxl reads them."""
    # Filter options: separator 59 «;», text quote 34 «"», charset 76 UTF-8, from line 1, no column
    # formats, language 1049 (Russian: decimal comma, 01.09.2026), quoted cells not forced to text,
    # special numbers (dates) detected.
    xlsx = clients.libreoffice_convert(content, ".csv", "xlsx", "--infilter=CSV:59,34,76,1,,1049,false,true")
    book = load_workbook(io.BytesIO(xlsx))
    return [list(row) for row in book.active.iter_rows()]
