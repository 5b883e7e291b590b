from django.utils.functional import SimpleLazyObject

from .access import ROLE_PERMISSIONS, Perm, regions_for
from .models import Membership, Municipality, Organization, Role
from .navigation import section_menu


def navigation(request):
    """The organizations and districts for the top menu, queried only if a template asks.
    Only organizations whose pages the user may open: a mentor's school is not a dead link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A region's coordinator reaches its districts and schools through the regional dashboard, not a
    # menu of two thousand organizations: the menu lists the places where the user holds a role.
    viewable = Organization.objects.for_user(
        user, roles=ROLE_PERMISSIONS[Perm.VIEW_PROGRAMS] - {Role.REGIONAL_COORDINATOR}
    )
    return {
        "nav_organizations": SimpleLazyObject(lambda: list(viewable.only("slug", "short_name")[:50])),
        "nav_municipalities": SimpleLazyObject(lambda: list(Municipality.objects.coordinated_by(user).distinct())),
        "nav_regions": SimpleLazyObject(lambda: list(regions_for(user))),
        "nav_is_mentor": SimpleLazyObject(lambda: Membership.objects.filter(user=user, role=Role.MENTOR).exists()),
    }


def sections(request):
    """The menu of the organization or district the page is inside (mentoring/navigation.py), for
    base.html's `includes/section_nav.html` on every such page."""
    return {"section_menu": SimpleLazyObject(lambda: section_menu(request) or {})}
