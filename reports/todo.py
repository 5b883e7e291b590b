"""What each person should do now: the home page's to-do list, by the roles they hold.

Each item is one click from where it is done. The lists reuse the definitions the rest of the portal
counts with (`Activity.objects.overdue`, `Mentee.objects.waiting`, `indicators.attention`,
`Campaign.objects.with_counts`), so the home never says something the dashboard contradicts.
Urgency orders the list: what is late or waits for this person first, then what is due soon, then the
next step of each stage."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.models import Mentee, PairMember, Role
from mentoring.models.pairs import Pair, PlanItemStatus
from orders.models import Order
from publication.models import Practice, PracticeStatus
from roadmap.models import Activity, ProgramStatus
from roadmap.selectors import district_assignments
from roadmap.stages import Stage
from surveys.models import Campaign, Invitation, Response

from . import indicators

URGENT, SOON, NEXT = 0, 1, 2
PLAN_HORIZON_DAYS = 14  # a plan item shows on the mentor's home this many days before it is due
ROWS_PER_KIND = 10  # long lists show their first rows and a link to the rest


@dataclass(frozen=True)
class Task:
    urgency: int
    title: str
    url: str
    action: str
    place: str = ""
    due: date | None = None
    detail: str = ""
    # A task done by a form (a POST), not by following a link: the form's address is `url`.
    post: bool = False

    @property
    def urgency_label(self):
        return {URGENT: _("Urgent"), SOON: _("Soon"), NEXT: _("Next step")}[self.urgency]


def ordered(tasks):
    """By urgency; within it, what waits on this person with no date of its own (an order to sign or
    to correct) first, then by date."""
    return sorted(tasks, key=lambda t: (t.urgency, t.due or date.min, t.place, t.title))


# --- A school's curator -----------------------------------------------------------------------------


def curator_tasks(organization, today):
    place = organization.short_name
    slug = organization.slug
    tasks = []
    returned = Order.objects.filter(organization=organization, status=Order.Status.RETURNED).order_by("created_at")
    for order in returned:
        tasks.append(
            Task(
                URGENT,
                _("The order was returned for changes: «%(title)s»") % {"title": order.title},
                reverse("orders:edit", kwargs={"org_slug": slug, "pk": order.pk}),
                _("Correct it"),
                place,
            )
        )
    overdue_total = (
        Activity.objects.filter(organization=organization, program__status=ProgramStatus.ACTIVE).overdue(today).count()
    )
    attention = indicators.attention(organization, today, overdue_total)
    for activity in attention["overdue"]:
        tasks.append(
            Task(
                URGENT,
                str(activity),
                activity.get_absolute_url(),
                _("Open"),
                place,
                activity.due_date,
                _("overdue, it was due on %(date)s") % {"date": activity.due_date.strftime("%d.%m.%Y")},
            )
        )
    if attention["overdue_more"]:
        tasks.append(
            Task(
                URGENT,
                ngettext(
                    "%(n)s more overdue activity",
                    "%(n)s more overdue activities",
                    attention["overdue_more"],
                )
                % {"n": attention["overdue_more"]},
                reverse("roadmap:program_list", kwargs={"org_slug": slug}),
                _("All programs"),
                place,
            )
        )
    for campaign in attention["campaigns"]:
        tasks.append(
            Task(
                SOON,
                _("Questionnaire «%(title)s»: %(done)s of %(invited)s have answered")
                % {"title": campaign.title, "done": campaign.n_submitted, "invited": campaign.n_invited},
                reverse("surveys:campaign", kwargs={"org_slug": slug, "pk": campaign.pk}),
                _("Remind"),
                place,
                campaign.closes_on,
                _("closes on %(date)s") % {"date": campaign.closes_on.strftime("%d.%m.%Y")},
            )
        )
    waiting = Mentee.objects.of(organization).current().waiting().count()
    if waiting:
        tasks.append(
            Task(
                SOON,
                ngettext(
                    "%(n)s mentee waits for a mentor",
                    "%(n)s mentees wait for a mentor",
                    waiting,
                )
                % {"n": waiting},
                reverse("mentoring:pair_list", kwargs={"org_slug": slug}),
                _("Form pairs"),
                place,
            )
        )
    for pair in attention["quiet_pairs"][:ROWS_PER_KIND]:
        tasks.append(
            Task(
                SOON,
                # The name stays in the nominative: «Пара наставника Андреева Полина» would need its case.
                _("No meetings for a long time: mentor %(mentor)s")
                % {"mentor": pair.mentor.person.full_name},
                pair.get_absolute_url(),
                _("Open the pair"),
                place,
                detail=_("last meeting or start: %(date)s") % {"date": pair.since.strftime("%d.%m.%Y")},
            )
        )
    tasks += next_steps(organization, today)
    return tasks


def next_steps(organization, today):
    """The next open activity of each stage of each active program (the overdue ones are listed
    already): where the roadmap goes on from here."""
    rows = (
        Activity.objects.filter(organization=organization, program__status=ProgramStatus.ACTIVE)
        .open()
        .exclude(due_date__lt=today)
        .select_related("program", "section", "organization")
        .order_by("program_id", "section__stage", "due_date", "section__position", "position", "pk")
    )
    seen, tasks = set(), []
    labels = dict(Stage.choices)
    for activity in rows:
        stage = activity.section.stage
        if (activity.program_id, stage) in seen:
            continue
        seen.add((activity.program_id, stage))
        stage_name = labels.get(stage)
        tasks.append(
            Task(
                NEXT,
                str(activity),
                activity.get_absolute_url(),
                _("Open"),
                organization.short_name,
                activity.due_date,
                (_("stage «%(stage)s»") % {"stage": stage_name}) if stage_name else activity.section.title,
            )
        )
    return tasks


# --- The head of a school ------------------------------------------------------------------------------


def director_tasks(organization):
    place = organization.short_name
    orders = Order.objects.filter(organization=organization, status=Order.Status.SUBMITTED).order_by("created_at")
    practices = Practice.objects.filter(organization=organization, status=PracticeStatus.PROPOSED).order_by(
        "proposed_at"
    )
    cases = [
        Task(
            SOON,
            _("Approve the case «%(title)s» for the practice bank") % {"title": practice.title},
            practice.get_absolute_url(),
            _("Review"),
            place,
        )
        for practice in practices.select_related("organization")
    ]
    return cases + [
        Task(
            URGENT,
            _("Sign the order «%(title)s»") % {"title": order.title},
            order.get_absolute_url(),
            _("Review and sign"),
            place,
        )
        for order in orders.select_related("organization")
    ]


# --- Mentors and mentees ----------------------------------------------------------------------------------


def mentor_tasks(user, today):
    pairs = (
        Pair.objects.mentored_by(user)
        .active()
        .with_last_meeting()
        .select_related("program__organization")
        .prefetch_related(Prefetch("members", queryset=PairMember.objects.select_related("mentee__person")))
        .prefetch_related("plan_items")
        .order_by("program__organization__short_name", "pk")
    )
    tasks = []
    for pair in pairs:
        organization = pair.program.organization
        names = ", ".join(m.mentee.person.short_name for m in pair.members.all() if m.left_on is None)
        tasks.append(
            Task(
                SOON,
                _("Log a meeting: %(names)s") % {"names": names or _("a pair without mentees")},
                reverse("mentoring:meeting_add", kwargs={"org_slug": organization.slug, "pk": pair.pk}),
                _("Log a meeting"),
                organization.short_name,
                detail=_("last meeting or start: %(date)s") % {"date": pair.since.strftime("%d.%m.%Y")},
            )
        )
        horizon = today + timedelta(days=PLAN_HORIZON_DAYS)
        for item in pair.plan_items.all():
            if item.status == PlanItemStatus.DONE or item.due_on is None or item.due_on > horizon:
                continue
            late = item.due_on < today
            tasks.append(
                Task(
                    URGENT if late else SOON,
                    _("Plan: %(task)s") % {"task": item.task},
                    reverse("mentoring:plan_item_edit", kwargs={"org_slug": organization.slug, "pk": item.pk}),
                    _("Mark as done"),
                    organization.short_name,
                    item.due_on,
                    (_("overdue, it was due on %(date)s") if late else _("due on %(date)s"))
                    % {"date": item.due_on.strftime("%d.%m.%Y")},
                )
            )
    return tasks


def questionnaire_tasks(user, today):
    """Open questionnaires the person was asked to answer and has not. An anonymous one opens only by
    the link in its email (its sheet is keyed by that link, so that nobody can tell whose it is)."""
    invitations = (
        Invitation.objects.filter(person__user=user, campaign__in=Campaign.objects.open(today))
        .annotate(answered=Exists(Response.objects.filter(invitation=OuterRef("pk"), submitted_at__isnull=False)))
        .select_related("campaign__organization")
        .order_by("campaign__closes_on", "pk")
    )
    tasks = []
    for invitation in invitations:
        campaign = invitation.campaign
        if invitation.answered:
            continue
        closes = _("until %(date)s") % {"date": campaign.closes_on.strftime("%d.%m.%Y")}
        if campaign.anonymous:
            tasks.append(
                Task(
                    SOON,
                    _("Anonymous questionnaire «%(title)s»") % {"title": campaign.title},
                    "",
                    "",
                    campaign.organization.short_name,
                    campaign.closes_on,
                    _("%(closes)s; open it by the link in its email: that way your answer cannot be linked to you")
                    % {"closes": closes},
                )
            )
            continue
        tasks.append(
            Task(
                SOON,
                _("Questionnaire «%(title)s»") % {"title": campaign.title},
                reverse("surveys:my_sheet", kwargs={"pk": invitation.pk}),
                _("Answer"),
                campaign.organization.short_name,
                campaign.closes_on,
                closes,
                post=True,
            )
        )
    return tasks


# --- The district ---------------------------------------------------------------------------------------------


def district_tasks(municipality, today):
    """District activities some schools have not done by their deadline."""
    tasks = []
    url = reverse("roadmap:district_assignments", kwargs={"district_slug": municipality.slug})
    for source in district_assignments(municipality):
        late = [c for c in source.pending if c["late"]]
        if not late:
            continue
        tasks.append(
            Task(
                URGENT,
                _("«%(title)s»: %(late)s of %(total)s organizations are late")
                % {"title": source.title, "late": len(late), "total": source.progress.total},
                url,
                _("Open"),
                municipality.short_name,
                source.due_date,
                ", ".join(c["organization__short_name"] for c in late[:5]) + ("…" if len(late) > 5 else ""),
            )
        )
    return tasks


def tasks_for(user, today, memberships):
    """Everything on the person's list, most urgent first."""
    tasks = []
    for membership in memberships:
        if membership.organization is None:
            continue
        if membership.role == Role.CURATOR:
            tasks += curator_tasks(membership.organization, today)
        elif membership.role == Role.DIRECTOR:
            tasks += director_tasks(membership.organization)
    roles = {m.role for m in memberships}
    if Role.MENTOR in roles:
        tasks += mentor_tasks(user, today)
    tasks += questionnaire_tasks(user, today)
    unique = {(t.url, t.title): t for t in tasks}  # a curator who also directs sees an item once
    return ordered(unique.values())
