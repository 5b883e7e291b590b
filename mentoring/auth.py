"""Logging in: how failures are counted.

django-axes locks one account from one address (AXES_* in settings). Password spraying, a few wrong
passwords for each of many accounts from one address, never trips that lock, so failures are also
counted per address across accounts here, in the cache: LOGIN_ADDRESS_FAILURE_LIMIT failures within
LOGIN_ADDRESS_WINDOW_MINUTES block every login from the address until the window ends. The address is
the one axes sees, so behind a proxy (BEHIND_PROXY, AXES_IPWARE_*) it is the client's, not the proxy's.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render


def axes_username(request, credentials):
    """The login name as django-axes counts failures: emails compare without case."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind our proxies (BEHIND_PROXY) the entry of
    X-Forwarded-For that the outermost of PROXY_COUNT proxies appended. Entries before it come from the
    client and could be anything, so they are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.BEHIND_PROXY:
        return remote
    chain = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    count = max(settings.PROXY_COUNT, 1)
    return chain[-count] if len(chain) >= count else remote


def _address_key(request):
    return f"login-failures:address:{client_address(request) or 'unknown'}"


def address_failures(request):
    return cache.get(_address_key(request), 0)


def address_locked(request):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return bool(limit) and address_failures(request) >= limit


@receiver(user_login_failed, dispatch_uid="mentoring.count_failure_by_address")
def count_failure_by_address(sender, credentials, request=None, **kwargs):
    """One more failure for the address, whichever account it tried. The window starts at the first
    failure and is not renewed by later ones; a successful login does not reset it (a sprayer may hold
    one good password)."""
    if request is None or not settings.AXES_ENABLED:
        return
    key = _address_key(request)
    cache.add(key, 0, timeout=settings.LOGIN_ADDRESS_WINDOW_MINUTES * 60)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_ADDRESS_WINDOW_MINUTES * 60)


def address_locked_response(request):
    return render(
        request,
        "registration/locked_out.html",
        {"by_address": True, "minutes": settings.LOGIN_ADDRESS_WINDOW_MINUTES},
        status=429,
    )


class LoginView(auth_views.LoginView):
    """Django's login, refused outright while the client's address is blocked."""

    def post(self, request, *args, **kwargs):
        if settings.AXES_ENABLED and address_locked(request):
            return address_locked_response(request)
        return super().post(request, *args, **kwargs)
