"""Files to tables: each table a list of rows, each row a list of cell texts, and the heading above
the first table as its lines. Nothing else about a file matters to the parser, which is the same for
every format (DOCX, ODT, PDF with a text layer, XLSX, CSV). A merged cell's text is kept once, where
it starts; the cells it covers are empty. Every failure is an `UnreadableFile` with a message in
Russian."""

import bisect
import csv
import io
import re
import zipfile
import zlib
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
    """The paragraphs above the roadmap's table (or, with none there, the first paragraph). A table of
    one or two rows before it is a layout table (the «СОГЛАСОВАНО | УТВЕРЖДАЮ» blocks side by side):
    its paragraphs are part of the heading."""
    lines = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl" and len([row for row in element.iterchildren() if row.tag.endswith("}tr")]) > 2:
            break
        paragraphs = [element] if tag == "p" else [p for p in element.iter() if p.tag.endswith("}p")]
        for paragraph in paragraphs if tag in ("p", "tbl") else []:
            text = "".join(node.text or "" for node in paragraph.iter() if node.tag.endswith("}t"))
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


STREAM_START = re.compile(rb"(?<!end)stream\r?\n")  # not «endstream»


def _check_pdf_streams(data):
    """Refuse a PDF whose compressed streams unpack to more than a zip part may (a «PDF bomb»: a
    1 MB file whose page unpacks to 400 MB kept PDFium busy for five minutes and 6 GB). Each stream
    that inflates is inflated once, in pieces and only up to the limit; what does not inflate (images
    in other codings, text) is skipped. PDFium is then given only files within the limit."""
    limit, total = uploads.MAX_TOTAL_BYTES, 0
    for match in STREAM_START.finditer(data):
        inflater = zlib.decompressobj()
        position = match.end()
        try:
            while position < len(data) and not inflater.eof:
                piece = inflater.decompress(data[position : position + 64 * 1024], limit - total + 1)
                total += len(piece)
                while inflater.unconsumed_tail and total <= limit:
                    piece = inflater.decompress(inflater.unconsumed_tail, limit - total + 1)
                    total += len(piece)
                if total > limit:
                    raise UnreadableFile(
                        _("The file unpacks to more than %(max)d MB.") % {"max": limit // uploads.MB}
                    )
                position += 64 * 1024
        except zlib.error:
            continue


def _read_pdf(data, budget):
    """A PDF with a text layer, read with PDFium: on each page the tables are found from their ruling
    lines (a merged cell is one where a line is missing; its text is kept once, where it starts),
    and each cell's text is the text inside its box. A table that goes on at the top of the next
    page with as many columns is one table (its repeated header and the row cut by the page break
    are left to the parser). A scan has no text to read: refused."""
    import pypdfium2 as pdfium

    _check_pdf_streams(data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableFile(_("The PDF is protected with a password: save it without one.")) from error
        raise UnreadableFile(_("The PDF file is damaged and cannot be opened.")) from error
    tables, heading, has_text = [], [], False
    try:
        if len(document) > MAX_PAGES:
            raise UnreadableFile(
                _("The PDF has more than %(max)d pages (%(n)d): split it into smaller files.")
                % {"n": len(document), "max": MAX_PAGES}
            )
        for number in range(len(document)):
            budget.spend()
            page = document[number]
            try:
                width, height = page.get_size()
                text = page.get_textpage()
                has_text = has_text or text.count_chars() > 0
                grids = _pdf_grids(page)
                if number == 0:
                    top = grids[0][0] if grids else 0
                    above = text.get_text_bounded(0, top + 1, width, height) if top < height - 1 else ""
                    heading.extend(line.strip() for line in above.splitlines() if line.strip())
                for index, (top, bands, columns, cells) in enumerate(grids):
                    rows = _pdf_rows(text, bands, columns, cells, budget)
                    continues = index == 0 and tables and len(rows[0]) == len(tables[-1][-1]) and top > height * 0.8
                    if continues:
                        tables[-1].extend(rows)
                    else:
                        tables.append(rows)
                    if sum(len(t) for t in tables) > MAX_ROWS:
                        raise UnreadableFile(_("The table has more than %(n)d rows.") % {"n": MAX_ROWS})
            finally:
                page.close()
    except pdfium.PdfiumError as error:
        raise UnreadableFile(_("The PDF file is damaged and cannot be opened.")) from error
    finally:
        document.close()
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


PDF_LINE = 3.0  # points: a path thinner than this is a ruling line
PDF_SNAP = 2.5  # points: lines this close are one


def _snap(values):
    """Positions that differ by less than PDF_SNAP taken as one (their mean), sorted."""
    groups = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] < PDF_SNAP:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(group) / len(group) for group in groups]


def _nearest(positions, value):
    """The index of the position nearest to `value` in the ascending `positions`."""
    index = bisect.bisect_left(positions, value)
    if index == len(positions) or (index and value - positions[index - 1] < positions[index] - value):
        return index - 1
    return index


def _pdf_grids(page):
    """The ruled tables of a page, top to bottom: (top, bands, columns, cells) where bands are
    (top, bottom) and columns (left, right) in PDF points, and cells the merged cells as
    (band, column, last band, last column)."""
    import pypdfium2.raw as pdfium_c

    horizontal, vertical = [], []
    for count, obj in enumerate(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3)):
        if count > 50_000:
            break  # a drawing, not a table
        left, bottom, right, top = obj.get_bounds()
        if top - bottom <= PDF_LINE and right - left > PDF_LINE:
            horizontal.append(((top + bottom) / 2, left, right))
        elif right - left <= PDF_LINE and top - bottom > PDF_LINE:
            vertical.append(((left + right) / 2, bottom, top))
        elif right - left > PDF_LINE and top - bottom > PDF_LINE:  # a rectangle: its four sides
            horizontal += [(top, left, right), (bottom, left, right)]
            vertical += [(left, bottom, top), (right, bottom, top)]
    if not horizontal or not vertical:
        return []
    ys = sorted(_snap([y for y, _l, _r in horizontal]), reverse=True)
    xs = _snap([x for x, _b, _t in vertical])
    # A row cut by the page break has no line under it (or, going on, above it): the column lines
    # end it.
    lowest, highest = min(b for _x, b, _t in vertical), max(t for _x, _b, t in vertical)
    if lowest < ys[-1] - PDF_SNAP:
        ys.append(lowest)
    if highest > ys[0] + PDF_SNAP:
        ys.insert(0, highest)
    if len(xs) > 2 * MAX_COLUMNS or len(ys) > 2000:
        return []  # a drawing or a chart, not a roadmap's table
    # Each line filed under the position it snapped to, so that asking for a line is a short look-up.
    rising = ys[::-1]
    by_x, by_y = {}, {}
    for x, bottom, top in vertical:
        by_x.setdefault(_nearest(xs, x), []).append((bottom, top))
    for y, left, right in horizontal:
        by_y.setdefault(_nearest(rising, y), []).append((left, right))

    def v_line(x, y):
        return any(b - PDF_SNAP <= y <= t + PDF_SNAP for b, t in by_x.get(_nearest(xs, x), ()))

    def h_line(y, x):
        return any(left - PDF_SNAP <= x <= right + PDF_SNAP for left, right in by_y.get(_nearest(rising, y), ()))

    grids, bands = [], []
    for top, bottom in zip(ys, ys[1:], strict=False):
        middle = (top + bottom) / 2
        if any(v_line(x, middle) for x in xs):
            bands.append((top, bottom))
            continue
        if bands:
            grids.append(bands)
        bands = []  # no line crosses this band: a gap between two tables
    if bands:
        grids.append(bands)
    return [_pdf_cells(bands, xs, v_line, h_line) for bands in grids]


def _pdf_cells(bands, xs, v_line, h_line):
    used = [x for x in xs if any(v_line(x, (top + bottom) / 2) for top, bottom in bands)]
    columns = list(zip(used, used[1:], strict=False))
    parent = {}

    def find(cell):
        while parent.get(cell, cell) != cell:
            cell = parent[cell]
        return cell

    for i, (top, bottom) in enumerate(bands):
        for j, (left, right) in enumerate(columns):
            if j and not v_line(left, (top + bottom) / 2):
                parent[find((i, j))] = find((i, j - 1))  # no line on the left: merged across
            if i and not h_line(top, (left + right) / 2):
                parent[find((i, j))] = find((i - 1, j))  # no line above: merged down
    groups = {}
    for i in range(len(bands)):
        for j in range(len(columns)):
            groups.setdefault(find((i, j)), []).append((i, j))
    cells = [
        (min(i for i, _ in members), min(j for _, j in members), max(i for i, _ in members), max(j for _, j in members))
        for members in groups.values()
    ]
    return bands[0][0], bands, columns, cells


def _pdf_rows(text, bands, columns, cells, budget):
    """The rows of one table: each merged cell's text in its first grid cell, the cells it covers empty."""
    rows = [[""] * min(len(columns), MAX_COLUMNS) for _band in bands]
    for first_band, first_column, last_band, last_column in cells:
        budget.spend()
        if first_column >= MAX_COLUMNS:
            continue
        top, bottom = bands[first_band][0], bands[last_band][1]
        left, right = columns[first_column][0], columns[last_column][1]
        inside = text.get_text_bounded(left + 0.5, bottom + 0.5, right - 0.5, top - 0.5)
        rows[first_band][first_column] = "\n".join(line.strip() for line in inside.splitlines() if line.strip())
    return rows
