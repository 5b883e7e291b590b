"""POST once: a form that creates or sends carries a key made when it was shown (`{% submit_once %}`).
The first POST with that key is recorded under a unique constraint in the same transaction as what the
view does; a second one (a double click, a reload that posts again, the back button) does nothing and
goes where the first went, saying so. A POST that did not succeed (the form shown again with its
errors) keeps no record, so the corrected form can be sent."""

import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "submit_key"


def new_key():
    return uuid.uuid4().hex


class SingleSubmitMiddleware:
    """Last in MIDDLEWARE: it calls the view itself, inside the transaction that holds the key."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        key = request.POST.get(FIELD, "")[:64] if request.method == "POST" else ""
        user = getattr(request, "user", None)
        if not key or user is None or not user.is_authenticated:
            return None
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = FormSubmission.objects.create(user=user, key=key)
            except IntegrityError:
                first = FormSubmission.objects.filter(user=user, key=key).first()
                messages.info(request, _("This form was already sent: nothing was done a second time."))
                return redirect(first.url if first and first.url else request.get_full_path())
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                submission.url = response["Location"][:500]
                submission.save(update_fields=["url"])
            else:
                submission.delete()  # nothing was done: the form may be sent again
            return response
