"""The region's figures, composed from the districts' ones (issue 19): the regional dashboard's rows
are the district dashboards' totals, the regional upward report's rows the district upward reports'
total rows. Nothing here counts anew: it reads the figures kept per organization and day
(reports.kept, the same rows the district pages read) and adds them up, so that a region of 1,500
organizations costs a few queries over 1,500 rows.
"""

from dataclasses import dataclass

from mentoring import spreadsheets
from mentoring.models import Municipality, Organization, OrganizationKind

from . import kept, upward
from .indicators import Figures


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


def region_figures(region):
    """(rows, total): today's DistrictRow per district of the region and the region's sum, from the
    organizations' kept rows: a fixed number of queries whatever the number of districts."""
    districts = list(region_districts(region))
    rows = {d.pk: DistrictRow(municipality=d, figures=Figures(organization=None)) for d in districts}
    by_org, _recounted = kept.figures_of(region_organizations(region).order_by("short_name", "pk"))
    total = Figures(organization=None)
    for figures in by_org:
        row = rows[figures.organization.municipality_id]
        row.figures.add(figures)
        row.organizations += 1
        total.add(figures)
    return list(rows.values()), total


REGION_TYPE = "Муниципалитет"


def region_upward_rows(region, on):
    """(rows, total, missing) of the regional upward report: per district the total row of its
    organizations' kept upward rows (the district upward report's total, named after the district),
    the region's total of all of them (shares of the sums), and the organizations without a kept row
    on that past day (counted from today's data, as the district report says)."""
    districts = list(region_districts(region))
    pairs, missing = kept.upward_of(region_organizations(region).order_by("short_name", "pk"), on)
    by_district = {d.pk: [] for d in districts}
    for organization, row in pairs:
        by_district[organization.municipality_id].append(row)
    rows = []
    for municipality in districts:
        row = upward.total_row(by_district[municipality.pk])
        row.update(
            organization=municipality.short_name,
            organization_full_name=municipality.name,
            organization_type=REGION_TYPE,
        )
        rows.append(row)
    return rows, upward.total_row([row for _organization, row in pairs]), missing


def region_upward_csv(region, on):
    """As the district's CSV (reports.upward.upward_csv): a row per district and the total."""
    rows, total, _missing = region_upward_rows(region, on)
    return spreadsheets.csv_bytes(
        [["date", *upward.CODES], *([on.isoformat(), *(row[c] for c in upward.CODES)] for row in [*rows, total])]
    )


def region_upward_xlsx(region, on):
    """As the district's XLSX (reports.upward.upward_xlsx): labels, the stable codes, the figures per
    district and the total; sheet «Столбцы» explains the codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows, total, _missing = region_upward_rows(region, on)
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
