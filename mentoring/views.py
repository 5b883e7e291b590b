from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from roadmap.models import Program
from roadmap.selectors import activities_for_home

from .access import municipalities_for
from .models import Membership, Organization, Role


@login_required
def home(request):
    """What each user should do next, by the roles they hold."""
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user).select_related("organization", "municipality").order_by("role")
    )
    roles = {m.role for m in memberships}
    context = {"memberships": memberships, "roles": roles}

    curated = [m.organization for m in memberships if m.role == Role.CURATOR]
    directed = [m.organization for m in memberships if m.role == Role.DIRECTOR]
    if curated or directed:
        overdue, upcoming = activities_for_home(curated + directed)
        context.update(overdue=overdue, upcoming=upcoming)
        context["programs"] = (
            Program.objects.filter(organization__in=curated + directed, status="active")
            .select_related("organization")
            .with_progress()
        )
    if Role.MENTOR in roles or Role.MENTEE in roles:
        context["my_activities"] = (
            user.responsible_activities.open().select_related("organization", "program").order_by("due_date")[:20]
        )
    districts = list(municipalities_for(user))
    if districts:
        context["districts"] = []
        for district in districts:
            programs = list(
                Program.objects.filter(organization__municipality=district, status="active")
                .select_related("organization")
                .with_progress()
                .order_by("-n_overdue", "organization__short_name")
            )
            context["districts"].append(
                {
                    "municipality": district,
                    "organizations": Organization.objects.filter(municipality=district).count(),
                    "programs": programs,
                    "lagging": [p for p in programs if p.n_overdue][:5],
                }
            )
    return render(request, "mentoring/home.html", context)
