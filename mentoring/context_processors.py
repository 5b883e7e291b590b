from django.utils.functional import SimpleLazyObject

from .access import municipalities_for
from .models import Organization


def navigation(request):
    """The organizations and districts for the top menu, queried only if a template asks."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_organizations": SimpleLazyObject(
            lambda: list(Organization.objects.for_user(user).only("slug", "short_name")[:50])
        ),
        "nav_municipalities": SimpleLazyObject(lambda: list(municipalities_for(user))),
    }
