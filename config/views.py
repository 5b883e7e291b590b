"""The pages shown when something fails on the server, in Russian and without the database."""

import logging
import sys

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from config.durable import DATABASE_ERRORS
from publication import views as publication_views
from reports import views as reports_views

logger = logging.getLogger(__name__)

# How long a client waits before asking again while the database is down.
RETRY_AFTER_SECONDS = 30


def home(request):
    """«/»: a signed-in user's to-do list (reports.views.home); a visitor's district page or the list
    of districts (publication.views.portal), never the login page."""
    if request.user.is_authenticated:
        return reports_views.home(request)
    return publication_views.portal(request)


@requires_csrf_token
def server_error(request):
    """handler500: a 503 «Сервис временно недоступен» while the database is down (the error being
    handled is a lost connection), else the 500 page. Both are static: rendered with no request
    context, since the context processors query the database that may be the very thing down."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        response = HttpResponse(_page("503.html", FALLBACK_503), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(_page("500.html", FALLBACK_500))


# If even the template cannot be shown (static files not collected, say), still Russian, never English.
FALLBACK_500 = (
    "<!doctype html><html lang=ru><meta charset=utf-8><title>Ошибка на сервере</title><h1>Ошибка на сервере</h1>"
)
FALLBACK_503 = (
    "<!doctype html><html lang=ru><meta charset=utf-8><title>Сервис временно недоступен</title>"
    "<h1>Сервис временно недоступен</h1><p>Попробуйте через несколько минут.</p>"
)


def _page(template, fallback):
    try:
        return loader.get_template(template).render()
    except Exception:  # noqa: BLE001  (the page about an error must not fail in its turn)
        logger.exception("The error page %s could not be rendered", template)
        return fallback
