"""Every spreadsheet the portal hands out (XLSX and CSV) is written here, under one rule for what
people typed, and in the form Russian Excel and LibreOffice expect.

The rule (OWASP «CSV injection»): text that starts with «=», «+», «-», «@», a tab or a carriage
return is what a spreadsheet program takes for a formula, so a surname typed as
«=HYPERLINK("http://…")» would run when the district opens the file. Such text is written as text:
in an XLSX as a string cell with Excel's quote prefix (the cell shows the text as typed and stays
text when edited), in a CSV with a leading «'» (the mark Excel and LibreOffice read as «text
follows»). Only text is escaped: numbers and dates are written as numbers and dates, so −1 stays a
number. django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: it deletes
the «=» (the text changes), knows no other prefix and turns every cell into text.

CSV for Russian Excel: «;» between cells, a decimal comma, dates as 01.09.2026, UTF-8 with a
byte-order mark, CRLF line ends. XLSX: a Russian sheet name, a bold frozen header row, column
widths from the content, real dates (shown as 01.09.2026) and numbers.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

# Characters XML 1.0 cannot hold (vertical tabs and the like come in when text is pasted from Word):
# openpyxl refuses the whole workbook over one of them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM:SS"
MAX_WIDTH = 60


def local_time(moment):
    """A moment as a spreadsheet holds it: in the portal's time zone (settings.TIME_ZONE; districts and
    organizations have no zone of their own yet), without the zone (Excel knows none) and to the second."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def zone_name():
    """The zone those times are in, for a column's header: «Europe/Moscow, UTC+03:00»."""
    offset = timezone.localtime().strftime("%z")
    return f"{settings.TIME_ZONE}, UTC{offset[:3]}:{offset[3:]}"


def formula_like(text):
    """Whether a spreadsheet program would read this text as a formula."""
    return text.startswith(FORMULA_STARTS)


def clean_text(text):
    return ILLEGAL.sub("", text)


def csv_cell(value):
    """One CSV cell as Russian Excel reads it: text escaped by the rule, numbers with a decimal
    comma, dates as 01.09.2026, «да»/«нет» for yes and no, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return format(value, "f" if isinstance(value, Decimal) else "").replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = clean_text(str(value))
    return "'" + text if formula_like(text) else text


def append(sheet, values):
    """Append a row of values to an openpyxl sheet as data: text without illegal characters and
    never a formula (see the rule above), dates shown as dates."""
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl takes a string starting with «=» for a formula
            if formula_like(cell.value):
                cell.quotePrefix = True
        elif isinstance(cell.value, datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT


def _width(value):
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    lines = str(value).splitlines() or [""]
    return max(len(line) for line in lines)


def finish_sheet(sheet, header_row=1):
    """A bold, wrapped, frozen header row and column widths from the content (8 to 60 characters)."""
    from openpyxl.styles import Alignment, Font

    if sheet.max_row >= header_row:
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in sheet.iter_cols():
        body = [c.value for c in column[header_row:] if c.value is not None]
        header = column[header_row - 1].value if len(column) >= header_row else None
        # A long header wraps; the data decide the width, the header's longest word at least.
        widest = max([_width(v) for v in body] + [max(map(len, str(header or "").split()), default=0)])
        sheet.column_dimensions[column[0].column_letter].width = min(MAX_WIDTH, max(8, widest + 2))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate


def sheet_title(title):
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Лист1"


def xlsx(sheets):
    """A workbook from [(title, rows)]: the first row of each sheet is its header."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(sheet_title(title))
        for row in rows:
            append(sheet, row)
        finish_sheet(sheet)
    return save(book)


def save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows):
    """Rows as a CSV for Russian Excel (see above)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def file_name(*parts):
    """A file name from its parts, without the characters Windows refuses in one."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", " ".join(str(p) for p in parts if p)).strip()


def attachment(name, fallback):
    """Content-Disposition with the Russian name (RFC 6266 `filename*`) and an ASCII one for old clients."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", fallback)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def response(content, file_format, name, fallback):
    """The file as a download: `name` without its extension (Russian), `fallback` its ASCII twin."""
    content_type = CSV_TYPE if file_format == "csv" else XLSX_TYPE
    reply = HttpResponse(content, content_type=content_type)
    reply["Content-Disposition"] = attachment(f"{name}.{file_format}", f"{fallback}.{file_format}")
    return reply
