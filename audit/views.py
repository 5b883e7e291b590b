from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect as go
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mentoring import spreadsheets
from mentoring.access import Perm, organization_view
from mentoring.auth import address_locked, address_locked_response

from . import sudo
from .forms import AuditFilterForm, SudoForm
from .models import Action, AuditEntry
from .services import audit_log

PAGE_SIZE = 100


@login_required
def sudo_confirm(request):
    """The password again, then back to where the user was going."""
    target = sudo.safe_target(request, request.GET.get("next") or request.POST.get("next")) or reverse("home")
    if request.method == "POST" and settings.AXES_ENABLED and address_locked(request):
        return address_locked_response(request)
    form = SudoForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        sudo.mark_confirmed(request)
        audit_log(request, action=Action.PASSWORD_CONFIRMED)
        messages.success(request, _("Password confirmed for %(n)d minutes.") % {"n": settings.SUDO_MINUTES})
        return go(target)
    return render(request, "audit/sudo.html", {"form": form, "next": target, "minutes": settings.SUDO_MINUTES})


def _entries(request):
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(AuditEntry.objects.filter(organization=request.organization).select_related("user"))
    return form, entries


@organization_view(Perm.VIEW_AUDIT)
def audit_list(request):
    form, entries = _entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})


@organization_view(Perm.VIEW_AUDIT)
def audit_export(request):
    _form, entries = _entries(request)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Audit log")[:31]
    spreadsheets.append(
        sheet,
        [
            _("When (%(zone)s)") % {"zone": spreadsheets.zone_name()},
            _("Who"),
            _("Action"),
            _("What"),
            _("IP address"),
            _("Browser"),
            _("Address on the portal"),
        ],
    )
    for entry in entries.iterator():
        spreadsheets.append(
            sheet,
            [
                spreadsheets.local_time(entry.created_at),
                entry.user_label,
                entry.get_action_display(),
                entry.object_label,
                entry.ip_address or "",
                entry.user_agent,
                entry.path,
            ],
        )
    spreadsheets.finish_sheet(sheet)
    response = HttpResponse(spreadsheets.save(book), content_type=spreadsheets.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"audit-{request.organization.slug}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response
