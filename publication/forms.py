from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.models import ConsentKind, MentoringForm, Organization

from .models import PracticeFileKind
from .services import people_choices


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        publishable = person.valid_consent(ConsentKind.PUBLICATION) and person.valid_consent(ConsentKind.PROCESSING)
        note = _("distribution consent on record") if publishable else _("no distribution consent")
        return f"{person.full_name} ({note})"


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the pair or group did and how. Name people only as they agreed to be named."),
    )
    results = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    people = PersonChoiceField(
        label=_("People named or shown"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Everyone named in the text or seen in the photos. The case is published only with a consent to "
            "the distribution of personal data of each of them (a parent's for a minor)."
        ),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people_choices(organization)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PracticeFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=PracticeFileKind.choices, initial=PracticeFileKind.PHOTO)
    file = forms.FileField(label=_("File"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 2}))


class PracticeSearchForm(forms.Form):
    """The public list's filters, sent by GET."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    form = forms.ModelChoiceField(label=_("Form of mentoring"), queryset=MentoringForm.objects.none(), required=False)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, forms_qs, organizations_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = forms_qs
        self.fields["form"].empty_label = _("All forms")
        self.fields["organization"].queryset = organizations_qs
        self.fields["organization"].empty_label = _("All organizations")
