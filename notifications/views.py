from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mentoring.models import Organization

from . import services
from .forms import ReminderSettingsForm
from .models import CalendarFeed, ReminderSettings
from .registry import KINDS


def _mine(user):
    """A person's notifications about organizations they still belong to (or none in particular)."""
    return services.shown(
        user.notifications.filter(
            Q(organization__isnull=True) | Q(organization__in=Organization.objects.for_user(user))
        )
    )


@login_required
def notification_list(request):
    page = Paginator(_mine(request.user), 50).get_page(request.GET.get("page"))
    # What no longer applies (an order signed since, an activity done) is withdrawn, not shown.
    page.object_list = services.notifications_current(list(page.object_list))
    for notification in page.object_list:
        kind = KINDS.get(notification.kind)
        notification.kind_label = kind.label if kind else notification.kind
        notification.urgent = bool(kind and kind.urgent)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go where it points (always a page of this portal)."""
    notification = get_object_or_404(_mine(request.user), pk=pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    if url_has_allowed_host_and_scheme(notification.url, {request.get_host()}, require_https=request.is_secure()):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@login_required
def reminder_settings(request):
    instance, _created = ReminderSettings.objects.get_or_create(user=request.user)
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
    webcal = "webcal://" + url.split("://", 1)[1]  # the same address, handed to the calendar app
    return render(request, "notifications/calendar.html", {"feed": feed, "feed_url": url, "webcal_url": webcal})


@login_required
@require_POST
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


@csrf_exempt
def unsubscribe(request, token):
    """The signed link of a reminder email. GET shows a button (a link opened by a mail scanner or a
    preview changes nothing); POST turns the emails off: the button, or a mail program's one-click
    request (RFC 8058, without login or CSRF token: the signature is the key)."""
    user = services.unsubscribe_user(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"broken": True}, status=400)
    done = False
    if request.method == "POST":
        services.reminder_emails_off(user=user)
        done = True
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    emails_on = not ReminderSettings.objects.filter(user=user, emails=False).exists()
    return render(request, "notifications/unsubscribe.html", {"person": user, "done": done, "emails_on": emails_on})
