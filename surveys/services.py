"""Building questionnaires (with versions once answered), launching campaigns, and answering them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.changes import figures_changed
from mentoring.models import Mentee, Mentor, PairMember, PairStatus, Person

from .models import Answer, Campaign, Invitation, Question, Questionnaire, Response, Section, token_hash

# --- The builder ---------------------------------------------------------------------------------------------


def _clone(questionnaire, *, organization, version, previous=None, title=None):
    copy = Questionnaire.objects.create(
        organization=organization,
        code=questionnaire.code,
        title=title or questionnaire.title,
        description=questionnaire.description,
        audience=questionnaire.audience,
        stage=questionnaire.stage,
        version=version,
        previous=previous,
    )
    for section in questionnaire.sections.prefetch_related("questions"):
        new_section = Section.objects.create(questionnaire=copy, title=section.title, position=section.position)
        Question.objects.bulk_create(
            [
                Question(
                    questionnaire=copy,
                    section=new_section,
                    kind=q.kind,
                    text=q.text,
                    help_text=q.help_text,
                    required=q.required,
                    choices=q.choices,
                    low_label=q.low_label,
                    high_label=q.high_label,
                    indicator=q.indicator,
                    position=q.position,
                )
                for q in section.questions.all()
            ]
        )
    return copy


@transaction.atomic
def questionnaire_copy(questionnaire, *, organization):
    """An organization's own copy of a built-in questionnaire, to edit."""
    if Questionnaire.objects.filter(organization=organization, code=questionnaire.code).exists():
        raise ValidationError(_("The organization already has its copy of this questionnaire."))
    return _clone(questionnaire, organization=organization, version=1)


def editable_version(questionnaire):
    """The version to edit: the questionnaire itself until it has answers; then a new version, so that
    the old answers stay with the questions they answered."""
    if questionnaire.is_builtin:
        raise ValidationError(_("A built-in questionnaire is not edited: copy it to your organization first."))
    if not questionnaire.is_current:
        raise ValidationError(_("This is an old version: edit the current one."))
    if not Response.objects.filter(questionnaire=questionnaire).exists():
        return questionnaire
    return _clone(
        questionnaire,
        organization=questionnaire.organization,
        version=questionnaire.version + 1,
        previous=questionnaire,
    )


def _same_question(version, question):
    """The question of `version` that stands where `question` stood in the version it was cloned from."""
    if question.questionnaire_id == version.pk:
        return question
    return (
        version.questions.filter(section__position=question.section.position, position=question.position)
        .order_by(models.Case(models.When(text=question.text, then=0), default=1), "pk")
        .first()
    )


def _validate_question(kind, choices):
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
        raise ValidationError(_("A question with choices needs at least two of them, one a line."))


@transaction.atomic
def question_save(questionnaire, *, question=None, data):
    """Add a question (to the section named in `data`) or change one; returns the version edited."""
    _validate_question(data["kind"], data["choices"])
    version = editable_version(questionnaire)
    fields = {
        k: data[k] for k in ("kind", "text", "help_text", "required", "choices", "low_label", "high_label", "indicator")
    }
    if question is None:
        section, _new = Section.objects.get_or_create(
            questionnaire=version,
            title=data["section"] or _("Questions"),
            defaults={"position": version.sections.count()},
        )
        last = section.questions.aggregate(last=Max("position"))["last"]
        Question.objects.create(questionnaire=version, section=section, position=(last or 0) + 1, **fields)
    else:
        Question.objects.filter(pk=_same_question(version, question).pk).update(**fields)
    return version


@transaction.atomic
def question_delete(questionnaire, *, question):
    version = editable_version(questionnaire)
    _same_question(version, question).delete()
    return version


# --- Campaigns --------------------------------------------------------------------------------------------------

AUDIENCES = {
    "mentees_base": _("every mentee of the base"),
    "mentors_base": _("every mentor of the base"),
    "program_mentees": _("the mentees of the program's pairs"),
    "program_mentors": _("the mentors of the program's pairs"),
    "form": _("the mentees and mentors of one form"),
    "people": _("chosen people"),
}


def audience_people(program, audience, *, form=None, people=None):
    org = program.organization
    working = PairMember.objects.filter(pair__program=program, pair__status=PairStatus.ACTIVE, left_on__isnull=True)
    if audience == "mentees_base":
        ids = Mentee.objects.of(org).current().values("person_id")
    elif audience == "mentors_base":
        ids = Mentor.objects.of(org).current().values("person_id")
    elif audience == "program_mentees":
        ids = working.values("mentee__person_id")
    elif audience == "program_mentors":
        ids = working.values("pair__mentor__person_id")
    elif audience == "form":
        of_form = working.filter(pair__form=form)
        ids = Person.objects.filter(
            Q(pk__in=of_form.values("mentee__person_id")) | Q(pk__in=of_form.values("pair__mentor__person_id"))
        ).values("pk")
    else:
        ids = [p.pk for p in people or []]
    return list(Person.objects.filter(organization=org, pk__in=ids).current().order_by("last_name", "first_name"))


# A title goes into the subject of the mail: a line break there would be a header injection.
ONE_LINE_TITLE = gettext_lazy("The title is one line: without line breaks or tabs.")


def is_one_line(text):
    return not any(ord(c) < 32 or c in "\u2028\u2029\x7f" for c in text or "")


def _new_token():
    return secrets.token_urlsafe(24)


@transaction.atomic
def campaign_create(
    *, program, questionnaire, title, opens_on, closes_on, anonymous, phase, people, user, activity=None
):
    """The campaign and one invitation a person. Returns the campaign and the personal links
    `[(person, token)]`: the tokens are shown (and mailed) once and never stored."""
    if questionnaire.organization_id not in (None, program.organization_id):
        raise ValidationError(_("This questionnaire belongs to another organization."))
    if not people:
        raise ValidationError(_("Nobody to ask: the group chosen is empty."))
    if anonymous and len(people) < settings.SURVEY_ANONYMITY_MIN_GROUP:
        raise ValidationError(
            _(
                "An anonymous questionnaire needs at least %(min)d people, or an answer can be told apart: "
                "this group has %(n)d. Choose a larger group or make the questionnaire non-anonymous."
            )
            % {"min": settings.SURVEY_ANONYMITY_MIN_GROUP, "n": len(people)}
        )
    if not questionnaire.questions.exists():
        raise ValidationError(_("The questionnaire has no questions yet."))
    if closes_on < opens_on:
        raise ValidationError(_("The campaign closes before it opens."))
    if not is_one_line(title):
        raise ValidationError(ONE_LINE_TITLE)
    campaign = Campaign.objects.create(
        organization=program.organization,
        program=program,
        questionnaire=questionnaire,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        phase=phase,
        activity=activity,
        created_by=user,
    )
    links = [(person, _new_token()) for person in people]
    Invitation.objects.bulk_create(
        [Invitation(campaign=campaign, person=p, token_hash=token_hash(t, "invitation")) for p, t in links]
    )
    _mail_links(campaign, links)
    return campaign, links


def person_address(person):
    return person.email or (person.parent_email if person.is_minor else "") or person.parent_email


def _mail_reminders(campaign, people):
    from .tasks import send_reminder

    for person in people:
        address = person_address(person)
        if address:
            transaction.on_commit(
                lambda a=address: send_reminder.delay(a, campaign.title, str(campaign.closes_on), campaign.pk),
                robust=True,
            )


def _mail_links(campaign, links):
    from .tasks import send_link

    site = settings.SITE_URL.rstrip("/")
    for person, token in links:
        address = person_address(person)
        if address:
            url = f"{site}/s/{token}/"
            # robust: a letter that cannot be sent is logged, and the once-only links page is still shown.
            transaction.on_commit(
                lambda a=address, u=url: send_link.delay(a, campaign.title, u, str(campaign.closes_on), campaign.pk),
                robust=True,
            )


@transaction.atomic
def campaign_remind(campaign):
    """New personal links for those who have not answered, mailed where there is an address and
    returned for printing. An anonymous campaign cannot tell who has answered, and a new link would
    open a second, empty sheet: there everyone is reminded by mail to use the link they have."""
    if not campaign.is_open():
        raise ValidationError(_("The campaign is closed: there is nothing to remind of."))
    invitations = campaign.invitations.select_related("person")
    if campaign.anonymous:
        _mail_reminders(campaign, [i.person for i in invitations])
        invitations.update(reminded_at=timezone.now())
        return []
    invitations = invitations.exclude(response__submitted_at__isnull=False)
    links = []
    now = timezone.now()
    for invitation in invitations:
        token = _new_token()
        invitation.token_hash, invitation.reminded_at = token_hash(token, "invitation"), now
        invitation.save(update_fields=["token_hash", "reminded_at"])
        links.append((invitation.person, token))
    _mail_links(campaign, links)
    return links


def has_answers(campaign):
    """Anything answered, submitted or not: a campaign with answers is never cancelled."""
    return (
        Answer.objects.filter(response__campaign=campaign).exists()
        or campaign.responses.filter(submitted_at__isnull=False).exists()
    )


@transaction.atomic
def campaign_cancel(campaign, *, user):
    """Cancel a campaign nobody has answered yet: its links open nothing any more, nothing more is
    mailed (links and reminders still queued check it before they go) and what people were told about
    it is withdrawn. A campaign with answers keeps them: it closes on its date instead."""
    from notifications.services import notifications_withdraw

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_cancelled:
        raise ValidationError(_("The campaign is already cancelled."))
    if has_answers(campaign):
        raise ValidationError(_("The campaign already has answers: it cannot be cancelled; it closes on its date."))
    campaign.cancelled_at, campaign.cancelled_by = timezone.now(), user
    campaign.save(update_fields=["cancelled_at", "cancelled_by"])
    notifications_withdraw(subject=f"campaign:{campaign.pk}")
    return campaign


@transaction.atomic
def invitation_reissue(invitation):
    """A new personal link for one person (a lost or forwarded one): the old link stops working and
    says it was replaced; the answers given so far stay with the person's sheet. Not in an anonymous
    campaign, where a new link would open a second, empty sheet, nor once the person has answered."""
    invitation = Invitation.objects.select_for_update().select_related("campaign", "person").get(pk=invitation.pk)
    campaign = invitation.campaign
    if not campaign.is_open():
        raise ValidationError(_("The campaign is not open: no new link is issued."))
    if campaign.anonymous:
        raise ValidationError(
            _("In an anonymous campaign a new link would open a second, empty sheet: remind everyone instead.")
        )
    if Response.objects.filter(invitation=invitation, submitted_at__isnull=False).exists():
        raise ValidationError(_("%(name)s has already answered: no new link is needed.") % {"name": invitation.person})
    token = _new_token()
    invitation.token_hash, invitation.reminded_at = token_hash(token, "invitation"), timezone.now()
    invitation.save(update_fields=["token_hash", "reminded_at"])
    _mail_links(campaign, [(invitation.person, token)])
    return invitation.person, token


def class_of(person):
    """The class a slip is printed for: «7Б», or "" for someone not in a class (a teacher, a parent)."""
    return person.class_name


@transaction.atomic
def class_reissue(campaign, class_name):
    """New personal links for the people of one class who have not answered, to print as slips: the
    rules of `invitation_reissue` (an open, named campaign; nobody who has answered), and the old links
    of those people stop working and say so. Returns the links `[(person, token)]` and how many of the
    class were skipped for having answered."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open():
        raise ValidationError(_("The campaign is not open: no new link is issued."))
    if campaign.anonymous:
        raise ValidationError(
            _("In an anonymous campaign a new link would open a second, empty sheet: remind everyone instead.")
        )
    invitations = [
        invitation
        for invitation in campaign.invitations.select_for_update()
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
        if class_of(invitation.person) == class_name
    ]
    if not invitations:
        raise ValidationError(_("Nobody of the class «%(name)s» was asked in this campaign.") % {"name": class_name})
    answered = set(
        Response.objects.filter(invitation__in=invitations, submitted_at__isnull=False).values_list(
            "invitation_id", flat=True
        )
    )
    links, now = [], timezone.now()
    for invitation in invitations:
        if invitation.pk in answered:
            continue
        token = _new_token()
        invitation.token_hash, invitation.reminded_at = token_hash(token, "invitation"), now
        links.append((invitation, token))
    if not links:
        raise ValidationError(
            _("Everyone of the class «%(name)s» has answered: no new slips are needed.") % {"name": class_name}
        )
    Invitation.objects.bulk_update([i for i, _t in links], ["token_hash", "reminded_at"])
    links = [(invitation.person, token) for invitation, token in links]
    _mail_links(campaign, links)
    return links, len(answered)


def invitation_open_for(user, invitation_id):
    """A person signed in to the portal opens their own questionnaire from the home page. Only the
    link's hash is kept, so the sheet gets a new link (the one in the email then says it was
    replaced); the answers given so far stay with the person's sheet. Not in an anonymous campaign,
    whose sheet is keyed by the emailed link, so that nobody can tell whose it is."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("campaign")
        .filter(pk=invitation_id, person__user=user)
        .first()
    )
    if invitation is None:
        raise Invitation.DoesNotExist
    campaign = invitation.campaign
    if not campaign.is_open():
        raise ValidationError(_("The questionnaire is not open: answers are not taken now."))
    if campaign.anonymous:
        raise ValidationError(_("An anonymous questionnaire opens only by the link in its email."))
    if Response.objects.filter(invitation=invitation, submitted_at__isnull=False).exists():
        raise ValidationError(_("You have already answered this questionnaire. Thank you!"))
    token = _new_token()
    invitation.token_hash = token_hash(token, "invitation")
    invitation.save(update_fields=["token_hash"])
    return token


# --- Answering ---------------------------------------------------------------------------------------------------


class SheetRefused(Exception):
    """The link does not open a sheet; `message` says why, revealing nothing about anyone."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def sheet_open(token):
    """The respondent's answer sheet for a personal link."""
    if not token or len(token) > 100:
        raise SheetRefused(_("This link is not valid. Check that it was copied whole."))
    invitation = (
        Invitation.objects.select_related("campaign__questionnaire", "campaign__organization", "response")
        .filter(token_hash=token_hash(token, "invitation"))
        .first()
    )
    if invitation is None:
        raise SheetRefused(
            _("This link is not valid or has been replaced by a newer one. Check that it was copied whole.")
        )
    campaign = invitation.campaign
    today = timezone.localdate()
    if campaign.is_cancelled:
        raise SheetRefused(_("This questionnaire was cancelled: no answers are taken."))
    if today < campaign.opens_on:
        raise SheetRefused(_("The questionnaire opens on %(date)s.") % {"date": campaign.opens_on.strftime("%d.%m.%Y")})
    if today > campaign.closes_on:
        raise SheetRefused(
            _("The questionnaire closed on %(date)s. Thank you, answers are no longer taken.")
            % {"date": campaign.closes_on.strftime("%d.%m.%Y")}
        )
    key = token_hash(token, "sheet")
    lookup = {"sheet_key": key} if campaign.anonymous else {"invitation": invitation}
    if campaign.anonymous:
        response = Response.objects.filter(sheet_key=key).first()
    else:
        response = getattr(invitation, "response", None)  # fetched with the invitation
    if response is None:
        defaults = {"campaign": campaign, "questionnaire": campaign.questionnaire, "sheet_key": key}
        if not campaign.anonymous:
            defaults["invitation"] = invitation
        try:
            with transaction.atomic():
                response, _created = Response.objects.get_or_create(**lookup, defaults=defaults)
        except IntegrityError:  # two tabs opened the sheet at the same moment
            response = Response.objects.get(**lookup)
    if response.questionnaire_id == campaign.questionnaire_id:
        response.questionnaire = campaign.questionnaire  # known already: no query to read it again
    return campaign, response


def clean_answer(question, raw):
    """The stored form of what was typed or chosen, or a ValidationError saying what is wrong.
    `raw` is a list of strings (one for most questions, several for multiple choice)."""
    values = list(dict.fromkeys(v.strip() for v in raw if v is not None and v.strip()))
    if not values:
        if question.required:
            raise ValidationError(_("This question needs an answer."))
        return None
    if question.scale_max:
        try:
            number = int(values[0])
        except ValueError:
            raise ValidationError(_("Choose a number from 1 to %(max)d.") % {"max": question.scale_max})
        if not 1 <= number <= question.scale_max:
            raise ValidationError(_("Choose a number from 1 to %(max)d.") % {"max": question.scale_max})
        return {"number": number}
    if question.kind == Question.Kind.YESNO:
        if values[0] not in ("yes", "no"):
            raise ValidationError(_("Answer yes or no."))
        return {"number": 1 if values[0] == "yes" else 0}
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        unknown = [v for v in values if v not in question.choices]
        if unknown or (question.kind == Question.Kind.SINGLE and len(values) > 1):
            raise ValidationError(_("Choose from the options given."))
        return {"choices": values}
    text = values[0]
    if len(text) > Question.MAX_TEXT:
        raise ValidationError(
            _("The answer is too long: %(n)d characters, at most %(max)d.") % {"n": len(text), "max": Question.MAX_TEXT}
        )
    return {"text": text}


def answer_save(response, question, raw):
    """Save one answer as the respondent goes; an empty answer removes it. Raises ValidationError."""
    if question.questionnaire_id != response.questionnaire_id:
        raise ValidationError(_("This question is not on this questionnaire."))
    cleaned = clean_answer(question, raw)  # a required answer cleared stays as it was, with the error
    if cleaned is None:
        Answer.objects.filter(response=response, question=question).delete()
        return None
    values = {"number": None, "text": "", "choices": [], **cleaned}
    answer, _created = Answer.objects.update_or_create(response=response, question=question, defaults=values)
    return answer


def sheet_save(response, questions, data, *, submit, questionnaire=None):
    """Save every question of `questions` from the posted `data` (a QueryDict); with `submit`, check that
    the required ones of the whole questionnaire are answered and mark the sheet submitted. Returns the
    errors by question id; what was valid is saved either way, so nothing typed is lost.
    `questionnaire`: all its questions when the caller has them (the sheet's pages), so that only the
    required ones of other pages are looked up (none when they were all on this page).

    A few round trips whatever the number of questions, in one transaction: the answers given are
    written by one upsert on the answer's unique constraint (a second tab, a repeated POST update the
    same rows), the cleared ones removed by one delete; no row is locked beyond the sheet's own."""
    errors, given, cleared = {}, [], []
    for question in questions:
        if question.questionnaire_id != response.questionnaire_id:
            errors[question.pk] = _("This question is not on this questionnaire.")
            continue
        try:
            cleaned = clean_answer(question, data.getlist(f"q{question.pk}"))
        except ValidationError as error:
            errors[question.pk] = error.messages[0]
            continue
        if cleaned is None:
            cleared.append(question.pk)
        else:
            values = {"number": None, "text": "", "choices": [], **cleaned}
            given.append(Answer(response=response, question=question, **values))
    with transaction.atomic():
        if given:
            Answer.objects.bulk_create(
                given,
                update_conflicts=True,
                unique_fields=["response", "question"],
                update_fields=["number", "text", "choices"],
            )
        if cleared:
            Answer.objects.filter(response=response, question_id__in=cleared).delete()
        if submit and not errors:
            for question_id in _required_unanswered(response, {a.question_id for a in given}, questionnaire):
                errors[question_id] = _("This question needs an answer.")
            if not errors:
                Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(submitted_at=timezone.now())
                figures_changed.send(sender=Response, response=response.pk)
    return errors


def _required_unanswered(response, given, questionnaire):
    """The required questions of the sheet's questionnaire without an answer, besides those in `given`
    (answered just now): one query, or none when `questionnaire` (all its questions) shows no other
    required question."""
    answers = Answer.objects.filter(response=response)
    if questionnaire is None:
        required = Question.objects.filter(questionnaire_id=response.questionnaire_id, required=True)
        unanswered = required.exclude(pk__in=given).exclude(pk__in=answers.values("question_id"))
        return list(unanswered.order_by().values_list("pk", flat=True))
    required = [q.pk for q in questionnaire if q.required and q.pk not in given]
    if not required:
        return []
    answered = set(answers.filter(question_id__in=required).values_list("question_id", flat=True))
    return [pk for pk in required if pk not in answered]
