"""Roadmaps as schools publish them, rebuilt as the files they post: a heading of lines (appendix
lines, approval blocks, the title) above one table, written as DOCX (python-docx), ODT (odfpy), PDF
(WeasyPrint from HTML, so it has a text layer) or XLSX (openpyxl). A cell given as None is covered by
the cell above it (a vertically merged stage column)."""

import html
import io


def docx_bytes(heading, rows):
    import docx

    document = docx.Document()
    for line in heading:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                above = next(k for k in range(r - 1, -1, -1) if rows[k][c] is not None)
                table.cell(above, c).merge(table.cell(r, c))
                continue
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(heading, rows):
    from odf.opendocument import OpenDocumentText
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentText()
    for line in heading:
        document.text.addElement(P(text=line))
    table = Table(name="Roadmap")
    table.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
    for r, row in enumerate(rows):
        element = TableRow()
        for c, text in enumerate(row):
            if text is None:
                element.addElement(CoveredTableCell())
                continue
            span = 1 + sum(1 for k in range(r + 1, len(rows)) if rows[k][c] is None and _covered_run(rows, r, k, c))
            cell = TableCell(numberrowsspanned=span) if span > 1 else TableCell()
            for paragraph in text.split("\n") or [""]:
                cell.addElement(P(text=paragraph))
            element.addElement(cell)
        table.addElement(element)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _covered_run(rows, r, k, c):
    return all(rows[j][c] is None for j in range(r + 1, k + 1))


def pdf_bytes(heading, rows, *, repeat_header=True):
    """A PDF as a word processor prints it: ruled table, header repeated on each page (thead)."""
    from weasyprint import HTML

    def cell(text, tag, r, c):
        if text is None:
            return ""
        span = 1 + sum(1 for k in range(r + 1, len(rows)) if _covered_run(rows, r, k, c))
        attrs = f' rowspan="{span}"' if span > 1 else ""
        return f"<{tag}{attrs}>{html.escape(text).replace(chr(10), '<br>')}</{tag}>"

    head = "".join(cell(text, "th", 0, c) for c, text in enumerate(rows[0]))
    body = "".join(
        "<tr>" + "".join(cell(text, "td", r, c) for c, text in enumerate(row)) + "</tr>"
        for r, row in enumerate(rows[1:], start=1)
    )
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in heading)
    thead = f"<thead><tr>{head}</tr></thead>" if repeat_header else ""
    first = "" if repeat_header else f"<tr>{head}</tr>"
    document = f"""<html><head><style>
      @page {{ size: A4 landscape; margin: 15mm }}
      body {{ font-family: "Liberation Serif", serif; font-size: 10pt }}
      p {{ margin: 0 0 2pt 0 }}
      table {{ border-collapse: collapse; width: 100%; margin-top: 8pt }}
      th, td {{ border: 0.7pt solid black; padding: 2pt 3pt; vertical-align: top; text-align: left }}
    </style></head><body>{lines}<table>{thead}<tbody>{first}{body}</tbody></table></body></html>"""
    return HTML(string=document).write_pdf()


def xlsx_bytes(heading, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in heading:
        sheet.append([line])
    for row in rows:
        sheet.append(["" if text is None else text for text in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRITERS = {"docx": docx_bytes, "odt": odt_bytes, "pdf": pdf_bytes, "xlsx": xlsx_bytes}
