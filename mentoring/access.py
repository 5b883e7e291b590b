"""The tenancy boundary: which organizations a user may see and what their roles let them do.

Every view of an organization goes through `organization_view`, which resolves the organization
from the URL *through* `Organization.objects.for_user` (404 for anyone it does not cover) and then
checks the permission against the user's roles there (403 for a role without the right).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject

from .models import Membership, Municipality, Organization, OrganizationKind, Region, Role

# Those who oversee many organizations from above, in aggregate: district and region staff.
OVERSEERS = {Role.COORDINATOR, Role.REGIONAL_COORDINATOR}


class Perm:
    VIEW_PROGRAMS = "view_programs"
    EDIT_ROADMAP = "edit_roadmap"
    VIEW_OWN_ACTIVITIES = "view_own_activities"
    VIEW_BASES = "view_bases"
    EDIT_BASES = "edit_bases"
    VIEW_PAIRS = "view_pairs"
    VIEW_ORDERS = "view_orders"
    EDIT_ORDERS = "edit_orders"
    SIGN_ORDERS = "sign_orders"
    VIEW_SURVEYS = "view_surveys"
    EDIT_SURVEYS = "edit_surveys"
    VIEW_PRACTICES = "view_practices"
    PROPOSE_PRACTICES = "propose_practices"
    APPROVE_PRACTICES = "approve_practices"
    VIEW_AUDIT = "view_audit"
    VIEW_EMPLOYMENT = "view_employment"
    EDIT_EMPLOYMENT = "edit_employment"
    SIGN_EMPLOYMENT = "sign_employment"
    VIEW_PAY = "view_pay"
    EDIT_CONSENT_WORDING = "edit_consent_wording"


ROLE_PERMISSIONS = {
    # A regional coordinator reads what a district coordinator reads, across the region's districts.
    Perm.VIEW_PROGRAMS: {Role.COORDINATOR, Role.REGIONAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR},
    Perm.EDIT_ROADMAP: {Role.CURATOR},
    Perm.VIEW_OWN_ACTIVITIES: set(Role),
    # The bases hold children's personal data: the school's own administration only, not district staff.
    Perm.VIEW_BASES: {Role.DIRECTOR, Role.CURATOR},
    Perm.EDIT_BASES: {Role.CURATOR},
    # Mentors see the pairs they mentor (views narrow it down), the administration all of them.
    Perm.VIEW_PAIRS: {Role.DIRECTOR, Role.CURATOR, Role.MENTOR},
    # Orders are drafted by the curator and signed by the head only.
    Perm.VIEW_ORDERS: {Role.DIRECTOR, Role.CURATOR},
    Perm.EDIT_ORDERS: {Role.CURATOR},
    Perm.SIGN_ORDERS: {Role.DIRECTOR},
    # Questionnaires are run by the curator; the head reads their results.
    Perm.VIEW_SURVEYS: {Role.DIRECTOR, Role.CURATOR},
    Perm.EDIT_SURVEYS: {Role.CURATOR},
    # The best-practice bank: the curator proposes a completed pair's case, the head publishes it.
    Perm.VIEW_PRACTICES: {Role.DIRECTOR, Role.CURATOR},
    Perm.PROPOSE_PRACTICES: {Role.CURATOR},
    Perm.APPROVE_PRACTICES: {Role.DIRECTOR},
    # The audit log of the organization: its head reads it; nobody edits it.
    Perm.VIEW_AUDIT: {Role.DIRECTOR},
    # Employees' mentoring (ТК РФ ст. 351.8) is the school's personnel matter: the curator drafts the
    # assignments, the head signs them, a mentor reads their own (views narrow it down). District staff
    # see aggregates, not employees' names and pay: the coordinator has none of these rights.
    Perm.VIEW_EMPLOYMENT: {Role.DIRECTOR, Role.CURATOR, Role.MENTOR},
    Perm.EDIT_EMPLOYMENT: {Role.CURATOR},
    Perm.SIGN_EMPLOYMENT: {Role.DIRECTOR},
    # The rules of pay and the month's statement for the accountant.
    Perm.VIEW_PAY: {Role.DIRECTOR, Role.CURATOR},
    # The wording of the organization's consent documents: the curator drafts it, the head answers for it.
    Perm.EDIT_CONSENT_WORDING: {Role.DIRECTOR, Role.CURATOR},
}


def roles_in(user, organization):
    """The roles `user` holds in `organization`, counting district and regional coordination over it."""
    if user.is_superuser:
        return set(Role)
    rows = Membership.objects.filter(user=user).filter(
        Q(organization=organization)
        | Q(role=Role.COORDINATOR, municipality_id=organization.municipality_id)
        | Q(role=Role.REGIONAL_COORDINATOR, region__municipalities=organization.municipality_id)
    )
    roles = {Role(role) for role in rows.values_list("role", flat=True)}
    if Role.COORDINATOR in roles and organization.kind == OrganizationKind.OFFICE:
        # The district's own roadmap is kept by its coordinators, as a school's is by its curator.
        roles.add(Role.CURATOR)
    return roles


def has_perm(roles, permission):
    return bool(set(roles) & ROLE_PERMISSIONS[permission])


def organization_view(permission):
    """Resolve `org_slug` to `request.organization` and require `permission` there."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, org_slug, *args, **kwargs):
            organization = get_object_or_404(
                Organization.objects.for_user(request.user).select_related("municipality"), slug=org_slug
            )
            roles = roles_in(request.user, organization)
            if not has_perm(roles, permission):
                raise PermissionDenied
            request.organization = organization
            request.org_roles = roles
            request.can_edit_roadmap = has_perm(roles, Perm.EDIT_ROADMAP)
            request.can_view_programs = has_perm(roles, Perm.VIEW_PROGRAMS)
            request.can_view_bases = has_perm(roles, Perm.VIEW_BASES)
            request.can_edit_bases = has_perm(roles, Perm.EDIT_BASES)
            request.can_view_pairs = has_perm(roles, Perm.VIEW_PAIRS)
            request.can_view_orders = has_perm(roles, Perm.VIEW_ORDERS)
            request.can_edit_orders = has_perm(roles, Perm.EDIT_ORDERS)
            request.can_sign_orders = has_perm(roles, Perm.SIGN_ORDERS)
            request.can_view_surveys = has_perm(roles, Perm.VIEW_SURVEYS)
            request.can_edit_surveys = has_perm(roles, Perm.EDIT_SURVEYS)
            request.can_view_practices = has_perm(roles, Perm.VIEW_PRACTICES)
            request.can_view_audit = has_perm(roles, Perm.VIEW_AUDIT)
            request.can_view_pay = has_perm(roles, Perm.VIEW_PAY)
            request.can_view_employment = has_perm(roles, Perm.VIEW_EMPLOYMENT)
            request.can_edit_employment = has_perm(roles, Perm.EDIT_EMPLOYMENT)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def municipalities_for(user):
    """The districts whose pages `user` may open (Municipality.objects.for_user)."""
    return Municipality.objects.for_user(user)


def municipality_view(view):
    """Resolve `district_slug` to `request.municipality` for its coordinators and its region's
    coordinators (404 for others). A regional coordinator reads a district's pages; what changes
    something there (a POST) is the district's own coordinators' to do: 403 for them."""

    @wraps(view)
    @login_required
    def wrapper(request, district_slug, *args, **kwargs):
        request.municipality = get_object_or_404(
            municipalities_for(request.user).select_related("region"), slug=district_slug
        )
        # Asked only where a page or its buttons need it: the district pages keep their query counts.
        request.district_can_act = SimpleLazyObject(
            lambda: Municipality.objects.coordinated_by(request.user).filter(pk=request.municipality.pk).exists()
        )
        if request.method not in ("GET", "HEAD", "OPTIONS") and not request.district_can_act:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def regions_for(user):
    return Region.objects.for_user(user)


def region_view(view):
    """Resolve `region_slug` to `request.region` for its regional coordinators (404 for others)."""

    @wraps(view)
    @login_required
    def wrapper(request, region_slug, *args, **kwargs):
        request.region = get_object_or_404(regions_for(request.user), slug=region_slug)
        return view(request, *args, **kwargs)

    return wrapper
