"""Orders waiting for the head's signature are told to the organization's head every day until signed."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Membership, Role
from notifications.registry import Finding, finder, register_kind

from .models import Order

ORDER_TO_SIGN = "order_to_sign"

register_kind(ORDER_TO_SIGN, gettext_lazy("An order awaits your signature"))


@finder
def orders_to_sign(today):
    orders = list(
        Order.objects.filter(status=Order.Status.SUBMITTED).values(
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
                # Once a day while it waits: the date is in the key.
                key=f"order:{order['pk']}:to-sign:{today.isoformat()}",
                title=(_("Awaits your signature: %(title)s") % {"title": order["title"]})[:500],
                url=url,
                group=order["organization__short_name"],
                organization_id=order["organization_id"],
            )
