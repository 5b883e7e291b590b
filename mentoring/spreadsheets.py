"""Writing what people typed into spreadsheets safely."""

import re

# Characters XML 1.0 cannot hold (vertical tabs and the like come in when text is pasted from Word):
# openpyxl refuses the whole workbook over one of them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def append(sheet, values):
    """Append a row of values to an openpyxl sheet as data: text without illegal characters, and never
    a formula. openpyxl stores a string starting with «=» as one, so a typed answer
    «=HYPERLINK(…)» would run when the curator opens the file; it is kept as the text it is."""
    sheet.append([ILLEGAL.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
