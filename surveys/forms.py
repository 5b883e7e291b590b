from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.forms import DateInput
from mentoring.models import MentoringForm, Person
from roadmap.models import Activity, Program
from roadmap.stages import ResultKind

from .models import Campaign, Question, Questionnaire
from .services import AUDIENCES, ONE_LINE_TITLE, is_one_line


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class QuestionForm(forms.Form):
    section = forms.CharField(label=_("Section"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Type"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Hint"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One a line.")
    )
    low_label = forms.CharField(label=_("Label of the low end"), max_length=100, required=False)
    high_label = forms.CharField(label=_("Label of the high end"), max_length=100, required=False)
    indicator = forms.SlugField(
        label=_("Indicator"), max_length=60, required=False, help_text=_("For the entry and exit comparison.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class CampaignForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    opens_on = forms.DateField(label=_("Opens"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes"), widget=DateInput())
    anonymous = forms.BooleanField(
        label=_("Anonymous"), required=False, help_text=_("No link between an answer and a person is kept.")
    )
    phase = forms.ChoiceField(label=_("Measure"), choices=Campaign.Phase.choices, required=False)
    audience = forms.ChoiceField(label=_("Who is asked"), choices=list(AUDIENCES.items()))
    form = forms.ModelChoiceField(label=_("Form of mentoring"), queryset=MentoringForm.objects.none(), required=False)
    people = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Type a part of a name to find a person; choose as many as needed."),
        # static/js/searchable-select.js turns it into a searchable list (Tom Select); without
        # JavaScript it stays a plain multiple select.
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
    )
    activity = forms.ModelChoiceField(
        label=_("Roadmap activity it fulfils"), queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        current = Questionnaire.objects.filter(Q(organization__isnull=True) | Q(organization=organization)).filter(
            next_version__isnull=True
        )
        self.fields["questionnaire"].queryset = current.order_by("stage", "title")
        self.fields["program"].queryset = Program.objects.filter(organization=organization).order_by("-period_start")
        self.fields["form"].queryset = MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        )
        self.fields["people"].queryset = Person.objects.filter(organization=organization).current()
        self.fields["people"].widget.attrs.update(
            {
                "data-placeholder": gettext("Find by name…"),
                "data-no-results": gettext("Nobody found"),
                "data-remove-label": gettext("Remove"),
            }
        )
        self.fields["activity"].queryset = Activity.objects.filter(
            organization=organization, result_kind__in=[ResultKind.QUESTIONNAIRE, ResultKind.REPORT]
        ).select_related("program")
        self.helper = _helper()

    def clean_title(self):
        title = self.cleaned_data["title"]
        if not is_one_line(title):
            raise forms.ValidationError(ONE_LINE_TITLE)
        return title

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The campaign closes before it opens."))
        if data.get("audience") == "form" and not data.get("form"):
            self.add_error("form", _("Choose the form."))
        if data.get("audience") == "people" and not data.get("people"):
            self.add_error("people", _("Choose the people."))
        if data.get("activity") and data.get("program") and data["activity"].program_id != data["program"].pk:
            self.add_error("activity", _("Choose an activity of the program chosen."))
        return data
