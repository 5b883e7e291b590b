"""The figures a district and a school watch: stage progress, the bases, who takes part on a date,
the coverage indicators of the target model, satisfaction and signed orders.

Every figure is one grouped query over all the organizations asked for, so the district dashboard
costs the same number of queries for two schools as for sixty.

Definitions (the dashboard's legend repeats them):
- Progress and overdue activities cover the organization's *active* programs, the whole roadmap of
  each (`roadmap.models.progress_counts`: done out of all but the cancelled; overdue: open after the
  due date). The heat map splits them by standard stage, plus «вне этапов» for sections not linked to
  a standard stage, so that its cells add up to the total every other page shows. Satisfaction also
  covers the programs completed in the last twelve months (it is measured at the very end).
- Organizations of a district: all but the education office itself (`district_organizations`).
- A person *takes part* on a date when they are in a pair or group working on that date: the pair
  started on or before it and had not finished before it; a mentee had joined and not yet left.
- A student counts toward the coverage indicators when aged 10–18 on the date, or when the age is
  not known (no birth date, no grade). Without a birth date the age is estimated from the grade
  (grade + 6), as `Person.age` does.
- A young teacher is a mentee of the category «молодой педагог» under 35 in the first three years of
  work, i.e. with under 3 full years of experience (where these are known).
- Satisfaction is the mean of the scale answers of the satisfaction questionnaires of mentees and
  mentors, 1–5 scales mapped onto 1–10; the growth indicators they also ask (self-assessments
  compared with the entry questionnaire) are not satisfaction and stay out.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from mentoring.models import (
    Mentee,
    MenteeCategory,
    MenteeStatus,
    Mentor,
    MentorCategory,
    Organization,
    OrganizationKind,
    Pair,
    PairMember,
    PairStatus,
)
from orders.models import Order
from roadmap.models import Activity, Program, ProgramStatus, progress_counts
from roadmap.selectors import Progress
from roadmap.stages import Stage
from surveys.models import Answer, Campaign, Question

SATISFACTION_CODES = ("mentee-satisfaction", "mentor-satisfaction")
STUDENT_MENTOR_CATEGORIES = (MentorCategory.STUDENT, MentorCategory.COLLEGE_STUDENT)
AUDIENCES = ("mentees", "mentors")


def own_student_mentors(organization_kind):
    """Mentor categories that are the organization's own students: a college's students are its own;
    for a school they are outside mentors («студент – ученик»)."""
    if organization_kind == OrganizationKind.COLLEGE:
        return STUDENT_MENTOR_CATEGORIES
    return (MentorCategory.STUDENT,)


EXTERNAL_MENTOR_CATEGORIES = (MentorCategory.EMPLOYER, MentorCategory.GRADUATE, MentorCategory.PARENT)
# Age bands of students; the coverage indicators count the 10–18 ones and those of unknown age.
AGE_BANDS = ("lt10", "10_14", "15_18", "gt18", "unknown")
COUNTED_BANDS = {"10_14", "15_18", "unknown"}
YOUNG_AGE, YOUNG_EXPERIENCE = 35, 3


def years_before(day, years):
    """The same day `years` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band(prefix, on):
    """A student's age band on `on` as SQL, from the birth date or else the grade (grade + 6)."""
    birth, grade = f"{prefix}birth_date", f"{prefix}grade"
    known = {f"{birth}__isnull": False}
    return Case(
        When(**known, **{f"{birth}__gt": years_before(on, 10)}, then=Value("lt10")),
        When(**known, **{f"{birth}__gt": years_before(on, 15)}, then=Value("10_14")),
        When(**known, **{f"{birth}__gt": years_before(on, 19)}, then=Value("15_18")),
        When(**known, then=Value("gt18")),
        When(**{f"{grade}__lt": 4}, then=Value("lt10")),
        When(**{f"{grade}__lt": 9}, then=Value("10_14")),
        When(**{f"{grade}__isnull": False}, then=Value("15_18")),
        default=Value("unknown"),
        output_field=CharField(),
    )


def young_teacher(prefix, on):
    """1 for a mentee who is a young teacher under 35 in their first 3 years (where known), else 0."""
    person = f"{prefix}person__"
    condition = (
        Q(**{f"{prefix}category": MenteeCategory.YOUNG_TEACHER})
        & (Q(**{f"{person}birth_date__isnull": True}) | Q(**{f"{person}birth_date__gt": years_before(on, YOUNG_AGE)}))
        & (Q(**{f"{person}experience_years__isnull": True}) | Q(**{f"{person}experience_years__lt": YOUNG_EXPERIENCE}))
    )
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def working_pairs(on):
    """Pairs working on `on`: started by then and not finished. A pair's last day is the day before
    `finished_on`, the day its mentees' membership ends too (`left_on`), so both are counted alike."""
    return Q(started_on__lte=on) & (Q(finished_on__isnull=True) | Q(finished_on__gt=on))


def taking_part(on):
    """Mentees of pairs working on `on` who had joined and not left."""
    return (
        Q(joined_on__lte=on, pair__started_on__lte=on)
        & (Q(left_on__isnull=True) | Q(left_on__gt=on))
        & (Q(pair__finished_on__isnull=True) | Q(pair__finished_on__gt=on))
    )


def share(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    """One organization's figures (or, with `organization` None, the sum over many)."""

    organization: Organization | None
    programs: list = field(default_factory=list)
    stages: list = field(default_factory=lambda: [Progress(0, 0, 0) for _ in Stage])
    # Activities of sections not linked to a standard stage: part of the roadmap, outside the stages.
    other: Progress = Progress(0, 0, 0)
    mentors: int = 0
    mentees: int = 0
    pairs: int = 0
    mentees_without_pair: int = 0
    participating_mentees: int = 0
    participating_mentors: int = 0
    pairs_by_form: dict = field(default_factory=dict)
    mentees_by_form: dict = field(default_factory=dict)
    student_mentees: int = 0
    student_mentors: int = 0
    young_teachers: int = 0
    student_count: int = 0
    teacher_count: int = 0
    satisfaction_sums: dict = field(default_factory=lambda: {"mentees": [0.0, 0], "mentors": [0.0, 0]})
    signed_orders: int = 0
    unsigned_orders: int = 0

    @property
    def progress(self):
        """The whole roadmap of the active programs: the stages and the sections outside them."""
        parts = [*self.stages, self.other]
        return Progress(
            done=sum(s.done for s in parts),
            total=sum(s.total for s in parts),
            overdue=sum(s.overdue for s in parts),
        )

    @property
    def overdue(self):
        return self.progress.overdue

    @property
    def mentee_coverage(self):
        return share(self.student_mentees, self.student_count)

    @property
    def mentor_coverage(self):
        return share(self.student_mentors, self.student_count)

    @property
    def young_teacher_coverage(self):
        return share(self.young_teachers, self.teacher_count)

    def _mean(self, *audiences):
        total = sum(self.satisfaction_sums[a][0] for a in audiences)
        n = sum(self.satisfaction_sums[a][1] for a in audiences)
        return round(total / n, 1) if n else None

    @property
    def satisfaction(self):
        return self._mean("mentees", "mentors")

    @property
    def satisfaction_mentees(self):
        return self._mean("mentees")

    @property
    def satisfaction_mentors(self):
        return self._mean("mentors")

    @property
    def satisfaction_answers(self):
        return sum(n for _s, n in self.satisfaction_sums.values())

    def add(self, other):
        """Add another organization's figures into these (for the district's totals)."""
        self.programs += other.programs
        self.stages = [
            Progress(a.done + b.done, a.total + b.total, a.overdue + b.overdue)
            for a, b in zip(self.stages, other.stages, strict=True)
        ]
        self.other = Progress(
            self.other.done + other.other.done,
            self.other.total + other.other.total,
            self.other.overdue + other.other.overdue,
        )
        for name in (
            "mentors",
            "mentees",
            "pairs",
            "mentees_without_pair",
            "participating_mentees",
            "participating_mentors",
            "student_mentees",
            "student_mentors",
            "young_teachers",
            "student_count",
            "teacher_count",
            "signed_orders",
            "unsigned_orders",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("pairs_by_form", "mentees_by_form"):
            target = getattr(self, name)
            for key, n in getattr(other, name).items():
                target[key] = target.get(key, 0) + n
        for audience, (s, n) in other.satisfaction_sums.items():
            self.satisfaction_sums[audience][0] += s
            self.satisfaction_sums[audience][1] += n


def figures_for(organizations, on=None):
    """{organization id: Figures} for the given organizations, in a fixed number of queries."""
    on = on or timezone.localdate()
    today = timezone.localdate()
    organizations = list(organizations)
    ids = [o.pk for o in organizations]
    result = {
        o.pk: Figures(organization=o, student_count=o.student_count, teacher_count=o.teacher_count)
        for o in organizations
    }
    if not ids:
        return result

    active = Program.objects.filter(organization_id__in=ids, status=ProgramStatus.ACTIVE)
    for program in active.only("pk", "title", "organization_id", "period_start", "period_end").order_by(
        "-period_start", "title"
    ):
        result[program.organization_id].programs.append(program)

    stage_index = {stage.value: i for i, stage in enumerate(Stage)}
    progress = (
        Activity.objects.filter(organization_id__in=ids, program__status=ProgramStatus.ACTIVE)
        .order_by()
        .values_list("organization_id", "section__stage")
        .annotate(**progress_counts(distinct=False))
    )
    for org_id, stage, total, done, overdue in progress:
        counted = Progress(done=done, total=total, overdue=overdue)
        if stage in stage_index:
            result[org_id].stages[stage_index[stage]] = counted
        else:  # sections not linked to a standard stage: outside the heat map's stages, in the total
            result[org_id].other = counted

    mentee_base = Mentee.objects.current().filter(person__organization_id__in=ids)
    for org_id, n, n_waiting in (
        mentee_base.order_by()
        .values_list("person__organization_id")
        .annotate(n=Count("pk"), waiting=Count("pk", filter=Q(status=MenteeStatus.APPLIED)))
    ):
        # `waiting` is Mentee.objects.waiting() within the current base (both leave out the archived).
        result[org_id].mentees, result[org_id].mentees_without_pair = n, n_waiting
    for org_id, n in (
        Mentor.objects.current()
        .filter(person__organization_id__in=ids)
        .order_by()
        .values_list("person__organization_id")
        .annotate(n=Count("pk"))
    ):
        result[org_id].mentors = n

    # One row a mentee's membership: a mentee is in one pair at a time, so plain counts are exact.
    members = PairMember.objects.filter(taking_part(on), pair__program__organization_id__in=ids)
    for org_id, form_name, category, band, young, n in (
        members.annotate(band=age_band("mentee__person__", on), young=young_teacher("mentee__", on))
        .order_by()
        .values_list("pair__program__organization_id", "pair__form__name", "mentee__category", "band", "young")
        .annotate(n=Count("pk"))
    ):
        figures = result[org_id]
        figures.participating_mentees += n
        figures.mentees_by_form[form_name] = figures.mentees_by_form.get(form_name, 0) + n
        if category == MenteeCategory.STUDENT and band in COUNTED_BANDS:
            figures.student_mentees += n
        figures.young_teachers += n * young

    pairs = Pair.objects.filter(working_pairs(on), program__organization_id__in=ids)
    for org_id, category, band, n in (
        pairs.annotate(band=age_band("mentor__person__", on))
        .order_by()
        .values_list("program__organization_id", "mentor__category", "band")
        .annotate(n=Count("mentor_id", distinct=True))
    ):
        figures = result[org_id]
        figures.participating_mentors += n
        if category in own_student_mentors(figures.organization.kind) and band in COUNTED_BANDS:
            figures.student_mentors += n
    for org_id, form_name, n in (
        pairs.order_by("form__position", "form__name")
        .values_list("program__organization_id", "form__name")
        .annotate(n=Count("pk"))
    ):
        figures = result[org_id]
        figures.pairs_by_form[form_name] = figures.pairs_by_form.get(form_name, 0) + n
        figures.pairs += n

    # The campaigns first: the answers then need no join beyond their sheet and question.
    campaigns = {
        pk: (org_id, audience)
        for pk, org_id, audience in Campaign.objects.filter(
            Q(program__status=ProgramStatus.ACTIVE)
            | Q(program__status=ProgramStatus.COMPLETED, program__period_end__gte=years_before(today, 1)),
            organization_id__in=ids,
            questionnaire__code__in=SATISFACTION_CODES,
            questionnaire__audience__in=AUDIENCES,
        ).values_list("pk", "organization_id", "questionnaire__audience")
    }
    answers = Answer.objects.filter(
        response__campaign_id__in=list(campaigns),
        response__submitted_at__isnull=False,
        question__kind__in=list(Question.SCALES),
        question__indicator="",
        number__isnull=False,
    )
    for campaign_id, kind, total, n in (
        answers.order_by()
        .values_list("response__campaign_id", "question__kind")
        .annotate(total=Sum("number"), n=Count("pk"))
    ):
        org_id, audience = campaigns[campaign_id]
        # A 1–5 answer x counts as 1 + (x − 1)·9/4 on the 1–10 scale; the map is linear, so sums map too.
        mapped = total if kind == Question.Kind.SCALE10 else n + (total - n) * 9 / 4
        bucket = result[org_id].satisfaction_sums[audience]
        bucket[0] += mapped
        bucket[1] += n

    for org_id, signed, unsigned in (
        Order.objects.filter(organization_id__in=ids)
        .order_by()
        .values_list("organization_id")
        .annotate(
            signed=Count("pk", filter=Q(status=Order.Status.SIGNED)),
            unsigned=Count("pk", filter=Q(status=Order.Status.SUBMITTED)),
        )
    ):
        result[org_id].signed_orders, result[org_id].unsigned_orders = signed, unsigned
    return result


def district_organizations(municipality, kind=None):
    """The organizations a district dashboard covers: all but the education office itself."""
    organizations = Organization.objects.of_district(municipality)
    if kind:
        organizations = organizations.filter(kind=kind)
    return organizations.order_by("short_name")


def district_figures(municipality, *, on=None, kind=None):
    """(rows, total): one Figures per organization of the district, and their sum."""
    by_org = figures_for(district_organizations(municipality, kind), on=on)
    rows = list(by_org.values())
    total = Figures(organization=None)
    for row in rows:
        total.add(row)
    return rows, total


def organization_figures(organization, *, on=None):
    return figures_for([organization], on=on)[organization.pk]


def as_of(value):
    """A date from a query parameter (YYYY-MM-DD) within the portal's plausible span, or None."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day and 2000 <= day.year <= timezone.localdate().year + 5 else None


ATTENTION_ROWS = 10


def attention(organization, today, overdue_total=0):
    """What needs doing first in one organization, most urgent first. The overdue activities listed
    are the first ATTENTION_ROWS of the `overdue_total` the figures count; `overdue_more` says how many
    more there are, so that the list never seems to contradict its count."""
    overdue = list(
        Activity.objects.filter(organization=organization, program__status=ProgramStatus.ACTIVE)
        .overdue(today)
        .select_related("program")
        .order_by("due_date", "pk")[:ATTENTION_ROWS]
    )
    campaigns = list(
        Campaign.objects.filter(organization=organization)
        .open(today)
        .with_counts()
        .order_by("closes_on")
    )
    campaigns = [c for c in campaigns if c.n_submitted < c.n_invited]
    awaiting = list(
        Order.objects.filter(organization=organization, status__in=[Order.Status.SUBMITTED, Order.Status.RETURNED])
        .select_related("program")
        .order_by("created_at")
    )
    quiet = list(
        Pair.objects.filter(program__organization=organization, status=PairStatus.ACTIVE)
        .with_last_meeting()
        .filter(since__lte=today - timedelta(weeks=organization.quiet_pair_weeks))
        .select_related("mentor__person", "form")
        .order_by("since")
    )
    return {
        "overdue": overdue,
        "overdue_more": max(0, overdue_total - len(overdue)),
        "campaigns": campaigns,
        "orders": awaiting,
        "quiet_pairs": quiet,
    }


OTHER_SECTIONS = "other"  # the drill-down's «stage» for the sections not linked to a standard stage


def stage_activities(organization, stage):
    """One standard stage's activities in the organization's active programs (or, for `OTHER_SECTIONS`,
    those outside the standard stages): the heat map's drill-down."""
    activities = Activity.objects.filter(organization=organization, program__status=ProgramStatus.ACTIVE)
    if stage == OTHER_SECTIONS:
        activities = activities.filter(Q(section__stage__isnull=True) | ~Q(section__stage__in=Stage.values))
    else:
        activities = activities.filter(section__stage=stage)
    return list(activities.select_related("program").order_by("program__title", "section__position", "position", "pk"))
