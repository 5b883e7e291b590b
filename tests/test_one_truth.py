"""One truth: every page, export and document that shows a figure of the demo district shows the same
value for it, school by school. The figures are read off what the user gets (the HTML, the XLSX, the
CSV), never from the functions behind them, and compared with each other."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from mentoring.models import Membership, Municipality, Organization, Role
from reports import documents
from roadmap.models import ProgramStatus

pytestmark = pytest.mark.django_db


def attrs(html, marker):
    """Every element carrying `marker` (an attribute, e.g. data-program="12") as a dict of its data-*."""
    found = []
    for tag in re.findall(r"<[^>]*" + re.escape(marker) + r"[^>]*>", html):
        found.append(dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag)))
    return found


def only(items):
    assert len(items) == 1, items
    return items[0]


@pytest.fixture
def demo(time_machine):
    time_machine.move_to("2026-12-01 10:00:00+03:00", tick=False)
    call_command("seed_demo", force=True, stdout=io.StringIO())
    district = Municipality.objects.get(slug="demo-district")
    coordinator = Membership.objects.get(role=Role.COORDINATOR, municipality=district).user
    return district, coordinator


def curator_of(organization):
    return Membership.objects.get(role=Role.CURATOR, organization=organization).user


def page(client, name, *args, **params):
    return client.get(reverse(name, args=args), params).content.decode()


def badge(html, testid):
    """The count in the badge of one item of the school dashboard's «needs attention first» list."""
    return re.search(rf'data-testid="{testid}">.*?<span class="badge[^"]*">(\d+)</span>', html, re.S).group(1)


def progress_of(html, marker):
    row = only(attrs(html, marker))
    return row["progress"], row["overdue"]


def sheet_rows(content, name):
    return [list(r) for r in load_workbook(io.BytesIO(content))[name].iter_rows(values_only=True)]


def test_every_page_and_document_tells_the_same_figures(client, demo):
    district, coordinator = demo
    client.force_login(coordinator)
    schools = list(Organization.objects.of_district(district).order_by("short_name"))
    assert len(schools) == 5

    home = client.get(reverse("home")).content.decode()
    dashboard = client.get(reverse("reports:district_dashboard", args=[district.slug])).content.decode()
    programs_page = client.get(reverse("roadmap:district_programs", args=[district.slug])).content.decode()
    note_html = documents.analytical_note_html(district, signer=coordinator)
    note = sheet_rows(documents.analytical_note_xlsx(district, signer=coordinator), "Организации")
    note_columns = {name: i for i, name in enumerate(note[0])}
    note_rows = {r[0]: r for r in note[1:]}
    upward_csv = client.get(reverse("reports:district_upward", args=[district.slug]), {"format": "csv"})
    upward = {
        r["organization"]: r for r in csv.DictReader(io.StringIO(upward_csv.content.decode("utf-8-sig")), delimiter=";")
    }

    # Organizations: the same count on the coordinator's home, the dashboard, the note and upward.
    assert int(only(attrs(home, "data-organizations"))["organizations"]) == len(schools)
    assert dashboard.count("<tr data-org=") == len(schools)
    assert f'<td style="width: 62%">Образовательных организаций</td><td class="n">{len(schools)}</td>' in note_html
    assert len(upward) == len(schools) + 1  # and the total row

    district_rows = {r["org"]: r for r in attrs(dashboard, "data-waiting=")}
    program_rows = {r["program"]: r for r in attrs(programs_page, "data-program=")}
    home_rows = {r["program"]: r for r in attrs(home, "data-program=")}
    for school in schools:
        active = list(school.programs.filter(status=ProgramStatus.ACTIVE))
        assert len(active) == 1, school  # the demo runs one program a school: its figures are the school's
        program = active[0]
        row = district_rows[school.slug]
        progress, overdue, waiting = row["progress"], row["overdue"], row["waiting"]
        told = {"district dashboard": (progress, overdue)}

        told["programs of the district"] = (
            program_rows[str(program.pk)]["progress"],
            program_rows[str(program.pk)]["overdue"],
        )
        if str(program.pk) in home_rows:  # the home lists the programs with overdue activities
            told["coordinator's home"] = (home_rows[str(program.pk)]["progress"], home_rows[str(program.pk)]["overdue"])
        note_row = note_rows[school.short_name]
        told["analytical note (XLSX)"] = (
            str(note_row[note_columns["Выполнено, %"]]),
            str(note_row[note_columns["Просрочено"]]),
        )

        client.force_login(curator_of(school))
        school_page = client.get(reverse("reports:organization_dashboard", args=[school.slug])).content.decode()
        value = re.search(r'data-testid="progress">(\d+)%', school_page).group(1)
        badge = re.search(r"Overdue activities|Просроченные мероприятия", school_page)
        assert badge, "the attention list names its overdue activities"
        overdue_badge = re.search(
            r'data-testid="attention-overdue">.*?<span class="badge[^"]*">(\d+)</span>', school_page, re.S
        )
        told["school dashboard"] = (value, overdue_badge.group(1))
        list_row = only(
            attrs(
                client.get(reverse("roadmap:program_list", args=[school.slug])).content.decode(),
                f'data-program="{program.pk}"',
            )
        )
        told["school's programs"] = (list_row["progress"], list_row["overdue"])
        header = only(
            attrs(
                client.get(reverse("roadmap:program_timeline", args=[school.slug, program.pk])).content.decode(),
                'data-testid="program-progress"',
            )
        )
        told["roadmap timeline"] = (header["progress"], header["overdue"])
        monitoring_page = client.get(
            reverse("reports:program_monitoring", args=[school.slug, program.pk])
        ).content.decode()
        told["monitoring"] = tuple(
            only(attrs(monitoring_page, 'data-testid="program-progress"'))[k] for k in ("progress", "overdue")
        )
        report = {r[0]: r[1] for r in sheet_rows(documents.program_report_xlsx(program), "Показатели") if r and r[0]}
        told["final report (XLSX)"] = (str(report["Выполнено, %"]), str(report["Просрочено"]))
        assert len(set(told.values())) == 1, (school.short_name, told)

        # Waiting for a mentor: the dashboards, the note and the mentee base agree.
        unpaired = re.search(
            r'data-testid="attention-unpaired">.*?<span class="badge[^"]*">(\d+)</span>', school_page, re.S
        )
        base = client.get(reverse("mentoring:mentee_list", args=[school.slug])).content.decode()
        in_base = re.search(r'data-testid="waiting-link">(\d+)', base)
        counts = {
            waiting,
            unpaired.group(1),
            str(note_row[note_columns["Ждут наставника"]]),
            in_base.group(1) if in_base else "0",
        }
        assert len(counts) == 1, (school.short_name, counts)

        # Who takes part, and the coverage indicators: the dashboard against the upward report.
        participants = re.search(r'data-testid="participants">(\d+) / (\d+)', school_page)
        line = upward[school.short_name]
        assert (participants.group(1), participants.group(2)) == (line["mentors_total"], line["mentees_total"]), school
        coverage = re.search(r'data-testid="mentee-coverage">([^<%]+)', school_page).group(1)
        assert coverage.replace(".", ",") == (line["coverage_mentees_pct"] or "—").replace(".", ","), school
        client.force_login(coordinator)


def test_the_demos_pairs_and_matching_use_only_forms_that_fit_both_sides(demo):
    from mentoring.matching import Weights
    from mentoring.models import Pair
    from mentoring.services import form_fit_problems, run_matching
    from roadmap.models import Program

    for pair in Pair.objects.select_related("form", "mentor__person").prefetch_related("members__mentee__person"):
        assert not form_fit_problems(pair.form, mentor=pair.mentor, mentees=[m.mentee for m in pair.members.all()])
    proposed = 0
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE):
        run = run_matching(program, weights=Weights())
        for row in run.rows.filter(mentor__isnull=False).select_related("form", "mentor__person", "mentee__person"):
            assert not form_fit_problems(row.form, mentor=row.mentor, mentees=[row.mentee]), (program, row.reasons)
            proposed += 1
    assert proposed > 0
    # A kindergarten mentors its teachers only.
    kindergarten = Organization.objects.get(kind="kindergarten")
    assert not Program.objects.filter(organization=kindergarten, forms__audience="students").exists()


def test_the_month_pay_of_employees_mentoring_is_the_same_on_every_page_and_in_the_statement(client, demo):
    """СОШ №4's December: each assignment's page, the statement page and its XLSX give the same sums."""
    from employment.models import Assignment

    school = Organization.objects.get(slug="sosh-4")
    client.force_login(curator_of(school))

    def money(text):
        return float(text.replace("\xa0", "").replace(" ", "").replace("₽", "").replace(",", "."))

    each = []
    for assignment in Assignment.objects.of(school).exclude(status="draft"):
        html = client.get(assignment.get_absolute_url()).content.decode()
        each.append(money(re.search(r'data-testid="this-month">.*?:\s*([\d\s\xa0,]+₽)', html, re.S).group(1)))
    statement = page(client, "employment:statement", school.slug, month="2026-12")
    shown = money(re.search(r'data-testid="grand-total">([^<]+)<', statement).group(1))
    xlsx = client.get(reverse("employment:statement", args=[school.slug]), {"month": "2026-12", "format": "xlsx"})
    rows = [list(r) for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    total = only([r[10] for r in rows if r[1] == "Всего"])
    assert len(each) == 2 and all(each)
    assert round(sum(each), 2) == shown == total


def test_the_kept_figures_tell_what_a_recount_tells(client, demo):
    """The district pages read the figures kept per organization and day: what they show from the kept
    rows is what they show when every figure is counted afresh, and the nightly check finds nothing to
    repair."""
    from reports import kept
    from reports.models import OrganizationDayFigures

    district, coordinator = demo
    client.force_login(coordinator)
    dashboard_url = reverse("reports:district_dashboard", args=[district.slug])
    upward_url = reverse("reports:district_upward", args=[district.slug])

    def shown(url, **params):
        html = client.get(url, params).content.decode()
        html = re.sub(r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"', "", html)
        return re.sub(r'<p class="small text-body-secondary" data-testid="recounted">.*?</p>', "", html, flags=re.S)

    OrganizationDayFigures.objects.all().delete()
    counted = client.get(dashboard_url).content.decode()
    assert 'data-testid="recounted"' in counted  # nothing was kept yet: counted now, and said so
    OrganizationDayFigures.objects.all().delete()
    counted = shown(dashboard_url)
    counted_csv = client.get(upward_url, {"format": "csv"}).content
    assert OrganizationDayFigures.objects.count() == 5
    read = shown(dashboard_url)
    import difflib

    assert read == counted, "\n".join(difflib.unified_diff(counted.splitlines(), read.splitlines(), lineterm="", n=0))
    assert client.get(upward_url, {"format": "csv"}).content == counted_csv
    assert 'data-testid="recounted"' not in client.get(dashboard_url).content.decode()
    assert kept.check_figures()["repaired"] == 0
