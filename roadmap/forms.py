from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.models import MentoringForm, OrganizationKind, Role, User

from .models import Activity, ActivityStatus, Program, Section

# A form that creates carries its key, so that a double click creates nothing twice (mentoring.submit).
ONCE = "{% submit_once %}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def members_of(organization, roles=None):
    # One filter() call, so that organization and role are checked on the same membership.
    condition = {"memberships__organization": organization}
    if roles:
        condition["memberships__role__in"] = roles
    return User.objects.filter(is_active=True, **condition).distinct()


class ProgramForm(forms.ModelForm):
    ROADMAP_CHOICES = [
        ("template", _("the seven standard stages with their typical activities")),
        ("copy", _("a copy of another program's roadmap (e.g. last year's)")),
        ("empty", _("an empty roadmap")),
    ]
    roadmap_source = forms.ChoiceField(
        label=_("Roadmap"), choices=ROADMAP_CHOICES, initial="template", widget=forms.RadioSelect
    )
    copy_from = forms.ModelChoiceField(label=_("Copy the roadmap of"), queryset=Program.objects.none(), required=False)

    class Meta:
        model = Program
        fields = ["title", "period_start", "period_end", "curator", "forms", "status", "description"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "forms": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["curator"].queryset = members_of(organization, [Role.CURATOR, Role.DIRECTOR])
        self.fields["forms"].queryset = MentoringForm.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization)
        )
        if creating:
            self.fields["copy_from"].queryset = organization.programs.all()
        else:
            del self.fields["roadmap_source"]
            del self.fields["copy_from"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            HTML(ONCE),
            "title",
            Row(Column("period_start"), Column("period_end")),
            Row(Column("curator"), Column("status")),
            "forms",
            *(["roadmap_source", "copy_from"] if creating else []),
            "description",
            Submit("save", _("Save")),
        )

    def clean_title(self):
        # The organization is not a field of the form, so Django's unique check would skip it.
        title = self.cleaned_data["title"]
        clash = self.instance.organization.programs.filter(title=title).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The organization already has a program with this title."))
        return title

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] <= data["period_start"]:
            self.add_error("period_end", _("The period must end after it starts."))
        if data.get("roadmap_source") == "copy" and not data.get("copy_from"):
            self.add_error("copy_from", _("Choose the program whose roadmap to copy."))
        children = [f.name for f in data.get("forms") or [] if f.audience == MentoringForm.Audience.STUDENTS]
        if self.instance.organization.kind == OrganizationKind.KINDERGARTEN and children:
            # domain.md: kindergartens mentor their teachers («воспитатели»), not the children.
            self.add_error(
                "forms",
                _("A kindergarten mentors its teachers, not children: %(forms)s are forms for students.")
                % {"forms": ", ".join(f"«{name}»" for name in children)},
            )
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["number", "title", "stage"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            HTML(ONCE), Row(Column("number", css_class="col-md-2"), Column("title")), "stage", Submit("save", _("Save"))
        )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "section",
            "number",
            "title",
            "track",
            "start_date",
            "due_date",
            "term_text",
            "responsible_role",
            "responsible_users",
            "responsible_text",
            "result_kind",
            "result_text",
            "description",
            "note",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "result_text": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "due_date": DateInput(),
            "responsible_users": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {"due_date": _("Leave both dates empty to read them from the term as written.")}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.instance.organization = program.organization
        self.fields["section"].queryset = program.sections.all()
        self.fields["responsible_users"].queryset = members_of(program.organization)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            HTML(ONCE),
            Row(
                Column("section", css_class="col-md-8"),
                Column("number", css_class="col-md-2"),
                Column("track", css_class="col-md-2"),
            ),
            "title",
            Row(Column("start_date"), Column("due_date"), Column("term_text")),
            Row(Column("responsible_role"), Column("responsible_users")),
            "responsible_text",
            Row(Column("result_kind", css_class="col-md-4"), Column("result_text")),
            "description",
            "note",
            Submit("save", _("Save")),
        )

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and start > due:
            self.add_error("due_date", _("The due date is earlier than the start."))
        return data


class CompleteForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, OpenDocument or an image, up to 10 MB."),
    )
    url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")
    note = forms.CharField(
        label=_("or the reason there is no evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")
    title = forms.CharField(label=_("Description"), required=False, max_length=300)
    shared_with_district = forms.BooleanField(
        label=_("Share with the district"),
        required=False,
        help_text=_(
            "District staff see only the evidence the school shares: leave protocols with pupils' names unshared."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Attach a file or give a link."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to cancel, or to finish without evidence."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["placeholder"] = _("A note for colleagues: what is done, what is missing")
        self.helper = FormHelper()
        self.helper.form_show_labels = False
        self.helper.form_tag = False
        self.helper.disable_csrf = True


INLINE = "bootstrap5/layout/inline_field.html"


class ActivityFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("Mine"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    this_month = forms.BooleanField(label=_("This month"), required=False)
    stage = forms.TypedChoiceField(label=_("Stage"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .stages import Stage

        self.fields["stage"].choices = [("", _("all stages"))] + [(s.value, f"{s.value}. {s.label}") for s in Stage]
        self.fields["status"].choices = [("", _("any status"))] + list(ActivityStatus.choices)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-center my-2"
        self.helper.attrs = {"data-testid": "filters"}
        self.helper.layout = Layout(
            # Inline fields: checkboxes with their labels, selects labelled for screen readers only.
            *(Div(Field(name, template=INLINE), css_class="col-12") for name in ("mine", "overdue", "this_month")),
            *(
                Div(
                    Field(name, css_class="form-select form-select-sm", style="max-width: 20rem", template=INLINE),
                    css_class="col-12",
                )
                for name in ("stage", "status")
            ),
            Div(
                Submit("show", _("Show"), css_class="btn-sm"),
                HTML(format_html('<a class="btn btn-sm btn-link" href="?">{}</a>', gettext("Reset filters"))),
                css_class="col-12",
            ),
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roadmap file"),
        help_text=_(
            "A Word document (.docx), an OpenDocument text (.odt), a PDF with a text layer (not a scan), "
            "an Excel table (.xlsx) or a CSV file."
        ),
    )
    program = forms.ModelChoiceField(
        label=_("Import into"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("a new program made from the file"),
    )
    period_start = forms.DateField(label=_("Start of the period"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("End of the period"), required=False, widget=DateInput())

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = organization.programs.all()
        self.fields["period_start"].help_text = _("For a new program; if empty, read from the document.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            HTML(ONCE),
            "file",
            "program",
            Row(Column("period_start"), Column("period_end")),
            Submit("read", _("Read the file")),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Give both the start and the end of the period, or neither."))
        if start and end and end <= start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class ImportActivityForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=12, required=False)
    title = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 2}))
    term = forms.CharField(label=_("Term as written"), max_length=300, required=False)
    starts_on = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    responsible = forms.CharField(label=_("Responsible"), max_length=500, required=False)
    result = forms.CharField(label=_("Expected result"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def import_mapping_choices():
    from .importing.parser import COLUMN_LABELS

    return [("", _("— kept as a note —")), *COLUMN_LABELS.items()]
