from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from mentoring.models import Organization

from . import services
from .models import Notification


def unread(request):
    """The unread counter in the menu, counted only when a page shows it, of what still applies."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: services.unread_count(
                user,
                Notification.objects.filter(
                    Q(organization__isnull=True) | Q(organization__in=Organization.objects.for_user(user))
                ),
            )
        )
    }
