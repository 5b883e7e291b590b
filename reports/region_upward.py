"""The region's figures, composed from the districts' ones (issue 19): the regional dashboard's rows
are the district dashboards' totals, the regional upward report's rows the district upward reports'
total rows. Nothing here counts anew: it calls reports.indicators and reports.upward and adds up.
"""

from dataclasses import dataclass

from mentoring import spreadsheets
from mentoring.models import Municipality, Organization, OrganizationKind

from . import upward
from .indicators import COUNTED_BANDS, Figures, figures_for, share


@dataclass
class DistrictRow:
    """One district of the region: the sum of its organizations' figures."""

    municipality: Municipality
    figures: Figures
    organizations: int = 0


def region_districts(region):
    return Municipality.objects.filter(region=region).order_by("short_name", "pk")


def region_organizations(region):
    """The organizations the region oversees: those of its districts but the education offices, as
    each district dashboard counts them (Organization.objects.of_district)."""
    return Organization.objects.filter(municipality__region=region).exclude(kind=OrganizationKind.OFFICE)


def region_figures(region, *, on=None):
    """(rows, total): a DistrictRow per district of the region and the region's sum. One call of
    `figures_for` over every organization of the region: a fixed number of queries whatever the
    number of districts."""
    districts = list(region_districts(region))
    rows = {d.pk: DistrictRow(municipality=d, figures=Figures(organization=None)) for d in districts}
    by_org = figures_for(region_organizations(region).order_by("short_name"), on=on)
    total = Figures(organization=None)
    for figures in by_org.values():
        row = rows[figures.organization.municipality_id]
        row.figures.add(figures)
        row.organizations += 1
        total.add(figures)
    return list(rows.values()), total


REGION_TYPE = "Муниципалитет"


def region_upward_rows(region, on):
    """(rows, total) of the regional upward report: per district its upward report's total row
    (reports.upward.upward_rows, the same stable columns, named after the district), and the
    region's total. Six queries per district, and the region's student mentors once."""
    districts = list(region_districts(region))
    rows = []
    total = dict.fromkeys(upward.COUNT_CODES, 0)
    total.update(organization="Итого", organization_full_name="", organization_type="")
    for municipality in districts:
        _organizations, district_total = upward.upward_rows(municipality, on)
        row = {
            **district_total,
            "organization": municipality.short_name,
            "organization_full_name": municipality.name,
            "organization_type": REGION_TYPE,
        }
        rows.append(row)
        for code in upward.COUNT_CODES:
            if code not in upward.PERCENT_CODES:
                total[code] += row[code]
    # The shares of the region are of its sums, not a mean of the districts' shares. The counted
    # mentees are the age columns the shares count; the student mentors counted by the share are
    # not a column, and come from the one definition of that figure (indicators.figures_for).
    counted_mentees = sum(total[f"mentees_students_age_{band}"] for band in COUNTED_BANDS)
    if districts:
        student_mentors = sum(f.student_mentors for f in figures_for(region_organizations(region), on=on).values())
    else:
        student_mentors = 0
    total["coverage_mentees_pct"] = share(counted_mentees, total["student_count"])
    total["coverage_mentors_pct"] = share(student_mentors, total["student_count"])
    total["coverage_young_teachers_pct"] = share(total["mentees_young_teachers"], total["teacher_count"])
    return rows, total


def region_upward_csv(region, on):
    """As the district's CSV (reports.upward.upward_csv): a row per district and the total."""
    rows, total = region_upward_rows(region, on)
    return spreadsheets.csv_bytes(
        [["date", *upward.CODES], *([on.isoformat(), *(row[c] for c in upward.CODES)] for row in [*rows, total])]
    )


def region_upward_xlsx(region, on):
    """As the district's XLSX (reports.upward.upward_xlsx): labels, the stable codes, the figures per
    district and the total; sheet «Столбцы» explains the codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows, total = region_upward_rows(region, on)
    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    spreadsheets.append(sheet, [f"{region.name}: участники наставничества на {on:%d.%m.%Y}, по муниципалитетам"])
    spreadsheets.append(sheet, [c.label for c in upward.COLUMNS])
    spreadsheets.append(sheet, upward.CODES)
    for row in rows:
        spreadsheets.append(sheet, [row[c] for c in upward.CODES])
    spreadsheets.append(sheet, [total[c] for c in upward.CODES])
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
        *([column.code, column.label] for column in upward.COLUMNS),
        [],
        ["Строки", "Муниципалитет: итог его отчёта «Участники наставничества»; последняя строка — итог региона."],
        ["Дата", f"{on:%d.%m.%Y}: участники пар и групп, работавших в этот день."],
        ["Возраст", "По дате рождения; если её нет, по классу (класс + 6 лет)."],
    ]:
        spreadsheets.append(legend, line)
    spreadsheets.finish_sheet(legend)
    return spreadsheets.save(book)
