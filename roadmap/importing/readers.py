"""Files to tables: each table a list of rows, each row a list of cell texts, and the heading above
the first table as its lines. Nothing else about a file matters to the parser, which is the same for
every format (DOCX, ODT, PDF with a text layer, XLSX, CSV). A merged cell's text is kept once, where
it starts; the cells it covers are empty. Every failure is an `UnreadableFile` with a message in
Russian."""

import csv
import io
import zipfile
from pathlib import PurePosixPath
from xml.sax import SAXException

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from mentoring import uploads

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
MAX_COLUMNS = 60  # a roadmap has a handful; a sheet claiming 16,384 must not fill memory
MAX_PAGES = 300  # a PDF roadmap of 500 activities has about 60 pages
MAX_HEADING_LINES = 40


class UnreadableFile(Exception):
    pass


def read_tables(name, data):
    """(heading, tables) from the bytes of a .docx, .odt, .pdf, .xlsx or .csv file, told apart by their
    content. `heading`: the lines above the first table ("" for a spreadsheet, whose heading is in its
    rows). The limits and the budget are those of mentoring.uploads."""
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
    if kind == uploads.ODT:
        return _read_odt(data, budget)
    if kind == uploads.PDF:
        return _read_pdf(data, budget)
    return _read_csv(data, budget)


def _read_docx(data, budget):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        title = _docx_heading(document)
        tables = [_docx_rows(table, budget) for table in _all_tables(document.tables)]
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError) as error:
        raise UnreadableFile(_("The Word file is damaged and cannot be opened.")) from error
    if not tables:
        raise UnreadableFile(_("The Word file has no table: a roadmap is expected as a table."))
    return title, tables


def _docx_heading(document):
    """The paragraphs above the first table (or, with none there, the first paragraph)."""
    lines = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            break
        if tag == "p":
            text = "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))
            if text.strip():
                lines.append(text.strip())
        if len(lines) >= MAX_HEADING_LINES:
            break
    if not lines:
        lines = [next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")]
    return "\n".join(lines)


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


def _read_odt(data, budget):
    """An OpenDocument text (LibreOffice, Р7-Офис, МойОфис): the paragraphs above the first table,
    and every table, with repeated and spanned cells laid out as in the grid."""
    from odf import opendocument
    from odf.namespaces import TABLENS, TEXTNS

    try:
        document = opendocument.load(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, SAXException, AttributeError, IndexError) as error:
        raise UnreadableFile(_("The OpenDocument file is damaged and cannot be opened.")) from error
    heading, tables, seen_table = [], [], False

    def walk(node):
        nonlocal seen_table
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname == (TABLENS, "table"):
                seen_table = True
                rows = _odt_rows(child, budget, TABLENS)
                if rows:
                    tables.append(rows)
            elif child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                if not seen_table and len(heading) < MAX_HEADING_LINES and _odf_text(child).strip():
                    heading.append(_odf_text(child).strip())
            else:
                walk(child)

    walk(document.text)
    if not tables:
        raise UnreadableFile(_("The OpenDocument file has no table: a roadmap is expected as a table."))
    return "\n".join(heading), tables


def _odf_text(node):
    """A node's text, with its paragraphs, line breaks and tabs as «\\n» and spaces."""
    from odf.namespaces import TEXTNS

    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.nodeType == child.ELEMENT_NODE:
            name = child.qname
            if name == (TEXTNS, "s"):
                parts.append(" " * int(child.getAttrNS(TEXTNS, "c") or 1))
            elif name == (TEXTNS, "tab"):
                parts.append(" ")
            elif name == (TEXTNS, "line-break"):
                parts.append("\n")
            elif name in ((TEXTNS, "p"), (TEXTNS, "h")):
                if parts and not parts[-1].endswith("\n"):
                    parts.append("\n")
                parts.append(_odf_text(child))
            else:
                parts.append(_odf_text(child))
    return "".join(parts)


def _odt_rows(table, budget, TABLENS):  # noqa: N803
    rows = []

    def cells_of(row):
        cells = []
        for cell in row.childNodes:
            if cell.nodeType != cell.ELEMENT_NODE:
                continue
            if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            repeat = min(int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1), MAX_COLUMNS)
            covered = cell.qname == (TABLENS, "covered-table-cell")
            text = "" if covered else _odf_text(cell).strip()
            cells.extend([text] + [""] * (repeat - 1) if text else [""] * repeat)
            if len(cells) >= MAX_COLUMNS:
                break
        return cells[:MAX_COLUMNS]

    def walk(node):
        for child in node.childNodes:
            if child.nodeType != child.ELEMENT_NODE:
                continue
            if child.qname == (TABLENS, "table-row"):
                budget.spend()
                cells = cells_of(child)
                repeat = min(int(child.getAttrNS(TABLENS, "number-rows-repeated") or 1), 2)
                for _copy in range(repeat if any(c.strip() for c in cells) else 1):
                    rows.append(cells)
                if len(rows) > MAX_ROWS:
                    raise UnreadableFile(_("The table has more than %(n)d rows.") % {"n": MAX_ROWS})
            elif child.qname in ((TABLENS, "table-header-rows"), (TABLENS, "table-rows"), (TABLENS, "table-row-group")):
                walk(child)

    walk(table)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def _read_pdf(data, budget):
    """A PDF with a text layer: the tables found by their ruling lines, page after page; a table that
    goes on at the top of the next page with as many columns is one table (its repeated header and
    the row cut by the page break are left to the parser). A scan has no text to read: refused."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    tables, heading, has_text = [], [], False
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableFile(
                    _("The PDF has %(n)d pages, at most %(max)d are read: split it into smaller files.")
                    % {"n": len(pdf.pages), "max": MAX_PAGES}
                )
            for number, page in enumerate(pdf.pages):
                budget.spend()
                if page.chars:
                    has_text = True
                found = page.find_tables()
                if number == 0 or (not tables and not heading):
                    top = found[0].bbox[1] if found else page.height
                    if top > 1:
                        text = page.crop((0, 0, page.width, top)).extract_text() or ""
                        heading.extend(line for line in text.splitlines() if line.strip())
                for index, table in enumerate(found):
                    rows = [["" if cell is None else cell for cell in row[:MAX_COLUMNS]] for row in table.extract()]
                    for _row in rows:
                        budget.spend()
                    if not rows:
                        continue
                    continues = (
                        index == 0
                        and tables
                        and len(rows[0]) == len(tables[-1][-1])
                        and table.bbox[1] < page.height * 0.2
                    )
                    if continues:
                        tables[-1].extend(rows)
                    else:
                        tables.append(rows)
                    if sum(len(t) for t in tables) > MAX_ROWS:
                        raise UnreadableFile(_("The table has more than %(n)d rows.") % {"n": MAX_ROWS})
                page.flush_cache()
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise UnreadableFile(_("The PDF is protected with a password: save it without one.")) from error
    except (PdfminerException, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
        if error.args and isinstance(error.args[0], (PDFPasswordIncorrect, PDFEncryptionError)):
            # pdfplumber wraps pdfminer's refusal of a password-protected file.
            raise UnreadableFile(_("The PDF is protected with a password: save it without one.")) from error
        raise UnreadableFile(_("The PDF file is damaged and cannot be opened.")) from error
    if not has_text:
        raise UnreadableFile(
            _(
                "The PDF has no text layer: it is a scan or a picture of the pages, and a table cannot be read "
                "from it. Upload the roadmap as the file it was written in (Word, LibreOffice, Excel) or as a "
                "PDF saved from it."
            )
        )
    if not tables:
        raise UnreadableFile(
            _(
                "The PDF has text but no table with ruled cells: a roadmap is expected as a table. Upload the "
                "file it was written in (Word, LibreOffice, Excel)."
            )
        )
    return "\n".join(heading[:MAX_HEADING_LINES]), tables
