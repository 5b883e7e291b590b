"""Requisites that every document writes the same way (ГОСТ Р 7.0.97-2025)."""

# The page: A4 with fields of at least 20 mm, the left one 30 mm (for binding), the right 15 mm. The
# PDFs (templates/documents/base.html, through the `page_margins` tag) and the DOCX use these.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "right": 15, "bottom": 20, "left": 30}
PAGE_NUMBER_PT = 12


def initials_surname(full_name):
    """«Иванов Иван Иванович» → «И.И. Иванов», as a signature line reads (initials before the surname;
    the documents keep the two on one line)."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return full_name or ""
    return "".join(f"{p[0]}." for p in parts[1:3]) + " " + parts[0]


def short_date(value):
    return value.strftime("%d.%m.%Y") if value else ""
