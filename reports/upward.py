"""The counts a district reports upward: who takes part in mentoring on a chosen date, by category
and by form, per organization and in total.

The column codes are part of the format: a regional office's spreadsheet reads them, so a code is
never renamed or reused; new columns are added at the end of their group.
"""

from dataclasses import dataclass

from django.db.models import Count

from mentoring import spreadsheets
from mentoring.models import MenteeCategory, MentorCategory, Pair, PairMember
from mentoring.standard_forms import STANDARD_FORMS

from .indicators import (
    AGE_BANDS,
    COUNTED_BANDS,
    EXTERNAL_MENTOR_CATEGORIES,
    STUDENT_MENTOR_CATEGORIES,
    age_band,
    district_organizations,
    own_student_mentors,
    share,
    taking_part,
    working_pairs,
    young_teacher,
)


@dataclass(frozen=True)
class Column:
    code: str
    label: str


BAND_LABELS = {
    "lt10": "до 10 лет",
    "10_14": "10–14 лет",
    "15_18": "15–18 лет",
    "gt18": "старше 18 лет",
    "unknown": "возраст не указан",
}

COLUMNS = [
    Column("organization", "Организация"),
    Column("organization_full_name", "Полное наименование"),
    Column("organization_type", "Тип"),
    Column("student_count", "Обучающихся всего"),
    Column("teacher_count", "Педагогов всего"),
    Column("mentees_total", "Наставляемых всего"),
    Column("mentees_students", "Наставляемые: обучающиеся"),
    *[Column(f"mentees_students_age_{band}", f"Наставляемые обучающиеся, {BAND_LABELS[band]}") for band in AGE_BANDS],
    Column("mentees_young_teachers", "Наставляемые: молодые педагоги (до 35 лет, стаж до 3 лет)"),
    Column("mentees_teachers", "Наставляемые: педагоги и новые сотрудники (прочие)"),
    Column("mentors_total", "Наставников всего"),
    Column("mentors_teachers", "Наставники: педагоги"),
    Column("mentors_students", "Наставники: обучающиеся и студенты"),
    Column("mentors_external", "Наставники: внешние (работодатели, выпускники, родители)"),
    Column("pairs_total", "Пар и групп всего"),
    *[
        column
        for code, name, _audience, _mentors in STANDARD_FORMS
        for column in (
            Column(f"form_{code.replace('-', '_')}_pairs", f"«{name}»: пар и групп"),
            Column(f"form_{code.replace('-', '_')}_mentees", f"«{name}»: наставляемых"),
        )
    ],
    Column("form_local_pairs", "Местные формы: пар и групп"),
    Column("form_local_mentees", "Местные формы: наставляемых"),
    Column("coverage_mentees_pct", "Доля обучающихся 10–18 лет — наставляемых, %"),
    Column("coverage_mentors_pct", "Доля обучающихся 10–18 лет — наставников, %"),
    Column("coverage_young_teachers_pct", "Доля молодых педагогов с наставником, % от числа педагогов"),
]
CODES = [c.code for c in COLUMNS]
COUNT_CODES = [c for c in CODES if c not in {"organization", "organization_full_name", "organization_type"}]
PERCENT_CODES = {"coverage_mentees_pct", "coverage_mentors_pct", "coverage_young_teachers_pct"}


STANDARD_CODES = {code for code, _name, _audience, _mentors in STANDARD_FORMS}


def _form_key(code, local):
    # A standard form added later by support staff has no column of its own yet: it counts as local.
    return f"form_{code.replace('-', '_')}" if not local and code in STANDARD_CODES else "form_local"


# Hidden keys of an organization's row: the parts of its coverage indicators, which the total needs
# (the coverage of the district is the sum of the parts over the sum of the students, not a mean).
PARTS = ("_coverage_mentees_part", "_coverage_mentors_part")


def organization_rows(organizations, on):
    """{organization id: its row (keys: the column codes, and PARTS)} for `on`. Four queries."""
    organizations = list(organizations)
    rows = {}
    for o in organizations:
        row = dict.fromkeys(COUNT_CODES, 0)
        row.update(
            organization=o.short_name,
            organization_full_name=o.full_name,
            organization_type=str(o.get_kind_display()),
            student_count=o.student_count,
            teacher_count=o.teacher_count,
        )
        row.update(dict.fromkeys(PARTS, 0))
        rows[o.pk] = row
    ids = list(rows)
    kinds = {o.pk: o.kind for o in organizations}
    if not ids:
        return rows

    members = PairMember.objects.filter(taking_part(on), pair__program__organization_id__in=ids)
    for org_id, category, band, young, n in (
        members.annotate(band=age_band("mentee__person__", on), young=young_teacher("mentee__", on))
        .order_by()
        .values_list("pair__program__organization_id", "mentee__category", "band", "young")
        .annotate(n=Count("mentee_id", distinct=True))
    ):
        row = rows[org_id]
        row["mentees_total"] += n
        if category == MenteeCategory.STUDENT:
            row["mentees_students"] += n
            row[f"mentees_students_age_{band}"] += n
            if band in COUNTED_BANDS:
                row["_coverage_mentees_part"] += n
        elif young:
            row["mentees_young_teachers"] += n
        else:
            row["mentees_teachers"] += n
    for org_id, code, local, n in (
        members.order_by()
        .values_list("pair__program__organization_id", "pair__form__code", "pair__form__organization_id")
        .annotate(n=Count("mentee_id", distinct=True))
    ):
        rows[org_id][f"{_form_key(code, local)}_mentees"] += n

    pairs = Pair.objects.filter(working_pairs(on), program__organization_id__in=ids)
    for org_id, category, band, n in (
        pairs.annotate(band=age_band("mentor__person__", on))
        .order_by()
        .values_list("program__organization_id", "mentor__category", "band")
        .annotate(n=Count("mentor_id", distinct=True))
    ):
        row = rows[org_id]
        row["mentors_total"] += n
        if category == MentorCategory.TEACHER:
            row["mentors_teachers"] += n
        elif category in STUDENT_MENTOR_CATEGORIES:
            row["mentors_students"] += n
            if category in own_student_mentors(kinds[org_id]) and band in COUNTED_BANDS:
                row["_coverage_mentors_part"] += n
        elif category in EXTERNAL_MENTOR_CATEGORIES:
            row["mentors_external"] += n
    for org_id, code, local, n in (
        pairs.order_by()
        .values_list("program__organization_id", "form__code", "form__organization_id")
        .annotate(n=Count("pk"))
    ):
        rows[org_id][f"{_form_key(code, local)}_pairs"] += n
        rows[org_id]["pairs_total"] += n

    for row in rows.values():
        row["coverage_mentees_pct"] = share(row["_coverage_mentees_part"], row["student_count"])
        row["coverage_mentors_pct"] = share(row["_coverage_mentors_part"], row["student_count"])
        row["coverage_young_teachers_pct"] = share(row["mentees_young_teachers"], row["teacher_count"])
    return rows


def total_row(rows):
    """The total row of organizations' rows: the counts added up, the shares of the sums."""
    total = dict.fromkeys(COUNT_CODES, 0)
    total.update(organization="Итого", organization_full_name="", organization_type="")
    parts = dict.fromkeys(PARTS, 0)
    for row in rows:
        for code in COUNT_CODES:
            if code not in PERCENT_CODES:
                total[code] += row[code]
        for key in PARTS:
            parts[key] += row[key]
    total["coverage_mentees_pct"] = share(parts["_coverage_mentees_part"], total["student_count"])
    total["coverage_mentors_pct"] = share(parts["_coverage_mentors_part"], total["student_count"])
    total["coverage_young_teachers_pct"] = share(total["mentees_young_teachers"], total["teacher_count"])
    return total


def upward_rows(municipality, on):
    """One dict per organization (keys: the column codes) and the total row, for `on`, counted afresh.
    The pages read the kept figures instead (`reports.kept.upward_rows`), which keep these rows."""
    rows = list(organization_rows(district_organizations(municipality), on).values())
    return rows, total_row(rows)


def upward_csv(municipality, on, rows=None, total=None):
    """For Russian Excel (mentoring.spreadsheets): UTF-8 with a byte-order mark, `;`-separated,
    percentages with a decimal comma; a header of the stable codes, the date as 2026-09-01. `rows` and
    `total`: the rows to write (the kept ones); counted afresh when not given."""
    if rows is None:
        rows, total = upward_rows(municipality, on)
    return spreadsheets.csv_bytes(
        [["date", *CODES], *([on.isoformat(), *(row[c] for c in CODES)] for row in [*rows, total])]
    )


def upward_xlsx(municipality, on, rows=None, total=None):
    """Sheet «Участники»: a row of Russian labels, a row of the stable codes, then the figures; sheet
    «Столбцы»: what each code means. `rows` and `total` as for `upward_csv`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if rows is None:
        rows, total = upward_rows(municipality, on)
    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    spreadsheets.append(sheet, [f"{municipality.name}: участники наставничества на {on:%d.%m.%Y}"])
    spreadsheets.append(sheet, [c.label for c in COLUMNS])
    spreadsheets.append(sheet, CODES)
    for row in rows:
        spreadsheets.append(sheet, [row[c] for c in CODES])
    spreadsheets.append(sheet, [total[c] for c in CODES])
    spreadsheets.finish_sheet(sheet, header_row=2)
    for cell in sheet[3]:
        cell.font = Font(color="808080", size=8)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B4"
    sheet.column_dimensions["A"].width = 32
    legend = book.create_sheet("Столбцы")
    for line in [
        ["Код", "Содержание"],
        *([column.code, column.label] for column in COLUMNS),
        [],
        ["Дата", f"{on:%d.%m.%Y}: участники пар и групп, работавших в этот день."],
        ["Возраст", "По дате рождения; если её нет, по классу (класс + 6 лет)."],
    ]:
        spreadsheets.append(legend, line)
    spreadsheets.finish_sheet(legend)
    return spreadsheets.save(book)
