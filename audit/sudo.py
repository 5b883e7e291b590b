"""Sudo mode: an act that cannot be undone, or an export of children's personal data, asks for the
password again unless it was entered in the last SUDO_MINUTES minutes (healthchecks' require_sudo_mode).

Entering the password at login starts the window, and so does confirming it on the sudo page."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

SESSION_KEY = "sudo_confirmed_at"


def mark_confirmed(request):
    request.session[SESSION_KEY] = int(time.time())


def is_fresh(request):
    confirmed = request.session.get(SESSION_KEY)
    return bool(confirmed) and time.time() - confirmed < settings.SUDO_MINUTES * 60


@receiver(user_logged_in, dispatch_uid="audit.sudo_on_login")
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_confirmed(request)


def safe_target(request, target):
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def require_sudo(view):
    """Inside organization_view, so that outsiders get 404 and other roles 403 first. A GET goes to the
    password page and comes back to itself; a POST is not replayed (its form is not kept): the user
    comes back to the page they acted from and repeats the act, as the message says."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_fresh(request):
            return view(request, *args, **kwargs)
        if request.method == "GET":
            back = request.get_full_path()
        else:
            back = safe_target(request, request.META.get("HTTP_REFERER", "")) or reverse("home")
            messages.info(request, _("Confirm your password, then repeat the action: it was not carried out."))
        return redirect(f"{reverse('audit:sudo')}?{urlencode({'next': back})}")

    return wrapper
