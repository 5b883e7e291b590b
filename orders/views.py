"""The orders of an organization: the journal, drafting, sign-off, files, batches and public verification."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from audit.models import Action
from audit.services import audit_log
from audit.sudo import require_sudo
from mentoring import uploads
from mentoring.access import Perm, municipality_view, organization_view

from . import documents, services
from .forms import DistrictBatchForm, NewOrderForm, OrderForm, PointFormSet, ReturnForm, StageBatchForm, VerifyForm
from .kinds import KIND_CHOICES, KINDS, TEXT_APPENDICES
from .models import Order, OrderBatch


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _order(request, pk):
    return get_object_or_404(
        Order.objects.filter(organization=request.organization).select_related("program", "organization"), pk=pk
    )


@organization_view(Perm.VIEW_ORDERS)
def journal(request):
    orders = Order.objects.of(request.organization).select_related("signed_by", "program", "organization")
    years = sorted({y for y in orders.values_list("year", flat=True) if y}, reverse=True)
    year, status, kind = request.GET.get("year", ""), request.GET.get("status", ""), request.GET.get("kind", "")
    if year.isdigit():
        orders = orders.filter(year=int(year))
    if status in Order.Status.values:
        orders = orders.filter(status=status)
    if kind in KINDS:
        orders = orders.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            services.journal_xlsx(orders),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{request.organization.slug}-orders.xlsx")
        return uploads.private(response)
    return render(
        request,
        "orders/journal.html",
        {
            "orders": orders,
            "years": years,
            "statuses": Order.Status.choices,
            "kinds": KIND_CHOICES,
            "selected": {"year": year, "status": status, "kind": kind},
            "new_form": NewOrderForm(organization=request.organization),
            "batch_form": StageBatchForm(organization=request.organization),
        },
    )


@require_POST
@organization_view(Perm.EDIT_ORDERS)
def order_new(request):
    form = NewOrderForm(request.POST, organization=request.organization)
    if not form.is_valid():
        messages.error(request, _("Choose the program and the type of order."))
        return redirect("orders:journal", org_slug=request.organization.slug)
    order = services.order_create(
        program=form.cleaned_data["program"], kind=form.cleaned_data["kind"], user=request.user
    )
    messages.success(request, _("The draft is filled from the program's data: check and correct its points."))
    for moved in order.moved_deadlines:
        text = _(
            "Point %(number)d: its planned deadline, %(planned)s, has passed; the draft gives %(deadline)s, check it."
        )
        messages.warning(request, text % moved)
    return redirect("orders:edit", org_slug=request.organization.slug, pk=order.pk)


@organization_view(Perm.VIEW_ORDERS)
def order_detail(request, pk):
    order = _order(request, pk)
    return render(
        request,
        "orders/detail.html",
        {
            "order": order,
            "kind_label": KINDS[order.kind].label if order.kind in KINDS else order.kind,
            "events": order.events.select_related("user"),
            "return_form": ReturnForm(),
            "corrections": order.corrections.select_related("organization"),
            "verification_url": documents.verification_url(order) if order.is_signed else "",
            "warnings": services.order_warnings(order),
        },
    )


@xframe_options_sameorigin
# The printed layout carries its own <style>; framed by the order's page only.
@csp_replace({"frame-ancestors": [SELF], "style-src": [SELF, UNSAFE_INLINE], "script-src": [NONE]})
@organization_view(Perm.VIEW_ORDERS)
def order_preview(request, pk):
    """The document as it prints, for the frame on the order's page."""
    return uploads.private(HttpResponse(documents.html(_order(request, pk))))


@organization_view(Perm.EDIT_ORDERS)
def order_edit(request, pk):
    order = _order(request, pk)
    if not order.is_editable:
        messages.error(request, _("Only a draft or a returned order can be edited."))
        return redirect(order)
    texts = [(i, a["title"]) for i, a in enumerate(order.appendices) if a["kind"] in TEXT_APPENDICES]
    initial = {
        "title": order.title,
        "preamble": order.preamble,
        "control": order.control,
        "acquainted": "\n".join(order.acquainted),
        **{f"text_{i}": order.appendices[i].get("text", "") for i, _title in texts},
    }
    form = OrderForm(request.POST or None, initial=initial, texts=texts)
    points = PointFormSet(request.POST or None, initial=order.points, prefix="points")
    if request.method == "POST" and form.is_valid() and points.is_valid():
        data = form.cleaned_data
        try:
            services.order_update(
                order,
                user=request.user,
                title=data["title"],
                preamble=data["preamble"],
                points=[p for p in points.cleaned_data if p],
                control=data["control"],
                acquainted=data["acquainted"].splitlines(),
                texts={i: data[f"text_{i}"] for i, _title in texts},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.POST.get("submit") == "1":
                _submit(request, order)
            else:
                messages.success(request, _("Saved."))
            return redirect(order)
    return render(request, "orders/edit.html", {"order": order, "form": form, "points": points})


def _transition(request, pk, action):
    order = _order(request, pk)
    try:
        action(order)
    except ValidationError as error:
        _errors(request, error)
    return redirect(order)


def _warn_late(request, order, on=None):
    for warning in services.order_warnings(order, on):
        messages.warning(request, warning)


def _submit(request, order):
    order = services.order_submit(order, user=request.user)
    messages.success(request, _("The order is sent to the head for signature."))
    _warn_late(request, order)


@require_POST
@organization_view(Perm.EDIT_ORDERS)
def order_submit(request, pk):
    return _transition(request, pk, lambda order: _submit(request, order))


@require_POST
@organization_view(Perm.SIGN_ORDERS)
@require_sudo
def order_sign(request, pk):
    def sign(order):
        warnings = services.order_warnings(order)
        order = services.order_sign(order, user=request.user)
        audit_log(
            request,
            action=Action.ORDER_SIGNED,
            organization=request.organization,
            obj=order,
            label=f"№ {order.display_number}: {order}",
        )
        messages.success(
            request,
            _("The order is signed and registered as № %(number)s; its PDF is being made.")
            % {"number": order.display_number},
        )
        for warning in warnings:
            messages.warning(request, warning)

    return _transition(request, pk, sign)


@require_POST
@organization_view(Perm.SIGN_ORDERS)
def order_return(request, pk):
    form = ReturnForm(request.POST)

    def give_back(order):
        services.order_return(order, user=request.user, comment=form.data.get("comment", ""))
        messages.info(request, _("The order is returned to the curator with your comment."))

    return _transition(request, pk, give_back)


@require_POST
@organization_view(Perm.EDIT_ORDERS)
def order_correct(request, pk):
    order = _order(request, pk)
    try:
        correction = services.order_correction_create(order, user=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(order)
    return redirect("orders:edit", org_slug=request.organization.slug, pk=correction.pk)


@require_POST
@organization_view(Perm.EDIT_ORDERS)
def order_make_pdf(request, pk):
    """A PDF of a draft, marked «ПРОЕКТ», to read before submitting."""
    order = _order(request, pk)
    if order.is_signed and order.pdf_sha256:
        return redirect(order)
    services.queue_pdf(order)
    messages.info(request, _("The PDF is being made; it will be offered here when ready."))
    return redirect(order)


@organization_view(Perm.VIEW_ORDERS)
def order_pdf_status(request, pk):
    """htmx: the PDF's status, polled until it is ready."""
    return render(request, "orders/_pdf_status.html", {"order": _order(request, pk)})


@organization_view(Perm.VIEW_ORDERS)
def order_pdf(request, pk):
    order = _order(request, pk)
    if order.pdf_status != Order.PdfStatus.READY or not order.pdf:
        raise Http404
    name = f"prikaz-{order.display_number or 'proekt-' + str(order.pk)}.pdf"
    return uploads.private(
        FileResponse(order.pdf.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
    )


@organization_view(Perm.VIEW_ORDERS)
def order_docx(request, pk):
    order = _order(request, pk)
    response = HttpResponse(
        documents.docx_bytes(order),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"prikaz-{order.display_number or 'proekt-' + str(order.pk)}.docx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return uploads.private(response)


@require_POST
@organization_view(Perm.EDIT_ORDERS)
def stage_batch(request):
    form = StageBatchForm(request.POST, organization=request.organization)
    if not form.is_valid():
        messages.error(request, _("Choose the program and the stage."))
        return redirect("orders:journal", org_slug=request.organization.slug)
    try:
        batch = services.batch_for_stage(
            program=form.cleaned_data["program"], stage=form.cleaned_data["stage"], user=request.user
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("orders:journal", org_slug=request.organization.slug)
    return redirect("orders:batch", org_slug=request.organization.slug, pk=batch.pk)


def _batch_page(request, batch):
    progress = services.batch_progress(batch)
    items = batch.items.select_related("organization", "order__organization")
    template = "orders/_batch_progress.html" if request.htmx else "orders/batch.html"
    return render(request, template, {"batch": batch, "progress": progress, "items": items})


@organization_view(Perm.VIEW_ORDERS)
def batch(request, pk):
    return _batch_page(request, get_object_or_404(OrderBatch.objects.filter(organization=request.organization), pk=pk))


@municipality_view
def district_batch_new(request):
    form = DistrictBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = services.batch_for_district(
            municipality=request.municipality, kind=form.cleaned_data["kind"], user=request.user
        )
        return redirect("orders:district_batch", district_slug=request.municipality.slug, pk=batch.pk)
    batches = OrderBatch.objects.filter(municipality=request.municipality)[:20]
    return render(request, "orders/district_batch_new.html", {"form": form, "batches": batches})


@municipality_view
def district_batch(request, pk):
    return _batch_page(request, get_object_or_404(OrderBatch.objects.filter(municipality=request.municipality), pk=pk))


def verify(request, code):
    """Public: anyone holding a printed order checks it here. Shows the organization, number, date,
    title, who signed it and when (as its mark prints), the two hashes, and nothing about the people the
    order lists."""
    order = get_object_or_404(
        Order.objects.filter(status=Order.Status.SIGNED).select_related("organization"), verification_code=code
    )
    form = VerifyForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        checked = services.verify(order, form.cleaned_data["file"].read())
    mark = documents.context_for(order)["mark"]  # None for orders signed before marks were printed
    return render(request, "orders/verify.html", {"order": order, "form": form, "checked": checked, "mark": mark})
