"""Word copies of the portal's documents, laid out by the same rules as their PDFs.

`Builder` knows what every DOCX must be so that a school office and LibreOffice take it as the same
document as the PDF: A4 with the fields of ГОСТ Р 7.0.97-2025 (left 30 mm, right 15 mm, top and
bottom 20 mm), Times New Roman, the Russian language (spell-checking, hyphenation rules), page
numbers as a PAGE field centred in the top margin from page 2, the organization as the author, tables
with set column widths whose header row repeats on every page, and no blank pages.
"""

import io

from django.utils import timezone

from .requisites import MARGINS_MM, PAGE_HEIGHT_MM, PAGE_NUMBER_PT, PAGE_WIDTH_MM

TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
FONT = "Times New Roman"
LANGUAGE = "ru-RU"


def _element(tag, **attributes):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


class Builder:
    """A document written top to bottom: paragraphs, tables, pictures; `content()` gives the bytes."""

    def __init__(self, *, title, author, created=None, font_size=14):
        import docx
        from docx.shared import Mm

        self.document = docx.Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance = Mm(10)
        section.footer_distance = Mm(3)  # the QR code of page 1 stays inside the bottom field
        self._styles(font_size)
        self._page_numbers(section)
        properties = self.document.core_properties
        created = created or timezone.now()
        properties.title = title
        properties.author = properties.last_modified_by = author
        properties.language = LANGUAGE
        properties.created = properties.modified = created
        properties.revision = 1
        properties.comments = ""
        properties.keywords = ""
        properties.subject = ""

    def _styles(self, font_size):
        from docx.oxml.ns import qn
        from docx.shared import Pt

        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(font_size)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        normal.paragraph_format.widow_control = True
        fonts = normal.element.rPr.rFonts
        for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attribute}"), FONT)
        # The language of every run: Russian spell-checking and hyphenation, whatever Word's own.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for old in run_defaults.findall(qn("w:lang")):
            run_defaults.remove(old)
        run_defaults.append(_element("w:lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"))
        # Names must not be hyphenated: no automatic hyphenation in the document.
        settings = self.document.settings.element
        for old in settings.findall(qn("w:autoHyphenation")):
            settings.remove(old)
        settings.append(_element("w:autoHyphenation", val="false"))

    def _page_numbers(self, section):
        """Digits centred in the top margin from the second page on (ГОСТ Р 7.0.97-2025, 5.1)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        run._r.append(_element("w:fldChar", fldCharType="begin"))
        instruction = _element("w:instrText")
        instruction.text = " PAGE "
        instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run._r.append(instruction)
        run._r.append(_element("w:fldChar", fldCharType="separate"))
        paragraph.add_run("2")._r.append(_element("w:fldChar", fldCharType="end"))
        for part in paragraph.runs:
            part.font.size = Pt(PAGE_NUMBER_PT)

    # --- Blocks ---------------------------------------------------------------------------------------------

    def paragraph(
        self,
        text="",
        *,
        align="left",
        bold=False,
        size=None,
        indent_cm=0,
        first_line_cm=0,
        before=0,
        after=0,
        keep_with_next=False,
        keep_together=False,
        page_break_before=False,
        left_half=False,
    ):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt

        paragraph = self.document.add_paragraph()
        paragraph.alignment = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        }[align]
        layout = paragraph.paragraph_format
        if indent_cm:
            layout.left_indent = Cm(indent_cm)
        if left_half:
            layout.left_indent = Cm(TEXT_WIDTH_MM / 20)
        if first_line_cm:
            layout.first_line_indent = Cm(first_line_cm)
        layout.space_before, layout.space_after = Pt(before), Pt(after)
        layout.keep_with_next = keep_with_next
        layout.keep_together = keep_together
        layout.page_break_before = page_break_before
        lines = text.split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if number < len(lines) - 1:
                run.add_break()
        return paragraph

    def table(self, columns, rows, *, widths, size=12, header=True, borders=True, split_rows=False):
        """A table whose columns have the given shares of the text width; the header row repeats on
        every page and no row is split across pages (unless `split_rows`: rows of long text, which
        would otherwise leave half-empty pages). A row given as a dict {"section": text} spans
        the whole width, in bold."""
        from docx.shared import Mm, Pt

        assert len(widths) == len(columns) and abs(sum(widths) - 1) < 0.01, widths
        table = self.document.add_table(rows=0, cols=len(columns))
        if borders:
            table.style = "Table Grid"
        table.autofit = False
        properties = table._tbl.tblPr
        properties.append(_element("w:tblLayout", type="fixed"))
        widths_mm = [TEXT_WIDTH_MM * share for share in widths]
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)

        def add(cells_text, *, bold=False, repeat=False):
            row = table.add_row()
            row_properties = row._tr.get_or_add_trPr()
            if repeat or not split_rows:
                row_properties.append(_element("w:cantSplit"))
            if repeat:
                row_properties.append(_element("w:tblHeader"))
            for cell, text, width in zip(row.cells, cells_text, widths_mm, strict=True):
                cell.width = Mm(width)
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(str(text))
                run.bold = bold
                run.font.size = Pt(size)
            return row

        if header:
            add(columns, bold=True, repeat=True)
        for values in rows:
            if isinstance(values, dict):
                row = add([values["section"]] + [""] * (len(columns) - 1), bold=True)
                merged = row.cells[0].merge(row.cells[-1])
                # The merge keeps the empty paragraphs of the cells it swallowed: one line is enough.
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
                continue
            add(values)
        return table

    def picture(self, png, *, width_mm, align="left"):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
        return paragraph

    def first_page_footer_picture(self, png, *, width_mm):
        """A picture in the bottom right corner of the first page only (where ГОСТ Р 7.0.97-2025 puts
        the QR code)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        footer = self.document.sections[0].first_page_footer
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))

    def layout_row(self, cells, *, widths, aligns, boxed=None, size=None):
        """One line laid out in columns without borders (the date and the number, the position, the
        signature and the name); the cell `boxed` is framed (the mark of an electronic signature). A
        cell is a text or a list of lines."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        align = {
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }
        table = self.document.add_table(rows=1, cols=len(cells))
        table.autofit = False
        table._tbl.tblPr.append(_element("w:tblLayout", type="fixed"))
        widths_mm = [TEXT_WIDTH_MM * share for share in widths]
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        table.rows[0]._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        for index, (cell, content, width) in enumerate(zip(table.rows[0].cells, cells, widths_mm, strict=True)):
            cell.width = Mm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            lines = content if isinstance(content, list) else [content]
            for number, line in enumerate(lines):
                paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                paragraph.alignment = align[aligns[index]]
                run = paragraph.add_run(line)
                if size or index == boxed:
                    run.font.size = Pt(size or 9)
                if index == boxed and number < 2:  # the mark's heading: «ДОКУМЕНТ ПОДПИСАН …», centred
                    run.bold = True
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if index == boxed:
                borders = _element("w:tcBorders")
                for side in ("top", "left", "bottom", "right"):
                    borders.append(_element(f"w:{side}", val="single", sz=6, space=0, color="000000"))
                cell._tc.get_or_add_tcPr().append(borders)
        return table

    def content(self):
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
