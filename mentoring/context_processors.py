import functools

from django.utils.functional import SimpleLazyObject

from .access import ROLE_PERMISSIONS, Perm
from .models import Membership, Municipality, Organization, Region, Role
from .navigation import section_menu


def navigation(request):
    """The organizations and districts for the top menu, queried only if a template asks.
    Only organizations whose pages the user may open: a mentor's school is not a dead link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    places = functools.cache(lambda: _places(user))
    # A region's coordinator reaches its districts and schools through the regional dashboard, not a
    # menu of two thousand organizations: the menu lists the places where the user holds a role.
    viewable = Organization.objects.for_user(
        user, roles=ROLE_PERMISSIONS[Perm.VIEW_PROGRAMS] - {Role.REGIONAL_COORDINATOR}
    )
    return {
        "nav_organizations": SimpleLazyObject(lambda: list(viewable.only("slug", "short_name")[:50])),
        "nav_municipalities": SimpleLazyObject(lambda: places()[0]),
        "nav_regions": SimpleLazyObject(lambda: places()[1]),
        "nav_is_mentor": SimpleLazyObject(lambda: Membership.objects.filter(user=user, role=Role.MENTOR).exists()),
    }


def _places(user):
    """(districts, regions) the user coordinates, for the menu: one query for both."""
    if user.is_superuser:
        return list(Municipality.objects.all()), list(Region.objects.all())
    rows = Membership.objects.filter(user=user, role__in=[Role.COORDINATOR, Role.REGIONAL_COORDINATOR]).select_related(
        "municipality", "region"
    )
    districts = {m.municipality for m in rows if m.municipality_id}
    regions = {m.region for m in rows if m.region_id}
    return sorted(districts, key=lambda d: d.short_name), sorted(regions, key=lambda r: r.short_name)


def sections(request):
    """The menu of the organization or district the page is inside (mentoring/navigation.py), for
    base.html's `includes/section_nav.html` on every such page."""
    return {"section_menu": SimpleLazyObject(lambda: section_menu(request) or {})}
