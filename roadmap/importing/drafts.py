"""The preview between reading a file and importing it: a `RoadmapImport` holds what was read
(as plain JSON), takes the user's corrections, and is imported in one transaction."""

from datetime import date, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import RoadmapImport
from ..services import program_create
from .parser import ParsedActivity, ParsedRoadmap, ParsedSection, parse_tables
from .readers import MAX_BYTES, UnreadableFile, read_tables
from .services import Responsible, roadmap_import


def _to_data(parsed):
    return {
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "stage": s.stage,
                "activities": [
                    {
                        "number": a.number,
                        "title": a.title,
                        "result": a.result,
                        "responsible": a.responsible,
                        "term": a.term,
                        "track": a.track,
                        "starts_on": a.starts_on.isoformat() if a.starts_on else None,
                        "due_on": a.due_on.isoformat() if a.due_on else None,
                        "description": a.description,
                        "note": a.note,
                        "include": True,
                    }
                    for a in s.activities
                ],
            }
            for s in parsed.sections
        ]
    }


def _from_data(draft):
    def day(value):
        return date.fromisoformat(value) if value else None

    sections = []
    for s in draft.data.get("sections", []):
        activities = [
            ParsedActivity(
                number=a["number"],
                title=a["title"],
                result=a["result"],
                responsible=a["responsible"],
                term=a["term"],
                track=a.get("track", ""),
                starts_on=day(a["starts_on"]),
                due_on=day(a["due_on"]),
                description=a.get("description", ""),
                note=a.get("note", ""),
            )
            for a in s["activities"]
            if a.get("include", True)
        ]
        sections.append(ParsedSection(number=s["number"], title=s["title"], stage=s["stage"], activities=activities))
    return ParsedRoadmap(title=draft.title, period=(draft.period_start, draft.period_end), sections=sections)


def draft_create(*, organization, user, upload, program=None, period=None):
    """Read an uploaded file into a preview. Raises ValidationError with the reason in Russian."""
    if upload.size > MAX_BYTES:
        # Refused before reading it into memory.
        raise ValidationError(
            _("The file is too large: %(size)d MB, at most %(max)d MB.")
            % {"size": upload.size // 1024 // 1024, "max": MAX_BYTES // 1024 // 1024}
        )
    try:
        title, tables = read_tables(upload.name, upload.read())
    except UnreadableFile as error:
        raise ValidationError(str(error)) from error
    if program is not None:
        period = (program.period_start, program.period_end)
    parsed = parse_tables(title, tables, period=period)
    if not parsed.sections:
        # No table with a roadmap's columns (a web page renamed .csv, a base's table): nothing to preview.
        raise ValidationError([message for _row, message in parsed.warnings] or _("The file has no roadmap table."))
    parsed.title = parsed.title or PurePosixPath(upload.name).stem
    parsed.warnings.extend((0, message) for message in Responsible(organization).unmatched(parsed))
    return RoadmapImport.objects.create(
        organization=organization,
        program=program,
        created_by=user,
        file_name=upload.name[:255],
        title=parsed.title[:500],
        period_start=parsed.period[0],
        period_end=parsed.period[1],
        tables=tables,
        data=_to_data(parsed),
        warnings=[[row, message] for row, message in parsed.warnings],
    )


@transaction.atomic
def draft_remap(*, draft, mappings, period=None):
    """Read the file again with the user's column mapping (corrections of single rows are lost)."""
    draft = _locked(draft)
    parsed = parse_tables(
        draft.title, draft.tables, period=period or (draft.period_start, draft.period_end), mappings=mappings
    )
    parsed.warnings.extend((0, message) for message in Responsible(draft.organization).unmatched(parsed))
    draft.mappings = mappings
    draft.data = _to_data(parsed)
    draft.warnings = [[row, message] for row, message in parsed.warnings]
    draft.save(update_fields=["mappings", "data", "warnings"])


def draft_activity(draft, section_index, activity_index):
    try:
        return draft.data["sections"][section_index]["activities"][activity_index]
    except (IndexError, KeyError) as error:
        raise ValidationError(_("There is no such row in the preview.")) from error


def _locked(draft):
    """The draft re-read under a row lock: two quick corrections never overwrite each other, and
    nothing changes a draft once it is imported or cancelled."""
    draft = RoadmapImport.objects.select_for_update().get(pk=draft.pk)
    if draft.status != RoadmapImport.Status.DRAFT:
        raise ValidationError(_("This file was already imported or cancelled."))
    return draft


@transaction.atomic
def draft_edit_activity(*, draft, section_index, activity_index, values):
    """Correct one activity of the preview; `values` come from a validated form."""
    draft = _locked(draft)
    activity = draft_activity(draft, section_index, activity_index)
    for field in ("number", "title", "term", "responsible", "result", "description", "note"):
        activity[field] = values[field]
    for field in ("starts_on", "due_on"):
        activity[field] = values[field].isoformat() if values[field] else None
    if activity["starts_on"] and activity["due_on"] and activity["starts_on"] > activity["due_on"]:
        raise ValidationError(_("The due date is earlier than the start."))
    draft.save(update_fields=["data"])
    return activity


@transaction.atomic
def draft_toggle_activity(*, draft, section_index, activity_index):
    draft = _locked(draft)
    activity = draft_activity(draft, section_index, activity_index)
    activity["include"] = not activity.get("include", True)
    draft.save(update_fields=["data"])
    return activity


@transaction.atomic
def draft_import(*, draft, user, title=None):
    """Import the preview into its program, or into a new program made from it. All or nothing."""
    draft = RoadmapImport.objects.select_for_update().get(pk=draft.pk)
    if draft.status != RoadmapImport.Status.DRAFT:
        raise ValidationError(_("This file was already imported or cancelled."))
    program = draft.program
    if program is None:
        program = program_create(
            organization=draft.organization,
            title=(title or draft.title or draft.file_name)[:300],
            period_start=draft.period_start,
            period_end=draft.period_end,
            use_template=False,
            curator=user if user.memberships.filter(organization=draft.organization).exists() else None,
        )
    news = roadmap_import(program=program, parsed=_from_data(draft))
    draft.program = program
    draft.status = RoadmapImport.Status.IMPORTED
    # What was read (names of responsible people among it) is in the program now; the copy goes.
    draft.tables, draft.data = [], {}
    draft.save(update_fields=["program", "status", "tables", "data"])
    return program, news


def draft_cancel(*, draft):
    """Returns whether it was cancelled (an import that committed first stays imported)."""
    return bool(
        RoadmapImport.objects.filter(pk=draft.pk, status=RoadmapImport.Status.DRAFT).update(
            status=RoadmapImport.Status.CANCELLED, tables=[], data={}
        )
    )


def drafts_expire(*, now=None):
    """Previews older than settings.IMPORT_DRAFT_TTL_HOURS lose what was read from the file and are
    marked expired; an imported or cancelled one keeps no copy either. Returns how many expired."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IMPORT_DRAFT_TTL_HOURS)
    old = RoadmapImport.objects.filter(created_at__lt=cutoff)
    expired = old.filter(status=RoadmapImport.Status.DRAFT).update(
        status=RoadmapImport.Status.EXPIRED, tables=[], data={}, warnings=[]
    )
    old.exclude(tables=[], data={}).update(tables=[], data={}, warnings=[])
    return expired
