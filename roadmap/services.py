"""Operations on programs and their roadmaps that span models. Views and commands call these."""

import re
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import uploads
from mentoring.changes import figures_changed
from mentoring.models import Role

from .models import DISTRICT_NUMBER_PREFIX, OPEN_STATUSES, Activity, ActivityStatus, Comment, Evidence, Program, Section
from .stages import STANDARD_TEMPLATE
from .terms import add_months, parse_term, program_month


def _check_same_organization(program, *users):
    for user in users:
        if user is not None and not (
            user.is_superuser or user.memberships.filter(organization=program.organization).exists()
        ):
            raise ValidationError(
                _("%(user)s is not a member of %(org)s.") % {"user": user, "org": program.organization}
            )


@transaction.atomic
def program_create(
    *,
    organization,
    title,
    period_start,
    period_end,
    curator=None,
    forms=(),
    status="active",
    description="",
    use_template=True,
    copy_from=None,
):
    """Create a program with its roadmap: copied from another program of the same organization,
    built from the seven standard stages, or left empty."""
    program = Program(
        organization=organization,
        title=title,
        period_start=period_start,
        period_end=period_end,
        curator=curator,
        status=status,
        description=description,
        copied_from=copy_from,
    )
    program.full_clean()
    _check_same_organization(program, curator)
    program.save()
    program.forms.set(forms)
    if copy_from is not None:
        roadmap_copy(source=copy_from, target=program)
    elif use_template:
        roadmap_apply_standard_template(program=program)
    return program


def roadmap_apply_standard_template(*, program):
    """Add the seven standard stages with their typical activities, dated within the program's period."""
    for position, template_stage in enumerate(STANDARD_TEMPLATE, start=1):
        section = Section.objects.create(
            program=program,
            organization=program.organization,
            number=str(position),
            title=template_stage.stage.label,
            stage=template_stage.stage,
            position=position,
        )
        activities = []
        for index, item in enumerate(template_stage.activities, start=1):
            start = program_month(program.period_start, program.period_end, item.months[0])[0]
            due = program_month(program.period_start, program.period_end, item.months[1])[1]
            activities.append(
                Activity(
                    program=program,
                    section=section,
                    organization=program.organization,
                    number=f"{position}.{index}",
                    position=index,
                    title=item.title,
                    start_date=max(start, program.period_start),
                    due_date=min(due, program.period_end),
                    term_text=item.term,
                    responsible_role=item.responsible,
                    result_kind=item.result_kind,
                    result_text=item.result,
                )
            )
        Activity.objects.bulk_create(activities)
    figures_changed.send(sender=Activity, organization=program.organization_id)


def roadmap_copy(*, source, target):
    """Copy `source`'s sections and activities into `target`, moving dates by whole months so
    «1 сентября» of last year becomes «1 сентября» of this one. Statuses and evidence stay behind."""
    if source.organization_id != target.organization_id:
        raise ValidationError(_("A roadmap can only be copied within one organization."))
    shift = (target.period_start.year - source.period_start.year) * 12 + (
        target.period_start.month - source.period_start.month
    )

    def moved(day):
        return add_months(day, shift) if day else None

    sections = list(source.sections.all())
    new_sections = Section.objects.bulk_create(
        [
            Section(
                program=target,
                organization=target.organization,
                number=s.number,
                title=s.title,
                stage=s.stage,
                position=s.position,
            )
            for s in sections
        ]
    )
    section_map = {old.pk: new for old, new in zip(sections, new_sections, strict=True)}
    old_activities = list(source.activities.prefetch_related("responsible_users"))
    new_activities = Activity.objects.bulk_create(
        [
            Activity(
                program=target,
                section=section_map[a.section_id],
                organization=target.organization,
                number=a.number,
                position=a.position,
                title=a.title,
                track=a.track,
                start_date=moved(a.start_date),
                due_date=moved(a.due_date),
                term_text=a.term_text,
                responsible_role=a.responsible_role,
                responsible_text=a.responsible_text,
                result_kind=a.result_kind,
                result_text=a.result_text,
                description=a.description,
                note=a.note,
            )
            for a in old_activities
        ]
    )
    through = Activity.responsible_users.through
    through.objects.bulk_create(
        [
            through(activity_id=new.pk, user_id=user.pk)
            for old, new in zip(old_activities, new_activities, strict=True)
            for user in old.responsible_users.all()
        ]
    )
    figures_changed.send(sender=Activity, organization=target.organization_id)


@transaction.atomic
def section_create(*, program, section):
    """Append a section to the end of the roadmap. The program row is locked so that two curators
    adding sections at once get consecutive positions instead of a clash."""
    Program.objects.select_for_update().get(pk=program.pk)
    last = program.sections.order_by("-position").values_list("position", flat=True).first()
    section.program = program
    section.organization = program.organization
    section.position = (last or 0) + 1
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def activity_save(*, activity, responsible_users=None):
    """Validate and save an activity edited by a curator. Dates left empty are read from the term
    as written when it can be understood."""
    if activity.start_date is None and activity.due_date is None and activity.term_text:
        activity.start_date, activity.due_date = parse_term(
            activity.term_text, activity.program.period_start, activity.program.period_end
        )
    if activity.section.program_id != activity.program_id:
        raise ValidationError(_("The section belongs to another program."))
    activity.organization = activity.program.organization
    if activity.pk is None:
        last = activity.section.activities.order_by("-position").values_list("position", flat=True).first()
        activity.position = (last or 0) + 1
    activity.full_clean(exclude=["completed_at"])
    activity.save()
    if responsible_users is not None:
        _check_same_organization(activity.program, *responsible_users)
        activity.responsible_users.set(responsible_users)
    return activity


@transaction.atomic
def evidence_add(*, activity, user, file=None, url="", title="", shared_with_district=False):
    if not file and not url:
        raise ValidationError(_("Attach a file or give a link."))
    original_name = PurePosixPath(file.name).name[:255] if file else ""
    if file:
        file = uploads.checked(file, uploads.EVIDENCE)
    evidence = Evidence(
        activity=activity,
        organization=activity.organization,
        url=url,
        title=title,
        uploaded_by=user,
        shared_with_district=shared_with_district,
        original_name=original_name,
    )
    evidence.full_clean(exclude=["file"])
    if file:
        # The file is written last, after everything that could refuse it.
        evidence.file.save(file.name, file, save=False)
    evidence.save()
    return evidence


def evidence_share(*, evidence, shared):
    Evidence.objects.filter(pk=evidence.pk).update(shared_with_district=shared)
    evidence.shared_with_district = shared


@transaction.atomic
def evidence_delete(*, evidence):
    activity = Activity.objects.select_for_update().get(pk=evidence.activity_id)
    if activity.status == ActivityStatus.DONE and not activity.status_note and activity.evidence.count() == 1:
        raise ValidationError(_("This is the only evidence of a completed activity: reopen the activity first."))
    evidence.delete()
    if evidence.file:
        # Only once the row is really gone: a rolled-back delete must not lose the file.
        name, storage = evidence.file.name, evidence.file.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def activity_set_status(*, activity, status, user, note=""):
    """Move an activity to `status`. Done needs evidence or a written reason; cancelling needs a reason."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    note = (note or "").strip()
    if status == activity.status:
        # Choosing the same status again keeps who completed it and when; a new reason is kept.
        if note and note != activity.status_note:
            activity.status_note = note
            activity.save(update_fields=["status_note", "updated_at"])
        return activity
    if status == ActivityStatus.DONE:
        if not note and not activity.evidence.exists():
            raise ValidationError(_("To mark the activity done, attach evidence or write why there is none."))
        activity.completed_at = timezone.now()
        activity.completed_by = user
    elif status == ActivityStatus.CANCELLED:
        if not note:
            raise ValidationError(_("Write why the activity is cancelled."))
        activity.completed_at = None
        activity.completed_by = None
    elif status in OPEN_STATUSES:
        activity.completed_at = None
        activity.completed_by = None
    else:
        raise ValidationError(_("Unknown status."))
    activity.status = status
    activity.status_note = note
    activity.save(update_fields=["status", "status_note", "completed_at", "completed_by", "updated_at"])
    if status not in OPEN_STATUSES:  # its deadline reminders are about something done now
        from notifications.services import notifications_withdraw

        notifications_withdraw(subject=f"activity:{activity.pk}")
    return activity


@transaction.atomic
def activity_complete(*, activity, user, file=None, url="", note=""):
    """Mark done with evidence in one step: either both are saved or neither is."""
    if not (file or url or (note or "").strip() or activity.evidence.exists()):
        raise ValidationError(_("To mark the activity done, attach evidence or write why there is none."))
    if file or url:
        evidence_add(activity=activity, user=user, file=file, url=url)
    return activity_set_status(activity=activity, status=ActivityStatus.DONE, user=user, note=note)


def comment_add(*, activity, user, text):
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The comment is empty."))
    return Comment.objects.create(activity=activity, organization=activity.organization, author=user, text=text)


# Responsible cells that hand an activity to every organization: «ОО», «образовательные организации».
FOR_ORGANIZATIONS = re.compile(
    r"(?<![А-Яа-яЁёA-Za-z])ОО(?![А-Яа-яЁёA-Za-z])|образовательн\w*\s+организац|руководител\w*\s+оо", re.IGNORECASE
)
DISTRICT_SECTION_TITLE = "Мероприятия муниципальной дорожной карты"


def district_number(number):
    return f"{DISTRICT_NUMBER_PREFIX}{number}"[:12] if number else ""


def is_for_organizations(activity):
    return bool(FOR_ORGANIZATIONS.search(activity.responsible_text or ""))


def _district_target_program(organization, district_program):
    """The organization's program for the district program's period, or a new one for it."""
    overlapping = organization.programs.filter(
        period_start__lte=district_program.period_end,
        period_end__gte=district_program.period_start,
        status__in=["active", "draft"],  # not into a finished or archived program nobody looks at
    ).order_by(models.Case(models.When(status="active", then=0), default=1), "-period_start")
    program = overlapping.first()
    if program is None:
        program = program_create(
            organization=organization,
            title=f"{DISTRICT_SECTION_TITLE}: {district_program.title}"[:300],
            period_start=district_program.period_start,
            period_end=district_program.period_end,
            use_template=False,
        )
    return program


@transaction.atomic
def district_cascade(*, program):
    """Give every organization of the district a copy of each activity of the district's roadmap
    whose responsible is the organizations («ОО»), linked to it so the district sees who has done
    it. Safe to repeat: an organization that has its copy keeps it as it is. Returns copies made."""
    office = program.organization
    if office.kind != "office":
        raise ValidationError(_("Only the district office's roadmap is sent to the organizations."))
    Program.objects.select_for_update().get(pk=program.pk)  # one sending at a time
    sources = [a for a in program.activities.order_by("section__position", "position") if is_for_organizations(a)]
    if not sources:
        return 0
    have = set(
        Activity.objects.filter(district_activity__in=sources).values_list("district_activity_id", "organization_id")
    )
    made = 0
    for organization in office.municipality.organizations.exclude(kind="office").order_by("pk"):
        missing = [a for a in sources if (a.pk, organization.pk) not in have]
        if not missing:
            continue
        target = _district_target_program(organization, program)
        section = target.sections.filter(title=DISTRICT_SECTION_TITLE).first()
        if section is None:
            section = section_create(
                program=target, section=Section(number=DISTRICT_NUMBER_PREFIX, title=DISTRICT_SECTION_TITLE)
            )
        last = section.activities.order_by("-position").values_list("position", flat=True).first() or 0
        Activity.objects.bulk_create(
            [
                Activity(
                    program=target,
                    section=section,
                    organization=organization,
                    district_activity=source,
                    number=district_number(source.number),
                    position=last + index,
                    title=source.title,
                    start_date=source.start_date,
                    due_date=source.due_date,
                    term_text=source.term_text,
                    responsible_role=Role.CURATOR,
                    responsible_text=source.responsible_text,
                    result_kind=source.result_kind,
                    result_text=source.result_text,
                    description=source.description,
                    note=source.note,
                )
                for index, source in enumerate(missing, start=1)
            ]
        )
        made += len(missing)
        figures_changed.send(sender=Activity, organization=organization.pk)
    return made


# --- The district reminds its late organizations ------------------------------------------------------


def district_nudge_key(municipality, today):
    # «urgent:» so that the mail is the short urgent one, not a digest; one key a district a day.
    return f"urgent:nudge:{municipality.pk}:{today.isoformat()}"


def district_nudge_sent(municipality, today):
    """When the district reminded its late organizations today, or None."""
    from notifications.models import Email

    return (
        Email.objects.filter(key=district_nudge_key(municipality, today))
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


@transaction.atomic
def district_nudge(municipality, *, today):
    """«Напомнить отстающим»: each curator of an organization late with a district activity gets a
    notification per late activity and one email, at most once a day for the district. Returns
    (organizations reminded, people reminded, short names of late organizations without a curator)."""
    from mentoring.models import Membership
    from notifications.models import Email, Notification
    from notifications.services import emails_queue

    from .reminders import DISTRICT_NUDGE
    from .selectors import district_assignments

    # Two coordinators pressing at once: the second waits here, then finds the first one's emails.
    type(municipality).objects.select_for_update().get(pk=municipality.pk)
    sent = district_nudge_sent(municipality, today)
    if sent:
        raise ValidationError(
            _("The late organizations were already reminded today at %(time)s; the next reminder can go tomorrow.")
            % {"time": timezone.localtime(sent).strftime("%H:%M")}
        )
    late = {}
    for source in district_assignments(municipality):
        for copy in source.pending:
            if copy["late"]:
                late.setdefault(copy["organization_id"], []).append((source, copy))
    if not late:
        raise ValidationError(_("No organization is late with a district activity: there is nobody to remind."))
    curators = Membership.objects.filter(role=Role.CURATOR, organization_id__in=late).select_related("user")
    key = district_nudge_key(municipality, today)
    emails, notifications, reached = {}, [], set()
    for membership in curators:
        if not membership.user.is_active:
            continue
        reached.add(membership.organization_id)
        if membership.user_id not in emails:
            emails[membership.user_id] = Email.objects.create(user_id=membership.user_id, key=key, day=today)
        for source, copy in late[membership.organization_id]:
            notifications.append(
                Notification(
                    user_id=membership.user_id,
                    organization_id=membership.organization_id,
                    kind=DISTRICT_NUDGE,
                    key=f"activity:{copy['pk']}:nudge:{today.isoformat()}",
                    subject=f"activity:{copy['pk']}",
                    title=_("The district reminds: «%(title)s» is overdue (it was due on %(date)s)")
                    % {"title": source.title, "date": copy["due_date"].strftime("%d.%m.%Y")},
                    url=reverse(
                        "roadmap:activity_detail", kwargs={"org_slug": copy["organization__slug"], "pk": copy["pk"]}
                    ),
                    group=municipality.short_name,
                    due_date=copy["due_date"],
                    email=emails[membership.user_id],
                )
            )
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    emails_queue([email.pk for email in emails.values()])
    without_curator = sorted(
        rows[0][1]["organization__short_name"] for org_id, rows in late.items() if org_id not in reached
    )
    return len(reached), len(emails), without_curator
