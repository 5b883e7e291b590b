"""The consent documents: a person's documents per kind, a class's consents and their printing, and the
organization's wording. Recording and revoking a signed consent are the bases' pages (mentoring.views)."""

import re

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from mentoring import uploads
from mentoring.access import Perm, has_perm, organization_view
from mentoring.models import Consent, ConsentKind, Person

from . import documents, wording
from .forms import BatchForm, WordingForm
from .models import ConsentWording, WordingKind, wording_for

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


def _download(content, fmt, name):
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return uploads.private(response)


def _kind(value):
    if value not in [k.value for k in wording.DOCUMENT_KINDS]:
        raise Http404
    return ConsentKind(value)


def _classes(organization):
    """The classes of the organization's current people, as «7Б», in school order."""
    rows = (
        Person.objects.filter(organization=organization, grade__isnull=False)
        .current()
        .values_list("grade", "class_letter")
        .distinct()
        .order_by("grade", "class_letter")
    )
    return [f"{grade}{letter}" for grade, letter in rows]


def _class_people(organization, class_name):
    """The current people of a class («7Б»); archived people are not processed any more, so no form is
    printed for them. None when the name is not a class."""
    match = re.fullmatch(r"(\d{1,2})\s*([^\W\d_]{0,5})", (class_name or "").strip())
    if not match:
        return None
    return (
        Person.objects.filter(organization=organization, grade=int(match[1]), class_letter__iexact=match[2])
        .current()
        .select_related("organization")
        .prefetch_related(Prefetch("consents", queryset=Consent.objects.order_by("kind", "-given_on")))
    )


@organization_view(Perm.VIEW_BASES)
def person_document(request, pk, kind, document, fmt):
    """One person's document of one kind: the consent, or the form of its revocation, as PDF or DOCX."""
    person = get_object_or_404(
        Person.objects.filter(organization=request.organization).select_related("organization"), pk=pk
    )
    kind = _kind(kind)
    if document not in documents.DOCUMENTS or fmt not in documents.FORMATS:
        raise Http404
    data = documents.content(person, kind, document)
    content = documents.pdf_bytes(data) if fmt == "pdf" else documents.docx_bytes(data)
    return _download(content, fmt, documents.file_name(person, kind, document, fmt))


@organization_view(Perm.VIEW_BASES)
def class_consents(request):
    """A class's consents of each kind, with each person's documents and the class's printing."""
    classes = _classes(request.organization)
    class_name = request.GET.get("class") or (classes[0] if classes else "")
    people = []
    if class_name:
        found = _class_people(request.organization, class_name)
        if found is None or class_name not in classes:
            messages.error(request, _("There is no class «%(name)s» in the bases.") % {"name": class_name})
            class_name = ""
        else:
            people = list(found)
    rows = [
        {
            "person": person,
            "kinds": [(kind, person.valid_consent(kind), _history(person, kind)) for kind in wording.DOCUMENT_KINDS],
        }
        for person in people
    ]
    return render(
        request,
        "consents/class.html",
        {
            "classes": classes,
            "class_name": class_name,
            "rows": rows,
            "kinds": wording.DOCUMENT_KINDS,
            "can_edit": has_perm(request.org_roles, Perm.EDIT_BASES),
            "can_edit_wording": has_perm(request.org_roles, Perm.EDIT_CONSENT_WORDING),
        },
    )


def _history(person, kind):
    return [c for c in person.consents.all() if c.kind == kind and not c.in_force]


@organization_view(Perm.VIEW_BASES)
def class_batch(request):
    """A class's documents of one kind: one PDF with each person's document from a new page (to print in
    one go), or a ZIP of separate PDF files, one per person (to file in each person's folder)."""
    form = BatchForm(request.GET)
    back = reverse("consents:class_consents", kwargs={"org_slug": request.organization.slug})
    if not form.is_valid():
        messages.error(request, _("Choose a class, a kind of consent, a document and a format."))
        return redirect(back)
    data = form.cleaned_data
    people = _class_people(request.organization, data["class_name"])
    people = list(people) if people is not None else []
    if not people:
        messages.error(
            request, _("There is nobody in the class «%(name)s» to print for.") % {"name": data["class_name"]}
        )
        return redirect(back)
    kind = _kind(data["kind"])
    what = "soglasiya" if data["document"] == "consent" else "otzyvy"
    stem = f"{data['class_name']}_{what}-{documents.KIND_SLUGS[kind]}"
    if data["format"] == "zip":
        return _download(documents.zip_bytes(people, kind, data["document"]), "zip", f"{stem}.zip")
    items = documents.batch_content(people, kind, data["document"])
    return _download(documents.pdf_bytes(items), "pdf", f"{stem}.pdf")


@organization_view(Perm.EDIT_CONSENT_WORDING)
def wording_edit(request, kind):
    """The organization's wording of a kind; «Вернуть текст по умолчанию» empties every part."""
    kind = _kind(kind)
    instance = wording_for(request.organization, kind)
    if request.method == "POST" and "reset" in request.POST:
        ConsentWording.objects.filter(organization=request.organization, kind=kind).delete()
        messages.success(request, _("The default wording is restored."))
        return redirect(request.path)
    form = WordingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _("The wording is saved: the documents print it from now on."))
        return redirect(request.path)
    return render(
        request,
        "consents/wording.html",
        {
            "form": form,
            "kind": kind,
            "kinds": [WordingKind(k.value) for k in wording.DOCUMENT_KINDS],
            "own": instance.pk is not None,
            "defaults": form.defaults,
        },
    )
