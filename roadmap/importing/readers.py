"""Files to tables: each table a list of rows, each row a list of cell texts. Nothing else about a
file matters to the parser. Every failure is an `UnreadableFile` with a message in Russian."""

import csv
import io
import zipfile
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from mentoring import uploads

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
MAX_COLUMNS = 60  # a roadmap has a handful; a sheet claiming 16,384 must not fill memory


class UnreadableFile(Exception):
    pass


def read_tables(name, data):
    """(title, tables) from the bytes of a .docx, .xlsx or .csv file, told apart by their content.
    The limits and the budget are those of mentoring.uploads."""
    try:
        return _read(name, data)
    except ValidationError as error:
        raise UnreadableFile(" ".join(error.messages)) from error


def _read(name, data):
    if not data:
        raise UnreadableFile(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            _("The file is too large: %(size)d MB, at most %(max)d MB.")
            % {"size": len(data) // 1024 // 1024, "max": MAX_BYTES // 1024 // 1024}
        )
    upload = File(io.BytesIO(data), name=PurePosixPath(name).name)
    upload.size = len(data)
    kind = uploads.check(upload, uploads.ROADMAP_IMPORT)
    budget = uploads.Budget()
    if kind == uploads.DOCX:
        return _read_docx(data, budget)
    if kind == uploads.XLSX:
        return _read_xlsx(data, budget)
    return _read_csv(data, budget)


def _read_docx(data, budget):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
        tables = [_docx_rows(table, budget) for table in _all_tables(document.tables)]
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError) as error:
        raise UnreadableFile(_("The Word file is damaged and cannot be opened.")) from error
    if not tables:
        raise UnreadableFile(_("The Word file has no table: a roadmap is expected as a table."))
    return title, tables


def _all_tables(tables):
    """Tables, and the tables inside their cells (a roadmap laid out inside a frame table)."""
    for table in tables:
        yield table
        for row in table.rows:
            for cell in row.cells:
                yield from _all_tables(cell.tables)


def _docx_rows(table, budget):
    rows, above = [], {}
    for row in table.rows:
        budget.spend()
        cells, previous = [], None
        for column, cell in enumerate(row.cells[:MAX_COLUMNS]):
            # python-docx repeats a merged cell in every grid column it spans, and a vertically merged
            # cell in every row below: keep its text once, where it starts.
            repeated = cell._tc is previous or above.get(column) is cell._tc
            cells.append("" if repeated else cell.text)
            previous = cell._tc
            above[column] = cell._tc
        rows.append(cells)
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(_("The table has more than %(n)d rows.") % {"n": MAX_ROWS})
    return rows


def _read_xlsx(data, budget):
    workbook = uploads.xlsx_workbook(data)
    title, tables = "", []
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in uploads.sheet_rows(sheet, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, budget=budget):
                cells = ["" if cell.value is None else _cell_text(cell) for cell in row]
                while cells and not cells[-1].strip():
                    cells.pop()
                rows.append(cells)
            rows = [row for row in rows if any(cell.strip() for cell in row)]
            if rows:
                tables.append(rows)
    finally:
        workbook.close()
    if not tables:
        raise UnreadableFile(_("The spreadsheet is empty."))
    return title, tables


def _cell_text(cell):
    value = cell.value
    if hasattr(value, "strftime"):
        # Russian Excel turns a typed «1.1» into 1 January; the cell's format tells them apart.
        if (cell.number_format or "").lower().replace("\\", "") in {"d.m", "d/m", "dd.mm", "d.mm"}:
            return f"{value.day}.{value.month}"
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        decimals = (cell.number_format or "").split(".")[-1] if "." in (cell.number_format or "") else ""
        if decimals and set(decimals) <= {"0"}:
            return f"{value:.{len(decimals)}f}"  # «1.10» stays 1.10, not 1.1
        if value.is_integer():
            return str(int(value))
    return str(value)


def _read_csv(data, budget):
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's «Unicode text»: UTF-16, tab-separated.
        data = data.decode("utf-16").encode("utf-8")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes any byte string
        raise UnreadableFile(_("The CSV file's encoding is not UTF-8 or Windows-1251."))
    if "\x00" in text:
        raise UnreadableFile(_("This is not a text CSV file."))
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:

        class dialect(csv.excel):  # noqa: N801
            delimiter = max(";,\t", key=sample.count)

    rows = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            budget.spend()
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS:
                raise UnreadableFile(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    except csv.Error as error:
        raise UnreadableFile(_("The CSV file is damaged: %(error)s.") % {"error": error}) from error
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFile(_("The CSV file is empty."))
    return "", [rows]
