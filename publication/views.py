"""The best-practice bank inside an organization, the district's public bank, and each organization's
public «Наставничество» section (with its embeddable variant)."""

from pathlib import PurePosixPath

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from audit.models import Action
from audit.services import audit_log
from audit.sudo import require_sudo
from mentoring.access import Perm, has_perm, organization_view, roles_in
from mentoring.models import Municipality, Organization, Pair, PairStatus, Role
from mentoring.params import int_param
from orders.models import Order

from . import selectors, services
from .forms import PracticeFileForm, PracticeForm, PracticeSearchForm, ReturnForm
from .low_vision import (
    LOW_VISION_AGE,
    LOW_VISION_COOKIE,
    LOW_VISION_DEFAULT,
    LOW_VISION_SCHEMES,
    LOW_VISION_SIZES,
    low_vision_choice,
)
from .models import Practice, PracticeFile, PracticeStatus

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _practice(request, pk):
    return get_object_or_404(
        Practice.objects.of(request.organization).select_related("organization__municipality", "form", "pair"), pk=pk
    )


def _rights(request):
    return {
        "can_propose": has_perm(request.org_roles, Perm.PROPOSE_PRACTICES),
        "can_approve": has_perm(request.org_roles, Perm.APPROVE_PRACTICES),
    }


# --- inside the organization ---


@organization_view(Perm.VIEW_PRACTICES)
def practice_list(request):
    practices = Practice.objects.of(request.organization).select_related("form").prefetch_related("files")
    status = request.GET.get("status", "")
    if status in PracticeStatus.values:
        practices = practices.filter(status=status)
    public_ids = set(Practice.objects.of(request.organization).public().values_list("pk", flat=True))
    return render(
        request,
        "publication/practice_list.html",
        {
            "practices": practices,
            "public_ids": public_ids,
            "statuses": PracticeStatus.choices,
            "status": status,
            "pairs_without_case": services.completed_pairs_without_case(request.organization).count(),
            **_rights(request),
        },
    )


@organization_view(Perm.PROPOSE_PRACTICES)
def practice_create(request):
    """Step one: choose a completed pair; step two: the case, prefilled from the pair's case and result."""
    pair_id = request.GET.get("pair") or request.POST.get("pair")
    if not pair_id:
        return render(
            request,
            "publication/practice_pairs.html",
            {"pairs": services.completed_pairs_without_case(request.organization)},
        )
    pair = get_object_or_404(
        Pair.objects.of(request.organization).filter(status=PairStatus.COMPLETED).select_related("form", "mentor"),
        pk=int_param(pair_id) or 0,
    )
    initial = {
        "title": f"{pair.form.name}: {pair.goal}".strip()[:300] if pair.goal else pair.form.name,
        "description": pair.case,
        "results": pair.result,
        "people": [p.pk for p in services.default_people(pair)],
    }
    form = PracticeForm(request.POST or None, initial=initial, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.practice_create(
                pair=pair,
                user=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                results=form.cleaned_data["results"],
                people=list(form.cleaned_data["people"]),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The case is saved as a draft: add photos and files, then propose it."))
            return redirect(practice)
    return render(request, "publication/practice_form.html", {"form": form, "pair": pair, "practice": None})


@organization_view(Perm.VIEW_PRACTICES)
def practice_detail(request, pk):
    practice = _practice(request, pk)
    people = list(practice.people.prefetch_related("consents").order_by("last_name", "first_name"))
    lacking = {p.pk for p in practice.unpublishable_people()}
    return render(
        request,
        "publication/practice_detail.html",
        {
            "practice": practice,
            "people": [{"person": p, "ok": p.pk not in lacking} for p in people],
            "lacking": bool(lacking),
            "files": practice.files.all(),
            "file_form": PracticeFileForm(),
            "return_form": ReturnForm(),
            "is_public": Practice.objects.public().filter(pk=practice.pk).exists(),
            **_rights(request),
        },
    )


@organization_view(Perm.PROPOSE_PRACTICES)
def practice_edit(request, pk):
    practice = _practice(request, pk)
    if not practice.is_editable:
        messages.error(request, _("A case awaiting approval or published cannot be edited."))
        return redirect(practice)
    initial = {
        "title": practice.title,
        "description": practice.description,
        "results": practice.results,
        "people": list(practice.people.values_list("pk", flat=True)),
    }
    form = PracticeForm(request.POST or None, initial=initial, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_update(
                practice,
                user=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                results=form.cleaned_data["results"],
                people=list(form.cleaned_data["people"]),
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The case is saved."))
            return redirect(practice)
    return render(
        request, "publication/practice_form.html", {"form": form, "pair": practice.pair, "practice": practice}
    )


@require_POST
@organization_view(Perm.PROPOSE_PRACTICES)
def practice_file_add(request, pk):
    practice = _practice(request, pk)
    form = PracticeFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.practice_file_add(
                practice,
                user=request.user,
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The file is added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(practice)


def _file(request, pk):
    return get_object_or_404(
        PracticeFile.objects.filter(organization=request.organization).select_related("practice"), pk=pk
    )


@require_POST
@organization_view(Perm.PROPOSE_PRACTICES)
def practice_file_delete(request, pk):
    item = _file(request, pk)
    try:
        services.practice_file_delete(item, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The file is removed."))
    return redirect(item.practice)


def _serve(item, *, cache):
    suffix = PurePosixPath(item.file.name).suffix.lower()
    inline = item.is_photo and suffix in IMAGE_TYPES
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not inline,
        filename=item.original_name or None,
        content_type=IMAGE_TYPES.get(suffix) if inline else None,
    )
    response["Cache-Control"] = cache
    return response


@organization_view(Perm.VIEW_PRACTICES)
def practice_file(request, pk):
    return _serve(_file(request, pk), cache="private, no-store")


def _transition(request, pk, action, success, **kwargs):
    practice = _practice(request, pk)
    try:
        action(practice, user=request.user, **kwargs)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, success)
    return redirect(practice)


@require_POST
@organization_view(Perm.PROPOSE_PRACTICES)
def practice_propose(request, pk):
    return _transition(request, pk, services.practice_propose, _("The case is sent to the head for approval."))


@require_POST
@organization_view(Perm.APPROVE_PRACTICES)
@require_sudo
def practice_approve(request, pk):
    def approve(practice, user):
        services.practice_approve(practice, user=user)
        audit_log(request, action=Action.PRACTICE_APPROVED, organization=request.organization, obj=practice)

    return _transition(request, pk, approve, _("The case is published in the district's bank."))


@require_POST
@organization_view(Perm.APPROVE_PRACTICES)
def practice_return(request, pk):
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _transition(
        request, pk, services.practice_return, _("The case is returned to the curator."), comment=comment
    )


@require_POST
@organization_view(Perm.APPROVE_PRACTICES)
def practice_withdraw(request, pk):
    return _transition(request, pk, services.practice_withdraw, _("The case is withdrawn from publication."))


# --- the district's public bank (no login) ---


def _district(district_slug):
    return get_object_or_404(Municipality.objects.select_related("region"), slug=district_slug)


def _public_practice(municipality, pk):
    return get_object_or_404(
        Practice.objects.public()
        .filter(organization__municipality=municipality)
        .select_related("organization__municipality", "form"),
        pk=pk,
    )


def public_practices(request, district_slug):
    municipality = _district(district_slug)
    forms_qs, organizations_qs = selectors.district_filter_choices(municipality)
    search = PracticeSearchForm(request.GET or None, forms_qs=forms_qs, organizations_qs=organizations_qs)
    practices = selectors.district_practices(
        municipality,
        form=request.GET.get("form", ""),
        organization=request.GET.get("organization", ""),
        q=request.GET.get("q", ""),
    )
    return render(
        request,
        "publication/public_practices.html",
        {"municipality": municipality, "practices": practices, "search": search},
    )


def public_practice(request, district_slug, pk):
    municipality = _district(district_slug)
    practice = _public_practice(municipality, pk)
    files = list(practice.files.all())
    return render(
        request,
        "publication/public_practice.html",
        {
            "municipality": municipality,
            "practice": practice,
            "photos": [f for f in files if f.is_photo],
            "documents": [f for f in files if not f.is_photo],
        },
    )


def public_practice_file(request, district_slug, pk):
    """A photo or file of a published case: approval and every consent are checked again on each
    request, so a revoked consent or a withdrawal closes the file at once."""
    municipality = _district(district_slug)
    item = get_object_or_404(
        PracticeFile.objects.filter(
            practice__in=Practice.objects.public().filter(organization__municipality=municipality)
        ),
        pk=pk,
    )
    return _serve(item, cache="no-cache")


# --- the organization's public section («Наставничество» on the school's site, no login) ---


# Who is shown the code to place the section on the school's site: the school's own staff.
EMBED_ROLES = {Role.CURATOR, Role.DIRECTOR}


def _public_context(request, organization):
    context = {
        "org": organization,
        "orders": selectors.public_orders(organization),
        "programs": selectors.public_programs(organization),
        "has_practices": Practice.objects.public().filter(organization=organization).exists(),
    }
    if request.user.is_authenticated and roles_in(request.user, organization) & EMBED_ROLES:
        context["embed_url"] = request.build_absolute_uri(reverse("publication:org_embed", args=[organization.slug]))
    return context


def org_public(request, org_slug):
    organization = get_object_or_404(Organization.objects.select_related("municipality"), slug=org_slug)
    return render(request, "publication/org_public.html", _public_context(request, organization))


def org_public_program(request, org_slug, pk):
    organization = get_object_or_404(Organization.objects.select_related("municipality"), slug=org_slug)
    program = get_object_or_404(selectors.public_programs(organization).prefetch_related("forms"), pk=pk)
    return render(
        request,
        "publication/org_public_program.html",
        {"org": organization, "program": program, "sections": selectors.public_roadmap(program)},
    )


def org_public_order_pdf(request, org_slug, pk):
    """The signed PDF of an order of a public kind (selectors.PUBLIC_ORDER_KINDS), as it was signed."""
    organization = get_object_or_404(Organization, slug=org_slug)
    order = get_object_or_404(selectors.signed_public_orders(organization), pk=pk)
    if order.pdf_status != Order.PdfStatus.READY or not order.pdf:
        raise Http404
    name = f"prikaz-{order.display_number}.pdf"
    response = FileResponse(order.pdf.open("rb"), as_attachment=False, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "no-cache"
    return response


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # any school's site may show it; every other page: 'none'
def org_embed(request, org_slug):
    """The same section in a minimal layout that the school's own site may show in an iframe."""
    organization = get_object_or_404(Organization.objects.select_related("municipality"), slug=org_slug)
    return render(request, "publication/org_embed.html", _public_context(request, organization))


# --- the portal's public face: «/» for visitors and the districts' pages ---


def public_district(request, district_slug):
    """The district's page for visitors: its schools (with a link to each one's public section when it
    has something to show), the bank of best practices and what the target model is."""
    municipality = _district(district_slug)
    return render(
        request,
        "publication/public_district.html",
        {
            "municipality": municipality,
            "organizations": selectors.district_organizations(municipality),
            "has_practices": Practice.objects.public().filter(organization__municipality=municipality).exists(),
        },
    )


def portal(request):
    """«/» for a visitor: the district's page when the portal serves one district, else the list."""
    districts = list(Municipality.objects.order_by("short_name", "pk")[:2])
    if len(districts) == 1:
        return public_district(request, districts[0].slug)
    return render(
        request,
        "publication/public_districts.html",
        {"districts": Municipality.objects.select_related("region").order_by("short_name")},
    )


# --- «Версия для слабовидящих»: a visitor's choice kept in a cookie (publication.context_processors) ---


def low_vision(request):
    """A plain link (works without JavaScript): ?mode=on|off, ?scheme=bw|wb, ?size=150|200, then back to
    `next` (only an address of this site)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response = redirect(target)
    if request.GET.get("mode") == "off":
        response.delete_cookie(LOW_VISION_COOKIE, samesite="Lax")
        return response
    scheme, size = low_vision_choice(request) or LOW_VISION_DEFAULT.split("-")
    if request.GET.get("scheme") in LOW_VISION_SCHEMES:
        scheme = request.GET["scheme"]
    if request.GET.get("size") in LOW_VISION_SIZES:
        size = request.GET["size"]
    response.set_cookie(
        LOW_VISION_COOKIE, f"{scheme}-{size}", max_age=LOW_VISION_AGE, samesite="Lax", secure=request.is_secure()
    )
    return response
