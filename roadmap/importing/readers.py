"""Files to tables: each table a list of rows, each row a list of cell texts. Nothing else about a
file matters to the parser. Every failure is an `UnreadableFile` with a message in Russian."""

import csv
import io
import zipfile
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000


class UnreadableFile(Exception):
    pass


def read_tables(name, data):
    """(title, tables) from the bytes of a .docx, .xlsx or .csv file."""
    if not data:
        raise UnreadableFile(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            _("The file is too large: %(size)d MB, at most %(max)d MB.")
            % {"size": len(data) // 1024 // 1024, "max": MAX_BYTES // 1024 // 1024}
        )
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".docx":
        return _read_docx(data)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data)
    if suffix in {".csv", ".txt"}:
        return _read_csv(data)
    raise UnreadableFile(
        _("Files of type «%(ext)s» cannot be read: upload a Word file (.docx), a spreadsheet (.xlsx) or a CSV file.")
        % {"ext": suffix or "?"}
    )


def _zip_or_refuse(data, kind):
    if data[:4] == b"\xd0\xcf\x11\xe0":
        # An OLE container: an old .doc/.xls, or an Office file protected with a password.
        raise UnreadableFile(
            _(
                "The %(kind)s file is encrypted or in an old format (.doc/.xls): "
                "save it as .docx/.xlsx without a password."
            )
            % {"kind": kind}
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableFile(_("The %(kind)s file is damaged and cannot be opened.") % {"kind": kind})


def _read_docx(data):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _zip_or_refuse(data, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise UnreadableFile(_("The Word file is damaged and cannot be opened.")) from error
    title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells, previous = [], None
            for cell in row.cells:
                # A merged cell is repeated by python-docx for every grid column it spans: keep it once.
                text = cell.text if cell._tc is not previous else ""
                previous = cell._tc
                cells.append(text)
            rows.append(cells)
            if len(rows) > MAX_ROWS:
                raise UnreadableFile(_("The table has more than %(n)d rows.") % {"n": MAX_ROWS})
        tables.append(rows)
    if not tables:
        raise UnreadableFile(_("The Word file has no table: a roadmap is expected as a table."))
    return title, tables


def _read_xlsx(data):
    import openpyxl

    _zip_or_refuse(data, "Excel")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile(_("The Excel file is damaged and cannot be opened.")) from error
    title, tables = "", []
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(["" if value is None else _cell_text(value) for value in row])
                if len(rows) > MAX_ROWS:
                    raise UnreadableFile(_("The sheet has more than %(n)d rows.") % {"n": MAX_ROWS})
            rows = [row for row in rows if any(cell.strip() for cell in row)]
            if rows:
                tables.append(rows)
    finally:
        workbook.close()
    if not tables:
        raise UnreadableFile(_("The spreadsheet is empty."))
    return title, tables


def _cell_text(value):
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_csv(data):
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
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise UnreadableFile(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFile(_("The CSV file is empty."))
    return "", [rows]
