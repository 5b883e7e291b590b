import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap.importing.parser import parse_tables
from roadmap.importing.readers import UnreadableFile, read_tables
from roadmap.importing.services import Responsible, roadmap_import
from roadmap.models import Program


def period(value):
    try:
        start, end = (date.fromisoformat(part) for part in value.split(":"))
    except ValueError as error:
        raise CommandError("--period expects YYYY-MM-DD:YYYY-MM-DD") from error
    if end <= start:
        raise CommandError("--period must end after it starts")
    return start, end


class Command(BaseCommand):
    help = "Read a roadmap from a DOCX, XLSX or CSV file; print it, or import it into a program."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Only read and print; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--period", type=period, help="The program's period YYYY-MM-DD:YYYY-MM-DD.")
        parser.add_argument("--program", type=int, help="The program to import into (without --dry-run).")

    def handle(self, *args, path, dry_run=False, json=False, period=None, program=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл не найден: {path}")
        target = None
        if not dry_run:
            if program is None:
                raise CommandError("Укажите --program ID, куда импортировать, или --dry-run.")
            target = Program.objects.select_related("organization").filter(pk=program).first()
            if target is None:
                raise CommandError(f"Программа {program} не найдена.")
            period = period or (target.period_start, target.period_end)
        try:
            title, tables = read_tables(file.name, file.read_bytes())
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        parsed = parse_tables(title, tables, period=period)
        parsed.title = parsed.title or file.stem
        if target is not None:
            parsed.warnings.extend((0, message) for message in Responsible(target.organization).unmatched(parsed))
            parsed.warnings.extend((0, message) for message in roadmap_import(program=target, parsed=parsed))
        if json:
            self.stdout.write(_dumps(parsed.as_json()))
            return
        for section in parsed.sections:
            self.stdout.write(f"{section.number}. {section.title}")
            for activity in section.activities:
                dates = f"{activity.starts_on or '…'} — {activity.due_on or '…'}"
                self.stdout.write(f"  {activity.number} {activity.title} [{activity.term}; {dates}]")
        for row, message in parsed.warnings:
            self.stderr.write(f"строка {row}: {message}" if row else message)
        if target is not None:
            count = sum(len(s.activities) for s in parsed.sections)
            self.stdout.write(f"Импортировано в «{target}»: разделов {len(parsed.sections)}, мероприятий {count}.")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
