"""The roadmap's reminders (deadlines coming, deadlines missed, stages starting and ending) and its
calendar events. Registered with the notifications app when the roadmap app is ready."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Membership, Organization, Role
from notifications.registry import (
    CalendarEvent,
    Finding,
    calendar_source,
    finder,
    register_kind,
    subject_ids,
    within,
)

from .models import OPEN_STATUSES, Activity, ProgramStatus, Section
from .selectors import UrlMaker

DEADLINE_SOON = "deadline_soon"
DEADLINE_TOMORROW = "deadline_tomorrow"
OVERDUE = "activity_overdue"
STAGE_STARTS = "stage_starts"
STAGE_ENDS = "stage_ends"
DISTRICT_NUDGE = "district_nudge"


def activity_still_open(notifications):
    """A deadline reminder stands while its activity is open, its program under way and its due date
    the one told (a moved deadline is told anew)."""
    ids = subject_ids(notifications, "activity")
    due = dict(
        Activity.objects.filter(
            pk__in=set(ids.values()), status__in=OPEN_STATUSES, program__status=ProgramStatus.ACTIVE
        ).values_list("pk", "due_date")
    )
    return {n.pk for n in notifications if n.pk in ids and ids[n.pk] in due and due[ids[n.pk]] == n.due_date}


def stage_still_open(notifications):
    """A stage's start or end stands while its program is under way and an activity of it is open."""
    ids = subject_ids(notifications, "section")
    open_sections = set(
        Section.objects.filter(
            pk__in=set(ids.values()),
            program__status=ProgramStatus.ACTIVE,
            activities__status__in=OPEN_STATUSES,
        ).values_list("pk", flat=True)
    )
    return {pk for pk, section_id in ids.items() if section_id in open_sections}


register_kind(DEADLINE_SOON, gettext_lazy("A deadline is coming"), still_applies=activity_still_open)
register_kind(
    DEADLINE_TOMORROW,
    gettext_lazy("A deadline is today or tomorrow"),
    urgent=True,
    still_applies=activity_still_open,
)
register_kind(OVERDUE, gettext_lazy("An activity is overdue"), urgent=True, still_applies=activity_still_open)
register_kind(STAGE_STARTS, gettext_lazy("A stage of the roadmap starts"), still_applies=stage_still_open)
register_kind(
    DISTRICT_NUDGE,
    gettext_lazy("The district reminds of an overdue activity"),
    urgent=True,
    still_applies=activity_still_open,
)
register_kind(STAGE_ENDS, gettext_lazy("A stage of the roadmap ends"), still_applies=stage_still_open)

# A stage start is still told if the daily run missed a couple of days.
START_CATCH_UP_DAYS = 3
OVERDUE_LOOKBACK_DAYS = 60


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


class People:
    """Who answers for what in many organizations, loaded in three queries: members by role (a
    district coordinator counts in every organization of the district) and active members."""

    def __init__(self, organization_ids):
        self.holders = defaultdict(list)
        self.members = set()
        municipality_of = dict(
            Organization.objects.filter(pk__in=organization_ids).values_list("pk", "municipality_id")
        )
        rows = Membership.objects.filter(organization_id__in=organization_ids, user__is_active=True).values_list(
            "organization_id", "role", "user_id"
        )
        for organization_id, role, user_id in rows:
            self.holders[organization_id, role].append(user_id)
            self.members.add((organization_id, user_id))
        coordinators = defaultdict(list)
        for municipality_id, user_id in Membership.objects.filter(
            role=Role.COORDINATOR, municipality_id__in=set(municipality_of.values()), user__is_active=True
        ).values_list("municipality_id", "user_id"):
            coordinators[municipality_id].append(user_id)
        for organization_id, municipality_id in municipality_of.items():
            for user_id in coordinators[municipality_id]:
                self.holders[organization_id, Role.COORDINATOR].append(user_id)
                self.members.add((organization_id, user_id))

    def responsible(self, organization_id, named, role, curator_id):
        """The same rule as `Activity.objects.for_person`: the named people who still belong to the
        organization; else the holders of the role there; else the program's curator, or its
        organization's curators."""
        if named:
            return [user_id for user_id in named if (organization_id, user_id) in self.members]
        if role:
            return self.holders.get((organization_id, role), [])
        return self.curators(organization_id, curator_id)

    def curators(self, organization_id, curator_id):
        if curator_id and (organization_id, curator_id) in self.members:
            return [curator_id]
        return self.holders.get((organization_id, Role.CURATOR), [])


@finder
def deadlines(today, organizations=None):
    """Activities due within an organization's reminder days, and activities past their due date
    (for OVERDUE_LOOKBACK_DAYS: older ones were told about when they fell due)."""
    days_by_org = {pk: sorted(days) for pk, days in Organization.objects.values_list("pk", "reminder_days")}
    horizon = max((max(days) for days in days_by_org.values() if days), default=0)
    activities = within(
        Activity.objects.filter(
            program__status=ProgramStatus.ACTIVE,
            status__in=OPEN_STATUSES,
            due_date__gte=today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_date__lte=today + timedelta(days=horizon),
        ),
        organizations,
    )
    rows = list(
        activities.values(
            "pk",
            "organization_id",
            "organization__slug",
            "organization__short_name",
            "number",
            "title",
            "due_date",
            "responsible_role",
            "program__title",
            "program__curator_id",
        ).order_by()
    )
    named = defaultdict(list)
    through = Activity.responsible_users.through.objects.filter(activity__in=activities)
    for activity_id, user_id in through.values_list("activity_id", "user_id"):
        named[activity_id].append(user_id)
    people = People({r["organization_id"] for r in rows})
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
        recipients = people.responsible(
            row["organization_id"], named.get(row["pk"]), row["responsible_role"], row["program__curator_id"]
        )
        url = urls.activity(row["organization__slug"], row["pk"])
        group = f"{row['organization__short_name']} — {row['program__title']}"
        for user_id in recipients:
            yield Finding(
                user_id=user_id,
                kind=kind,
                key=key,
                title=text[:500],
                url=url,
                group=group[:300],
                organization_id=row["organization_id"],
                due_date=row["due_date"],
            )


@finder
def stages(today, organizations=None):
    """Roadmap sections whose activities begin (told on the first day) or end (told as far ahead as
    the organization's longest reminder) — to the program's curator, or the organization's curators."""
    days_by_org = {pk: max(days or [0]) for pk, days in Organization.objects.values_list("pk", "reminder_days")}
    horizon = max(days_by_org.values(), default=0)
    sections = (
        within(Section.objects.filter(program__status=ProgramStatus.ACTIVE), organizations)
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
            "organization__short_name",
            "organization__slug",
        )
    )
    sections = list(sections)
    people = People({s["organization_id"] for s in sections})
    urls = Urls()
    for section in sections:
        recipients = people.curators(section["organization_id"], section["program__curator_id"])
        group = f"{section['organization__short_name']} — {section['program__title']}"
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
                    group=group[:300],
                    organization_id=section["organization_id"],
                    due_date=day,
                )


@calendar_source
def activity_deadlines(user):
    """Due dates of the open activities that are a person's, in the programs under way."""
    activities = (
        Activity.objects.for_person(user)
        .filter(program__status=ProgramStatus.ACTIVE, status__in=OPEN_STATUSES, due_date__isnull=False)
        .values("pk", "number", "title", "due_date", "updated_at", "term_text", "program__title", "organization__slug")
    )
    urls = Urls()
    for row in activities:
        yield CalendarEvent(
            uid=f"activity-{row['pk']}",
            title=f"{row['number']} {row['title']}".strip(),
            day=row["due_date"],
            modified=row["updated_at"],
            url=urls.activity(row["organization__slug"], row["pk"]),
            description=f"{row['program__title']}. {row['term_text']}".strip(". "),
        )
