"""The district registries of mentors and of programs with their results, read-only for coordinators.

District staff see aggregates and adults' names; a schoolchild mentor appears by category and grade only.
"""

from django.core.paginator import Paginator
from django.db.models import Avg, Case, CharField, Count, F, IntegerField, Q, Value, When
from django.shortcuts import render
from django.utils import timezone

from roadmap.models import Program, ProgramStatus

from .access import municipality_view
from .models import Mentor, MentorCategory, MentoringForm, MentorStatus, PairMember, PairStatus
from .params import int_param

PAGE_SIZE = 100


def _int(value):
    return int_param(value)


def registry_order():
    """Adults by organization and surname; schoolchildren, unnamed here, after them by organization and
    grade only, so that where a pupil stands in the list never hints at their surname."""
    child = Q(category=MentorCategory.STUDENT)
    return [
        "person__organization__short_name",
        Case(When(child, then=Value(1)), default=Value(0), output_field=IntegerField()),
        Case(When(child, then=F("person__grade")), default=Value(None), output_field=IntegerField()).asc(
            nulls_last=True
        ),
        Case(When(child, then=Value("")), default=F("person__last_name"), output_field=CharField()),
        Case(When(child, then=Value("")), default=F("person__first_name"), output_field=CharField()),
        "pk",
    ]


@municipality_view
def district_mentors(request):
    municipality = request.municipality
    organizations = municipality.organizations.all()
    org_id, form_id = _int(request.GET.get("organization")), _int(request.GET.get("form"))
    status, category = request.GET.get("status", ""), request.GET.get("category", "")
    mentors = Mentor.objects.filter(person__organization__municipality=municipality, person__archived_on__isnull=True)
    if org_id:
        mentors = mentors.filter(person__organization_id=org_id)
    if form_id:
        # A subquery, so that the join does not narrow the counts below to pairs of that form.
        with_form = Mentor.objects.filter(Q(preferred_forms=form_id) | Q(pairs__form=form_id)).values("pk")
        mentors = mentors.filter(pk__in=with_form)
    if status in MentorStatus.values:
        mentors = mentors.filter(status=status)
    if category in MentorCategory.values:
        mentors = mentors.filter(category=category)
    # The page is chosen on the mentors' own columns, and only its rows are counted: grouping every
    # mentor of a large district (48,000 in a region) to show a hundred was most of the page's time.
    page = Paginator(mentors.order_by(*registry_order()).values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counted = (
        Mentor.objects.filter(pk__in=list(page.object_list))
        .annotate(
            n_mentees=Count(
                "pairs__members",
                filter=Q(pairs__status=PairStatus.ACTIVE, pairs__members__left_on__isnull=True),
                distinct=True,
            ),
        )
        .with_trained_on(timezone.localdate())
        .order_by(*registry_order())
        .select_related("person__organization")
        .prefetch_related("competencies", "preferred_forms")
    )
    page.object_list = list(counted)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "mentoring/district_mentors.html",
        {
            "page": page,
            "organizations": organizations,
            "forms": MentoringForm.objects.filter(organization__isnull=True),
            "statuses": MentorStatus.choices,
            "categories": MentorCategory.choices,
            "selected": {"organization": org_id, "form": form_id, "status": status, "category": category},
            "query": query.urlencode(),
            "child_category": MentorCategory.STUDENT,
            "trained_status": MentorStatus.TRAINED,
        },
    )


@municipality_view
def district_program_results(request):
    municipality = request.municipality
    org_id, form_id = _int(request.GET.get("organization")), _int(request.GET.get("form"))
    status = request.GET.get("status", "")
    programs = Program.objects.filter(organization__municipality=municipality)
    if org_id:
        programs = programs.filter(organization_id=org_id)
    if form_id:
        programs = programs.filter(pk__in=Program.objects.filter(forms=form_id).values("pk"))
    if status in ProgramStatus.values:
        programs = programs.filter(status=status)
    programs = list(
        programs.annotate(
            n_pairs=Count("pairs", distinct=True),
            n_active=Count("pairs", filter=Q(pairs__status=PairStatus.ACTIVE), distinct=True),
            n_completed=Count("pairs", filter=Q(pairs__status=PairStatus.COMPLETED), distinct=True),
            n_terminated=Count("pairs", filter=Q(pairs__status=PairStatus.TERMINATED), distinct=True),
            n_mentors=Count("pairs__mentor", distinct=True),
            n_cases=Count("pairs", filter=Q(pairs__case_for_bank=True), distinct=True),
            mean_rating=Avg("pairs__rating"),
        )
        .select_related("organization")
        .prefetch_related("forms")
        .order_by("organization__short_name", "-period_start", "title")
    )
    mentees = dict(
        PairMember.objects.filter(pair__program__in=programs)
        .values("pair__program")
        .annotate(n=Count("mentee", distinct=True))
        .values_list("pair__program", "n")
    )
    for program in programs:
        program.n_mentees = mentees.get(program.pk, 0)
    return render(
        request,
        "mentoring/district_program_results.html",
        {
            "programs": programs,
            "organizations": municipality.organizations.all(),
            "forms": MentoringForm.objects.filter(organization__isnull=True),
            "statuses": ProgramStatus.choices,
            "selected": {"organization": org_id, "form": form_id, "status": status},
        },
    )
