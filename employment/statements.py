"""The month's pay statement for the accountant, as an XLSX through the project's spreadsheet module
(typed cells, no formula from data): one line per mentee (or per month, for a per-month rule), with the
days counted, the sum, and each mentor's total."""

from openpyxl import Workbook

from mentoring import spreadsheets
from roadmap.terms import MONTH_NAMES

from . import figures

HEADER = [
    "№",
    "Наставник",
    "Соглашение",
    "Правило оплаты",
    "Наставляемый (период)",
    "С",
    "По",
    "Дней",
    "Дней в месяце",
    "Ставка в месяц, ₽",
    "Сумма, ₽",
]


def month_title(year, month):
    return f"{MONTH_NAMES[month - 1]} {year} г."


def xlsx_bytes(organization, year, month, rows=None):
    rows = figures.statement(organization, year, month) if rows is None else rows
    book = Workbook()
    sheet = book.active
    sheet.title = spreadsheets.sheet_title(f"Доплата {month:02d}.{year}")
    spreadsheets.append(
        sheet, [f"Ведомость доплаты за наставничество: {organization.short_name}, {month_title(year, month)}"]
    )
    spreadsheets.append(sheet, [f"Неполный месяц: {figures.PRO_RATA_RULE} (сумма в месяц × дни ÷ дни месяца)."])
    spreadsheets.append(sheet, HEADER)
    grand = 0
    for number, pay in enumerate(rows, start=1):
        a = pay.assignment
        for line in pay.lines:
            spreadsheets.append(
                sheet,
                [
                    number,
                    a.mentor.person.full_name,
                    a.number,
                    a.pay_rule.name,
                    line.label,
                    line.start,
                    line.end,
                    line.days,
                    pay.days_in_month,
                    float(pay.rate),
                    float(line.amount),
                ],
            )
        spreadsheets.append(
            sheet,
            [
                number,
                a.mentor.person.full_name,
                a.number,
                "",
                "Итого по наставнику",
                None,
                None,
                None,
                None,
                None,
                float(pay.total),
            ],
        )
        grand += pay.total
    spreadsheets.append(sheet, ["", "Всего", "", "", "", None, None, None, None, None, float(grand)])
    for row in sheet.iter_rows(min_row=4, min_col=10, max_col=11):
        for cell in row:
            cell.number_format = "#,##0.00"
    spreadsheets.finish_sheet(sheet, header_row=3)
    return spreadsheets.save(book)
