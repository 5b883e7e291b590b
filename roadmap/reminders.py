"""The roadmap's reminders (deadlines coming, deadlines missed, stages starting and ending) and its
calendar events. Registered with the notifications app when the roadmap app is ready."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Membership, Organization, Role
from notifications.registry import CalendarEvent, Finding, calendar_source, finder, register_kind

from .models import OPEN_STATUSES, Activity, ProgramStatus, Section
from .selectors import UrlMaker

DEADLINE_SOON = "deadline_soon"
DEADLINE_TOMORROW = "deadline_tomorrow"
OVERDUE = "activity_overdue"
STAGE_STARTS = "stage_starts"
STAGE_ENDS = "stage_ends"

register_kind(DEADLINE_SOON, gettext_lazy("A deadline is coming"))
register_kind(DEADLINE_TOMORROW, gettext_lazy("A deadline is today or tomorrow"), urgent=True)
register_kind(OVERDUE, gettext_lazy("An activity is overdue"), urgent=True)
register_kind(STAGE_STARTS, gettext_lazy("A stage of the roadmap starts"))
register_kind(STAGE_ENDS, gettext_lazy("A stage of the roadmap ends"))

# A stage start is still told if the daily run missed a couple of days.
START_CATCH_UP_DAYS = 3


class Urls:
    """Activity and roadmap addresses for many organizations, each reversed once."""

    def __init__(self):
        self._makers = {}

    def activity(self, slug, pk):
        return self._maker("roadmap:activity_detail", slug)(pk)

    def program(self, slug, pk):
        return self._maker("roadmap:program_timeline", slug)(pk)

    def _maker(self, name, slug):
        if (name, slug) not in self._makers:
            self._makers[name, slug] = UrlMaker(name, slug)
        return self._makers[name, slug]


def _role_holders(organization_ids, roles):
    holders = defaultdict(list)
    rows = Membership.objects.filter(
        organization_id__in=organization_ids, role__in=roles, user__is_active=True
    ).values_list("organization_id", "role", "user_id")
    for organization_id, role, user_id in rows:
        holders[organization_id, role].append(user_id)
    return holders


@finder
def deadlines(today):
    """Activities due within an organization's reminder days, and activities past their due date.
    The responsible people are told; with nobody named, the holders of the responsible role."""
    days_by_org = {pk: sorted(days) for pk, days in Organization.objects.values_list("pk", "reminder_days")}
    horizon = max((max(days) for days in days_by_org.values() if days), default=0)
    activities = Activity.objects.filter(
        program__status=ProgramStatus.ACTIVE, status__in=OPEN_STATUSES, due_date__lte=today + timedelta(days=horizon)
    )
    rows = list(
        activities.values(
            "pk",
            "organization_id",
            "organization__slug",
            "number",
            "title",
            "due_date",
            "responsible_role",
            "program__title",
        ).order_by()
    )
    named = defaultdict(list)
    through = Activity.responsible_users.through.objects.filter(activity__in=activities, user__is_active=True)
    for activity_id, user_id in through.values_list("activity_id", "user_id"):
        named[activity_id].append(user_id)
    holders = _role_holders({r["organization_id"] for r in rows}, {r["responsible_role"] for r in rows} - {""})
    urls = Urls()
    for row in rows:
        left = (row["due_date"] - today).days
        if left < 0:
            kind, key = OVERDUE, f"activity:{row['pk']}:overdue:{row['due_date']}"
            title = _("Overdue since %(date)s: %(activity)s")
        else:
            nearest = [n for n in days_by_org.get(row["organization_id"], []) if n >= left]
            if not nearest:
                continue
            n = min(nearest)
            kind = DEADLINE_TOMORROW if n <= 1 else DEADLINE_SOON
            key = f"activity:{row['pk']}:due:{row['due_date']}:{n}"
            title = _("Due %(date)s: %(activity)s")
        text = title % {"date": row["due_date"].strftime("%d.%m.%Y"), "activity": f"{row['number']} {row['title']}"}
        recipients = named.get(row["pk"]) or holders.get((row["organization_id"], row["responsible_role"]), [])
        url = urls.activity(row["organization__slug"], row["pk"])
        for user_id in recipients:
            yield Finding(
                user_id=user_id,
                kind=kind,
                key=key,
                title=text[:500],
                url=url,
                group=row["program__title"],
                organization_id=row["organization_id"],
                due_date=row["due_date"],
            )


@finder
def stages(today):
    """Roadmap sections whose activities begin (told on the first day) or end (told as far ahead as
    the organization's longest reminder) — to the program's curator, or the organization's curators."""
    days_by_org = {pk: max(days or [0]) for pk, days in Organization.objects.values_list("pk", "reminder_days")}
    horizon = max(days_by_org.values(), default=0)
    sections = (
        Section.objects.filter(program__status=ProgramStatus.ACTIVE)
        .annotate(starts=Min("activities__start_date"), ends=Max("activities__due_date"))
        .filter(
            Q(starts__gt=today - timedelta(days=START_CATCH_UP_DAYS), starts__lte=today)
            | Q(ends__gte=today, ends__lte=today + timedelta(days=horizon))
        )
        .values(
            "pk",
            "number",
            "title",
            "starts",
            "ends",
            "organization_id",
            "program_id",
            "program__title",
            "program__curator_id",
            "program__curator__is_active",
            "organization__slug",
        )
    )
    sections = list(sections)
    curators = _role_holders({s["organization_id"] for s in sections}, {Role.CURATOR})
    urls = Urls()
    for section in sections:
        recipients = (
            [section["program__curator_id"]]
            if section["program__curator_id"] and section["program__curator__is_active"]
            else curators.get((section["organization_id"], Role.CURATOR), [])
        )
        name = f"{section['number']}. {section['title']}".strip(". ")
        url = urls.program(section["organization__slug"], section["program_id"])
        findings = []
        if section["starts"] and today - timedelta(days=START_CATCH_UP_DAYS) < section["starts"] <= today:
            findings.append(
                (
                    STAGE_STARTS,
                    f"section:{section['pk']}:starts:{section['starts']}",
                    _("The stage starts: %(stage)s") % {"stage": name},
                    section["starts"],
                )
            )
        ends = section["ends"]
        if ends and 0 <= (ends - today).days <= days_by_org.get(section["organization_id"], 0):
            findings.append(
                (
                    STAGE_ENDS,
                    f"section:{section['pk']}:ends:{ends}",
                    _("The stage ends %(date)s: %(stage)s") % {"date": ends.strftime("%d.%m.%Y"), "stage": name},
                    ends,
                )
            )
        for kind, key, title, day in findings:
            for user_id in recipients:
                yield Finding(
                    user_id=user_id,
                    kind=kind,
                    key=key,
                    title=title[:500],
                    url=url,
                    group=section["program__title"],
                    organization_id=section["organization_id"],
                    due_date=day,
                )


@calendar_source
def activity_deadlines(user):
    """Due dates of the open activities a person is responsible for, in the programs under way."""
    memberships = Membership.objects.filter(user=user, organization__isnull=False).values_list(
        "organization_id", "role"
    )
    mine = Q(responsible_users=user)
    for organization_id, role in memberships:
        mine |= Q(organization_id=organization_id, responsible_role=role)
    activities = (
        Activity.objects.filter(
            organization__in=Organization.objects.for_user(user),
            program__status=ProgramStatus.ACTIVE,
            status__in=OPEN_STATUSES,
            due_date__isnull=False,
        )
        .filter(mine)
        .distinct()
        .values("pk", "number", "title", "due_date", "term_text", "program__title", "organization__slug")
    )
    urls = Urls()
    for row in activities:
        yield CalendarEvent(
            uid=f"activity-{row['pk']}@nastavnik",
            title=f"{row['number']} {row['title']}".strip(),
            day=row["due_date"],
            url=urls.activity(row["organization__slug"], row["pk"]),
            description=f"{row['program__title']}. {row['term_text']}".strip(". "),
        )
