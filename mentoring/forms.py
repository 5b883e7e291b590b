from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import Q
from django.template import loader
from django.utils.translation import gettext_lazy as _

from . import uploads
from .models import (
    ASSIGNABLE_MENTOR_STATUSES,
    BaseImport,
    Competency,
    Consent,
    ConsentGiver,
    ConsentKind,
    Meeting,
    Mentee,
    MenteeStatus,
    Mentor,
    MentoringForm,
    MentorTraining,
    Pair,
    Person,
    PlanItem,
    Weekday,
)
from .services import category_change_problems, email_user, preferred_forms_problem


class EmailAuthenticationForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")
        self.fields["username"].widget.attrs.update(autocomplete="email", inputmode="email")


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose mail goes out through Celery, off the request."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        email_user(user=context["user"], subject=subject, body=body, html_body=html)


# --- The bases ---------------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(*layout, submit=True):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    if submit:
        helper.layout.append(Submit("save", _("Save")))
    return helper


class WeekdaysField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Weekday.choices)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "birth_date",
            "grade",
            "class_letter",
            "position",
            "subject",
            "experience_years",
            "phone",
            "email",
            "parent_name",
            "parent_phone",
            "parent_email",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.helper = _helper(
            Row(Column("last_name"), Column("first_name"), Column("patronymic")),
            Row(Column("birth_date"), Column("grade"), Column("class_letter")),
            Row(Column("position"), Column("subject"), Column("experience_years")),
            Row(Column("phone"), Column("email")),
            Row(Column("parent_name"), Column("parent_phone"), Column("parent_email")),
            submit=False,
        )


class EntryConsentForm(forms.Form):
    """The processing consent a person enters the base with."""

    consent_on = forms.DateField(
        label=_("Consent to the processing of personal data, date"), widget=DateInput(), initial=date.today
    )
    consent_parent = forms.CharField(
        label=_("Given by a parent"),
        required=False,
        max_length=300,
        help_text=_("The parent's name, for a minor. Empty when the person signed it themselves."),
    )
    consent_scan = forms.FileField(label=_("Scan"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("consent_on"), Column("consent_parent"), Column("consent_scan")), submit=False)

    def clean_consent_scan(self):
        return uploads.cleaned(self.cleaned_data.get("consent_scan"), uploads.SCAN)

    def build(self, person):
        data = self.cleaned_data
        parent = data.get("consent_parent", "").strip()
        return Consent(
            person=person,
            kind=ConsentKind.PROCESSING,
            given_by=ConsentGiver.PARENT if parent else ConsentGiver.PERSON,
            giver_name=parent,
            given_on=data["consent_on"],
            scan=data.get("consent_scan") or "",
        )


class TagsField(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 8})


class MenteeForm(forms.ModelForm):
    availability = WeekdaysField(label=_("Available on"))
    case_url = forms.URLField(label=_("Link to the case or review"), required=False, assume_scheme="https")

    class Meta:
        model = Mentee
        fields = [
            "category",
            "request",
            "needs",
            "request_source",
            "preferred_form",
            "availability",
            "entered_on",
            "status",
            "results",
            "case_url",
        ]
        widgets = {
            "entered_on": DateInput(),
            "request": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 2}),
            "needs": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = Competency.available_to(organization)
        self.fields["preferred_form"].queryset = MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        )
        if not self.instance.pk:
            # Pairing and completion move the status; a new mentee waits for a mentor.
            del self.fields["status"]
            del self.fields["results"]
            del self.fields["case_url"]
        else:
            self.fields["status"].choices = [
                (s, label) for s, label in MenteeStatus.choices if s in {self.instance.status, MenteeStatus.LEFT}
            ]
        self.helper = _helper(
            Row(Column("category"), Column("request_source"), Column("entered_on")),
            "request",
            Row(Column("needs"), Column("preferred_form", "availability")),
            *(["status", "results", "case_url"] if self.instance.pk else []),
            submit=False,
        )

    def clean(self):
        data = super().clean()
        if data.get("category") and data.get("preferred_form"):
            audience = Mentee(category=data["category"]).audience
            problem = preferred_forms_problem([data["preferred_form"]], mentee_audience=audience)
            if problem:
                self.add_error("preferred_form", problem)
        if data.get("category"):
            for problem in category_change_problems(self.instance, data["category"]):
                self.add_error("category", problem)
        return data


class MentorForm(forms.ModelForm):
    availability = WeekdaysField(label=_("Available on"))

    class Meta:
        model = Mentor
        fields = [
            "category",
            "workplace",
            "competencies",
            "achievements",
            "interests",
            "desired_age_from",
            "desired_age_to",
            "availability",
            "availability_note",
            "capacity",
            "preferred_forms",
            "qualification",
            "included_on",
        ]
        widgets = {
            "included_on": DateInput(),
            "achievements": forms.Textarea(attrs={"rows": 2}),
            "interests": forms.Textarea(attrs={"rows": 2}),
            "competencies": forms.SelectMultiple(attrs={"size": 8}),
            "preferred_forms": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Competency.available_to(organization)
        self.fields["preferred_forms"].queryset = MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        )
        if not self.instance.pk:
            self.initial.setdefault("capacity", organization.default_mentor_capacity)
        self.helper = _helper(
            Row(Column("category"), Column("workplace"), Column("qualification")),
            Row(Column("competencies"), Column("achievements", "interests")),
            Row(Column("desired_age_from"), Column("desired_age_to"), Column("capacity"), Column("included_on")),
            Row(Column("availability"), Column("availability_note")),
            "preferred_forms",
            submit=False,
        )

    def clean(self):
        data = super().clean()
        if data.get("category"):
            problem = preferred_forms_problem(data.get("preferred_forms") or [], mentor_category=data["category"])
            if problem:
                self.add_error("preferred_forms", problem)
            for problem in category_change_problems(self.instance, data["category"]):
                self.add_error("category", problem)
        return data


class MentoringConsentForm(forms.Form):
    mentoring_consent_on = forms.DateField(
        label=_("A teacher's written consent to mentor, date"),
        required=False,
        widget=DateInput(),
        help_text=_("Needed before a teacher is given mentees."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("mentoring_consent_on", submit=False)


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "given_by", "giver_name", "given_on", "scan"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args, person, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        if kind in ConsentKind.values:
            self.initial.setdefault("kind", kind)
        if person.is_minor:
            self.initial.setdefault("given_by", ConsentGiver.PARENT)
            self.initial.setdefault("giver_name", person.parent_name)
        self.helper = _helper(
            Row(Column("kind"), Column("given_on")), Row(Column("given_by"), Column("giver_name")), "scan"
        )

    def clean_scan(self):
        return uploads.cleaned(self.cleaned_data.get("scan"), uploads.SCAN)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and self.instance.person.consents.in_force().filter(kind=kind).exists():
            self.add_error(
                "kind", _("A consent of this kind is already in force. Revoke it first if a new one replaces it.")
            )
        return data


class RevocationForm(forms.Form):
    """The revocation of a consent: its date (never in the future) and the signed revocation, if any."""

    revoked_on = forms.DateField(label=_("Date of the revocation"), widget=DateInput(), initial=date.today)
    revocation_scan = forms.FileField(label=_("Scan of the revocation"), required=False)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.helper = _helper(Row(Column("revoked_on"), Column("revocation_scan")), submit=False)
        self.helper.layout.append(Submit("save", _("Record the revocation"), css_class="btn-danger"))

    def clean_revoked_on(self):
        from django.utils import timezone

        on = self.cleaned_data["revoked_on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The revocation cannot be dated in the future."))
        if on < self.consent.given_on:
            raise forms.ValidationError(_("A consent cannot be revoked before it was given."))
        return on

    def clean_revocation_scan(self):
        return uploads.cleaned(self.cleaned_data.get("revocation_scan"), uploads.SCAN)


class TrainingForm(forms.ModelForm):
    class Meta:
        model = MentorTraining
        fields = ["course", "started_on", "finished_on", "certificate_number", "certificate"]
        widgets = {"started_on": DateInput(), "finished_on": DateInput()}

    def __init__(self, *args, mentor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.mentor = mentor
        self.helper = _helper(
            "course",
            Row(Column("started_on"), Column("finished_on")),
            Row(Column("certificate_number"), Column("certificate")),
        )

    def clean_certificate(self):
        return uploads.cleaned(self.cleaned_data.get("certificate"), uploads.SCAN)

    def clean(self):
        data = super().clean()
        if data.get("started_on") and data.get("finished_on") and data["finished_on"] < data["started_on"]:
            self.add_error("finished_on", _("The end is before the start."))
        return data


class CompetencyForm(forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["name"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.organization = organization

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # Compared in Python: SQLite ignores the case of Latin letters only.
        known = {n.casefold() for n in Competency.available_to(self.organization).values_list("name", flat=True)}
        if name.casefold() in known:
            raise forms.ValidationError(_("The vocabulary already has this tag."))
        return name


class BaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    tag = forms.ModelChoiceField(label=_("Request or competency"), queryset=Competency.objects.none(), required=False)

    def __init__(self, *args, organization, statuses, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("any"))] + list(statuses)
        self.fields["category"].choices = [("", _("any"))] + list(categories)
        self.fields["tag"].queryset = Competency.available_to(organization)
        self.fields["tag"].empty_label = _("any")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            )


# --- Pairs -------------------------------------------------------------------------------------------


class PairForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none())
    mentees = forms.ModelMultipleChoiceField(
        label=_("Mentees"),
        queryset=Mentee.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("One mentee makes a pair, several a group."),
    )
    form = forms.ModelChoiceField(label=_("Form of mentoring"), queryset=MentoringForm.objects.none())
    started_on = forms.DateField(label=_("Start"), widget=DateInput(), initial=date.today)
    ends_on = forms.DateField(label=_("Planned end"), widget=DateInput(), required=False)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        organization = program.organization
        self.fields["mentor"].queryset = (
            Mentor.objects.of(organization)
            .current()
            .filter(status__in=ASSIGNABLE_MENTOR_STATUSES)
            .select_related("person")
        )
        self.fields["mentees"].queryset = (
            Mentee.objects.of(organization).current().filter(status=MenteeStatus.APPLIED).select_related("person")
        )
        self.fields["form"].queryset = program.forms.all()
        self.initial.setdefault("ends_on", program.period_end)
        self.helper = _helper(
            Row(Column("mentor"), Column("form")),
            "mentees",
            Row(Column("started_on"), Column("ends_on")),
            "goal",
        )


class PairEditForm(forms.ModelForm):
    class Meta:
        model = Pair
        fields = ["goal", "ends_on"]
        widgets = {"ends_on": DateInput(), "goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("goal", "ends_on")


class CompletePairForm(forms.Form):
    finished_on = forms.DateField(label=_("Finished on"), widget=DateInput(), initial=date.today)
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.TypedChoiceField(
        label=_("Curator's rating"),
        choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    case = forms.CharField(
        label=_("Case"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What was done and what came of it, for the best-practice bank."),
    )
    case_for_bank = forms.BooleanField(label=_("Propose the case for the best-practice bank"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("finished_on"), Column("rating")), "result", "case", "case_for_bank")


class TerminatePairForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=date.today)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("on", "reason")


class ReplaceMentorForm(forms.Form):
    new_mentor = forms.ModelChoiceField(label=_("New mentor"), queryset=Mentor.objects.none())
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=date.today)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_mentor"].queryset = (
            Mentor.objects.of(pair.program.organization)
            .current()
            .filter(status__in=ASSIGNABLE_MENTOR_STATUSES)
            .exclude(pk=pair.mentor_id)
            .select_related("person")
        )
        self.helper = _helper("new_mentor", "on", "reason")


class AddMenteeForm(forms.Form):
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Mentee.objects.none())

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = (
            Mentee.objects.of(pair.program.organization)
            .current()
            .filter(status=MenteeStatus.APPLIED)
            .select_related("person")
        )
        self.helper = _helper("mentee")


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "format", "topic", "notes", "attendees"]
        widgets = {
            "held_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pair = pair
        current = pair.mentees.filter(memberships__left_on__isnull=True).select_related("person")
        self.fields["attendees"].queryset = current
        self.initial.setdefault("held_on", date.today())
        self.initial.setdefault("attendees", list(current))
        self.helper = _helper(Row(Column("held_on"), Column("format")), "topic", "notes", "attendees")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on < self.instance.pair.started_on:
            raise forms.ValidationError(
                _("The pair started later, on %(date)s.") % {"date": self.instance.pair.started_on.strftime("%d.%m.%Y")}
            )
        if held_on > date.today():
            raise forms.ValidationError(_("A meeting is logged after it took place."))
        return held_on


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["task", "due_on", "status", "result"]
        widgets = {"due_on": DateInput(), "result": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pair = pair
        self.helper = _helper("task", Row(Column("due_on"), Column("status")), "result")


class WeightsForm(forms.Form):
    needs = forms.IntegerField(label=_("Requests and competencies"), min_value=0, max_value=10, initial=5)
    form = forms.IntegerField(label=_("Preferred form"), min_value=0, max_value=10, initial=2)
    age = forms.IntegerField(label=_("Age of the mentee (students)"), min_value=0, max_value=10, initial=2)
    subject = forms.IntegerField(label=_("Subject (teachers)"), min_value=0, max_value=10, initial=2)
    availability = forms.IntegerField(label=_("Common weekdays"), min_value=0, max_value=10, initial=1)
    workload = forms.IntegerField(label=_("Free places of the mentor"), min_value=0, max_value=10, initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(*(Column(name, css_class="col-6 col-md-4 col-xl-2") for name in self.fields)), submit=False
        )


class BaseImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Into"), choices=BaseImport.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV with a header row, as in the template. The first sheet of a workbook is read."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        self.helper = _helper(Row(Column("kind"), Column("file")), submit=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check(upload, uploads.BASE_IMPORT)
        return upload
