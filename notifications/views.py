from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import ReminderSettingsForm
from .models import CalendarFeed, ReminderSettings
from .registry import KINDS


@login_required
def notification_list(request):
    page = Paginator(request.user.notifications.all(), 50).get_page(request.GET.get("page"))
    for notification in page:
        kind = KINDS.get(notification.kind)
        notification.kind_label = kind.label if kind else notification.kind
        notification.urgent = bool(kind and kind.urgent)
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def notification_open(request, pk):
    """Mark one notification read and go where it points (always a page of this portal)."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    if notification.url.startswith("/") and not notification.url.startswith("//"):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
def reminder_settings(request):
    instance = ReminderSettings.objects.filter(user=request.user).first() or ReminderSettings(user=request.user)
    form = ReminderSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reminder settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@login_required
def calendar(request):
    feed = services.calendar_feed_for(user=request.user)
    url = request.build_absolute_uri(feed.get_absolute_url())
    return render(request, "notifications/calendar.html", {"feed": feed, "feed_url": url})


@require_POST
@login_required
def calendar_reset(request):
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("A new calendar address is made; the old one no longer works."))
    return redirect("notifications:calendar")


def calendar_feed(request, token):
    """The private feed a calendar app polls: no login, the token is the key."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = HttpResponse(services.calendar_ics(feed=feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nastavnik.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
