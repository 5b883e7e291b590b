"""Orders waiting for the head's signature are told to the organization's head at once and then every
day until signed; an order returned for corrections is told to the curator who drafted it. Each is
about its order («order:12») and stands only while the order is in that state: a signed or returned
order's «awaits your signature» and a resubmitted or signed order's «returned» are withdrawn."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Membership, Role
from notifications.models import Notification
from notifications.registry import Finding, finder, register_kind, subject_ids, within

from .models import Order

ORDER_TO_SIGN = "order_to_sign"
ORDER_RETURNED = "order_returned"


def _in_status(status):
    def still_applies(notifications):
        ids = subject_ids(notifications, "order")
        current = set(Order.objects.filter(pk__in=set(ids.values()), status=status).values_list("pk", flat=True))
        return {pk for pk, order_id in ids.items() if order_id in current}

    return still_applies


register_kind(
    ORDER_TO_SIGN, gettext_lazy("An order awaits your signature"), still_applies=_in_status(Order.Status.SUBMITTED)
)
register_kind(
    ORDER_RETURNED,
    gettext_lazy("An order is returned for corrections"),
    urgent=True,
    still_applies=_in_status(Order.Status.RETURNED),
)


def subject(order_id):
    return f"order:{order_id}"


def withdraw(order, kinds):
    """The order left the state these notifications were about."""
    from notifications.services import notifications_withdraw

    notifications_withdraw(subject=subject(order.pk), kinds=kinds)


def to_sign_key(order_id, day):
    # Once a day while it waits: the date is in the key.
    return f"order:{order_id}:to-sign:{day.isoformat()}"


def _url(order):
    return reverse("orders:detail", kwargs={"org_slug": order.organization.slug, "pk": order.pk})


def tell_submitted(order):
    """The head learns at once, not at the next morning's run (which then finds it told already). An
    order sent again the day it was returned brings that day's withdrawn notification back, unread."""
    heads = Membership.objects.filter(organization=order.organization, role=Role.DIRECTOR, user__is_active=True)
    key = to_sign_key(order.pk, timezone.localdate())
    Notification.objects.filter(kind=ORDER_TO_SIGN, key=key, user__in=heads.values("user_id")).update(
        withdrawn_at=None, read_at=None
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                organization=order.organization,
                kind=ORDER_TO_SIGN,
                key=key,
                subject=subject(order.pk),
                title=(_("Awaits your signature: %(title)s") % {"title": order.title})[:500],
                url=_url(order),
                group=order.organization.short_name,
            )
            for user_id in heads.values_list("user_id", flat=True)
        ],
        ignore_conflicts=True,
    )


def tell_returned(order, event):
    if order.created_by_id is None:
        return
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=order.created_by_id,
                organization=order.organization,
                kind=ORDER_RETURNED,
                key=f"order:{order.pk}:returned:{event.pk}",
                subject=subject(order.pk),
                title=(
                    _("Returned for corrections: %(title)s — «%(comment)s»")
                    % {"title": order.title, "comment": event.comment}
                )[:500],
                url=_url(order),
                group=order.organization.short_name,
            )
        ],
        ignore_conflicts=True,
    )


@finder
def orders_to_sign(today, organizations=None):
    orders = list(
        within(Order.objects.filter(status=Order.Status.SUBMITTED), organizations).values(
            "pk", "title", "organization_id", "organization__slug", "organization__short_name"
        )
    )
    heads = {}
    for organization_id, user_id in Membership.objects.filter(
        role=Role.DIRECTOR, organization_id__in={o["organization_id"] for o in orders}, user__is_active=True
    ).values_list("organization_id", "user_id"):
        heads.setdefault(organization_id, []).append(user_id)
    for order in orders:
        url = reverse("orders:detail", kwargs={"org_slug": order["organization__slug"], "pk": order["pk"]})
        for user_id in heads.get(order["organization_id"], []):
            yield Finding(
                user_id=user_id,
                kind=ORDER_TO_SIGN,
                key=to_sign_key(order["pk"], today),
                subject=subject(order["pk"]),
                title=(_("Awaits your signature: %(title)s") % {"title": order["title"]})[:500],
                url=url,
                group=order["organization__short_name"],
                organization_id=order["organization_id"],
            )
