"""The pages shown when something fails on the server, in Russian and without the database."""

import sys

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from config.durable import DATABASE_ERRORS

# How long a client waits before asking again while the database is down.
RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request):
    """handler500: a 503 «Сервис временно недоступен» while the database is down (the error being
    handled is a lost connection), else the 500 page. Both are static: rendered with no request
    context, since the context processors query the database that may be the very thing down."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
