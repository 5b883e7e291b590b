"""The real roadmaps of ../shared/seeds/ as the Word and Excel files schools have: built here from
the seeds' text (python-docx, openpyxl), with their page-broken rows and repeated headers."""

import io

from roadmap import demo_roadmaps

SCHOOL_4_HEADER = ["№ этапа", "Наименование этапа", "Срок реализации", "Результат (вид документа)", "Ответственные"]
KINDERGARTEN_HEADER = ["№", "Наименование этапа", "Мероприятия", "Длительность этапа", "Ответственные"]
AKBULAK_HEADER = ["Этап", "Работа внутри ОО", "Работа с внешней средой"]


def school_4_rows():
    rows = [SCHOOL_4_HEADER]
    for spec in demo_roadmaps.SCHOOL_4:
        documents = "\n".join(f"– {title};" for title, _kind in spec["activities"])
        rows.append([spec["number"], spec["title"], spec["term"], documents, spec["responsible"]])
        if spec["number"] == "4":
            rows.append(SCHOOL_4_HEADER)  # the header again on the next page
    return rows


def kindergarten_rows():
    rows = [KINDERGARTEN_HEADER]
    for spec in demo_roadmaps.KINDERGARTEN_14:
        bullet = "·" if spec["number"] == "1." else "−"
        items = "\n".join(f"{bullet} {title}" for title, _kind in spec["activities"])
        term = spec["term"].replace("{Y}", "2020").replace("{Y1}", "2021")
        responsible = spec["responsible"].replace("; ", "\n\n")
        if spec["number"] == "5.":
            # Broken across two pages, as in the original.
            first, second = items.split(" для ", 1)
            rows.append(["5.", "Формирование наставнических пар /", first + "\tдля", term, "Чеснокова Г.Я.,"])
            rows.append(
                ["", "групп", second, "", "заведующий\n\nГоджаева С.В.., ст. воспитатель\n\nчлены творческой группы."]
            )
            continue
        rows.append([spec["number"], spec["title"], items, term, responsible])
    return rows


def akbulak_rows():
    rows = [AKBULAK_HEADER]
    roman = ["I", "II", "III", "IV", "V", "VI"]
    for number, spec in zip(roman, demo_roadmaps.AKBULAK_SCHOOL_3, strict=True):
        internal = " ".join(f"• {text}" for track, text in spec["activities"] if track == "internal")
        external = " ".join(f"• {text}" for track, text in spec["activities"] if track == "external")
        if number == "V":
            head, tail = internal.split("• организовать сбор обратной связи", 1)
            rows.append([f"{number}. {spec['title']}", head, external])
            rows.append(["", "• организовать сбор обратной связи" + tail, ""])
            continue
        rows.append([f"{number}. {spec['title']}", internal, external])
    return rows


def docx_bytes(title, rows):
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(title, rows, *, blank_rows_before=2):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    for _ in range(blank_rows_before):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SCHOOL_4_TITLE = (
    "Дорожная карта (план мероприятий) реализации Целевой программы наставничества в МБОУ «СОШ №4» на 2022 – 2024 г. г."
)
KINDERGARTEN_TITLE = "«ДОРОЖНАЯ КАРТА» внедрения системы наставничества в МБДОУ «Детский сад №14» г. Усинска"
AKBULAK_TITLE = "Целевая модель этапов реализации наставничества в МБОУ «Акбулакская СОШ №3»"
