"""Add a year of the production calendar from its Постановление «О переносе выходных дней».

    manage.py add_calendar_year 2027 --basis "Постановление Правительства РФ от … № …" \
        --days-off 2027-01-01,2027-01-04,… --working-days 2027-…

`--days-off` lists every weekday that is not worked (the holidays of ст. 112 ТК РФ and the days off
moved onto weekdays); `--working-days` every Saturday or Sunday that is worked. The file written is
`employment/calendars/<year>.json`; commit it.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from employment import calendar


def _dates(text, year, option):
    days = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        try:
            day = date.fromisoformat(part)
        except ValueError as error:
            raise CommandError(f"{option}: «{part}» is not a date like 2027-01-01.") from error
        if day.year != year:
            raise CommandError(f"{option}: {part} is not in {year}.")
        days.append(day)
    return sorted(set(days))


class Command(BaseCommand):
    help = "Add a year of the Russian production calendar (holidays and transferred days)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--basis", required=True, help="The Постановление Правительства РФ, as cited.")
        parser.add_argument("--days-off", required=True, help="Weekdays that are days off, comma-separated.")
        parser.add_argument("--working-days", default="", help="Weekend days that are working days.")
        parser.add_argument("--force", action="store_true", help="Replace the year's file if it exists.")

    def handle(self, *args, year, basis, days_off, working_days, force, **options):
        off = _dates(days_off, year, "--days-off")
        worked = _dates(working_days, year, "--working-days")
        weekend_off = [d for d in off if d.weekday() >= 5]
        if weekend_off:
            raise CommandError(f"--days-off: {weekend_off[0]} is a Saturday or Sunday, a day off anyway.")
        weekday_worked = [d for d in worked if d.weekday() < 5]
        if weekday_worked:
            raise CommandError(f"--working-days: {weekday_worked[0]} is a weekday, a working day anyway.")
        path = calendar.path_for(year)
        if path.exists() and not force:
            raise CommandError(f"{path} exists; give --force to replace it.")
        data = {
            "year": year,
            "basis": basis,
            "days_off": [d.isoformat() for d in off],
            "working_days": [d.isoformat() for d in worked],
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        calendar._year.cache_clear()
        working = calendar.working_days_in(date(year, 1, 1), date(year, 12, 31))
        self.stdout.write(f"{path}: {working} working days in {year}.")
