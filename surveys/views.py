"""Questionnaires for the curator (builder, campaigns, results) and the respondent's answer sheet."""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentoring import uploads
from mentoring.access import Perm, municipality_view, organization_view
from roadmap.models import Program

from . import results, services, slips
from .forms import CampaignForm, QuestionForm
from .models import Campaign, Invitation, Question, Questionnaire


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _questionnaire(request, pk):
    return get_object_or_404(
        Questionnaire.objects.filter(Q(organization__isnull=True) | Q(organization=request.organization)), pk=pk
    )


def _campaign(request, pk):
    return get_object_or_404(
        Campaign.objects.filter(organization=request.organization).select_related(
            "questionnaire", "program", "activity"
        ),
        pk=pk,
    )


@organization_view(Perm.VIEW_SURVEYS)
def survey_list(request):
    questionnaires = (
        Questionnaire.objects.filter(Q(organization__isnull=True) | Q(organization=request.organization))
        .filter(next_version__isnull=True)
        .annotate(n_questions=Count("questions"))
        .order_by("stage", "organization", "title")
    )
    campaigns = list(
        Campaign.objects.filter(organization=request.organization)
        .select_related("questionnaire", "program", "organization")
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
        )
    )
    for campaign in campaigns:
        campaign.withheld = campaign.group_too_small(campaign.n_invited)
    return render(request, "surveys/list.html", {"questionnaires": questionnaires, "campaigns": campaigns})


@organization_view(Perm.VIEW_SURVEYS)
def questionnaire_detail(request, pk):
    questionnaire = _questionnaire(request, pk)
    sections = questionnaire.sections.prefetch_related("questions")
    return render(
        request,
        "surveys/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "sections": sections,
            "form": QuestionForm(),
            "own_copy": Questionnaire.objects.filter(
                organization=request.organization, code=questionnaire.code, next_version__isnull=True
            ).first(),
            "answered": questionnaire.responses.exists(),
            "kinds": Question.Kind.choices,
        },
    )


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def questionnaire_copy(request, pk):
    try:
        copy = services.questionnaire_copy(_questionnaire(request, pk), organization=request.organization)
    except ValidationError as error:
        _errors(request, error)
        return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=pk)
    messages.success(request, _("The questionnaire is copied to your organization: edit it here."))
    return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=copy.pk)


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def question_save(request, pk):
    questionnaire = _questionnaire(request, pk)
    question = None
    if request.POST.get("question"):
        question = get_object_or_404(questionnaire.questions, pk=request.POST["question"])
    form = QuestionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
        return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=pk)
    try:
        version = services.question_save(questionnaire, question=question, data=form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
        return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=pk)
    if version.pk != questionnaire.pk:
        messages.info(
            request,
            _(
                "The questionnaire already has answers: your change is version %(v)d; "
                "the answers stay with version %(old)d."
            )
            % {"v": version.version, "old": questionnaire.version},
        )
    else:
        messages.success(request, _("Saved."))
    return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=version.pk)


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def question_delete(request, pk, question):
    questionnaire = _questionnaire(request, pk)
    try:
        version = services.question_delete(
            questionnaire, question=get_object_or_404(questionnaire.questions, pk=question)
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=pk)
    messages.success(request, _("The question is removed."))
    return redirect("surveys:questionnaire", org_slug=request.organization.slug, pk=version.pk)


# The personal links are made once (only their hashes are stored). The page that shows them is
# reached by a redirect, so a reload never launches or reminds again; to be reopened, what it shows is
# kept in the session of the person who made them, for LINKS_KEPT, and nowhere else.
LINKS_SESSION_KEY = "survey_links"
LINKS_KEPT = timedelta(hours=12)


def _kept_links(request):
    """The session's links pages that are still to be shown, the expired ones dropped."""
    kept = request.session.get(LINKS_SESSION_KEY, {})
    now = timezone.now()
    fresh = {pk: entry for pk, entry in kept.items() if now - datetime.fromisoformat(entry["at"]) < LINKS_KEPT}
    if fresh != kept:
        request.session[LINKS_SESSION_KEY] = fresh
    return fresh


def _keep_links(request, campaign, links, heading, *, replace=False):
    """Keep what the links page shows. In an anonymous campaign the mailed links are not kept at all
    and the rest are slips without names, in no particular order: nobody can tell whose sheet a link
    opens. With `replace`, the rows of these people replace theirs in what is already kept."""
    site = settings.SITE_URL.rstrip("/")
    rows = [
        {
            "person": None if campaign.anonymous else person.pk,
            "name": "" if campaign.anonymous else person.full_name,
            "class": services.class_of(person),
            "url": f"{site}/s/{token}/",
            "mailed": bool(services.person_address(person)),
        }
        for person, token in links
    ]
    mailed = sum(row["mailed"] for row in rows)
    slips_for_everyone = False
    if campaign.anonymous:
        unmailed = [row for row in rows if not row["mailed"]]
        # One or two slips would be those few people's own: then everyone gets a slip, mailed or not.
        slips_for_everyone = 0 < len(unmailed) < settings.SURVEY_ANONYMITY_MIN_GROUP
        rows = sorted(rows if slips_for_everyone else unmailed, key=lambda row: row["url"])
    kept = _kept_links(request)
    entry = kept.get(str(campaign.pk))
    if replace and entry:
        new = {row["person"]: row for row in rows}
        rows = [new.pop(row["person"], row) for row in entry["rows"]] + list(new.values())
        mailed, heading = entry["mailed"] + mailed, entry["heading"]
        slips_for_everyone = slips_for_everyone or entry.get("slips_for_everyone", False)
    kept[str(campaign.pk)] = {
        "heading": str(heading),
        "rows": rows,
        "mailed": mailed,
        "slips_for_everyone": slips_for_everyone,
        "at": timezone.now().isoformat(),
    }
    request.session[LINKS_SESSION_KEY] = kept
    return redirect("surveys:campaign_links", org_slug=request.organization.slug, pk=campaign.pk)


@organization_view(Perm.EDIT_SURVEYS)
def campaign_links(request, pk):
    """The links made last for this campaign, reopenable (a reload shows them again, and does nothing)."""
    campaign = _campaign(request, pk)
    entry = _kept_links(request).get(str(campaign.pk))
    classes = []
    if entry:
        classes = [
            {"key": key, "label": slips.class_label(key), "is_class": key not in ("", slips.ALL_CLASSES), "rows": rows}
            for key, rows in slips.class_groups(entry["rows"], anonymous=campaign.anonymous).items()
        ]
    return render(
        request,
        "surveys/links.html",
        {
            "campaign": campaign,
            "entry": entry,
            "classes": classes,
            "slips_per_page": slips.SLIPS_PER_PAGE,
            "min_group": settings.SURVEY_ANONYMITY_MIN_GROUP,
        },
    )


@organization_view(Perm.EDIT_SURVEYS)
def campaign_slips(request, pk):
    """The slips of one class as a PDF, made from the links kept in this session (see surveys.slips:
    the tokens exist nowhere else, and they are never posted back from the page)."""
    campaign = _campaign(request, pk)
    entry = _kept_links(request).get(str(campaign.pk))
    if entry is None:
        messages.error(
            request,
            _("The links are no longer kept: print new slips for a class from the campaign's page.")
            if not campaign.anonymous
            else _("The links are no longer kept, and an anonymous campaign's links cannot be made again."),
        )
        return redirect("surveys:campaign_links", org_slug=request.organization.slug, pk=campaign.pk)
    key = request.GET.get("class", "")
    rows = slips.class_groups(entry["rows"], anonymous=campaign.anonymous).get(key)
    if not rows:
        messages.error(request, _("There are no slips for the class «%(name)s».") % {"name": key})
        return redirect("surveys:campaign_links", org_slug=request.organization.slug, pk=campaign.pk)
    response = HttpResponse(slips.pdf_bytes(campaign, rows), content_type="application/pdf")
    name = f"listki-{campaign.pk}-{key if key not in ('', slips.ALL_CLASSES) else 'vse'}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return uploads.private(response)


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def campaign_class_slips(request, pk):
    """«Новые листки для класса»: new links for the class's people who have not answered (their old
    links stop working), kept for the links page, where their slips are printed."""
    campaign = _campaign(request, pk)
    class_name = request.POST.get("class", "")
    try:
        links, skipped = services.class_reissue(campaign, class_name)
    except ValidationError as error:
        _errors(request, error)
        return redirect(campaign)
    label = slips.class_label(class_name)
    messages.success(
        request,
        _(
            "New slips for %(n)d people of the class «%(name)s» who have not answered: their old links "
            "no longer work and say so. Answered already, with no new slip: %(skipped)d."
        )
        % {"n": len(links), "name": label, "skipped": skipped},
    )
    return _keep_links(request, campaign, links, _("New slips"), replace=True)


@organization_view(Perm.EDIT_SURVEYS)
def campaign_new(request):
    today = timezone.localdate()
    initial = {
        "opens_on": today,
        "closes_on": today + timedelta(days=14),
        "questionnaire": request.GET.get("questionnaire"),
    }
    form = CampaignForm(request.POST or None, organization=request.organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = services.audience_people(data["program"], data["audience"], form=data["form"], people=data["people"])
        try:
            campaign, links = services.campaign_create(
                program=data["program"],
                questionnaire=data["questionnaire"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                anonymous=data["anonymous"],
                phase=data["phase"],
                people=people,
                user=request.user,
                activity=data["activity"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _keep_links(request, campaign, links, _("The campaign is launched"))
    return render(request, "surveys/campaign_new.html", {"form": form})


def _withheld_page(request, campaign):
    return render(
        request,
        "surveys/campaign.html",
        {"campaign": campaign, "withheld": True, "min_group": settings.SURVEY_ANONYMITY_MIN_GROUP},
    )


@organization_view(Perm.VIEW_SURVEYS)
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    if campaign.group_too_small():
        return _withheld_page(request, campaign)
    data = results.campaign_results(campaign)
    for row in data["rows"]:
        if "labels" in row:  # the chart's numbers as a table beside it (for screen readers, and to read off)
            row["table"] = list(zip(row["labels"], row["counts"], strict=True))
    charts = [
        {"id": row["question"].pk, "labels": row["labels"], "counts": row["counts"]}
        for row in data["rows"]
        if "labels" in row
    ]
    return render(
        request,
        "surveys/campaign.html",
        {
            "campaign": campaign,
            "results": data,
            "charts_json": json.dumps(charts, ensure_ascii=False),
            "not_answered": results.not_answered(campaign),
            "open": campaign.is_open(),
            "classes": _invited_classes(campaign),
        },
    )


def _invited_classes(campaign):
    """The classes of the people invited to a named campaign, for «Новые листки для класса»."""
    if campaign.anonymous:
        return []
    pairs = Invitation.objects.filter(campaign=campaign).values_list("person__grade", "person__class_letter")
    names = {f"{grade}{letter}" if grade else "" for grade, letter in pairs.distinct()}
    return [{"key": name, "label": slips.class_label(name)} for name in sorted(names, key=slips.class_sort_key)]


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def campaign_remind(request, pk):
    campaign = _campaign(request, pk)
    try:
        links = services.campaign_remind(campaign)
    except ValidationError as error:
        _errors(request, error)
        return redirect(campaign)
    if campaign.anonymous:
        messages.success(request, _("Everyone with an address is reminded by mail to answer with the link they have."))
        return redirect(campaign)
    return _keep_links(request, campaign, links, _("New links for those who have not answered"))


@organization_view(Perm.EDIT_SURVEYS)
def campaign_cancel(request, pk):
    """A campaign nobody has answered is cancelled after a confirmation (this page, then its POST)."""
    campaign = _campaign(request, pk)
    refused = ""
    if campaign.is_cancelled:
        refused = _("The campaign is already cancelled.")
    elif services.has_answers(campaign):
        refused = _("The campaign already has answers: it cannot be cancelled; it closes on its date.")
    if request.method == "POST" and not refused:
        try:
            services.campaign_cancel(campaign, user=request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The campaign is cancelled: its links open nothing and nothing more is sent."))
        return redirect(campaign)
    return render(
        request,
        "surveys/campaign_cancel.html",
        {"campaign": campaign, "refused": refused, "n_invited": campaign.invitations.count()},
    )


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def invitation_reissue(request, pk, invitation):
    """A new personal link for one person; the old one stops working."""
    campaign = _campaign(request, pk)
    invitation = get_object_or_404(campaign.invitations, pk=invitation)
    try:
        person, token = services.invitation_reissue(invitation)
    except ValidationError as error:
        _errors(request, error)
        return redirect(campaign)
    messages.success(
        request, _("A new link for %(name)s: the old one no longer works and says so.") % {"name": person.full_name}
    )
    return _keep_links(request, campaign, [(person, token)], _("New links"), replace=True)


@organization_view(Perm.VIEW_SURVEYS)
def campaign_export(request, pk):
    campaign = _campaign(request, pk)
    if campaign.group_too_small():
        messages.error(request, _("The results of this anonymous questionnaire are withheld: nothing to export."))
        return redirect(campaign)
    response = HttpResponse(
        results.campaign_xlsx(campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"anketa-{campaign.pk}.xlsx")
    return uploads.private(response)


@require_POST
@organization_view(Perm.EDIT_SURVEYS)
def campaign_fulfil(request, pk):
    """The roadmap's activity whose result is this questionnaire is done, with the results as evidence."""
    from roadmap.models import ActivityStatus
    from roadmap.services import activity_set_status, evidence_add

    campaign = _campaign(request, pk)
    activity = campaign.activity
    if activity is None or activity.status == ActivityStatus.DONE:
        messages.info(request, _("No open roadmap activity is linked to this campaign."))
        return redirect(campaign)
    url = settings.SITE_URL.rstrip("/") + campaign.get_absolute_url()
    try:
        evidence_add(activity=activity, user=request.user, url=url, title=campaign.title[:300])
        activity_set_status(activity=activity, status=ActivityStatus.DONE, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The roadmap activity is marked done, with the results as its evidence."))
    return redirect(campaign)


@organization_view(Perm.VIEW_SURVEYS)
def program_growth(request, pk):
    program = get_object_or_404(Program.objects.filter(organization=request.organization), pk=pk)
    return render(request, "surveys/growth.html", {"program": program, "growth": results.growth(program)})


@municipality_view
def district_compare(request):
    codes = list(
        Questionnaire.objects.filter(organization__isnull=True).order_by("stage", "title").values_list("code", "title")
    )
    code = request.GET.get("code") or (codes[-1][0] if codes else "")
    table = results.district_comparison(request.municipality, code) if code else None
    return render(request, "surveys/district_compare.html", {"codes": codes, "code": code, "table": table})


# --- The respondent ----------------------------------------------------------------------------------------------


def _page(value, default, pages):
    text = str(value or "")
    number = int(text) if text.isdecimal() and len(text) < 4 else default
    return min(max(number, 1), pages)


@login_required
@require_POST
def my_sheet(request, pk):
    """The home page's «Ответить»: the signed-in person's own questionnaire, opened by a new link."""
    with transaction.atomic():
        try:
            token = services.invitation_open_for(request.user, pk)
        except Invitation.DoesNotExist:
            raise Http404 from None  # someone else's: nothing about it is told
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("home")
    messages.info(
        request, _("The questionnaire is open. The link in its email no longer works: open it from the home page.")
    )
    return redirect("surveys:sheet", token=token)


def _sheet(request, token):
    try:
        return services.sheet_open(token)
    except services.SheetRefused as refused:
        return refused


def _sheet_pages(questionnaire):
    """The sheet's pages, in one query: each section that has questions, with its questions in order."""
    pages = {}
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("section")
        .order_by("section__position", "section__pk", "position", "pk")
    )
    for question in questions:
        pages.setdefault(question.section_id, (question.section, []))[1].append(question)
    return list(pages.values())


def sheet(request, token):
    """The answer sheet behind a personal link, a section a page; answers are kept as they are given."""
    opened = _sheet(request, token)
    if isinstance(opened, services.SheetRefused):
        return render(request, "surveys/sheet_refused.html", {"message": opened.message}, status=404)
    campaign, response = opened
    pages = _sheet_pages(campaign.questionnaire)
    if not pages:
        return render(request, "surveys/sheet_refused.html", {"message": _("The questionnaire has no questions yet.")})
    page = _page(request.GET.get("page"), 1, len(pages))
    section, questions = pages[page - 1]
    errors, posted = {}, None
    if request.method == "POST":
        page = _page(request.POST.get("page"), page, len(pages))
        section, questions = pages[page - 1]
        submit = request.POST.get("action") == "submit"
        everything = [q for _section, page_questions in pages for q in page_questions]
        errors = services.sheet_save(response, questions, request.POST, submit=submit, questionnaire=everything)
        posted = request.POST
        if errors and not set(errors) & {q.pk for q in questions}:
            # A required answer is missing on another page: show that page, with the note by the question.
            page = next(i for i, (_s, qs) in enumerate(pages, start=1) if {q.pk for q in qs} & set(errors))
            (section, questions), posted = pages[page - 1], None
        if not errors:
            if submit:
                return redirect(f"{request.path}?done=1")
            if request.POST.get("action") == "back":
                return redirect(f"{request.path}?page={max(page - 1, 1)}")
            return redirect(f"{request.path}?page={min(page + 1, len(pages))}")
    if request.method == "POST":
        response.refresh_from_db(fields=["submitted_at"])
    if request.GET.get("done") and response.submitted_at:
        return render(request, "surveys/sheet_done.html", {"campaign": campaign, "token": token})
    answers = {a.question_id: a for a in response.answers.all()}
    items = []
    for q in questions:
        a = answers.get(q.pk)
        if posted is not None:
            values = posted.getlist(f"q{q.pk}")
        elif a is None:
            values = []
        elif q.scale_max:
            values = [str(a.number)]
        elif q.kind == Question.Kind.YESNO:
            values = ["yes" if a.number else "no"]
        elif a.choices:
            values = a.choices
        else:
            values = [a.text]
        items.append({"q": q, "values": values, "error": errors.get(q.pk, "")})
    return render(
        request,
        "surveys/sheet.html",
        {
            "campaign": campaign,
            "response": response,
            "section": section,
            "items": items,
            "page": page,
            "pages": len(pages),
            "token": token,
            "has_errors": bool(errors),
            "minutes": results.minutes_to_answer(campaign.questionnaire) if page == 1 else None,
        },
    )


@require_POST
def sheet_answer(request, token, question):
    """htmx: one answer saved as it is given; the reply is the question's status line."""
    opened = _sheet(request, token)
    if isinstance(opened, services.SheetRefused):
        return HttpResponse(opened.message, status=404)
    campaign, response = opened
    q = get_object_or_404(Question.objects.filter(questionnaire=campaign.questionnaire), pk=question)
    try:
        services.answer_save(response, q, request.POST.getlist(f"q{q.pk}"))
    except ValidationError as error:
        return render(request, "surveys/_saved.html", {"q": q, "error": error.messages[0]})
    return render(request, "surveys/_saved.html", {"q": q, "saved": True})
